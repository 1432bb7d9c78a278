/** Quick fixes in Problems: a merge conflict opens the Reconcile view; an orphaned code: search the workspace for its quote, or open the article to re-attach it. */
import * as vscode from 'vscode';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';

export function registerOrphanQuickFixes(context: vscode.ExtensionContext): void {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, _range, ctx) {
      const actions: vscode.CodeAction[] = [];
      for (const d of ctx.diagnostics) {
        if (d.source === 'CMO' && d.code === 'conflict-markers' && /merged by id/.test(d.message)) {
          const write = new vscode.CodeAction('Write the merged file (both sides, merged by id)', vscode.CodeActionKind.QuickFix);
          write.command = { command: Commands.writeRecoveredMerge, title: write.title, arguments: [doc.uri] };
          write.diagnostics = [d];
          write.isPreferred = true;
          actions.push(write);
        }
        if (d.source === 'CMO' && (d.code === 'merge-conflict' || d.code === 'conflict-markers')) {
          const reconcile = new vscode.CodeAction('Reconcile merge conflicts in the CMO Reconcile view', vscode.CodeActionKind.QuickFix);
          reconcile.command = { command: Commands.reconcileMergeConflicts, title: reconcile.title };
          reconcile.diagnostics = [d];
          actions.push(reconcile);
          continue;
        }
        if (d.source !== 'CMO' || d.code !== 'orphaned-code') continue;
        const id = /code (\S+?):/.exec(d.message)?.[1];
        if (!id) continue;
        const search = new vscode.CodeAction('Search the workspace for this code’s quote', vscode.CodeActionKind.QuickFix);
        search.command = { command: Commands.searchQuote, title: search.title, arguments: [{ uri: doc.uri.toString(), id }] };
        search.diagnostics = [d];
        const article = doc.uri.with({ path: doc.uri.path.slice(0, -settings().sidecarSuffix.length) });
        const open = new vscode.CodeAction('Open the article to re-attach this code (select the passage, then “CMO: Re-attach orphaned code to selection”)', vscode.CodeActionKind.QuickFix);
        open.command = { command: 'vscode.open', title: open.title, arguments: [article] };
        open.diagnostics = [d];
        actions.push(search, open);
      }
      return actions;
    },
  };
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ pattern: `**/*${settings().sidecarSuffix}` }, { pattern: '**/cmo-project.json' }], provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

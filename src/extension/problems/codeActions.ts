/** Quick fixes in Problems: a merge conflict opens the Reconcile view; an orphaned code: search the workspace for its quote, or open the article to re-attach it. */
import * as vscode from 'vscode';
import { Commands } from '../shared/commandIds';
import { articlePathFor } from '../../core';
import { settings } from '../shared/config';
import type { ProblemsController } from './problems';

export function registerQuickFixes(context: vscode.ExtensionContext, problems: ProblemsController): void {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, _range, ctx) {
      const actions: vscode.CodeAction[] = [];
      for (const given of ctx.diagnostics) {
        const d = problems.cmoDiagnostic(doc.uri, given);
        if (!d) continue;
        if (d.kind === 'conflict-markers' && d.recoverable) {
          const write = new vscode.CodeAction('Write the merged file (both sides, merged by id)', vscode.CodeActionKind.QuickFix);
          write.command = { command: Commands.writeRecoveredMerge, title: write.title, arguments: [doc.uri] };
          write.diagnostics = [d];
          write.isPreferred = true;
          actions.push(write);
        }
        if (d.kind === 'merge-conflict' || d.kind === 'conflict-markers') {
          const reconcile = new vscode.CodeAction('Reconcile merge conflicts in the CMO Reconcile view', vscode.CodeActionKind.QuickFix);
          reconcile.command = { command: Commands.reconcileMergeConflicts, title: reconcile.title };
          reconcile.diagnostics = [d];
          actions.push(reconcile);
          continue;
        }
        if (d.kind !== 'orphaned-code' || !d.codeId) continue;
        const id = d.codeId;
        const search = new vscode.CodeAction('Search the workspace for this code’s quote', vscode.CodeActionKind.QuickFix);
        search.command = { command: Commands.searchQuote, title: search.title, arguments: [{ uri: doc.uri.toString(), id }] };
        search.diagnostics = [d];
        const article = doc.uri.with({ path: articlePathFor(doc.uri.path, settings().sidecarSuffix) ?? doc.uri.path });
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

/**
 * Status bar: how many passages of the active article are coded, per role
 * ("CMO  C 2 · R 2 · M 1 · O 3"), a mark for unsaved coding, and a warning
 * when the sidecar does not parse. Click: the Codes view.
 */
import * as vscode from 'vscode';
import { ROLE_INFO, ROLES, twinSource } from '../../core';
import { Commands, ContextKeys } from '../shared/commandIds';
import { isArticleDocument, type Session, type Sessions } from './sessions';

export function registerStatusBar(context: vscode.ExtensionContext, sessions: Sessions): void {
  const item = vscode.window.createStatusBarItem('cmo.codes', vscode.StatusBarAlignment.Left, 100);
  item.name = 'CMO Coder: codes in this article';
  item.command = Commands.showCodes;
  context.subscriptions.push(item);

  const show = (s: Session) => {
    if (s.broken) {
      item.text = '$(warning) CMO';
      item.tooltip = `The codes of this article (${s.sidecarPath}) do not parse; see Problems. Nothing is written to the file until it does.`;
    } else {
      const counts = s.codes.counts();
      const shown = ROLES.filter((r) => (r !== 'mechanism' && r !== 'none') || counts[r] > 0);
      const orphans = s.codes.all().filter((c) => c.state !== 'live').length;
      item.text = `$(tag) CMO  ${shown.map((r) => `${ROLE_INFO[r].letter} ${counts[r]}`).join(' · ')}${orphans ? `  $(warning) ${orphans}` : ''}${s.codes.dirty && s.doc.isDirty ? ' $(circle-filled)' : ''}`;
      // Each role links to its passages across the review, in the Passages view.
      const link = (query: object, text: string) => `[${text}](command:${Commands.showPassages}?${encodeURIComponent(JSON.stringify([query]))})`;
      const tip = new vscode.MarkdownString(
        [
          `**CMO Coder**: codes in ${s.path}`,
          '',
          ...shown.map((r) => `- ${ROLE_INFO[r].letter} ${ROLE_INFO[r].label}: ${counts[r]} · ${link({ role: r, article: s.path }, 'these')} · ${link({ role: r }, `every ${ROLE_INFO[r].label} passage`)}`),
          ...(orphans ? [`- Orphaned (not found in the text): ${orphans}`] : []),
          '',
          s.codes.dirty && s.doc.isDirty ? 'Coding not saved yet: it is written when you save the article.' : 'Click for the Codes view.',
        ].join('\n'),
      );
      tip.isTrusted = { enabledCommands: [Commands.showPassages] };
      item.tooltip = tip;
    }
    item.show();
    void vscode.commands.executeCommand('setContext', ContextKeys.articleHasOrphans, s.codes.all().some((c) => c.state !== 'live'));
  };

  const update = async () => {
    const doc = vscode.window.activeTextEditor?.document;
    const article = isArticleDocument(doc);
    void vscode.commands.executeCommand('setContext', ContextKeys.activeEditorIsArticle, article);
    // A PDF's twin: "Open PDF" in its title bar.
    void vscode.commands.executeCommand('setContext', ContextKeys.activeEditorIsPdfTwin, article && !!twinSource(doc.getText(new vscode.Range(0, 0, 1, 0))));
    const session = article ? await sessions.get(doc) : undefined;
    if (session && session.doc === vscode.window.activeTextEditor?.document) show(session);
    else if (!session) item.hide();
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    sessions.onDidChange((s) => {
      if (s.doc === vscode.window.activeTextEditor?.document) show(s);
    }),
    vscode.workspace.onDidSaveTextDocument(() => void update()),
  );
  void update();
}

/** CMO: Re-attach orphaned code to selection — an orphan (or a code whose passage was deleted) gets the selected passage. */
import * as vscode from 'vscode';
import { Commands } from '../shared/commandIds';
import type { Sessions } from './sessions';
import { activeArticle, codeItem, isCodeArg } from './target';

export function registerReattach(context: vscode.ExtensionContext, sessions: Sessions): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.reattachOrphan, async (arg?: unknown) => {
      const active = await activeArticle(sessions);
      if (!active) return;
      const { editor, session } = active;
      if (editor.selection.isEmpty) {
        void vscode.window.showInformationMessage('CMO: select the passage the code belongs to, then run this again.');
        return;
      }
      const loose = session.codes.all().filter((c) => c.state !== 'live');
      let id = isCodeArg(arg) ? arg.id : undefined;
      if (!id) {
        if (loose.length === 0) {
          void vscode.window.showInformationMessage('CMO: this article has no orphaned codes.');
          return;
        }
        const picked = loose.length === 1 ? codeItem(loose[0]!) : await vscode.window.showQuickPick(loose.map(codeItem), { placeHolder: 'Which orphaned code belongs to the selected passage?' });
        id = picked?.code.code.id;
      }
      if (!id) return;
      const doc = editor.document;
      const target = id;
      await sessions.edit(session, () => session.codes.reattach(target, doc.offsetAt(editor.selection.start), doc.offsetAt(editor.selection.end), doc.getText()));
    }),
  );
}

/**
 * CMO: Undo / Redo last coding change. VS Code gives extensions no way to put
 * their own steps on a text editor's undo stack, so coding has its own.
 */
import * as vscode from 'vscode';
import { Commands } from '../shared/commandIds';
import type { Session, Sessions } from './sessions';
import { activeArticle } from './target';

async function sessionFor(sessions: Sessions, arg: unknown): Promise<Session | undefined> {
  if (typeof arg === 'object' && arg !== null && typeof (arg as { uri?: unknown }).uri === 'string') {
    return sessions.get(await vscode.workspace.openTextDocument(vscode.Uri.parse((arg as { uri: string }).uri)));
  }
  return (await activeArticle(sessions))?.session;
}

export function registerUndo(context: vscode.ExtensionContext, sessions: Sessions): void {
  const run = (which: 'undo' | 'redo') => async (arg?: unknown) => {
    const session = await sessionFor(sessions, arg);
    if (!session) return undefined;
    let label: string | undefined;
    await sessions.edit(session, () => {
      label = which === 'undo' ? session.codes.undo() : session.codes.redo();
    });
    vscode.window.setStatusBarMessage(label ? `CMO: ${which === 'undo' ? 'undid' : 'redid'} “${label}”` : `CMO: nothing to ${which}`, 3000);
    return label;
  };
  context.subscriptions.push(vscode.commands.registerCommand(Commands.undoCoding, run('undo')), vscode.commands.registerCommand(Commands.redoCoding, run('redo')));
}

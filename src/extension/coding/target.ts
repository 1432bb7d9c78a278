/** Which article and which code a command acts on: an explicit {uri, id} (hover links, tree items), else the active editor and the cursor. */
import * as vscode from 'vscode';
import { excerpt, ROLE_INFO, type LiveCode } from '../../core';
import type { Session, Sessions } from './sessions';

export interface CodeArg {
  uri: string;
  id: string;
}

export function isCodeArg(value: unknown): value is CodeArg {
  return typeof value === 'object' && value !== null && typeof (value as CodeArg).uri === 'string' && typeof (value as CodeArg).id === 'string';
}


/** The active editor's article session, or a message saying why there is none. */
export async function activeArticle(sessions: Sessions): Promise<{ editor: vscode.TextEditor; session: Session } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const session = editor && (await sessions.get(editor.document));
  if (!editor || !session) {
    void vscode.window.showInformationMessage('CMO: open an article (a .md or .txt file in the workspace) first.');
    return undefined;
  }
  return { editor, session };
}

export function codeItem(c: LiveCode): vscode.QuickPickItem & { code: LiveCode } {
  const info = ROLE_INFO[c.code.role];
  return { label: `${info.letter}  ${excerpt(c.code.exact, 70)}`, description: info.label + (c.state !== 'live' ? ` · ${c.state}` : ''), detail: c.code.note, code: c };
}

/** The code a command is about: from its argument, else the one under the cursor (asking when several overlap). */
export async function targetCode(sessions: Sessions, arg: unknown, verb: string): Promise<{ session: Session; code: LiveCode } | undefined> {
  if (isCodeArg(arg)) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
    const session = await sessions.get(doc);
    const code = session?.codes.get(arg.id);
    if (!session || !code) {
      void vscode.window.showWarningMessage(`CMO: code ${arg.id} is no longer in that article.`);
      return undefined;
    }
    return { session, code };
  }
  const active = await activeArticle(sessions);
  if (!active) return undefined;
  const { editor, session } = active;
  const offset = editor.document.offsetAt(editor.selection.active);
  const here = session.codes.at(offset);
  if (here.length === 0) {
    void vscode.window.showInformationMessage(`CMO: put the cursor on a coded passage to ${verb} its code.`);
    return undefined;
  }
  if (here.length === 1) return { session, code: here[0] as LiveCode };
  const picked = await vscode.window.showQuickPick(here.map(codeItem), { placeHolder: `Several codes here: which one to ${verb}?` });
  return picked && { session, code: picked.code };
}

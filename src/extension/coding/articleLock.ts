/**
 * The article is evidence: while coding, it is read-only. An article (a file
 * with a sidecar, or one just coded) opens locked, so a keystroke after
 * "Next code" or a click in the Codes view cannot replace the coded words,
 * and Ctrl+Z / Ctrl+Y there undo and redo coding (package.json binds them
 * when the active article is read-only). "CMO: Edit article text" unlocks it
 * for this window's session (the editor's own undo is then the editor's);
 * "CMO: Lock article" locks it again. The state shows in the status bar and
 * the editor title.
 *
 * VS Code's session read-only state is per file and set on the active
 * editor, so each article is locked when it first becomes active.
 */
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../shared/commandIds';
import { Disposable } from '../shared/lifecycle';
import type { Session, Sessions } from './sessions';

/** Whether a session's document is an article: it has a sidecar (readable or not) or a code. */
export function isCodedArticle(s: Session): boolean {
  return s.lastDiskText !== undefined || s.broken !== undefined || s.codes.all().length > 0;
}

export class ArticleLock extends Disposable {
  /** Per article seen in this window: locked (true) or unlocked by the user (false). */
  private readonly locked = new Map<string, boolean>();
  private readonly item = this.register(vscode.window.createStatusBarItem('cmo.lock', vscode.StatusBarAlignment.Left, 99));

  constructor(private readonly sessions: Sessions) {
    super();
    this.item.name = 'CMO Coder: article locked or editable';
    this.register(vscode.window.onDidChangeActiveTextEditor(() => void this.apply()));
    this.register(
      sessions.onDidChange((s) => {
        if (s.doc === vscode.window.activeTextEditor?.document) void this.apply();
      }),
    );
    this.register(vscode.commands.registerCommand(Commands.editArticleText, () => this.set(false)));
    this.register(vscode.commands.registerCommand(Commands.lockArticle, () => this.set(true)));
    void this.apply();
  }

  /** Whether the article is locked in this window (false for anything that is not an article). */
  isLocked(uri: vscode.Uri): boolean {
    return this.locked.get(uri.toString()) === true;
  }

  private async set(lock: boolean): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    const session = editor && (await this.sessions.get(editor.document));
    if (!editor || !session || vscode.window.activeTextEditor !== editor) {
      void vscode.window.showInformationMessage('CMO: open an article first.');
      return false;
    }
    this.locked.set(editor.document.uri.toString(), lock);
    await vscode.commands.executeCommand(lock ? 'workbench.action.files.setActiveEditorReadonlyInSession' : 'workbench.action.files.setActiveEditorWriteableInSession');
    this.show(session, editor);
    if (!lock) vscode.window.setStatusBarMessage('CMO: the article text can be edited; codes follow the text. "CMO: Lock article" locks it again.', 5000);
    return true;
  }

  /** Locks the active article if it is one and the user has not unlocked it; shows the state. */
  private async apply(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const session = editor && (await this.sessions.get(editor.document));
    if (!editor || vscode.window.activeTextEditor !== editor) return;
    if (!session || !isCodedArticle(session)) {
      this.item.hide();
      void vscode.commands.executeCommand('setContext', ContextKeys.articleLocked, false);
      void vscode.commands.executeCommand('setContext', ContextKeys.articleUnlocked, false);
      return;
    }
    const key = editor.document.uri.toString();
    if (!this.locked.has(key)) {
      this.locked.set(key, true);
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
    }
    this.show(session, editor);
  }

  private show(session: Session, editor: vscode.TextEditor): void {
    if (vscode.window.activeTextEditor !== editor) return;
    const locked = this.locked.get(editor.document.uri.toString()) !== false;
    this.item.text = locked ? '$(lock) Locked' : '$(unlock) Editing text';
    this.item.tooltip = locked
      ? `${session.path} is read-only while you code: typing cannot change the evidence, and Ctrl+Z / Ctrl+Y undo and redo coding. Click to edit the text.`
      : `${session.path} can be edited: codes follow the text, and Ctrl+Z is the editor's undo. Click to lock it again.`;
    this.item.command = locked ? Commands.editArticleText : Commands.lockArticle;
    this.item.show();
    void vscode.commands.executeCommand('setContext', ContextKeys.articleLocked, locked);
    void vscode.commands.executeCommand('setContext', ContextKeys.articleUnlocked, !locked);
  }
}

/**
 * Memos and statements are written in an editor, not typed in a one-line
 * box: each opens as a small Markdown document in the `cmo-text` scheme (a
 * file system of our own, nothing on disk). Saving it (Ctrl+S) hands the
 * text to its owner, which writes it into the sidecar or cmo-project.json
 * through the same undo as every other coding or theory change. The
 * document's first lines are a comment saying what it is and how to save;
 * they are not part of the text.
 *
 * A document's address says what it edits: `cmo-text:/<title>.md?<what>`,
 * `what` a URL query whose `kind` names the owner (memo, statement).
 */
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

export const LONG_TEXT_SCHEME = 'cmo-text';

/** What a document edits, read back from its address. */
export type Target = Record<string, string> & { kind: string };

export interface LongTextOwner {
  /** The text now (undefined: the thing is gone). */
  read(target: Target): Promise<string | undefined>;
  /** Writes the text; false when it was refused (the owner said why). */
  write(target: Target, text: string): Promise<boolean>;
  /** The comment shown above the text. */
  header(target: Target): Promise<string>;
}

const MARK = '<!-- cmo:';
const END = '-->\n';

/** The text without the header comment (the lines from `<!-- cmo:` to the first `-->`). */
export function withoutHeader(document: string): string {
  const text = document.replace(/\r\n?/g, '\n');
  if (!text.startsWith(MARK)) return text;
  const end = text.indexOf(END);
  return end < 0 ? text : text.slice(end + END.length).replace(/^\n/, '');
}

export class LongTextEditors extends Disposable implements vscode.FileSystemProvider {
  private readonly owners = new Map<string, LongTextOwner>();
  private readonly mtimes = new Map<string, number>();
  private readonly emitter = this.register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
  readonly onDidChangeFile = this.emitter.event;

  constructor() {
    super();
    this.register(vscode.workspace.registerFileSystemProvider(LONG_TEXT_SCHEME, this, { isCaseSensitive: true }));
  }

  own(kind: string, owner: LongTextOwner): void {
    this.owners.set(kind, owner);
  }

  /** Opens the editor for a target; `title` names its tab. */
  async open(title: string, target: Target): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: LONG_TEXT_SCHEME, path: `/${title.replace(/[/\\?#%*:|"<>]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'text'}.md`, query: new URLSearchParams(target).toString() });
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // The cursor at the end of the text, ready to write.
    const end = doc.positionAt(doc.getText().length);
    editor.selection = new vscode.Selection(end, end);
    return editor;
  }

  /**
   * Tells VS Code that open texts of one kind (and, with `which`, only
   * those it picks) may have changed underneath (an undo, a pull): unsaved
   * ones keep the user's words.
   */
  changed(kind: string, which: (target: Target) => boolean = () => true): void {
    const open = vscode.workspace.textDocuments.filter((d) => {
      if (d.uri.scheme !== LONG_TEXT_SCHEME || d.isDirty) return false;
      const target = targetOf(d.uri);
      return target.kind === kind && which(target);
    });
    for (const d of open) this.mtimes.set(d.uri.toString(), Date.now());
    if (open.length) this.emitter.fire(open.map((d) => ({ type: vscode.FileChangeType.Changed, uri: d.uri })));
  }

  private resolve(uri: vscode.Uri): { owner: LongTextOwner; target: Target } {
    const target = targetOf(uri);
    const owner = this.owners.get(target.kind ?? '');
    if (!owner) throw vscode.FileSystemError.FileNotFound(uri);
    return { owner, target };
  }

  private async document(uri: vscode.Uri): Promise<string> {
    const { owner, target } = this.resolve(uri);
    const text = await owner.read(target);
    if (text === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return `${await owner.header(target)}\n${text}`;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const size = new TextEncoder().encode(await this.document(uri)).length;
    const mtime = this.mtimes.get(uri.toString()) ?? 1;
    return { type: vscode.FileType.File, ctime: 1, mtime, size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode(await this.document(uri));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { owner, target } = this.resolve(uri);
    const text = withoutHeader(new TextDecoder().decode(content)).replace(/\s+$/, '');
    if (!(await owner.write(target, text))) throw vscode.FileSystemError.NoPermissions('CMO did not write the text (see the message)');
    this.mtimes.set(uri.toString(), Date.now());
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('cmo-text holds memos and statements only');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('cmo-text holds memos and statements only');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('cmo-text holds memos and statements only');
  }
}

/** What a document edits, from its address. */
const targetOf = (uri: vscode.Uri) => Object.fromEntries(new URLSearchParams(uri.query)) as Target;

/** The comment above a memo or statement: what it is, and that Ctrl+S saves it where it belongs. */
export function header(lines: string[]): string {
  return `${MARK} ${lines.join('\n     ')}\n     Save (Ctrl+S) to write it back; undo it with the usual CMO undo. These lines are not saved. ${END}`;
}

/**
 * One session per open article: its codes (core LiveCodes) kept in step with
 * the editor, loaded from and saved to its sidecar.
 *
 * When the sidecar is written:
 * - a coding change (code, role, memo, tags, delete, undo) while the article
 *   has no unsaved text: at once (debounced), so the sidecar always matches
 *   the article on disk;
 * - a coding change while the article has unsaved text: when the article is
 *   saved (offsets refer to the saved text);
 * - never when the sidecar on disk does not parse (core refuses), and never
 *   in an untrusted workspace.
 * When the sidecar changes on disk (git checkout, another window, a hand
 * edit): reloaded and re-anchored if nothing here is unsaved; otherwise the
 * user chooses keep mine / take theirs / merge.
 */
import * as vscode from 'vscode';
import {
  basename,
  decodeFile,
  eolMapping,
  LiveCodes,
  mergeSidecars,
  normalizeNewlines,
  parseSidecarText,
  saveSidecar,
  serializeSidecar,
  WriteRefused,
  type Problem,
  type Sidecar,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { folderOf } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export function isArticleDocument(doc: vscode.TextDocument | undefined, suffix = settings().sidecarSuffix): doc is vscode.TextDocument {
  if (!doc || doc.uri.path.endsWith(suffix) || doc.uri.path.endsWith('.json')) return false;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote' && doc.uri.scheme !== 'vscode-vfs' && doc.uri.scheme !== 'vscode-test-web') return false;
  return (doc.languageId === 'markdown' || doc.languageId === 'plaintext') && !!folderOf(doc.uri);
}

export class Session {
  readonly codes: LiveCodes;
  /** Problems of the sidecar on disk when it does not parse: then nothing is shown as coded and nothing is written. */
  broken: Problem[] | undefined;
  /** The sidecar text this session last read or wrote, to tell our own writes from others'. */
  lastDiskText: string | undefined;
  private writeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly doc: vscode.TextDocument,
    readonly fs: WorkspaceFileSystem,
    readonly path: string,
    readonly sidecarPath: string,
  ) {
    this.codes = new LiveCodes(path);
  }

  get sidecarUri(): vscode.Uri {
    return this.fs.uri(this.sidecarPath);
  }

  mapping() {
    return this.doc.eol === vscode.EndOfLine.CRLF ? eolMapping(this.doc.getText()) : { toLf: (o: number) => o, fromLf: (o: number) => o };
  }

  lfText(): string {
    return normalizeNewlines(this.doc.getText());
  }

  /** Settles when the first load is done; commands wait for it, so nothing is coded into a model about to be replaced. */
  ready: Promise<boolean> = Promise.resolve(true);

  /**
   * Reads the sidecar from disk and anchors its codes against the editor's text.
   * Returns false, changing nothing, if the codes were changed here while the
   * file was being read (the caller decides what to do with both).
   */
  async load(): Promise<boolean> {
    const version = this.codes.version;
    const unchanged = () => this.codes.version === version;
    let text: string | undefined;
    try {
      const bytes = await this.fs.readFile(this.sidecarPath);
      const decoded = decodeFile(this.sidecarPath, bytes);
      if ('problems' in decoded) {
        if (!unchanged()) return false;
        this.broken = decoded.problems;
        return true;
      }
      text = decoded.text;
    } catch {
      text = undefined; // no sidecar yet: nothing coded
    }
    if (!unchanged()) return false;
    this.lastDiskText = text;
    const parsed = text === undefined ? undefined : parseSidecarText(this.sidecarPath, text);
    this.broken = parsed && !parsed.ok ? parsed.problems : undefined;
    this.codes.load(parsed?.ok ? parsed.value : undefined, this.lfText(), this.mapping());
    // Re-anchoring in memory is not a reason to rewrite the file on opening.
    this.codes.dirty = false;
    return true;
  }

  /** The sidecar as it should be for the editor's current text. */
  sidecar(): Sidecar {
    return this.codes.toSidecar(basename(this.path), this.lfText(), this.mapping());
  }

  /** Writes the sidecar now. Returns false (and says why) when it may not or could not. */
  async write(): Promise<boolean> {
    clearTimeout(this.writeTimer);
    if (!vscode.workspace.isTrusted) return false;
    if (this.broken) return false;
    const version = this.codes.version;
    const lf = this.lfText();
    const mapping = this.mapping();
    const sidecar = this.codes.toSidecar(basename(this.path), lf, mapping);
    try {
      await saveSidecar(this.fs, this.sidecarPath, sidecar);
      this.lastDiskText = serializeSidecar(sidecar);
      // Whatever changed while the file was being written is still to be written.
      if (this.codes.version === version) this.codes.saved(lf, mapping);
      return true;
    } catch (e) {
      const why = e instanceof WriteRefused ? e.message : `${this.sidecarPath} could not be written: ${(e as Error).message}`;
      void vscode.window.showErrorMessage(`CMO: ${why}`);
      return false;
    }
  }

  /** After a coding change: write soon if the article on disk matches the editor, else on save. */
  scheduleWrite(): void {
    if (this.doc.isDirty) return;
    clearTimeout(this.writeTimer);
    // Checked again when the timer fires: typing in between means the offsets now refer to unsaved text.
    this.writeTimer = setTimeout(() => {
      if (!this.doc.isDirty) void this.write();
    }, 150);
  }

  dispose(): void {
    clearTimeout(this.writeTimer);
  }
}

export class Sessions extends Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = this.register(new vscode.EventEmitter<Session>());
  /** Fires when a session's codes or state change (coding, typing, reload). */
  readonly onDidChange = this.changed.event;
  private untrustedWarned = false;

  constructor(files: WorkspaceFiles) {
    super();
    this.register(files.onDidChangeSidecar((e) => void this.onSidecarChanged(e.uri)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onTextChanged(e)));
    this.register(vscode.workspace.onDidSaveTextDocument((doc) => void this.onSaved(doc)));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.close(doc)));
    this.onDispose(() => {
      for (const s of this.sessions.values()) s.dispose();
    });
  }

  /** The session of an article document, opened (and loaded) on first need. */
  async get(doc: vscode.TextDocument): Promise<Session | undefined> {
    if (!isArticleDocument(doc)) return undefined;
    const key = doc.uri.toString();
    const existing = this.sessions.get(key);
    if (existing) {
      await existing.ready;
      return existing;
    }
    const folder = folderOf(doc.uri);
    if (!folder) return undefined;
    const fs = new WorkspaceFileSystem(folder.uri);
    const path = fs.relative(doc.uri);
    if (path === undefined) return undefined;
    const session = new Session(doc, fs, path, path + settings().sidecarSuffix);
    this.sessions.set(key, session);
    session.ready = session.load();
    await session.ready;
    this.changed.fire(session);
    return session;
  }

  peek(uri: vscode.Uri): Session | undefined {
    return this.sessions.get(uri.toString());
  }

  bySidecar(uri: vscode.Uri): Session | undefined {
    return [...this.sessions.values()].find((s) => s.sidecarUri.toString() === uri.toString());
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** Runs a coding change and persists it. Refuses, with a message, where writing is not allowed. */
  async edit(session: Session, change: () => void): Promise<boolean> {
    if (session.broken) {
      const p = session.broken[0];
      void vscode.window.showErrorMessage(`CMO: the codes of ${session.path} are in ${session.sidecarPath}, which does not parse${p ? ` (line ${p.line + 1}: ${p.message})` : ''}. Fix it first; nothing was changed.`);
      return false;
    }
    if (!vscode.workspace.isTrusted) {
      if (!this.untrustedWarned) void vscode.window.showWarningMessage('CMO: this workspace is not trusted, so CMO Coder shows codes but does not change them. Trust the workspace to code.');
      this.untrustedWarned = true;
      return false;
    }
    change();
    this.changed.fire(session);
    session.scheduleWrite();
    return true;
  }

  private onTextChanged(e: vscode.TextDocumentChangeEvent): void {
    const session = this.sessions.get(e.document.uri.toString());
    if (!session || e.contentChanges.length === 0) return;
    // The length without building the text: the offset of the end of the last line.
    const doc = e.document;
    const newLength = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    const delta = e.contentChanges.reduce((n, c) => n + c.text.length - c.rangeLength, 0);
    const oldLength = newLength - delta;
    const wholesale = e.contentChanges.some((c) => c.rangeLength > 0 && c.rangeLength >= oldLength * 0.5);
    if (wholesale) {
      // The text was replaced (reloaded from disk, say): find the passages again from their quotes.
      session.codes.relocate(session.lfText(), session.mapping());
    } else {
      session.codes.applyTextChanges(
        e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, text: c.text })),
        () => doc.getText(),
      );
    }
    this.changed.fire(session);
  }

  private async onSaved(doc: vscode.TextDocument): Promise<void> {
    const session = this.sessions.get(doc.uri.toString());
    if (!session || !session.codes.dirty) return;
    if (session.codes.all().length === 0 && session.lastDiskText === undefined) return; // never coded: no empty sidecar
    await session.write();
    this.changed.fire(session);
  }

  private async onSidecarChanged(uri: vscode.Uri): Promise<void> {
    const session = this.bySidecar(uri);
    if (!session) return;
    let disk: string | undefined;
    try {
      disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      disk = undefined;
    }
    if (disk === session.lastDiskText) return; // our own write, or no change
    // Nothing of ours to keep (no unsaved coding, or a broken file that refused all coding): take the disk.
    // load() gives up when the codes changed while it read, which also happens when the article's own
    // text is reloaded at the same moment (a checkout, a restore); that is no coding of ours, so read again.
    for (let tries = 0; tries < 5 && (!session.codes.dirty || session.broken); tries++) {
      if (await session.load()) {
        this.changed.fire(session);
        return;
      }
    }
    const choice = await vscode.window.showWarningMessage(
      `CMO: the codes of ${session.path} changed on disk while you have coding here that is not saved yet.`,
      { modal: false },
      'Keep mine',
      'Take theirs',
      'Merge',
    );
    if (choice === 'Take theirs') {
      session.codes.dirty = false;
      session.codes.version++;
      await session.load();
    } else if (choice === 'Merge' && disk !== undefined) {
      this.mergeWithDisk(session, disk); // tells the views itself
      return;
    } else {
      // Keep mine: it will be written on the next save.
      session.lastDiskText = disk;
    }
    this.changed.fire(session);
  }

  /**
   * Merges the codes on disk into this session's unsaved coding, three ways
   * (base: what this session last read or wrote), as the merge driver does:
   * what both sides changed differently is recorded as a conflict, never
   * settled silently. Returns the number of conflicts, or undefined (after
   * saying why) when the file on disk does not parse.
   */
  mergeWithDisk(session: Session, disk: string): number | undefined {
    const theirs = parseSidecarText(session.sidecarPath, disk);
    if (!theirs.ok) {
      void vscode.window.showErrorMessage(`CMO: ${session.sidecarPath} on disk does not parse, so it cannot be merged; keeping yours. Fix the file, then save.`);
      return undefined;
    }
    const base = session.lastDiskText === undefined ? undefined : parseSidecarText(session.sidecarPath, session.lastDiskText);
    const merged = mergeSidecars(base?.ok ? base.value : undefined, session.sidecar(), theirs.value);
    session.lastDiskText = disk;
    session.codes.load(merged.value, session.lfText(), session.mapping());
    session.codes.dirty = true;
    session.scheduleWrite();
    if (merged.conflicts > 0) {
      void vscode.window
        .showWarningMessage(`CMO: merged the codes of ${session.path}; ${merged.conflicts} code(s) were changed differently on both sides and are kept as conflicts.`, 'Reconcile')
        .then((c) => c && vscode.commands.executeCommand(Commands.reconcileMergeConflicts));
    }
    this.changed.fire(session);
    return merged.conflicts;
  }

  /** A closed article's coding that is not written yet is written now, never dropped. */
  private close(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    if (session.codes.dirty && !session.broken && vscode.workspace.isTrusted) void session.write();
    else session.dispose();
  }
}

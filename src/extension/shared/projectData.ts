/**
 * cmo-project.json of each workspace folder: read once and re-read when it
 * changes (for hovers, theme pickers and the theory tree), and changed only
 * through `update`, which applies a pure core operation, writes atomically
 * and canonically, refuses while the file on disk does not parse, and keeps
 * an undo history.
 */
import * as vscode from 'vscode';
import { emptyProject, loadProject, PROJECT_FILE, ProjectError, saveProject, serializeProject, stanceOf, WriteRefused, type Project, type Stance } from '../../core';
import { folderOf } from './folders';
import { Disposable } from './lifecycle';
import type { WorkspaceFiles } from './workspaceFiles';
import { WorkspaceFileSystem } from './workspaceFileSystem';

interface Step {
  label: string;
  before: Project;
  after: Project;
  /** What the change did outside the project file (e.g. retagging passages), undone and redone with it. */
  also?: SideEffect;
}

export interface SideEffect {
  undo(): Promise<void>;
  redo(): Promise<void>;
}

export class ProjectData extends Disposable {
  private readonly cache = new Map<string, Promise<Project | undefined>>();
  private readonly history = new Map<string, { undo: Step[]; redo: Step[] }>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires with the folder whose project changed (here or on disk). */
  readonly onDidChange = this.changed.event;

  /** The text this window last wrote to each folder's project file: the watcher's echo of that write is no change. */
  private readonly written = new Map<string, string>();

  constructor(files: WorkspaceFiles) {
    super();
    this.register(files.onDidChangeProject(({ uri }) => void this.changedOnDisk(uri)));
  }

  /**
   * A project file changed on disk. Our own write comes back from the file
   * watcher too: told again, every view would redraw a second time (a
   * context menu open on the Theories tree closed under the mouse) and
   * re-read the project for nothing.
   */
  private async changedOnDisk(uri: vscode.Uri): Promise<void> {
    const folder = folderOf(uri);
    const key = folder?.uri.toString();
    const mine = key === undefined ? undefined : this.written.get(key);
    if (folder && mine !== undefined) {
      const text = await new WorkspaceFileSystem(folder.uri).readFile(PROJECT_FILE).then((b) => new TextDecoder().decode(b), () => undefined);
      if (text === mine) return;
    }
    if (key !== undefined) this.written.delete(key);
    this.cache.clear();
    if (folder) this.changed.fire(folder.uri);
  }

  /** The project of the folder holding a URI; undefined when there is none or it does not parse (Problems says why). */
  get(uri: vscode.Uri): Promise<Project | undefined> {
    const folder = folderOf(uri);
    if (!folder) return Promise.resolve(undefined);
    const key = folder.uri.toString();
    let p = this.cache.get(key);
    if (!p) {
      p = loadProject(new WorkspaceFileSystem(folder.uri)).then((l) => (l.state === 'ok' ? l.value : undefined));
      this.cache.set(key, p);
    }
    return p;
  }

  /** Configurations that use a code, each with the theories it sits under. */
  async usesOf(uri: vscode.Uri, ref: string): Promise<Array<{ id: string; title: string; theories: string[]; stance: Stance }>> {
    const project = await this.get(uri);
    if (!project) return [];
    return (project.configurations ?? [])
      .filter((c) => c.codes.includes(ref))
      .map((c) => ({ id: c.id, title: c.title, theories: (project.theories ?? []).filter((t) => t.configurations.includes(c.id)).map((t) => t.title), stance: stanceOf(c, ref) }));
  }

  /**
   * Applies a change to the project of a folder and writes it. Returns the
   * new project, or undefined (after telling the user why) when it was not
   * written: a broken file on disk, an untrusted workspace, a refused change.
   */
  async update(folder: vscode.Uri, label: string, change: (p: Project) => Project, record = true, also?: SideEffect): Promise<Project | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('CMO: this workspace is not trusted, so CMO Coder does not change cmo-project.json. Trust the workspace to build theories.');
      return undefined;
    }
    const fs = new WorkspaceFileSystem(folder);
    const loaded = await loadProject(fs);
    if (loaded.state === 'invalid') {
      const p = loaded.problems[0];
      void vscode.window.showErrorMessage(`CMO: ${PROJECT_FILE} does not parse${p ? ` (line ${p.line + 1}: ${p.message})` : ''}. Fix it first; nothing was changed.`);
      return undefined;
    }
    const before = loaded.state === 'ok' ? loaded.value : emptyProject();
    let after: Project;
    try {
      after = change(before);
    } catch (e) {
      if (e instanceof ProjectError) {
        void vscode.window.showWarningMessage(`CMO: ${e.message}.`);
        return undefined;
      }
      throw e;
    }
    try {
      await saveProject(fs, after);
    } catch (e) {
      void vscode.window.showErrorMessage(`CMO: ${e instanceof WriteRefused ? e.message : (e as Error).message}`);
      return undefined;
    }
    const key = folder.toString();
    this.written.set(key, serializeProject(after));
    if (record) {
      const h = this.history.get(key) ?? { undo: [], redo: [] };
      h.undo.push({ label, before, after, ...(also ? { also } : {}) });
      if (h.undo.length > 100) h.undo.shift();
      h.redo = [];
      this.history.set(key, h);
    }
    this.cache.set(key, Promise.resolve(after));
    this.changed.fire(folder);
    return after;
  }

  /** Undoes (or redoes) the last theory change in a folder; returns its label. */
  async step(folder: vscode.Uri, which: 'undo' | 'redo'): Promise<string | undefined> {
    const h = this.history.get(folder.toString());
    const s = which === 'undo' ? h?.undo.pop() : h?.redo.pop();
    if (!h || !s) return undefined;
    const written = await this.update(folder, s.label, () => (which === 'undo' ? s.before : s.after), false);
    if (!written) {
      (which === 'undo' ? h.undo : h.redo).push(s);
      return undefined;
    }
    (which === 'undo' ? h.redo : h.undo).push(s);
    await (which === 'undo' ? s.also?.undo() : s.also?.redo());
    return s.label;
  }
}

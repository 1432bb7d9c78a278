/**
 * The sidecars and article texts of each workspace folder as last read (and
 * the codes as placed on them), kept between refreshes of the Theories view,
 * THEORY.md and the Passages view, so that a change to one sidecar re-reads
 * that sidecar, not the whole review. An entry goes when
 * the one file watcher (WorkspaceFiles) reports its file changed, appeared or
 * went; all go when the sidecar suffix changes, and on "Update THEORY.md"
 * (a full read on demand, should the watcher ever miss a change).
 */
import * as vscode from 'vscode';
import type { WorkspaceCache } from '../../core';
import { folderOf } from './folders';
import { Disposable } from './lifecycle';
import type { WorkspaceFiles } from './workspaceFiles';
import { WorkspaceFileSystem } from './workspaceFileSystem';

export class WorkspaceCaches extends Disposable {
  private readonly byFolder = new Map<string, WorkspaceCache>();

  constructor(files: WorkspaceFiles) {
    super();
    const forget = (...which: Array<'sidecars' | 'texts'>) => (e: { uri: vscode.Uri }) => {
      const folder = folderOf(e.uri);
      const cache = folder && this.byFolder.get(folder.uri.toString());
      if (!cache) return;
      const path = new WorkspaceFileSystem(folder.uri).relative(e.uri);
      if (!path) return this.clear(); // the folder itself
      for (const entries of which.map((w) => cache[w])) {
        entries.delete(path);
        // A folder moved or deleted: whatever was under it.
        for (const key of entries.keys()) if (key.startsWith(`${path}/`)) entries.delete(key);
      }
    };
    this.register(files.onDidChangeSidecar(forget('sidecars')));
    // An article, or a folder moved or deleted (which held sidecars too).
    this.register(files.onDidChangeOther(forget('texts', 'sidecars')));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('cmo.sidecarSuffix') && this.clear()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.clear()));
  }

  /** The cache of a workspace folder. */
  of(folder: vscode.Uri): WorkspaceCache {
    const key = folder.toString();
    let cache = this.byFolder.get(key);
    if (!cache) this.byFolder.set(key, (cache = { sidecars: new Map(), texts: new Map(), placed: new Map() }));
    return cache;
  }

  clear(): void {
    this.byFolder.clear();
  }
}

/** cmo-project.json of each workspace folder, read once and re-read when it changes: for hovers, theme pickers and the tree. */
import * as vscode from 'vscode';
import { loadProject, PROJECT_FILE, type Project } from '../core';
import { WorkspaceFileSystem } from './workspaceFileSystem';

export class ProjectData implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<Project | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${PROJECT_FILE}`);
    const drop = () => this.cache.clear();
    this.disposables.push(watcher, watcher.onDidChange(drop), watcher.onDidCreate(drop), watcher.onDidDelete(drop));
  }

  /** The project of the folder holding a URI; undefined when there is none or it does not parse (Problems says why). */
  get(uri: vscode.Uri): Promise<Project | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
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
  async usesOf(uri: vscode.Uri, ref: string): Promise<Array<{ id: string; title: string; theories: string[] }>> {
    const project = await this.get(uri);
    if (!project) return [];
    return (project.configurations ?? [])
      .filter((c) => c.codes.includes(ref))
      .map((c) => ({ id: c.id, title: c.title, theories: (project.theories ?? []).filter((t) => t.configurations.includes(c.id)).map((t) => t.title) }));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

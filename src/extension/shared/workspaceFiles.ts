/**
 * The one file watcher: every change on disk in the workspace (git checkout,
 * pull, another window, a hand edit), sorted into sidecars, the project file
 * and everything else (articles), for every feature to subscribe to. The
 * sidecar suffix is read at each event, so a changed `cmo.sidecarSuffix`
 * applies at once.
 */
import * as vscode from 'vscode';
import { isSidecarPath, PROJECT_FILE } from '../../core';
import { settings } from './config';
import { Disposable } from './lifecycle';

export type FileChange = 'changed' | 'created' | 'deleted';

export interface FileEvent {
  uri: vscode.Uri;
  change: FileChange;
}

export function isSidecarUri(uri: vscode.Uri): boolean {
  return isSidecarPath(uri.path, settings().sidecarSuffix);
}

export function isProjectUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${PROJECT_FILE}`);
}

export class WorkspaceFiles extends Disposable {
  private readonly sidecar = this.register(new vscode.EventEmitter<FileEvent>());
  private readonly project = this.register(new vscode.EventEmitter<FileEvent>());
  private readonly other = this.register(new vscode.EventEmitter<FileEvent>());
  /** A sidecar changed, appeared or went. */
  readonly onDidChangeSidecar = this.sidecar.event;
  /** A cmo-project.json changed, appeared or went. */
  readonly onDidChangeProject = this.project.event;
  /** Any other file (an article, say). */
  readonly onDidChangeOther = this.other.event;

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    const fire = (change: FileChange) => (uri: vscode.Uri) => {
      const target = isSidecarUri(uri) ? this.sidecar : isProjectUri(uri) ? this.project : this.other;
      target.fire({ uri, change });
    };
    this.register(watcher.onDidChange(fire('changed')));
    this.register(watcher.onDidCreate(fire('created')));
    this.register(watcher.onDidDelete(fire('deleted')));
  }
}

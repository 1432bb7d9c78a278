/**
 * The core `FileSystem` over `vscode.workspace.fs`, rooted at a workspace
 * folder. Works on the desktop and the web. Writes of file: URIs go through
 * the host's atomic write (Node: temp file, fsync, rename); elsewhere to a
 * temporary file beside the target renamed over it, which is as close as
 * `workspace.fs` gets (its rename deletes the target first, and
 * `workspace.fs.writeFile` alone truncates in place).
 */
import * as vscode from 'vscode';
import { FileNotFound, type EntryType, type FileSystem } from '../../core';
import { platform } from './config';

export class WorkspaceFileSystem implements FileSystem {
  constructor(readonly root: vscode.Uri) {}

  uri(path: string): vscode.Uri {
    return path ? vscode.Uri.joinPath(this.root, ...path.split('/')) : this.root;
  }

  /** The workspace-relative path of a URI under the root, or undefined. */
  relative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority) return undefined;
    const base = this.root.path.endsWith('/') ? this.root.path : this.root.path + '/';
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') throw new FileNotFound(path);
      throw e;
    }
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const target = this.uri(path);
    const atomic = platform().writeFileAtomic;
    if (atomic && target.scheme === 'file') return atomic(target, data);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const temp = vscode.Uri.joinPath(target, '..', `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, data);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (e) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw e;
    }
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      return { type: s.type & vscode.FileType.Directory ? 'directory' : 'file', size: s.size };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
    return entries
      .filter(([, type]) => type & (vscode.FileType.File | vscode.FileType.Directory))
      .map(([name, type]) => [name, type & vscode.FileType.Directory ? 'directory' : 'file']);
  }
}

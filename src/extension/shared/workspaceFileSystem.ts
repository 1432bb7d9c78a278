/**
 * The core `FileSystem` over `vscode.workspace.fs`, rooted at a workspace
 * folder. Works on the desktop and the web. Every write of the extension
 * goes through here or `writeExport`:
 * - none in an untrusted workspace (`UntrustedWrite`);
 * - file: URIs through the host's safe write (Node: never through a link out
 *   of the workspace; temp file, fsync, rename);
 * - elsewhere to a temporary file beside the target renamed over it, which is
 *   as close as `workspace.fs` gets (its rename deletes the target first, and
 *   `workspace.fs.writeFile` alone truncates in place); a target that is a
 *   link is refused there, as nothing says where it points.
 */
import * as vscode from 'vscode';
import { exportTargetProblem, FileNotFound, limitFor, overLimit, ReadRefused, type EntryType, type FileSystem } from '../../core';
import { limits, platform, settings } from './config';

/** A write asked for in a workspace the user has not trusted. */
export class UntrustedWrite extends Error {
  constructor(what: string) {
    super(`CMO Coder writes nothing in an untrusted workspace, so ${what} was not written. Trust the workspace (Manage Workspace Trust) to write it.`);
    this.name = 'UntrustedWrite';
  }
}

/** Atomic where the host allows; see the file header. `root`: the folder no link may lead out of. */
async function writeUri(root: vscode.Uri, target: vscode.Uri, data: Uint8Array): Promise<void> {
  if (!vscode.workspace.isTrusted) throw new UntrustedWrite(vscode.workspace.asRelativePath(target));
  const safe = platform().writeFileSafely;
  if (safe && target.scheme === 'file') return safe(root, target, data);
  const existing = await vscode.workspace.fs.stat(target).then(
    (s) => s,
    () => undefined,
  );
  if (existing && existing.type & vscode.FileType.SymbolicLink) throw new Error(`${vscode.workspace.asRelativePath(target)} is a symbolic link; CMO Coder does not write through links here. Replace it with a file and try again.`);
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  const temp = vscode.Uri.joinPath(target, '..', `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
  await vscode.workspace.fs.writeFile(temp, data);
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw e;
  }
}

/**
 * Writes an export (CSV, Markdown, .qdpx, .qdc) to a file the user chose:
 * refuses the review's own files (a sidecar, the project file, a coded
 * article), then writes as every other write does.
 */
export async function writeExport(target: vscode.Uri, data: Uint8Array): Promise<void> {
  const suffix = settings().sidecarSuffix;
  const exists = (uri: vscode.Uri) =>
    vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
  const [hasSidecar, present] = await Promise.all([exists(target.with({ path: target.path + suffix })), exists(target)]);
  // What the review depends on (reconciliation.json, a PDF, THEORY.md, a README) is refused too: the save dialog's
  // "replace?" does not say what the file is.
  const refused = exportTargetProblem(vscode.workspace.asRelativePath(target), hasSidecar, suffix, { exists: present, reportFile: (vscode.workspace.getConfiguration('cmo.theoryReport').get<string>('file', 'THEORY.md').split('/').pop() || 'THEORY.md') });
  if (refused) throw new Error(refused);
  await writeUri(vscode.Uri.joinPath(target, '..'), target, data);
}

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

  /** Bounded (core's limits.ts): a regular file within the limit of its kind; on the desktop, not through a link out of the folder. */
  /** Removes a file (an import undoing its own writes). */
  async remove(path: string): Promise<void> {
    await vscode.workspace.fs.delete(this.uri(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const uri = this.uri(path);
    const l = limits();
    const limit = limitFor(path);
    const tooLarge = (size: number) => overLimit(path, size, limit, l);
    try {
      const safe = platform().readFileSafely;
      if (safe && uri.scheme === 'file') return await safe(this.root, uri, l[limit], tooLarge, path);
      const s = await vscode.workspace.fs.stat(uri);
      if (!(s.type & vscode.FileType.File)) throw new ReadRefused(path, s.type & vscode.FileType.Directory ? 'it is a folder, not a file.' : 'it is not a regular file (a device, a pipe or a socket), so it was not read.');
      if (s.size > l[limit]) throw tooLarge(s.size);
      return await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFound(path);
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') throw new FileNotFound(path);
      throw e;
    }
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await writeUri(this.root, this.uri(path), data);
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

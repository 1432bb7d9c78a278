/** Desktop entry: Node's native SHA-256 and git's user.name, then the shared activation. */
import { execFile } from 'node:child_process';
import * as nodePath from 'node:path';
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { useSha256 } from '../../core';
import { activateWith } from '../activate';
import { bundledPdfExtractor } from '../../node/pdfExtractor';
import { limits, setPlatform, type GitAccess, type Platform } from '../shared/config';
import { GitFileSystem } from '../../node/gitFileSystem';
import { writeInside } from '../../node/safeWrite';
import { readBounded } from '../../node/boundedRead';
import { git, installMergeDriver, listRefs, mergeDriverInstalled } from '../../node/gitRepository';

useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));

const node: Platform = {
  gitUserName: (folder) =>
    new Promise((resolve) => {
      execFile('git', ['config', 'user.name'], { cwd: folder.fsPath, timeout: 2000 }, (err, out) => resolve(err ? undefined : out.trim() || undefined));
    }),
  writeFileSafely: (root, uri, data) => writeInside(uri.fsPath, data, root.fsPath),
  readFileSafely: (root, uri, maxBytes, tooLarge, shown) => readBounded(uri.fsPath, { root: root.fsPath, maxBytes, tooLarge, shown }),
};

function gitAccess(extensionPath: string): GitAccess {
  return {
    refs: (folder) => listRefs(folder.fsPath),
    async open(folder, ref) {
      const top = await git(folder.fsPath, ['rev-parse', '--show-toplevel']);
      if (!top) return undefined;
      const prefix = ((await git(folder.fsPath, ['rev-parse', '--show-prefix'])) ?? '').replace(/\/$/, '');
      const commit = GitFileSystem.resolveRef(top, ref);
      if (!commit) return undefined;
      const fs = new GitFileSystem(top, commit, prefix, limits());
      return { fs, label: `${ref} (${commit.slice(0, 7)})`, close: () => fs.close() };
    },
    // The bundled CLI, run by this host's own runtime (Electron as Node on the desktop).
    installMergeDriver: (folder, suffix) => installMergeDriver(folder.fsPath, nodePath.join(extensionPath, 'dist', 'cli.js'), process.execPath, !!process.versions.electron, suffix),
    mergeDriverInstalled: (folder, suffix) => mergeDriverInstalled(folder.fsPath, suffix),
  };
}

export function activate(context: vscode.ExtensionContext) {
  node.git = gitAccess(context.extensionPath);
  node.pdf = bundledPdfExtractor(nodePath.join(context.extensionPath, 'dist'));
  setPlatform(node);
  return activateWith(context, node);
}

export { deactivate } from '../activate';

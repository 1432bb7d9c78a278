/** Desktop entry: Node's native SHA-256 and git's user.name, then the shared activation. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import writeFileAtomic from 'write-file-atomic';
import { useSha256 } from '../../core';
import { activateWith } from '../activate';
import { setPlatform, type Platform } from '../config';

useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));

const node: Platform = {
  gitUserName: (folder) =>
    new Promise((resolve) => {
      execFile('git', ['config', 'user.name'], { cwd: folder.fsPath, timeout: 2000 }, (err, out) => resolve(err ? undefined : out.trim() || undefined));
    }),
  writeFileAtomic: (uri, data) => writeFileAtomic(uri.fsPath, Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true }),
};

export function activate(context: vscode.ExtensionContext) {
  setPlatform(node);
  return activateWith(context, node);
}

export { deactivate } from '../activate';

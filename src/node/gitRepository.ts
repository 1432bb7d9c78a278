/**
 * What CMO Coder asks of git where Node runs (the CLI and the desktop
 * extension): the refs to compare with, and the merge driver's set-up.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';

import { DEFAULT_SIDECAR_SUFFIX, PROJECT_FILE, RECONCILIATION_FILE } from '../core';
import { writeInside } from './safeWrite';

/** The .gitattributes lines that hand sidecars (with this suffix) and the project file to the driver. */
export function gitattributesLines(suffix = DEFAULT_SIDECAR_SUFFIX): string[] {
  // Separate lines add up in git: existing "merge=cmo" lines stay as they were.
  return [`*${suffix} merge=cmo`, `${PROJECT_FILE} merge=cmo`, `*${suffix} diff=cmo`, `${RECONCILIATION_FILE} merge=cmo`];
}

export function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => execFile('git', args, { cwd, timeout: 10_000, maxBuffer: 16 << 20 }, (err, out) => resolve(err ? undefined : out.trim())));
}

/** Branches (local, then remote) and tags, newest commit first; undefined outside a repository. */
export async function listRefs(cwd: string): Promise<Array<{ name: string; kind: 'branch' | 'remote' | 'tag'; subject: string }> | undefined> {
  const out = await git(cwd, ['for-each-ref', '--sort=-committerdate', '--format=%(refname)%09%(subject)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  if (out === undefined) return undefined;
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref = '', subject = ''] = line.split('\t');
      const kind = ref.startsWith('refs/heads/') ? 'branch' : ref.startsWith('refs/tags/') ? 'tag' : 'remote';
      return { name: ref.replace(/^refs\/(heads|tags|remotes)\//, ''), kind, subject } as const;
    })
    .filter((r) => !r.name.endsWith('/HEAD'));
}

/** Shell-quoted for the driver line git runs with sh. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Sets `merge.cmo.driver` in the repository's .git/config (never committed)
 * and adds the .gitattributes lines (for sidecars with `suffix`) if missing. `node` runs `cli`; for an
 * Electron host pass `electron: true` so it runs as plain Node.
 */
export async function installMergeDriver(cwd: string, cli: string, node: string, electron = false, suffix = DEFAULT_SIDECAR_SUFFIX): Promise<{ top: string; addedAttributes: number }> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top) throw new Error(`${cwd} is not in a git repository`);
  const driver = `${electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${q(node)} ${q(cli)} merge %O %A %B %P`;
  if ((await git(top, ['config', 'merge.cmo.name', 'CMO Coder: three-way merge of codes by id'])) === undefined) throw new Error('git config failed');
  if ((await git(top, ['config', 'merge.cmo.driver', driver])) === undefined) throw new Error('git config failed');
  // git diff, git log -p and VS Code's diff view read sidecars through this: one line per code, no offsets.
  const textconv = `${electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${q(node)} ${q(cli)} textconv`;
  if ((await git(top, ['config', 'diff.cmo.textconv', textconv])) === undefined) throw new Error('git config failed');
  const attributes = nodePath.join(top, '.gitattributes');
  const current = existsSync(attributes) ? readFileSync(attributes, 'utf8') : '';
  const missing = gitattributesLines(suffix).filter((line) => !current.split(/\r?\n/).includes(line));
  if (missing.length) await writeInside(attributes, current + (current && !current.endsWith('\n') ? '\n' : '') + missing.join('\n') + '\n', top);
  return { top, addedAttributes: missing.length };
}

/** Whether the driver is set up: the config line and the attributes. */
export async function mergeDriverInstalled(cwd: string, suffix = DEFAULT_SIDECAR_SUFFIX): Promise<boolean | undefined> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top) return undefined;
  const driver = (await git(top, ['config', 'merge.cmo.driver'])) && (await git(top, ['config', 'diff.cmo.textconv']));
  const attributes = existsSync(nodePath.join(top, '.gitattributes')) ? readFileSync(nodePath.join(top, '.gitattributes'), 'utf8') : '';
  return !!driver && gitattributesLines(suffix).every((l) => attributes.split(/\r?\n/).includes(l));
}

/** The built `cmo` binary, run as a user runs it. Needs `npm run build` first (npm test does it). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWordList } from '../../src/core';

export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** For a suite's `before`: fails with what to do when the CLI is not built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
}

/** Runs `cmo ARGS` in `cwd`: exit code, stdout, stderr. */
export function cmo(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 29 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The word list the built import reads beside dist/pdf.js (npm run build writes it). */
export function builtWordList(): Set<string> {
  const file = path.join(ROOT, 'dist', 'words-en.txt');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  return parseWordList(readFileSync(file, 'utf8'));
}

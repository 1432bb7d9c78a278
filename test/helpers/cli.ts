/** The built `cmo` binary, run as a user runs it. Needs `npm run build` first (npm test does it). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

export interface Measured {
  code: number | null;
  out: string;
  err: string;
  /** Wall-clock seconds. */
  seconds: number;
  /** Peak resident memory in MB (undefined when the run was killed). */
  peakMb: number | undefined;
  /** Killed at `timeoutMs`. */
  timedOut: boolean;
}

/**
 * Runs `cmo ARGS` in `cwd` as `cmo` does, with its time and peak memory:
 * a hostile input must end in bounded time and memory. Killed after
 * `timeoutMs` (a hang is a failure, not a stuck suite).
 */
export function cmoMeasured(args: string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): Measured {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmo-measure-'));
  const file = path.join(dir, 'rss');
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'measure.cjs'), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 29,
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    input: options.input,
    env: { ...process.env, ...options.env, CMO_MEASURE_OUT: file },
  });
  const seconds = (performance.now() - started) / 1000;
  const peakMb = existsSync(file) ? Number(readFileSync(file, 'utf8')) / 1024 : undefined;
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status, out: r.stdout, err: r.stderr, seconds, peakMb, timedOut: r.signal === 'SIGKILL' };
}

/** The word list the built import reads beside dist/pdf.js (npm run build writes it). */
export function builtWordList(): Set<string> {
  const file = path.join(ROOT, 'dist', 'words-en.txt');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  return parseWordList(readFileSync(file, 'utf8'));
}

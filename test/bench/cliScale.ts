/**
 * The scale rows: `cmo check` and `cmo report` on generated reviews of 200
 * and 1,000 articles (test/bench/workspace.ts), each the built CLI
 * (dist/cli.js) in its own Node process, as a user runs it, against a bare
 * read + JSON.parse of the same files, also in its own process
 * (bareRead.js), measured in the same run; and the growth from 200 to 1,000.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { median, type Row } from './harness';
import { generateWorkspace } from './workspace';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** A generated workspace, made once per version of its generator and kept in the temp folder. */
function workspace(articles: number, log: (s: string) => void): string {
  const version = createHash('sha256')
    .update(readFileSync(path.join(__dirname, 'workspace.ts')))
    .update(readFileSync(path.join(__dirname, 'fixtures.ts')))
    .digest('hex')
    .slice(0, 10);
  const dir = path.join(tmpdir(), `cmo-bench-${articles}-${version}`);
  const done = path.join(dir, '.generated');
  if (!existsSync(done)) {
    log(`generating ${articles} articles in ${dir} …`);
    const w = generateWorkspace(dir, articles);
    writeFileSync(done, `${w.articles} articles, ${w.codes} codes, ${w.bytes} bytes\n`);
  }
  return dir;
}

/** Runs a Node script to its end; returns the wall-clock ms. A non-zero exit is a failed bench. */
function timedRun(args: string[]): number {
  const t0 = performance.now();
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`${args.join(' ')} failed: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(0, 500)}`);
  }
  return performance.now() - t0;
}

export async function cliScaleRows(rows: Row[], log: (s: string) => void, sizes: readonly number[] = [200, 1000]): Promise<void> {
  const checkMs = new Map<number, number>();
  for (const articles of sizes) {
    const dir = workspace(articles, log);
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first (npm run bench does)`);
    timedRun([CLI, 'report', dir]); // THEORY.md as it should be, so check meets an up-to-date report
    const runs = articles >= 1000 ? 3 : 5;
    // Interleaved, so all three feel the same machine: bare read, check, report, …
    const bare: number[] = [];
    const check: number[] = [];
    const report: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(timedRun([path.join(__dirname, 'bareRead.js'), dir]));
      check.push(timedRun([CLI, 'check', dir]));
      report.push(timedRun([CLI, 'report', dir]));
    }
    const baselineMs = median(bare);
    const label = articles.toLocaleString('en');
    checkMs.set(articles, median(check));
    rows.push({ name: `cmo check, ${label} articles × 500 codes`, maxRatio: 3, medianMs: median(check), baselineName: 'bare read + JSON.parse of the same files (a process)', baselineMs, note: `[every code re-anchored, every reference followed, THEORY.md compared; ${runs} runs, each a new process]` });
    rows.push({ name: `cmo report, ${label} articles × 500 codes`, maxRatio: 3, medianMs: median(report), baselineName: 'bare read + JSON.parse of the same files (a process)', baselineMs, note: `[${runs} runs]` });
  }
  if (!checkMs.has(200) || !checkMs.has(1000)) return;
  rows.push({ name: 'cmo check: growth from 200 to 1,000 articles (5× the data)', maxRatio: 6, medianMs: checkMs.get(1000)!, baselineName: 'cmo check at 200 articles', baselineMs: checkMs.get(200)! });
}

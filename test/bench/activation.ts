/**
 * The activation and bundle-size rows: the desktop extension built as it
 * ships (production, minified) into a temp folder, its size, and the time to
 * load and activate it in the fake host of fakeHost.js (a fresh Node process
 * per sample; see that file for what it stands in for and what it measures).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { median, type Row } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');

/** What differs between the two extension bundles in esbuild.mjs: the desktop entry runs in Node, the web entry in a web worker (no DOM). */
const ENTRIES: Record<'desktop' | 'web', { entry: string; options: esbuild.BuildOptions }> = {
  desktop: { entry: 'src/extension/node/main.ts', options: { platform: 'node', mainFields: ['module', 'main'] } },
  web: { entry: 'src/extension/web/main.ts', options: { platform: 'browser', mainFields: ['browser', 'module', 'main'], conditions: ['worker'] } },
};

/** A production bundle (minified, the other options of esbuild.mjs) written to `out`; its size in bytes. pdf.js is in neither: it loads on its own. */
async function buildProduction(kind: keyof typeof ENTRIES, out: string): Promise<number> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const { entry, options } = ENTRIES[kind];
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: out,
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    format: 'cjs',
    external: ['vscode'],
    ...options,
    define: { CMO_VERSION: JSON.stringify(pkg.version) },
    logLevel: 'error',
    metafile: true,
  });
  return Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
}

export interface SizeRow {
  name: string;
  kb: number;
  budgetKb: number;
}

export async function activationRows(rows: Row[], sizes: SizeRow[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmo-bench-activation-'));
  try {
    const bundle = path.join(dir, 'extension.js');
    const bytes = await buildProduction('desktop', bundle);
    sizes.push({ name: 'desktop extension bundle (production, minified)', kb: Math.round(bytes / 1024), budgetKb: 500 });
    sizes.push({ name: 'web extension bundle (production, minified, without pdf.js)', kb: Math.round((await buildProduction('web', path.join(dir, 'web.js'))) / 1024), budgetKb: 1000 });
    const loads: number[] = [];
    const totals: number[] = [];
    let registered = 0;
    for (let i = 0; i < 7; i++) {
      const [load, total, count] = execFileSync(process.execPath, [path.join(__dirname, 'fakeHost.js'), bundle], { encoding: 'utf8' }).trim().split(' ').map(Number);
      loads.push(load!);
      totals.push(total!);
      registered = count!;
    }
    rows.push({ name: 'activation: load the production bundle and activate (fake host)', budgetMs: 100, medianMs: median(totals), baselineName: 'loading the bundle alone', baselineMs: median(loads), note: `[${registered} registrations; cold Node process per sample, 7 samples]` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

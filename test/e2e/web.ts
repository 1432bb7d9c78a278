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
 * Flows (Chromium, screenshots under test-results/web/): the `flows` below,
 * and desktop flows run as they are (from flows.ts). The README's "In the
 * browser" table says what each checks.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { runFlows, type Flow, type FlowContext } from './flow';
import { bobsFolder, flows as desktopFlows, reconcileWithBob, showThemePassages } from './flows';
import { codeSentenceOnPage, pdfFrame } from './pdfPage';
import { CodeServer, copyWorkspace, ensureTools, HarnessError, installExtensions, launchBrowser, log, packageVsix, ROOT, runTier, tearDown, tempDir, tierSummary, userSettings } from './harness';

const RESULTS = path.join(ROOT, 'test-results', 'web');
const TXT = 'papers/masterson-2024.txt';
const PDF_TWIN = 'papers/co-design-synthesis.md';
const PDF_FIXTURE = 'test/fixtures/pdf/masterson-2024-two-column.pdf';
/** A PDF not yet imported, papers/journal.pdf. */
const withJournalPdf = (workspace: string) => copyFileSync(path.join(ROOT, PDF_FIXTURE), path.join(workspace, 'papers/journal.pdf'));
const SECOND = 'Ninety-three peer-review articles informed our programme theory development.';
/** In the imported PDF's abstract too. */
const PDF_SENTENCE = SECOND;
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

/** An article open and its counts in the status bar: the extension is up in this window's web worker. */
async function articleOpen(ui: FlowContext): Promise<void> {
  await ui.quickOpen('masterson-2024.txt');
  await ui.statusBar(/CMO\s+C 2/);
}

/** The path the browser's save dialog (VS Code's own, a quick input) offers, once it has filled in a file name ending in `ext`. */
async function saveDialogOffers(ui: FlowContext, ext: string): Promise<string> {
  const input = ui.quickInput;
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // It lists the folder first, then fills in the name.
  await ui.page.waitForFunction((e) => (document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value ?? '').endsWith(e), ext, { timeout: 10_000 });
  return input.inputValue();
}

/**
 * Waits until VS Code's own folder dialog is still: not busy, and no row
 * focused. An Enter while it is still listing takes the row focused in the
 * folder it came from (a fresh clone's run compared with "folder papers").
 */
/**
 * Types a folder into VS Code's own folder dialog, and returns once the
 * dialog has gone there and keeps it. Typed while the dialog was still
 * starting, the path was replaced by the dialog's own first value (a fresh
 * clone's run stood in sample/papers/), so it is typed once the dialog is
 * still, and again should the dialog have put its own back.
 */
async function typeFolder(ui: FlowContext, folder: string): Promise<void> {
  await folderDialogSettled(ui);
  for (let attempt = 0; ; attempt++) {
    await ui.quickInput.fill(folder);
    await folderDialogSettled(ui);
    const value = await ui.quickInput.inputValue();
    if (value === folder) return;
    if (attempt >= 2) throw new Error(`the folder dialog keeps ${value}, not ${folder}`);
  }
}

async function folderDialogSettled(ui: FlowContext): Promise<void> {
  const widget = ui.page.locator('.quick-input-widget');
  let calm = 0;
  for (const end = Date.now() + 10_000; calm < 3; await ui.page.waitForTimeout(200)) {
    const busy = await widget.locator('.monaco-progress-container.active').count();
    const focused = await widget.locator('.monaco-list-row.focused').count();
    calm = busy === 0 && focused === 0 ? calm + 1 : 0;
    if (Date.now() > end) throw new Error(`the folder dialog did not settle (${busy ? 'busy' : `${focused} row(s) focused`})`);
  }
}

const flows: Flow[] = [
  {
    // Coding there is the desktop's own flow, run as it is (at the end of this list).
    name: 'in the web worker host: an article shows its codes, and the running extensions list says where CMO Coder runs',
    async run(ui) {
      await ui.quickOpen('masterson-2024.txt');
      await ui.statusBar(/CMO\s+C 2 · R 2 · M 1 · O 3/);
      await ui.shot('article-with-its-codes');
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
      await articleOpen(ui);
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
      await articleOpen(ui);
      // The hover of a coded passage: its role and where it stands.
      await ui.selectText('in the context of health and social care services and involving service-users');
      const hover = await ui.hoverSelection(/Context/);
      assert.match(hover, /Reflection on intentions and assets creates conditions for engagement/);
      await ui.shot('hover');
      await ui.page.mouse.move(5, 5);
      // The Codes view lists the article's codes by role.
      await ui.palette('CMO Coder: Focus on Codes View');
      const codesPane = ui.page.locator('.pane', { has: ui.page.locator('.pane-header', { hasText: /^Codes/ }) });
      await codesPane.locator('.monaco-list-row', { hasText: /^Context\s*2/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await codesPane.locator('.monaco-list-row', { hasText: 'in the context of health and social' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      // The Passages view (a webview) from the Themes view's row action.
      const passages = await showThemePassages(ui, 'Engagement');
      await passages.locator('#status', { hasText: /theme Engagement/ }).waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok((await passages.locator('#list .row').count()) >= 3, 'passages of Engagement listed');
      await ui.shot('passages-of-a-theme');
      // The matrices view (a webview): themes by article, counted in the web worker.
      await ui.palette('CMO: Show matrices');
      const matrices = ui.page.frameLocator('iframe.webview >> nth=-1').frameLocator('iframe');
      await matrices.locator('#table td', { hasText: 'Engagement' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await ui.shot('matrix');
      // Its "Export CSV" button: the browser's save dialog, then the file in the review folder.
      await matrices.locator('#export').click();
      const target = path.relative(ui.workspace, await saveDialogOffers(ui, '.csv'));
      assert.match(target, /^[^/]+\.csv$/, `the save dialog offers a CSV in the review folder: ${target}`);
      await ui.press('Enter');
      const csv = await ui.diskUntil(target, (t) => t.includes('Engagement'), 'the matrix as CSV');
      assert.match(csv.split('\n')[0] ?? '', /masterson-2024/);
    },
  },
  {
    name: 'in the web worker host: an imported PDF in the PDF view, a sentence selected on its page and coded with Ctrl+Alt+1',
    async run(ui) {
      // Once the extension is up (an article shows its counts): a PDF opened before that can open as text.
      await articleOpen(ui);
      await ui.quickOpen('co-design-synthesis.pdf');
      const frame = await pdfFrame(ui);
      await ui.shot('pdf-view');
      await codeSentenceOnPage(ui, frame, PDF_TWIN, PDF_SENTENCE, 'Control+Alt+1', 'context');
      await frame.locator('.hl.role-context[data-letter="C"]').first().waitFor({ state: 'attached', timeout: 15_000 });
      await ui.shot('coded-on-the-page');
    },
  },
  {
    name: "in the web worker host: compare with a co-reviewer's folder and reconcile; branches are said to be desktop only",
    setup: (workspace) => void bobsFolder(workspace),
    async run(ui) {
      await articleOpen(ui);
      await ui.palette('CMO: Compare coding with…');
      const picker = ui.page.locator('.quick-input-widget');
      await picker.locator('.monaco-list-row', { hasText: 'desktop VS Code only' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await ui.shot('pick-a-folder-git-is-desktop-only');
      await ui.pick('A folder');
      // The browser's folder dialog (VS Code's own, on the workspace's file system): type the path, accept.
      await typeFolder(ui, path.join(path.dirname(ui.workspace), 'bob') + '/');
      await ui.shot('folder-typed');
      await ui.press('Enter');
      await reconcileWithBob(ui, 'CMO: Agreement with folder');
    },
  },
  {
    name: 'in the web worker host: export the coding to a file through the save dialog',
    async run(ui) {
      await articleOpen(ui);
      await ui.palette('CMO: Export coding');
      await ui.pick('Markdown tables');
      // The browser's save dialog offers <folder>-coding.md in the review folder: accept it.
      assert.equal(await saveDialogOffers(ui, '.md'), path.join(ui.workspace, 'sample-coding.md'));
      await ui.shot('save-dialog');
      await ui.press('Enter');
      const md = await ui.diskUntil('sample-coding.md', (t) => t.includes('masterson-2024.txt'), 'the exported Markdown');
      assert.match(md, /In summary|in the context of health and social care/);
      await ui.page.locator('.notifications-toasts', { hasText: /exported \d+ coded passage/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await ui.shot('exported');
      // A binary file too: the REFI-QDA project, a zip with its project.qde.
      await ui.palette('CMO: Export coding');
      await ui.pick('REFI-QDA project');
      await saveDialogOffers(ui, '.qdpx');
      await ui.press('Enter');
      await ui.diskUntil('sample-coding.qdpx', (t) => t.startsWith('PK'), 'the exported .qdpx');
      const qdpx = unzipSync(readFileSync(path.join(ui.workspace, 'sample-coding.qdpx')));
      assert.match(strFromU8(qdpx['project.qde'] ?? new Uint8Array()), /<Project [^>]*name="sample"/);
    },
  },
  {
    name: "in the web worker host: a PDF imported from its own view (pdf.js in the page) gets the twin the desktop's import makes, byte for byte, and is coded on its page",
    setup: withJournalPdf,
    async run(ui) {
      await articleOpen(ui);
      await ui.quickOpen('journal.pdf');
      const frame = await pdfFrame(ui);
      const button = frame.locator('#banner button', { hasText: 'Import it here' });
      await button.waitFor({ state: 'visible', timeout: 15_000 });
      await ui.shot('no-twin-yet-import-it-here');
      await button.click();
      const twin = await ui.diskUntil('papers/journal.md', (t) => t.startsWith('<!-- cmo-pdf source="journal.pdf"'), 'the twin made in the browser');
      // What the desktop's import (the CLI's, pdf.js in Node) makes of the same PDF.
      const desktop = tempDir('pdf');
      copyFileSync(path.join(ROOT, PDF_FIXTURE), path.join(desktop, 'journal.pdf'));
      const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'import-pdf', path.join(desktop, 'journal.pdf')], { encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(twin, readFileSync(path.join(desktop, 'journal.md'), 'utf8'), 'the same twin as the desktop import');
      // The view shows it again with its twin: nothing to warn about, and the page codes into it.
      await frame.locator('#banner').waitFor({ state: 'hidden', timeout: 15_000 });
      await ui.page.locator('.notifications-toasts', { hasText: /journal\.pdf imported: 11 page/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await codeSentenceOnPage(ui, await pdfFrame(ui), 'papers/journal.md', PDF_SENTENCE, 'Control+Alt+4', 'outcome');
      await ui.shot('imported-and-coded-in-the-browser');
    },
  },
  {
    name: 'in the web worker host: what needs Node or git is hidden or sent elsewhere, and the extension says so where you would look for it',
    setup: withJournalPdf,
    async run(ui) {
      // Once the extension is up (an article shows its counts), its menus are the browser's.
      await articleOpen(ui);
      await ui.palette('View: Show Explorer');
      const explorer = ui.page.locator('.explorer-folders-view .monaco-list-row');
      // A PDF not yet imported (papers/ is open: the article was revealed there): its menu has no "Add article…" here (in the browser a PDF is imported from its own view).
      const pdf = explorer.filter({ hasText: 'journal.pdf' }).first();
      await pdf.waitFor({ state: 'visible', timeout: 10_000 });
      await ui.contextMenu(pdf, 'Copy Relative Path', async () => {
        assert.equal(await ui.page.locator('.context-view .action-item', { hasText: 'Add article' }).count(), 0, 'no "Add article…" on a PDF in the browser');
        await ui.shot('pdf-menu-without-add-article');
      });
      // The folder's "Add article…": its text articles are ready; the PDF is named, with where it is imported here.
      await ui.contextMenu(explorer.filter({ hasText: 'papers' }).first(), 'Add article…');
      const toast = ui.page.locator('.notifications-toasts', { hasText: /journal\.pdf: in the browser a PDF is imported from its own view/ }).first();
      await toast.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match(await toast.innerText(), /4 article\(s\) ready to code/);
      await ui.shot('a-pdf-is-imported-from-its-view');
      assert.ok(!existsSync(path.join(ui.workspace, 'papers/journal.md')), 'no twin written by Add article in the browser');
      // The palette has no merge driver set-up; the Reconcile view says what is desktop only.
      await ui.page.keyboard.press('F1');
      await ui.quickInput.fill('>CMO: Set up git');
      // Fuzzy neighbours are listed ("similar commands"); the set-up itself is not.
      await ui.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
      await ui.page.waitForTimeout(500);
      assert.equal(await ui.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Set up git for this review' }).count(), 0, 'no merge driver set-up in the palette');
      await ui.press('Escape');
      await ui.palette('CMO Coder: Focus on Reconcile View');
      const welcome = ui.page.locator('.pane-body .welcome-view-content', { hasText: 'desktop only' }).first();
      await welcome.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await welcome.innerText(), /git branch, tag or commit, and setting up the merge driver, are desktop only/);
      await welcome.locator('p', { hasText: 'desktop only' }).first().scrollIntoViewIfNeeded();
      await ui.shot('reconcile-view-says-desktop-only');
    },
  },
  // The desktop's negative-case flow (a stance, then a status and its reason through a second quick pick) timed out here
  // in 2 of 4 runs of session 10: its answers could go into a box already answered (see FlowContext.answer and pick).
  ...['code a sentence with the keybinding and the palette', 'a negative case'].map((name) => {
    const flow = desktopFlows.find((f) => f.name.startsWith(name));
    if (!flow) throw new HarnessError(`no desktop flow "${name}" to run on the web`);
    return { ...flow, name: `in the web worker host, as on the desktop: ${flow.name}` };
  }),
  // Last: the name given is saved in the user settings all flows share.
  {
    name: 'in the web worker host: with no coder set and no git to ask, the first code asks for your name, and every code after is signed with it',
    // A workspace setting that empties the tier's own cmo.coder.
    setup: (workspace) => {
      mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      writeFileSync(path.join(workspace, '.vscode/settings.json'), '{ "cmo.coder": "" }\n');
    },
    async run(ui) {
      await ui.quickOpen('masterson-2024.txt');
      await ui.statusBar(/CMO\s+C 2 · R 2 · M 1 · O 3/);
      await ui.selectText(SENTENCE);
      await ui.press('Control+Alt+1');
      await ui.page.locator('.quick-input-widget', { hasText: 'your name on the codes you make' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await ui.page.waitForTimeout(500); // the box fades in over the editor
      await ui.shot('asked-for-a-name');
      await ui.answer('Alice Smith');
      await ui.statusBar(/CMO\s+C 3 · R 2 · M 1 · O 3/);
      await ui.selectText(SECOND);
      await ui.press('Control+Alt+4');
      await ui.statusBar(/CMO\s+C 3 · R 2 · M 1 · O 4/);
      const sidecar = await ui.diskUntil(`${TXT}.cmo.json`, (t) => t.includes(SECOND), 'both new codes');
      const signed = (JSON.parse(sidecar) as { codes: Array<{ exact: string; coder?: string }> }).codes.filter((c) => c.exact === SENTENCE || c.exact === SECOND).map((c) => c.coder);
      assert.deepEqual(signed, ['Alice Smith', 'Alice Smith']);
      await ui.page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 5_000 });
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
  // The coder's name the desktop flows expect too (on the web there is no git to ask).
  userSettings(userDataDir, false, { 'cmo.coder': 'ui-tester', 'extensions.webWorker': true });
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
  return tierSummary('web tier', started, RESULTS, passed, failed);
}

runTier('test:web', main);

/**
 * npm run test:vscode — the two tiers that run in a real VS Code (code-server):
 *
 * 1. in-host tests: test/vscode/*.test.ts, run by mocha inside the extension
 *    host by the test-only companion extension, reported back as JSON;
 * 2. UI flows: test/e2e/flows.ts, driving the real workbench in headless
 *    Chromium, with a screenshot of each step under test-results/;
 * 3. untrusted: test/vscode/untrusted/*.test.ts, in-host again, in a second
 *    code-server with workspace trust on, where the sample is not trusted;
 * 4. npm start, as the README gives it, on a PATH without chromium and with
 *    CHROMIUM_PATH unset: it serves the sample, and the page loads.
 *
 * Options (environment): CMO_TEST_GREP filters in-host tests (both kinds),
 * CMO_FLOW filters flows by name (CMO_FLOW=none: no flow), CMO_UNTRUSTED=0
 * skips the untrusted run, CMO_START_TIER=0 the npm start check, CMO_KEEP=1
 * keeps the temp folders.
 */
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { flows } from './flows';
import { toolsDir } from '../setup/system.mjs';
import { CodeServer, copyWorkspace, ensureTools, freePort, HarnessError, installExtensions, launchBrowser, log, packageVsix, ROOT, runTier, tearDown, tempDir, tierSummary, userSettings, type Tools } from './harness';
import { runFlows } from './flow';

const RESULTS = path.join(ROOT, 'test-results');
const COMPANION = path.join(ROOT, 'test', 'vscode', 'companion');

interface InHostReport {
  passes: Array<{ title: string; duration?: number }>;
  failures: Array<{ title: string; message?: string; stack?: string }>;
  pending: Array<{ title: string }>;
}

async function buildCompanion(): Promise<void> {
  // mainFields as in esbuild.mjs: tests that import core get the ESM builds (jsonc-parser's UMD one requires files at run time).
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'es2022', external: ['vscode', './tests.js', './tests-untrusted.js'], logLevel: 'error' as const, sourcemap: 'inline' as const, mainFields: ['module', 'main'] };
  await esbuild.build({ ...common, entryPoints: [path.join(COMPANION, 'runner.ts')], outfile: path.join(COMPANION, 'dist', 'runner.js') });
  // Every suite in test/vscode runs (a new one cannot be left out by accident): these first, in this order, then the rest by name.
  const first = ['extension.test.ts', 'coding.test.ts', 'theories.test.ts', 'exports.test.ts', 'codebook.test.ts', 'reconcile.test.ts'];
  const rest = readdirSync(path.join(ROOT, 'test', 'vscode')).filter((f) => f.endsWith('.test.ts') && !first.includes(f)).sort();
  const suites = [...first, ...rest, ...(process.env.CMO_EXTRA_SUITES?.split(',') ?? [])].map((f) => path.join(ROOT, 'test', 'vscode', f));
  const bundle = (files: string[], out: string) => esbuild.build({ ...common, stdin: { contents: files.map((s) => `require(${JSON.stringify(s)});`).join('\n'), resolveDir: ROOT, loader: 'js' }, outfile: path.join(COMPANION, 'dist', out) });
  await bundle(suites, 'tests.js');
  // The untrusted tier: test/vscode/untrusted/*.test.ts, in a host where the workspace is not trusted.
  const untrusted = path.join(ROOT, 'test', 'vscode', 'untrusted');
  await bundle(readdirSync(untrusted).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(untrusted, f)), 'tests-untrusted.js');
}

/** What the companion needs in code-server's environment: where to report, and the test filter if any. */
function companionEnv(report: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CMO_TEST_REPORT: report, CMO_PDF_FIXTURES: path.join(ROOT, 'test', 'fixtures', 'pdf'), ...(process.env.CMO_TEST_GREP ? { CMO_TEST_GREP: process.env.CMO_TEST_GREP } : {}), ...extra };
}

/** Opens the workspace in a page, waits for the companion's report, prints it; returns [passed, failed]. */
async function inHostTier(browser: Browser, server: CodeServer, workspace: string, report: string, label: string): Promise<[number, number]> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url(workspace));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 }).catch(() => {
    throw new HarnessError(`the VS Code workbench did not load at ${server.url(workspace)} within 60 s`);
  });
  const deadline = Date.now() + 5 * 60_000;
  while (!existsSync(report)) {
    if (Date.now() > deadline) {
      await page.screenshot({ path: path.join(RESULTS, `${label}-timeout.png`) });
      const why = existsSync(`${report}.running`) ? 'the in-host tests started but did not finish in 5 minutes' : `the test runner never started: did CMO Coder fail to activate? (see code-server.log and ${label}-timeout.png)`;
      throw new HarnessError(`${label} tests: ${why}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const results = JSON.parse(readFileSync(report, 'utf8')) as InHostReport;
  for (const p of results.passes) console.log(`  ✔ [${label}] ${p.title}`);
  for (const p of results.pending) console.log(`  - [${label}] ${p.title} (pending)`);
  for (const f of results.failures) console.log(`  ✘ [${label}] ${f.title}\n      ${f.message}\n${(f.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
  let failed = results.failures.length;
  if (results.passes.length + results.failures.length === 0 && !process.env.CMO_TEST_GREP) {
    console.log(`  ✘ [${label}] no test ran`);
    failed++;
  }
  await page.close();
  return [results.passes.length, failed];
}

/**
 * `npm start` needs no browser: run it with chromium taken off PATH and
 * CHROMIUM_PATH unset, in a fresh HOME (its dev profile; the tool
 * cache is shared), and fetch the address it prints.
 */
async function startWithoutBrowser(work: string): Promise<[number, number]> {
  // PATH as it is, less chromium: one folder linking every command on it but chromium.
  const bin = path.join(work, 'start-bin');
  mkdirSync(bin);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (/^chromium/.test(name) || existsSync(path.join(bin, name))) continue;
      symlinkSync(path.join(dir, name), path.join(bin, name));
    }
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, HOME: path.join(work, 'start-home'), CMO_TOOLS_DIR: path.dirname(toolsDir()), CMO_START: 'code-server', PORT: String(port) };
  delete env.CHROMIUM_PATH;
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const title = 'npm start without chromium on PATH serves the sample';
  try {
    const deadline = Date.now() + 5 * 60_000;
    let url: string | undefined;
    while (!(url = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(output)?.[0])) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no address printed (exit ${child.exitCode}):\n${output.split('\n').slice(-15).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!url.includes(`:${port}/`) || !url.includes(encodeURIComponent(path.join(ROOT, 'sample')))) throw new Error(`printed ${url}, not the sample on port ${port}`);
    const res = await fetch(url);
    const html = await res.text();
    if (!res.ok || !/workbench/i.test(html)) throw new Error(`${url} answered ${res.status} without the workbench`);
    if (/chromium/i.test(output)) throw new Error(`it spoke of chromium:\n${output}`);
    console.log(`  ✔ [start] ${title}`);
    return [1, 0];
  } catch (e) {
    console.log(`  ✘ [start] ${title}\n      ${(e as Error).message}`);
    return [0, 1];
  } finally {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // gone
    }
    await new Promise((r) => setTimeout(r, 2000));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const tools: Tools = ensureTools();
  log(`tools: Node ${tools.node24}, code-server ${tools.codeServer}, chromium ${tools.chromium}`);

  const work = tempDir('vscode');
  const vsix = packageVsix(ROOT, path.join(work, 'cmo-coder.vsix'));
  log(`npm run package made ${path.basename(vsix)}: ${(statSync(vsix).size / 1024).toFixed(0)} KB`);
  await buildCompanion();
  const companion = packageVsix(COMPANION, path.join(work, 'cmo-coder-test-runner.vsix'));
  const extensionsDir = path.join(work, 'extensions');
  const userDataDir = path.join(work, 'user-data');
  userSettings(userDataDir, false);
  installExtensions(tools, extensionsDir, userDataDir, [vsix, companion]);
  log(`installed ${path.basename(vsix)} and the test runner into a fresh extensions folder`);

  const inHostWorkspace = copyWorkspace(path.join(ROOT, 'sample'), 'sample');
  const report = path.join(work, 'in-host-report.json');
  let server = await CodeServer.start({
    tools,
    workspace: inHostWorkspace,
    extensionsDir,
    userDataDir,
    env: companionEnv(report),
    logFile: path.join(RESULTS, 'code-server.log'),
  });
  log(`code-server on 127.0.0.1:${server.port}`);

  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    browser = await launchBrowser(tools);

    // Tier 2: in-host tests. The extension host starts when a window opens the workspace.
    const [inHostPassed, inHostFailed] = await inHostTier(browser, server, inHostWorkspace, report, 'in-host');
    passed += inHostPassed;
    failed += inHostFailed;

    // Tier 3: UI flows, each in a fresh copy of the sample workspace.
    const [flowsPassed, flowsFailed] = await runFlows(browser, server, flows, RESULTS, 'ui');
    passed += flowsPassed;
    failed += flowsFailed;

    // Tier 4: in-host tests in a workspace that is not trusted: a second code-server with workspace trust on.
    if (process.env.CMO_UNTRUSTED !== '0') {
      await server.stop();
      const untrustedData = path.join(work, 'user-data-untrusted');
      userSettings(untrustedData, true);
      const untrustedReport = path.join(work, 'untrusted-report.json');
      const untrustedWorkspace = copyWorkspace(path.join(ROOT, 'sample'), 'sample');
      server = await CodeServer.start({ tools, workspace: untrustedWorkspace, extensionsDir, userDataDir: untrustedData, workspaceTrust: true, env: companionEnv(untrustedReport, { CMO_TEST_SUITES: 'untrusted' }), logFile: path.join(RESULTS, 'code-server-untrusted.log') });
      const [p, f] = await inHostTier(browser, server, untrustedWorkspace, untrustedReport, 'untrusted');
      passed += p;
      failed += f;
    }
    // Tier 5: npm start without a browser.
    if (process.env.CMO_START_TIER !== '0') {
      const [p, f] = await startWithoutBrowser(work);
      passed += p;
      failed += f;
    }
  } finally {
    failed += await tearDown(browser, server, tools, work);
  }
  return tierSummary('vscode tiers', started, RESULTS, passed, failed);
}

runTier('test:vscode', main);

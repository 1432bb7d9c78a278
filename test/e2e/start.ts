/**
 * npm start: builds the extension and opens sample/ with it. In desktop VS
 * Code (`code --extensionDevelopmentPath`) where `code` is on PATH; otherwise
 * in the embedded code-server at a printed http://127.0.0.1:PORT address.
 * CMO_START=code-server forces the browser; PORT picks the port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { CodeServer, ensureServerTools, HarnessError, installExtensions, log, packageVsix, ROOT, tempDir } from './harness';

const SAMPLE = path.join(ROOT, 'sample');

async function main(): Promise<void> {
  const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
  if (hasCode && process.env.CMO_START !== 'code-server') {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { stdio: 'inherit', cwd: ROOT });
    if (build.status !== 0) throw new HarnessError('build failed: see above');
    log('opening sample/ in VS Code with the extension under development');
    spawn('code', [`--extensionDevelopmentPath=${ROOT}`, SAMPLE], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const tools = ensureServerTools();
  const vsix = packageVsix(ROOT, path.join(tempDir('start'), 'cmo-coder.vsix'));
  const profile = path.join(homedir(), '.cache', 'cmo-coder', 'dev-profile');
  const extensionsDir = path.join(profile, 'extensions');
  const userDataDir = path.join(profile, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }, null, 2));
  installExtensions(tools, extensionsDir, userDataDir, [vsix]);
  const server = await CodeServer.start({
    tools,
    workspace: SAMPLE,
    extensionsDir,
    userDataDir,
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    logFile: path.join(profile, 'code-server.log'),
  });
  console.log(`\nCMO Coder is running in VS Code (code-server) at:\n\n  ${server.url(SAMPLE)}\n\nOpen it in a browser on this machine. Ctrl+C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((e) => {
  console.error(`npm start failed: ${e instanceof HarnessError ? e.message : (e as Error).stack}`);
  process.exit(1);
});

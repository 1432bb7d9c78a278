/**
 * The first step of `npm test` and `npm start`: finds what they need that npm
 * cannot install, and installs it or says exactly how. Plain Node, no
 * dependencies, so it runs on a fresh clone before `npm install`.
 *
 *   node test/setup/system.mjs test|start [--check]
 *
 * 1. node_modules missing (a fresh clone, `npm test` before `npm install`):
 *    runs `npm ci`.
 * 2. Debian packages: each requirement below says what it is for and how it
 *    is found. `test` needs all of them; `start` only what builds code-server,
 *    and nothing at all when desktop VS Code (`code`) is on PATH or the
 *    code-server build is already in the tool cache. `npm start` needs no
 *    browser.
 * 3. Missing ones are installed with apt-get when this runs as root or with
 *    passwordless sudo, one line saying what and why; otherwise it stops,
 *    before any test, with the exact command to run (exit 1). `--check` only
 *    reports (exit 1 when something is missing).
 *
 * The tool cache (Node 24 and code-server, installed by test/e2e/harness.ts)
 * is named here too, so both agree where it is.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOL_MANIFESTS = path.join(ROOT, 'test', 'e2e', 'tools');

/** Where Node 24 and code-server are installed: one folder per version of their manifests. */
export function toolsDir(env = process.env) {
  const hash = createHash('sha256');
  for (const name of ['node24', 'code-server']) hash.update(readFileSync(path.join(TOOL_MANIFESTS, name, 'package.json')));
  const cache = env.CMO_TOOLS_DIR ?? path.join(homedir(), '.cache', 'cmo-coder', 'tools');
  return path.join(cache, hash.digest('hex').slice(0, 12));
}

/** The executable `name` on `env.PATH`, or undefined. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Debian's chromium: CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return onPath('chromium', env) ?? onPath('chromium-browser', env);
}

/** The Python that Debian's python3-nltk installs for (pyenv or a venv first on PATH would not see it). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * What npm cannot install. `needs` names the commands that need it: `test`
 * (every tier of `npm test`) and `build` (building code-server, for the VS
 * Code tiers and for `npm start` in a browser).
 */
export const REQUIREMENTS = [
  { pkg: 'chromium', why: 'the browser that drives the real VS Code in the UI test tiers', needs: ['test'], present: (env) => findChromium(env) !== undefined },
  { pkg: 'git', why: 'the git flows (branches, the merge driver, cmo diff)', needs: ['test'], present: (env) => onPath('git', env) !== undefined },
  { pkg: 'python3-nltk', why: 'NLTK, the independent reference the agreement tests check kappa against', needs: ['test'], present: () => run(DEBIAN_PYTHON, ['-c', 'import nltk.metrics.agreement']) },
  { pkg: 'poppler-utils', why: 'pdftotext, the free extractor the real-PDF test holds each twin against', needs: ['test'], present: (env) => onPath('pdftotext', env) !== undefined },
  { pkg: 'python3', why: 'node-gyp builds code-server\'s native modules with it', needs: ['build'], present: (env) => onPath('python3', env) !== undefined },
  { pkg: 'make', why: 'node-gyp builds code-server\'s native modules with it', needs: ['build'], present: (env) => onPath('make', env) !== undefined },
  { pkg: 'g++', why: 'node-gyp builds code-server\'s native modules with it', needs: ['build'], present: (env) => onPath('g++', env) !== undefined },
  { pkg: 'libkrb5-dev', why: 'code-server\'s native kerberos module builds against it', needs: ['build'], present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'ignore', ...options });
  return !r.error && r.status === 0;
}

/**
 * The requirements missing for `purpose` ('test' or 'start'). `codeServerBuilt`
 * and `desktopCode` decide whether building code-server is needed at all.
 */
export function missingFor(purpose, { env = process.env, requirements = REQUIREMENTS, codeServerBuilt = existsSync(path.join(toolsDir(env), '.complete')), desktopCode = purpose === 'start' && env.CMO_START !== 'code-server' && run('code', ['--version'], { env }) } = {}) {
  const wanted = new Set();
  if (purpose === 'test') wanted.add('test');
  if ((purpose === 'test' || !desktopCode) && !codeServerBuilt) wanted.add('build');
  return requirements.filter((r) => r.needs.some((n) => wanted.has(n)) && !r.present(env));
}

/** How to install `pkgs`: directly as root, through passwordless sudo, or not at all (undefined). */
function installer(env) {
  if (!onPath('apt-get', env)) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo', env) && run('sudo', ['-n', 'true'])) return ['sudo', '-n'];
  return undefined;
}

function say(line) {
  process.stderr.write(`[setup] ${line}\n`);
}

export function main(argv = process.argv.slice(2), env = process.env) {
  const purpose = argv.find((a) => !a.startsWith('-')) ?? 'test';
  if (!['test', 'start'].includes(purpose)) {
    say(`usage: node test/setup/system.mjs test|start [--check]`);
    return 2;
  }
  const checkOnly = argv.includes('--check');
  if (!checkOnly && !existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) {
    say('node_modules is missing: npm ci');
    if (!run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit', env })) {
      say('npm ci failed (see above); fix that, then run the command again');
      return 1;
    }
  }
  const missing = missingFor(purpose, { env });
  if (missing.length === 0) return 0;
  for (const r of missing) say(`missing Debian package ${r.pkg}: ${r.why}`);
  const pkgs = missing.map((r) => r.pkg);
  const command = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const sudo = checkOnly ? undefined : installer(env);
  if (!sudo) {
    say(`npm ${purpose} needs them and cannot install them here${checkOnly ? ' (--check)' : ' (not root, no passwordless sudo, or no apt-get)'}. Run:\n\n    ${command}\n\nthen npm ${purpose} again.`);
    return 1;
  }
  say(`installing ${pkgs.join(' ')} with apt-get (about a minute)`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env: aptEnv, stdio: ['ignore', 'ignore', 'inherit'] }) : run('apt-get', args, { env: aptEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs])) {
    say(`apt-get could not install them (see above). Run:\n\n    ${command}\n\nthen npm ${purpose} again.`);
    return 1;
  }
  const still = missingFor(purpose, { env });
  if (still.length) {
    say(`still missing after apt-get: ${still.map((r) => r.pkg).join(' ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();

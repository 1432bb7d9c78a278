/**
 * README.md's commands, tested as written, so a README that drifts from the
 * CLI or the scripts fails the build:
 * - the two commands are the package's scripts, and .ci/run calls the test one;
 * - the install block runs as written (the tarball npm pack makes, npx, a
 *   global install into a temporary prefix);
 * - every `cmo …` line of a shell block runs, exit 0, on a copy of sample/ in
 *   a fresh temporary git repository (branches main and bob, a co-reviewer's
 *   copy beside it);
 * - the command-line synopsis is the CLI's own usage, and every `cmo` command
 *   quoted in the prose names a command and options the CLI has.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, cmo, requireBuiltCli, ROOT } from '../../helpers/cli';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> };

/** The fenced blocks of one language, in order, each as its lines. */
function blocks(lang: string): string[][] {
  const out: string[][] = [];
  const re = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  for (const m of README.matchAll(re)) out.push(m[1]!.split('\n').filter((l) => l.trim() !== ''));
  return out;
}

/** A shell line without its trailing comment. */
const command = (line: string) => line.replace(/\s+#.*$/, '').trim();

const git = (cwd: string, args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'alice', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'alice', GIT_COMMITTER_EMAIL: 'a@example.org' } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
};

describe('README: its commands, as written', function () {
  this.timeout(240_000);
  let dir: string;
  let bin: string;
  before(() => {
    requireBuiltCli();
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-readme-'));
    // `cmo` on PATH, as `npm install -g` or `npx` gives it.
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'cmo'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(path.join(bin, 'cmo'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const sh = (line: string, cwd: string, env: NodeJS.ProcessEnv = {}) => spawnSync('bash', ['-c', line], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, npm_config_update_notifier: 'false', ...env } });

  it('the two commands are `npm install && npm start` and `npm test`; both set up the machine first, and .ci/run runs the second', () => {
    const two = blocks('sh').find((b) => b.some((l) => command(l) === 'npm test'));
    assert.ok(two, 'a shell block with npm test');
    assert.deepEqual(two.map(command), ['npm install && npm start', 'npm test']);
    assert.match(pkg.scripts.start!, /^node test\/setup\/system\.mjs start && /);
    assert.match(pkg.scripts.test!, /^node test\/setup\/system\.mjs test && /);
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, /^npm test$/m);
  });

  it('the install block runs as written: the tarball npm pack makes, run with npx and installed with npm install -g', () => {
    const tgz = `${pkg.name}-${pkg.version}.tgz`;
    const install = blocks('sh').find((b) => b.some((l) => l.includes(tgz)));
    assert.ok(install, `a shell block installing ${tgz}`);
    const extension = blocks('sh').find((b) => b.some((l) => l.includes('--install-extension')));
    assert.ok(extension?.every((l) => command(l).endsWith(`${pkg.name}-${pkg.version}.vsix`)), 'the .vsix named is the one npm run package makes');
    const ws = path.join(dir, 'install');
    cpSync(path.join(ROOT, 'sample'), ws, { recursive: true });
    const pack = spawnSync('npm', ['pack', '--pack-destination', ws], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const prefix = path.join(dir, 'prefix');
    const env = { npm_config_prefix: prefix, npm_config_cache: path.join(dir, 'npm-cache'), PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}` };
    for (const line of install) {
      const r = sh(line, ws, env);
      assert.equal(r.status, 0, `${line}\n${r.stderr}`);
      assert.notEqual(r.stdout.trim(), '', `${line} printed nothing`);
    }
  });

  it('every `cmo …` line of a shell block runs, exit 0, on a copy of sample/ in a git repository with branches main and bob', () => {
    // The review is the folder reviews/ of the repository, so REF:reviews names it too; bob's copy sits beside the repository.
    const repo = path.join(dir, 'repo');
    const ws = path.join(repo, 'reviews');
    cpSync(path.join(ROOT, 'sample'), ws, { recursive: true });
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'review']);
    git(repo, ['checkout', '-q', '-b', 'bob']);
    const sidecar = path.join(ws, 'papers', 'riverside-2025.md.cmo.json');
    const s = JSON.parse(readFileSync(sidecar, 'utf8')) as { codes: Array<{ role: string }> };
    s.codes[0]!.role = s.codes[0]!.role === 'outcome' ? 'context' : 'outcome';
    writeFileSync(sidecar, JSON.stringify(s, null, 2) + '\n');
    git(repo, ['commit', '-q', '-am', 'bob codes']);
    cpSync(ws, path.join(repo, 'bob-copy'), { recursive: true }); // `../bob-copy` from the review folder
    git(repo, ['checkout', '-q', 'main']);
    const lines = blocks('sh')
      .flat()
      .map(command)
      .filter((l) => /^cmo /.test(l));
    assert.ok(lines.length >= 4, `only ${lines.length} cmo example(s) found`);
    for (const line of lines) {
      const r = sh(line, ws);
      assert.equal(r.status, 0, `${line} (exit ${r.status})\n${r.stderr}`);
      assert.notEqual(r.stdout + r.stderr, '', `${line} printed nothing`);
    }
  });

  it('the command-line synopsis is the usage `cmo --help` prints, form for form', () => {
    const help = cmo(['--help'], ROOT).out.replace(/…/g, '...');
    const synopsis = blocks('sh').find((b) => b.some((l) => l.startsWith('npx cmo check')));
    assert.ok(synopsis, 'the synopsis block');
    const forms: string[] = [];
    for (const line of synopsis) {
      if (/^\s/.test(line)) forms[forms.length - 1] += ' ' + line.trim();
      else forms.push(line.trim());
    }
    const usages = new Set(help.split('\n').filter((l) => /^ {2}cmo /.test(l)).map((l) => l.trim().replace(/\s{2,}.*$/, '')));
    for (const form of forms) assert.ok(usages.has(form.replace(/^npx /, '').replace(/…/g, '...')), `not in cmo --help: ${form}`);
    const shown = new Set(forms.map((f) => f.split(' ')[2]));
    for (const u of usages) if (!/^cmo (help|--)/.test(u)) assert.ok(shown.has(u.split(' ')[1]), `the README's synopsis leaves out: ${u}`);
  });

  it('every `cmo` command quoted in the prose names a command and options that command has', () => {
    const spans = [...README.matchAll(/`(cmo [a-z][^`]*)`/g)].map((m) => m[1]!);
    assert.ok(spans.length > 20);
    const full = cmo(['--help'], ROOT).out;
    for (const span of spans) {
      const [, sub, ...rest] = span.split(/\s+/);
      assert.match(full, new RegExp(`^ {2}cmo ${sub} `, 'm'), `\`${span}\`: cmo ${sub} is not a command`);
      for (const name of rest.join(' ').match(/--[a-z][a-z-]*/g) ?? []) {
        assert.ok(new RegExp(`cmo ${sub}\\b[^\\n]*${name}\\b`).test(full), `\`${span}\`: cmo ${sub} has no ${name}`);
      }
    }
  });
});

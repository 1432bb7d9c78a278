/** The set-up step of `npm test` and `npm start` (test/setup/system.mjs): what it finds missing, and what it says. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { missingFor, REQUIREMENTS, ROOT, type Requirement } from '../../setup/system.mjs';

const fake = (pkg: string, needs: Requirement['needs'], present: boolean): Requirement => ({ pkg, why: `${pkg} is needed`, needs, present: () => present });

describe('set-up: npm test and npm start name what npm cannot install', () => {
  const reqs = [fake('chromium', ['test'], false), fake('python3-nltk', ['test'], true), fake('libkrb5-dev', ['build'], false), fake('g++', ['build'], true)];

  it('npm test needs the test packages, and the build packages until code-server is built', () => {
    assert.deepEqual(missingFor('test', { requirements: reqs, codeServerBuilt: false }).map((r) => r.pkg), ['chromium', 'libkrb5-dev']);
    assert.deepEqual(missingFor('test', { requirements: reqs, codeServerBuilt: true }).map((r) => r.pkg), ['chromium']);
  });

  it('npm start needs no browser: only what builds code-server, and nothing with desktop VS Code or a built code-server', () => {
    assert.deepEqual(missingFor('start', { requirements: reqs, codeServerBuilt: false, desktopCode: false }).map((r) => r.pkg), ['libkrb5-dev']);
    assert.deepEqual(missingFor('start', { requirements: reqs, codeServerBuilt: true, desktopCode: false }), []);
    assert.deepEqual(missingFor('start', { requirements: reqs, codeServerBuilt: false, desktopCode: true }), []);
  });

  it('every requirement is a Debian package with a reason, and chromium is needed by the tests only', () => {
    for (const r of REQUIREMENTS) {
      assert.match(r.pkg, /^[a-z0-9][a-z0-9+.-]+$/);
      assert.ok(r.why.length > 20, r.pkg);
    }
    assert.deepEqual(REQUIREMENTS.find((r) => r.pkg === 'chromium')?.needs, ['test']);
  });

  it('on a PATH with only node, the real check names chromium and git with why, and the exact apt-get command (exit 1, nothing installed)', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'cmo-setup-bin-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
      delete env.CHROMIUM_PATH;
      const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'setup', 'system.mjs'), 'test', '--check'], { env, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /missing Debian package chromium: the browser that drives the real VS Code/);
      assert.match(r.stderr, /missing Debian package git: /);
      assert.match(r.stderr, /sudo apt-get install -y --no-install-recommends [^\n]*\bchromium\b[^\n]*\bgit\b/);
      assert.match(r.stderr, /then npm test again/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('after the set-up (npm test runs it first), the check says nothing and exits 0', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'setup', 'system.mjs'), 'test', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `run npm test, which installs these:\n${r.stderr}`);
    assert.equal(r.stderr, '');
  });
});

/**
 * The command-line tool as a user installs it, without the repository:
 * `npm pack` makes a tarball with the bundled CLI and nothing to install
 * beside it; `npx --package <tgz> cmo …` checks a review and imports a PDF.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requireBuiltCli, ROOT } from '../../helpers/cli';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('install: the CLI from npm pack', function () {
  this.timeout(180_000);
  let dir: string;
  let tgz: string;
  before(function () {
    requireBuiltCli();
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-pack-'));
    const r = spawnSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }>; size: number }>;
    tgz = path.join(dir, info!.filename);
    assert.deepEqual(info!.files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/pdf.js', 'dist/schemas/project.schema.json', 'dist/schemas/sidecar.schema.json', 'package.json']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const npx = (args: string[], cwd: string) => spawnSync(npm, ['exec', '--yes', `--package=${tgz}`, '--', 'cmo', ...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false' } });

  it('checks a copy of the sample outside the repository, and imports a PDF with the bundled pdf.js', () => {
    const ws = path.join(dir, 'review');
    cpSync(path.join(ROOT, 'sample'), ws, { recursive: true });
    const check = npx(['check', '.'], ws);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout + check.stderr, /3 sidecar\(s\), 20 code\(s\)/);
    cpSync(path.join(ROOT, 'test', 'fixtures', 'pdf', 'masterson-2024-one-column.pdf'), path.join(ws, 'papers', 'new.pdf'));
    const imported = npx(['import-pdf', 'papers/new.pdf'], ws);
    assert.equal(imported.status, 0, imported.stderr);
    assert.ok(existsSync(path.join(ws, 'papers', 'new.md')), readdirSync(path.join(ws, 'papers')).join(', '));
  });
});

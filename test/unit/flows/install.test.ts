/**
 * The command-line tool as a user installs it, without the repository:
 * `npm pack` makes a tarball with the bundled CLI and nothing to install
 * beside it; `npx --package <tgz> cmo …` checks a review and imports a PDF.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    assert.deepEqual(info!.files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/pdf.js', 'dist/schemas/project.schema.json', 'dist/schemas/sidecar.schema.json', 'dist/words-en.txt', 'package.json']);
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

  it('the README\'s GitHub Actions workflow (sample/.github/workflows/cmo.yml) runs, step by step, on a pull request that refutes a configuration', () => {
    const workflow = readFileSync(path.join(ROOT, 'sample', '.github', 'workflows', 'cmo.yml'), 'utf8');
    assert.ok(readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(`\`\`\`yaml\n${workflow}\`\`\``), 'the README shows the same workflow');
    const ws = path.join(dir, 'pr');
    cpSync(path.join(ROOT, 'sample'), ws, { recursive: true });
    const git = (args: string[]) => {
      const r = spawnSync('git', args, { cwd: ws, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@b' } });
      assert.equal(r.status, 0, r.stderr);
    };
    git(['init', '-q', '-b', 'main']);
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'review']);
    git(['update-ref', 'refs/remotes/origin/main', 'main']);
    git(['checkout', '-q', '-b', 'pr']);
    // The pull request refutes a configuration (its THEORY.md rewritten, as the extension does).
    const projectPath = path.join(ws, 'cmo-project.json');
    const project = JSON.parse(readFileSync(projectPath, 'utf8'));
    project.configurations.find((k: { id: string }) => k.id === 'k3record').status = 'refuted';
    writeFileSync(projectPath, JSON.stringify(project, null, 2) + '\n');
    assert.equal(npx(['report', '.'], ws).status, 0);
    git(['commit', '-q', '-am', 'refute k3']);
    const steps = [...workflow.matchAll(/^ {6}- run: (.*)$/gm)].map((m) => m[1] as string).filter((c) => !c.startsWith('gh '));
    assert.equal(steps.length, 3);
    for (const step of steps) {
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step], { cwd: ws, encoding: 'utf8', env: { ...process.env, CMO_CODER: tgz, GITHUB_BASE_REF: 'main', npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false' } });
      assert.equal(r.status, 0, `${step}: ${r.stdout}${r.stderr}`);
    }
    const comment = readFileSync(path.join(ws, 'theory-diff.md'), 'utf8');
    assert.match(comment, /^## CMO Coder: theory changes against origin\/main \([0-9a-f]{7}\)$/m);
    assert.match(comment, /“Records written with members lead to agreement on ways of working”: status initial → \*\*refuted\*\*/);
    assert.match(comment, /^Agreement of this branch with origin\/main/m);
  });
});


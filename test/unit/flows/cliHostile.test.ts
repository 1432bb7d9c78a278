/**
 * The built `cmo` against a hostile or broken repository: links out of the
 * workspace, broken sidecars, closed pipes, unwritable places, killed writes.
 * Needs `npm run build` first (npm test does it).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serializeSidecar, sha256Hex, type Code } from '../../../src/core';
import { systemFailure } from '../../../src/cli/main';
import { CLI, cmo, requireBuiltCli, ROOT } from '../../helpers/cli';
import { codeOn } from '../../helpers/corpus';

describe('cmo CLI on a hostile repository', function () {
  let dir: string;
  let sample: string;
  let victim: string;
  const SIDECAR = 'papers/masterson-2024.txt.cmo.json';
  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-hostile-'));
    sample = path.join(dir, 'sample');
    cpSync(path.join(ROOT, 'sample'), sample, { recursive: true });
    victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('no write through a link out of the workspace', () => {
    it('report: THEORY.md linked to a file outside is refused, the file untouched', () => {
      rmSync(path.join(sample, 'THEORY.md'));
      symlinkSync(victim, path.join(sample, 'THEORY.md'));
      const r = cmo(['report', 'sample'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, /THEORY\.md is a symbolic link to .*victim\.txt, outside .*sample; CMO Coder does not write outside the workspace/);
      assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    });

    it('report: a link that stays inside the workspace is followed', () => {
      rmSync(path.join(sample, 'THEORY.md'));
      mkdirSync(path.join(sample, 'docs'));
      symlinkSync(path.join('docs', 'THEORY.md'), path.join(sample, 'THEORY.md'));
      const r = cmo(['report', 'sample'], dir);
      assert.equal(r.code, 0, r.err);
      assert.match(readFileSync(path.join(sample, 'docs', 'THEORY.md'), 'utf8'), /^# /m);
    });

    it('export: a .qdpx target linked outside is refused', () => {
      symlinkSync(victim, path.join(sample, 'sample.qdpx'));
      const r = cmo(['export', 'sample', '--format', 'qdpx'], dir);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /sample\.qdpx is a symbolic link to .*victim\.txt/);
      assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    });

    it('anchor --write: a sidecar linked outside is neither read nor written', () => {
      const outside = path.join(dir, 'outside.cmo.json');
      const sidecar = path.join(sample, SIDECAR);
      const original = readFileSync(sidecar, 'utf8');
      writeFileSync(outside, original);
      rmSync(sidecar);
      symlinkSync(outside, sidecar);
      const article = path.join(sample, 'papers/masterson-2024.txt');
      writeFileSync(article, 'A new first line.\n' + readFileSync(article, 'utf8'));
      const r = cmo(['anchor', 'sample/papers/masterson-2024.txt', '--write'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, /masterson-2024\.txt\.cmo\.json: it is a link to .*outside\.cmo\.json, outside .*sample; CMO Coder reads nothing outside the review's folder/);
      assert.equal(readFileSync(outside, 'utf8'), original);
    });
  });

  describe('a broken sidecar stops report and export', () => {
    const breakIt = () => {
      const file = path.join(sample, SIDECAR);
      const broken = readFileSync(file, 'utf8').replace('"role": "context"', '"role": "context",,');
      writeFileSync(file, broken);
      return broken.slice(0, broken.indexOf(',,')).split('\n').length;
    };

    it('report exits 1 naming the sidecar, line and column as the user named the folder, and writes nothing', () => {
      const line = breakIt();
      const before = readFileSync(path.join(sample, 'THEORY.md'), 'utf8');
      const r = cmo(['report', './sample/'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, new RegExp(`^\\./sample/papers/masterson-2024\\.txt\\.cmo\\.json:${line}:\\d+: invalid JSON in a CMO sidecar: `, 'm'));
      assert.match(r.err, /--skip-broken/);
      assert.equal(readFileSync(path.join(sample, 'THEORY.md'), 'utf8'), before);
    });

    it('report --skip-broken writes without it and says so on stderr', () => {
      breakIt();
      const r = cmo(['report', 'sample', '--skip-broken'], dir);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^warning: left out \(--skip-broken\): sample\/papers\/masterson-2024\.txt\.cmo\.json:\d+:\d+: invalid JSON/m);
      assert.match(r.out, /wrote sample\/THEORY\.md/);
    });

    it('export exits 1 and prints nothing to stdout; --skip-broken exports the rest', () => {
      breakIt();
      const r = cmo(['export', 'sample', '--format', 'csv'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /papers\/masterson-2024\.txt\.cmo\.json: line \d+, column \d+: invalid JSON/);
      const skipped = cmo(['export', 'sample', '--format', 'csv', '--skip-broken'], dir);
      assert.equal(skipped.code, 0, skipped.err);
      assert.match(skipped.err, /warning: left out \(--skip-broken\): papers\/masterson-2024\.txt\.cmo\.json/);
      assert.match(skipped.out, /masterson-2024\.md/);
    });
  });

  it('export --out refuses a sidecar, the project file and a coded article', () => {
    for (const target of [`sample/${SIDECAR}`, 'sample/cmo-project.json', 'sample/papers/masterson-2024.txt']) {
      const before = readFileSync(path.join(dir, target), 'utf8');
      const r = cmo(['export', 'sample', '--format', 'csv', '--out', target], dir);
      assert.equal(r.code, 2, target);
      assert.match(r.err, /would overwrite .*Choose another file/);
      assert.equal(readFileSync(path.join(dir, target), 'utf8'), before);
    }
  });

  it('a closed pipe (cmo … | head) ends quietly, without EPIPE', () => {
    // An article with 3,000 coded lines: a CSV far larger than a pipe's buffer.
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i} says the co-design workshops were tailored to each site.`);
    const text = lines.join('\n') + '\n';
    writeFileSync(path.join(sample, 'papers', 'long.txt'), text);
    const codes: Code[] = [];
    let from = 0;
    for (const line of lines) {
      codes.push(codeOn(text, line, 'context', from));
      from += line.length + 1;
    }
    writeFileSync(path.join(sample, 'papers', 'long.txt.cmo.json'), serializeSidecar({ cmo: 1, source: 'long.txt', sha256: sha256Hex(text), codes }));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" export sample --format csv | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    assert.match(r.stdout, /exit=0/);
  });

  describe('merge driver', () => {
    it('exit 2 names which of BASE, OURS and THEIRS cannot be used', () => {
      const file = (name: string, content: string | Buffer) => {
        writeFileSync(path.join(dir, name), content);
        return name;
      };
      const good = readFileSync(path.join(sample, SIDECAR));
      const r = cmo(['merge', file('base', good), file('ours', Buffer.from([0xff, 0xfe, 0x00])), file('theirs', good), SIDECAR], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /OURS \(.*ours\) is not text CMO Coder can merge/);
      file('ours', good);
      const missing = cmo(['merge', 'base', 'ours', 'nope', SIDECAR], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /THEIRS \(.*nope\) cannot be read/);
    });

    it('records a top-level field both sides changed as a conflict (exit 1), not silently ours', () => {
      const base = readFileSync(path.join(sample, SIDECAR), 'utf8');
      writeFileSync(path.join(dir, 'base'), base);
      writeFileSync(path.join(dir, 'ours'), base.replace('"cmo": 1,', '"cmo": 1,\n  "zzTool": "ours",'));
      writeFileSync(path.join(dir, 'theirs'), base.replace('"cmo": 1,', '"cmo": 1,\n  "zzTool": "theirs",'));
      const r = cmo(['merge', 'base', 'ours', 'theirs', SIDECAR], dir);
      assert.equal(r.code, 1, r.err);
      const merged = JSON.parse(readFileSync(path.join(dir, 'ours'), 'utf8'));
      assert.deepEqual(merged.fileConflict, { fields: ['zzTool'], ours: { zzTool: 'ours' }, theirs: { zzTool: 'theirs' } });
    });

    it('the fallback for a side that does not parse writes atomically: no temporary left, the whole both sides kept', () => {
      const base = readFileSync(path.join(sample, SIDECAR), 'utf8');
      writeFileSync(path.join(dir, 'base'), base);
      writeFileSync(path.join(dir, 'ours'), base.replace('"role"', '"role",,'));
      writeFileSync(path.join(dir, 'theirs'), base);
      const r = cmo(['merge', 'base', 'ours', 'theirs', SIDECAR], dir);
      assert.equal(r.code, 1);
      const out = readFileSync(path.join(dir, 'ours'), 'utf8');
      assert.ok(out.startsWith('<<<<<<< ours\n') && out.includes(base));
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('cmo-tmp')), []);
    });
  });

  it('a write deletes the temporaries that killed writes left beside its file', () => {
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    const stale = path.join(sample, '.THEORY.md.cmo-tmp-4194305-1');
    const otherFile = path.join(sample, '.cmo-project.json.cmo-tmp-4194305-2');
    const live = path.join(sample, `.THEORY.md.cmo-tmp-${process.pid}-1`);
    for (const f of [stale, otherFile, live]) writeFileSync(f, 'half a file');
    rmSync(path.join(sample, 'THEORY.md'));
    assert.equal(cmo(['report', 'sample'], dir).code, 0);
    assert.equal(existsSync(stale), false, 'the dead write’s temporary is gone');
    assert.equal(existsSync(live), true, 'a running process’s temporary is left alone');
    assert.equal(existsSync(otherFile), true, 'only temporaries of the file written');
  });

  it('an unwritable place gets a message naming the file and what to do, not "please report"', () => {
    const r = cmo(['export', 'sample', '--format', 'csv', '--out', '/proc/cmo-export.csv'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^cmo export: \/proc\/cmo-export\.csv: .*\((ENOENT|EACCES|EROFS|EPERM)\)/);
    assert.doesNotMatch(r.err, /please report|    at /i);
    for (const code of ['EIO', 'EACCES', 'ENOSPC']) {
      const message = systemFailure(Object.assign(new Error(`${code}: failed`), { code, path: '/x/a.cmo.json' }));
      assert.match(message ?? '', new RegExp(`^/x/a\\.cmo\\.json: .+ \\(${code}\\)\\. Files are written whole`));
    }
    assert.equal(systemFailure(new TypeError('a bug')), undefined);
  });
});

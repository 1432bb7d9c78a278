/**
 * Hostile input, part two (issue 30): whatever a pull request commits ends in
 * a clear error, in bounded time and memory, and changes nothing it should
 * not. Each case runs the built `cmo` in a child and measures it (peak
 * memory from the child's own resource usage, wall time); a hang is killed
 * and fails. Needs `npm run build` first (npm test does it).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cmoMeasured, requireBuiltCli, ROOT, type Measured } from '../../helpers/cli';
import { inflateBombPdf, manyPagesPdf, noPagesPdf } from '../../helpers/hostilePdf';

/** Every hostile run must end within these. */
const MAX_MB = 400;
const MAX_SECONDS = 30;

function bounded(r: Measured, what: string): void {
  assert.ok(!r.timedOut, `${what}: killed after ${r.seconds.toFixed(1)} s (a hang)`);
  assert.ok(r.peakMb !== undefined && r.peakMb < MAX_MB, `${what}: peak ${r.peakMb?.toFixed(0)} MB`);
  assert.ok(r.seconds < MAX_SECONDS, `${what}: ${r.seconds.toFixed(1)} s`);
  assert.doesNotMatch(r.err, /^\s+at /m, `${what}: a stack trace\n${r.err}`);
}

describe('hostile input: bounded, clear, nothing overwritten (issue 30)', function () {
  this.timeout(120_000);
  let dir: string;
  let sample: string;
  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-hostile2-'));
    sample = path.join(dir, 'sample');
    cpSync(path.join(ROOT, 'sample'), sample, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** papers/z.md made by `make`, with a sidecar whose codes are masterson-2024.md's. */
  function codedArticle(make: (file: string) => void): void {
    make(path.join(sample, 'papers', 'z.md'));
    const sidecar = readFileSync(path.join(sample, 'papers', 'masterson-2024.md.cmo.json'), 'utf8').replace('"source": "masterson-2024.md"', '"source": "z.md"');
    writeFileSync(path.join(sample, 'papers', 'z.md.cmo.json'), sidecar);
  }

  describe('1. an article that is a device, a pipe, or a link out of the workspace', () => {
    const commands: Array<[string, string[], number]> = [
      ['check', ['check', 'sample'], 1],
      ['passages', ['passages', 'sample'], 0],
      ['export', ['export', 'sample', '--format', 'qdpx', '--out', 'x.qdpx'], 1],
      ['agree', ['agree', 'sample', 'sample'], 0],
      ['matrix', ['matrix', 'sample', '--rows', 'article', '--cols', 'role'], 0],
      ['anchor', ['anchor', 'sample/papers/z.md'], 1],
    ];
    for (const device of ['/dev/zero', '/dev/urandom']) {
      for (const [name, args, code] of commands) {
        it(`${name} on a committed link to ${device}: refused by name, in bounded memory`, () => {
          codedArticle((f) => symlinkSync(device, f));
          const r = cmoMeasured(args, dir, { timeoutMs: 30_000 });
          bounded(r, `${name} ${device}`);
          assert.equal(r.code, code, r.out + r.err);
          assert.match(r.out + r.err, new RegExp(`z\\.md: it is a link to ${device}, outside .*sample; CMO Coder reads nothing outside the review's folder`));
        });
      }
    }

    for (const [name, args] of [
      ['check', ['check', 'sample']],
      ['report', ['report', 'sample', '--out', 'T.md']],
      ['anchor', ['anchor', 'sample/papers/z.md']],
    ] as Array<[string, string[]]>) {
      it(`${name} on a FIFO named like an article: no hang, "a named pipe"`, () => {
        codedArticle((f) => execFileSync('mkfifo', [f]));
        // The report reads only the articles a configuration cites: cite one of z.md's codes.
        const projectFile = path.join(sample, 'cmo-project.json');
        writeFileSync(projectFile, readFileSync(projectFile, 'utf8').replace(/"papers\/masterson-2024\.md#/, '"papers/z.md#'));
        const r = cmoMeasured(args, dir, { timeoutMs: 20_000 });
        bounded(r, `${name} FIFO`);
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.out + r.err, /z\.md: it is a named pipe \(FIFO\), not a regular file, so it was not read/);
      });
    }

    it('import-pdf on a FIFO named like a PDF: no hang', () => {
      const fifo = path.join(sample, 'papers', 'f.pdf');
      execFileSync('mkfifo', [fifo]);
      const r = cmoMeasured(['import-pdf', 'sample/papers/f.pdf'], dir, { timeoutMs: 20_000 });
      bounded(r, 'import-pdf FIFO');
      assert.equal(r.code, 1);
      assert.match(r.err, /^sample\/papers\/f\.pdf could not be read: it is a named pipe \(FIFO\)/m);
    });

    it('export: a committed link to a secret outside is refused, and the secret is in no archive', () => {
      const secret = path.join(dir, 'secret.md');
      writeFileSync(secret, readFileSync(path.join(sample, 'papers', 'masterson-2024.md'), 'utf8').replace('Dialogue', 'SECRET-PASSWORD'));
      codedArticle((f) => symlinkSync(secret, f));
      const r = cmoMeasured(['export', 'sample', '--format', 'qdpx', '--out', 'x.qdpx'], dir);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /z\.md: it is a link to .*secret\.md, outside/);
      assert.ok(!existsSync(path.join(dir, 'x.qdpx')), 'no archive written');
      const skipped = cmoMeasured(['export', 'sample', '--format', 'qdpx', '--out', 'x.qdpx', '--skip-broken'], dir);
      assert.equal(skipped.code, 0, skipped.err);
      assert.ok(!readFileSync(path.join(dir, 'x.qdpx')).includes('SECRET-PASSWORD'));
    });

    it('an article over the file limit is refused with the limit, its size and how to raise it', () => {
      codedArticle((f) => writeFileSync(f, 'A sentence of a long article.\n'.repeat(80_000)));
      const r = cmoMeasured(['check', 'sample'], dir, { env: { CMO_MAX_FILE_MB: '1' } });
      bounded(r, 'check over the limit');
      assert.equal(r.code, 1);
      assert.match(r.out + r.err, /papers\/z\.md: 2\.3 MB, over the limit of 1 MB, so it was not read\. If it is meant to be this large, raise the limit \(CMO_MAX_FILE_MB for the cmo command, the setting cmo\.limits\.fileMegabytes in VS Code\)/);
    });

    it('agree with a branch: a blob over the limit is refused by its size, a committed link out is not followed', () => {
      const git = (...a: string[]) => execFileSync('git', a, { cwd: sample, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      git('init', '-q', '-b', 'main');
      codedArticle((f) => symlinkSync('../../secret.md', f));
      writeFileSync(path.join(sample, 'papers', 'big.md'), 'Words of a big article.\n'.repeat(60_000));
      writeFileSync(path.join(sample, 'papers', 'big.md.cmo.json'), readFileSync(path.join(sample, 'papers', 'z.md.cmo.json'), 'utf8').replace('"source": "z.md"', '"source": "big.md"'));
      git('add', '-A');
      git('commit', '-q', '-m', 'hostile');
      const r = cmoMeasured(['agree', 'main', 'main'], sample, { env: { CMO_MAX_FILE_MB: '1' } });
      bounded(r, 'agree main main');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^warning: A papers\/big\.md\.cmo\.json left out: [0-9a-f]{7}:papers\/big\.md: 1\.4 MB, over the limit of 1 MB, so it was not read/m);
      assert.match(r.err, /z\.md: it is a link to \.\.\/\.\.\/secret\.md, outside the folder/);
    });
  });

  describe('2. a PDF that inflates to gigabytes, or has too many pages', () => {
    it('a 1 MB PDF that inflates to 1 GB is refused before pdf.js reads it, in bounded memory', () => {
      writeFileSync(path.join(dir, 'bomb.pdf'), inflateBombPdf(1024));
      const r = cmoMeasured(['import-pdf', 'bomb.pdf'], dir);
      bounded(r, 'import-pdf bomb');
      assert.equal(r.code, 1);
      assert.match(r.err, /^bomb\.pdf: its compressed streams inflate to more than 512 MB \(the limit\), 1\.0 MB as a file, so it was not read.*CMO_MAX_PDF_INFLATED_MB.*Nothing was written\.$/m);
      assert.ok(!existsSync(path.join(dir, 'bomb.md')));
    });

    it('a lower inflated limit stops the count sooner', () => {
      writeFileSync(path.join(dir, 'bomb.pdf'), inflateBombPdf(2048));
      const r = cmoMeasured(['import-pdf', 'bomb.pdf'], dir, { env: { CMO_MAX_PDF_INFLATED_MB: '16' } });
      bounded(r, 'import-pdf bomb 16 MB');
      assert.ok(r.peakMb! < 250, `${r.peakMb} MB`);
      assert.match(r.err, /more than 16 MB \(the limit\)/);
    });

    it('a PDF over the page limit is refused by its page count, before a page is read', () => {
      writeFileSync(path.join(dir, 'long.pdf'), manyPagesPdf(120));
      const r = cmoMeasured(['import-pdf', 'long.pdf'], dir, { env: { CMO_MAX_PDF_PAGES: '100' } });
      bounded(r, 'import-pdf pages');
      assert.equal(r.code, 1);
      assert.match(r.err, /^long\.pdf has 120 pages, over the limit of 100, so it was not read\. If it is meant to be this large, raise the limit \(CMO_MAX_PDF_PAGES for the cmo command, the setting cmo\.limits\.pdfPages in VS Code\)\. Nothing was written\.$/m);
      const under = cmoMeasured(['import-pdf', 'long.pdf'], dir, { env: { CMO_MAX_PDF_PAGES: '120' } });
      assert.equal(under.code, 0, under.err);
      assert.match(readFileSync(path.join(dir, 'long.md'), 'utf8'), /Reviewers read page 120 of this long test with care\./);
    });

    it('22,000 pages: refused in well under a second of work', () => {
      writeFileSync(path.join(dir, 'huge.pdf'), manyPagesPdf(22_000));
      const r = cmoMeasured(['import-pdf', 'huge.pdf'], dir);
      bounded(r, 'import-pdf 22,000 pages');
      assert.match(r.err, /huge\.pdf has 22000 pages, over the limit of 5000/);
    });

    it('a PDF over the file-size limit is not read', () => {
      writeFileSync(path.join(dir, 'big.pdf'), manyPagesPdf(3000));
      const r = cmoMeasured(['import-pdf', 'big.pdf'], dir, { env: { CMO_MAX_PDF_MB: '0.5' } });
      bounded(r, 'import-pdf file size');
      assert.equal(r.code, 1);
      assert.match(r.err, /big\.pdf could not be read: 0\.\d\d MB, over the limit of 0\.50 MB, so it was not read.*CMO_MAX_PDF_MB.*Nothing was written\.$/m);
    });

    it('a PDF with no pages says so (not "0 pages are images")', () => {
      writeFileSync(path.join(dir, 'empty.pdf'), noPagesPdf());
      const r = cmoMeasured(['import-pdf', 'empty.pdf'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /^empty\.pdf has no pages\. Nothing was written\.$/m);
    });
  });
});


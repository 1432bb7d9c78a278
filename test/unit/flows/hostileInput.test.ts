/**
 * Hostile input, part two (issue 30): whatever a pull request commits ends in
 * a clear error, in bounded time and memory, and changes nothing it should
 * not. Each case runs the built `cmo` in a child and measures it (peak
 * memory from the child's own resource usage, wall time); a hang is killed
 * and fails. Needs `npm run build` first (npm test does it).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { cmoMeasured, requireBuiltCli, ROOT, type Measured } from '../../helpers/cli';
import { bigArticle, manyCodes } from '../../bench/fixtures';
import { emptySidecar, selectorFor, serializeSidecar } from '../../../src/core';
import { inflateBombPdf, manyPagesPdf, noPagesPdf } from '../../helpers/hostilePdf';
import { oneEntryZip, rawZeroBomb } from '../../helpers/hostileZip';

/** Every hostile run must end within these. */
const MAX_MB = 400;
const MAX_SECONDS = 30;

function bounded(r: Measured, what: string, maxSeconds = MAX_SECONDS): void {
  assert.ok(!r.timedOut, `${what}: killed after ${r.seconds.toFixed(1)} s (a hang)`);
  assert.ok(r.peakMb !== undefined && r.peakMb < MAX_MB, `${what}: peak ${r.peakMb?.toFixed(0)} MB`);
  assert.ok(r.seconds < maxSeconds, `${what}: ${r.seconds.toFixed(1)} s`);
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

  /** A .qdpx whose project.qde (in `encoding`, as bytes) has a text source per entry, each with one Context passage (its first 5 characters). */
  function qdpx(sources: Array<[string, string]>, encoding: 'utf-8' | 'ISO-8859-1' = 'utf-8'): Uint8Array {
    const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const xml = `<?xml version="1.0" encoding="${encoding}"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="t"><CodeBook><Codes><Code guid="${g(1)}" name="Context" isCodable="true"/></Codes></CodeBook><Sources>${sources
      .map(([name, text], i) => `<TextSource guid="${g(10 + i)}" name="${name}"><PlainTextContent>${text}</PlainTextContent><PlainTextSelection guid="${g(1000 + i)}" name="s${i}" startPosition="0" endPosition="5"><Coding guid="${g(5000 + i)}"><CodeRef targetGUID="${g(1)}"/></Coding></PlainTextSelection></TextSource>`)
      .join('')}</Sources></Project>\n`;
    const bytes = encoding === 'utf-8' ? new TextEncoder().encode(xml) : Uint8Array.from(xml, (c) => c.charCodeAt(0));
    return zipSync({ 'project.qde': bytes });
  }

  describe('3. exchange in linear time', () => {
    it('a .qdpx with 200,000 sibling <Note> elements (1.7 MB) imports in bounded time (it took over 180 s)', () => {
      const g = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      const notes = Array.from({ length: 200_000 }, (_, i) => `<Note guid="${g(i)}" name="n${i}"><PlainTextContent>m</PlainTextContent></Note>`).join('');
      writeFileSync(path.join(dir, 'notes.qdpx'), zipSync({ 'project.qde': strToU8(`<Project xmlns="urn:QDA-XML:project:1.0" name="t"><Notes>${notes}</Notes></Project>`) }));
      mkdirSync(path.join(dir, 'empty'));
      const r = cmoMeasured(['import', 'notes.qdpx', 'empty'], dir, { timeoutMs: 60_000 });
      bounded(r, 'import 200,000 notes');
      assert.equal(r.code, 0, r.err);
    });

    it('export --format qdpx of a 7 MB article with 2,000 codes, and matrix --rows article at 5,000 articles, in bounded time', () => {
      const big = bigArticle(7_000_000, 11);
      mkdirSync(path.join(dir, 'big', 'papers'), { recursive: true });
      writeFileSync(path.join(dir, 'big', 'papers', 'big.md'), big);
      writeFileSync(path.join(dir, 'big', 'papers', 'big.md.cmo.json'), serializeSidecar({ ...emptySidecar('papers/big.md', big), codes: manyCodes(big, 2000) }));
      const e = cmoMeasured(['export', 'big', '--format', 'qdpx', '--out', 'big.qdpx'], dir, { timeoutMs: 60_000 });
      // 25-31 s before (offsets counted from the start of the article for each code); 1-2 s now.
      bounded(e, 'export 7 MB × 2,000 codes', 12);
      assert.equal(e.code, 0, e.err);
      const many = path.join(dir, 'many');
      const text = 'A short article about dialogue and trust in a community programme.\n';
      for (let a = 0; a < 5000; a++) {
        const folder = path.join(many, `p${Math.floor(a / 500)}`);
        if (a % 500 === 0) mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, `a${a}.md`), text);
        writeFileSync(path.join(folder, `a${a}.md.cmo.json`), serializeSidecar({ ...emptySidecar(`a${a}.md`, text), codes: [{ id: 'c0000001', role: 'context', ...selectorFor(text, 0, 15) }] }));
      }
      const m = cmoMeasured(['matrix', 'many', '--rows', 'article', '--cols', 'role', '--csv'], dir, { timeoutMs: 60_000 });
      bounded(m, 'matrix 5,000 articles', 12);
      assert.equal(m.code, 0, m.err);
      assert.equal(m.out.trim().split('\n').length, 5002, 'a header, 5,000 articles and the totals');
    });
  });

  describe('4. strict XML in an import', () => {
    it('encoding="ISO-8859-1" is honoured: the created article says café, not caf\ufffd', () => {
      writeFileSync(path.join(dir, 'latin.qdpx'), qdpx([['cafe.md', 'Our caf\u00e9 talks.']], 'ISO-8859-1'));
      mkdirSync(path.join(dir, 'w'));
      const r = cmoMeasured(['import', 'latin.qdpx', 'w'], dir);
      assert.equal(r.code, 0, r.err);
      assert.equal(readFileSync(path.join(dir, 'w', 'cafe.md'), 'utf8'), 'Our café talks.');
    });

    it('a byte that is not UTF-8 is refused with its line, nothing written', () => {
      const z = qdpx([['cafe.md', 'Our caf\u00e9 talks.']], 'ISO-8859-1');
      const broken = unzipSync(z);
      const qde = new TextDecoder('latin1').decode(broken['project.qde']).replace('encoding="ISO-8859-1"', 'encoding="utf-8"');
      writeFileSync(path.join(dir, 'bad.qdpx'), zipSync({ 'project.qde': Uint8Array.from(qde, (c) => c.charCodeAt(0)) }));
      mkdirSync(path.join(dir, 'w'));
      const r = cmoMeasured(['import', 'bad.qdpx', 'w'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /project\.qde is not well-formed XML: byte 0xE9 is not UTF-8 text; re-save the file as UTF-8 \(line 2, column \d+\); nothing was imported/);
      assert.deepEqual(readdirSync(path.join(dir, 'w')), []);
    });
  });

  describe('5. zip integrity in an import', () => {
    it('an entry that claims 1 KB and inflates to 1 GB: refused, exit 1, bounded', () => {
      // project.qde declares 1 KB and inflates to 1 GB.
      writeFileSync(path.join(dir, 'bomb.qdpx'), oneEntryZip('project.qde', rawZeroBomb(1024), 1024, 0));
      mkdirSync(path.join(dir, 'w'));
      const r = cmoMeasured(['import', 'bomb.qdpx', 'w'], dir);
      bounded(r, 'import a zip bomb');
      assert.equal(r.code, 1);
      assert.match(r.err, /project\.qde inflates past the 1024 bytes the archive declares for it: refused/);
    });
  });

  describe('6. diffs never call a broken file a deletion', () => {
    const git = (cwd: string, ...a: string[]) => execFileSync('git', a, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    const SIDECAR = path.join('papers', 'masterson-2024.txt.cmo.json');
    const breakIt = (root: string) => writeFileSync(path.join(root, SIDECAR), readFileSync(path.join(root, SIDECAR), 'utf8').replace('"role": "context"', '"role": "context",,'));
    beforeEach(() => {
      git(sample, 'init', '-q', '-b', 'main');
      git(sample, 'add', '-A');
      git(sample, 'commit', '-q', '-m', 'base');
    });
    for (const args of [['diff', 'main', '.'], ['report', '--diff', 'main']]) {
      it(`${args.join(' ')}: a sidecar broken in the working folder is an error naming it, exit 1, not "removed"`, () => {
        breakIt(sample);
        const r = cmoMeasured(args, sample);
        assert.equal(r.code, 1, r.out);
        assert.doesNotMatch(r.out, /removed/);
        assert.match(r.err, /has a file that cannot be read, so no diff was made \(its codes would show as removed\):\n {2}papers\/masterson-2024\.txt\.cmo\.json: line \d+, column \d+: invalid JSON/);
      });
    }
    it('report --diff: broken on the base side (a branch) is named too', () => {
      git(sample, 'checkout', '-q', '-b', 'broken');
      breakIt(sample);
      git(sample, 'commit', '-q', '-am', 'broken');
      git(sample, 'checkout', '-q', 'main');
      const r = cmoMeasured(['report', '--diff', 'broken'], sample);
      assert.equal(r.code, 1);
      assert.match(r.err, /the base = broken \([0-9a-f]{7}\) has a file that cannot be read/);
    });
    it('diff: a project file that does not parse is named, not read as empty', () => {
      writeFileSync(path.join(sample, 'cmo-project.json'), '{"cmo": 1, "configurations": [');
      const r = cmoMeasured(['diff', 'main', '.'], sample);
      assert.equal(r.code, 1);
      assert.match(r.err, /cmo-project\.json:\d+:\d+: error: invalid JSON/);
    });
  });

  describe('7. deep theme chains and cycles', () => {
    /** A chain of `depth` themes under the sample's first, one passage tagged with the deepest, and a cycle A ↔ B. */
    function chain(depth: number, cycle = false): void {
      const file = path.join(sample, 'cmo-project.json');
      const project = JSON.parse(readFileSync(file, 'utf8')) as { codebook: Array<{ id: string; name: string; parent: string | null }> };
      let parent = project.codebook[0]!.id;
      for (let i = 0; i < depth; i++) {
        project.codebook.push({ id: `deep${i}`, name: `Deep ${i}`, parent });
        parent = `deep${i}`;
      }
      if (cycle) project.codebook.push({ id: 'cyca', name: 'Cycle A', parent: 'cycb' }, { id: 'cycb', name: 'Cycle B', parent: 'cyca' });
      writeFileSync(file, JSON.stringify(project, null, 2));
      const sidecar = path.join(sample, 'papers', 'masterson-2024.md.cmo.json');
      const coded = JSON.parse(readFileSync(sidecar, 'utf8')) as { codes: Array<{ tags?: string[] }> };
      coded.codes[0]!.tags = [cycle ? 'cyca' : `deep${depth - 1}`];
      writeFileSync(sidecar, JSON.stringify(coded, null, 2));
    }
    it('12,000 deep: matrix theme+rollup, passages --theme and check end cleanly; export refuses by name', () => {
      chain(12_000);
      const m = cmoMeasured(['matrix', 'sample', '--rows', 'theme+rollup', '--cols', 'role', '--csv'], dir);
      bounded(m, 'matrix 12,000 deep');
      assert.equal(m.code, 0, m.err);
      const p = cmoMeasured(['passages', 'sample', '--theme', 'deep11999', '--json'], dir);
      bounded(p, 'passages 12,000 deep');
      assert.equal(p.code, 0, p.err);
      assert.equal((JSON.parse(p.out) as { passages: unknown[] }).passages.length, 1);
      const c = cmoMeasured(['check', 'sample'], dir);
      bounded(c, 'check 12,000 deep');
      assert.match(c.out, /cmo-project\.json:\d+:\d+: warning: theme "Deep 239" is nested 241 levels deep: a REFI-QDA export \(\.qdpx, \.qdc\) carries at most 240/);
      const e = cmoMeasured(['export', 'sample', '--format', 'qdpx', '--out', 'x.qdpx'], dir);
      bounded(e, 'export 12,000 deep');
      assert.equal(e.code, 1);
      assert.match(e.err, /the theme "Deep \d+" \(deep\d+\) is nested \d+ levels deep, and REFI-QDA readers stop at 240/);
    });
    it('a parent cycle is a located error in check, and roll-ups count its passage in its own row only', () => {
      chain(0, true);
      const c = cmoMeasured(['check', 'sample'], dir);
      assert.equal(c.code, 1);
      assert.match(c.out, /cmo-project\.json:\d+:\d+: error: themes "Cycle A" → "Cycle B" are each other's parents, a cycle/);
      const m = cmoMeasured(['matrix', 'sample', '--rows', 'theme+rollup', '--cols', 'role', '--json'], dir);
      const t = JSON.parse(m.out) as { cells: Array<{ label: string; total: number }> };
      assert.deepEqual(t.cells.filter((x) => x.label.startsWith('Cycle')).map((x) => [x.label, x.total]), [['Cycle A', 1], ['Cycle B', 0]]);
    });
    it('2,000 nested <Code> in a .qdpx: refused with the line and column, not "Maximum call stack size exceeded"', () => {
      const codes = Array.from({ length: 2000 }, (_, i) => `<Code guid="00000000-0000-4000-8000-${String(i).padStart(12, '0')}" name="c${i}" isCodable="true">`).join('') + '</Code>'.repeat(2000);
      writeFileSync(path.join(dir, 'deep.qdpx'), zipSync({ 'project.qde': strToU8(`<Project xmlns="urn:QDA-XML:project:1.0" name="t"><CodeBook><Codes>${codes}</Codes></CodeBook></Project>`) }));
      mkdirSync(path.join(dir, 'w'));
      const r = cmoMeasured(['import', 'deep.qdpx', 'w'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /elements are nested deeper than 256 levels here \(libxml2's limit, and no REFI-QDA file needs more\) \(line 1, column \d+\)/);
    });
  });

  describe('8. --out never overwrites what the workspace depends on', () => {
    for (const [target, format] of [
      ['sample/reconciliation.json', 'csv'],
      ['sample/papers/co-design-synthesis.pdf', 'qdpx'],
      ['sample/THEORY.md', 'md'],
      ['sample/README.md', 'csv'],
    ] as const) {
      it(`export --out ${target}: refused (exit 2), the file unchanged; --force replaces it`, () => {
        const file = path.join(dir, target);
        if (!existsSync(file)) writeFileSync(file, '{"cmo": 1, "decisions": []}\n');
        const before = readFileSync(file);
        const r = cmoMeasured(['export', 'sample', '--format', format, '--out', target], dir);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, /writing here would replace it\. Choose another file \(with cmo, --force replaces it if you mean to\)/);
        assert.ok(readFileSync(file).equals(before));
        const forced = cmoMeasured(['export', 'sample', '--format', format, '--out', target, '--force'], dir);
        assert.equal(forced.code, 0, forced.err);
      });
    }
    it('report --out: its own THEORY.md is fine, README.md is refused, .git/ always', () => {
      assert.equal(cmoMeasured(['report', 'sample', '--out', 'sample/THEORY.md'], dir).code, 0);
      const r = cmoMeasured(['report', 'sample', '--out', 'sample/README.md'], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /sample\/README\.md is the folder's README/);
      mkdirSync(path.join(sample, '.git', 'hooks'), { recursive: true });
      const g = cmoMeasured(['export', 'sample', '--format', 'csv', '--out', 'sample/.git/hooks/pre-commit', '--force'], dir);
      assert.equal(g.code, 2);
      assert.match(g.err, /is inside \.git\/, git's own store/);
    });
  });

  describe('9. imports write all files or none, never under .git/', () => {
    it('a source whose place is a link out of the workspace: nothing written, the others undone, a clear message', () => {
      const outside = path.join(dir, 'outside');
      mkdirSync(outside);
      mkdirSync(path.join(dir, 'w'));
      symlinkSync(outside, path.join(dir, 'w', 'out'));
      writeFileSync(path.join(dir, 'two.qdpx'), qdpx([['first.md', 'First text of all.'], ['out/second.md', 'Second text here.']]));
      const r = cmoMeasured(['import', 'two.qdpx', 'w'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /out\/second\.md could not be written \(.*outside.*\), so nothing was written: the \d+ file\(s\) written before it were put back as they were/);
      assert.deepEqual(readdirSync(path.join(dir, 'w')).sort(), ['out']);
      assert.deepEqual(readdirSync(outside), []);
    });
    it('a source named .git/hooks/pre-commit is not written into .git/', () => {
      mkdirSync(path.join(dir, 'w', '.git', 'hooks'), { recursive: true });
      writeFileSync(path.join(dir, 'hook.qdpx'), qdpx([['.git/hooks/pre-commit', 'echo pwned; exit 0']]));
      const r = cmoMeasured(['import', 'hook.qdpx', 'w'], dir);
      assert.equal(r.code, 1, 'a source without an article: exit 1');
      assert.deepEqual(readdirSync(path.join(dir, 'w', '.git', 'hooks')), []);
      assert.match(r.out, /no matching article: \.git\/hooks\/pre-commit/);
    });
    it('a source in a folder that does not exist yet: made, with its sidecar', () => {
      mkdirSync(path.join(dir, 'w'));
      writeFileSync(path.join(dir, 'nodir.qdpx'), qdpx([['nodir/x.md', 'Text in a new folder.']]));
      const r = cmoMeasured(['import', 'nodir.qdpx', 'w'], dir);
      assert.equal(r.code, 0, r.err);
      assert.ok(existsSync(path.join(dir, 'w', 'nodir', 'x.md')) && existsSync(path.join(dir, 'w', 'nodir', 'x.md.cmo.json')));
    });
  });

  describe('10. the smaller items', () => {
    it('report: a cited article that is not UTF-8 stops it (exit 1) instead of dropping its links', () => {
      const article = path.join(sample, 'papers', 'masterson-2024.md');
      writeFileSync(article, Buffer.concat([readFileSync(article), Buffer.from([0xff, 0xfe])]));
      const r = cmoMeasured(['report', 'sample'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /its article papers\/masterson-2024\.md could not be read, so its passages would have no links: the article is not valid UTF-8 text/);
    });
    it('check: a truncated reconciliation.json is an error', () => {
      writeFileSync(path.join(sample, 'reconciliation.json'), '{"cmo": 1, "decisions": [{"article": "papers/x.md"');
      const r = cmoMeasured(['check', 'sample'], dir);
      assert.equal(r.code, 1);
      assert.match(r.out, /^sample\/reconciliation\.json:1:1: error: reconciliation\.json is not JSON/m);
    });
    it('a key given twice in a sidecar is an error at the second, and merge --fix leaves the file alone', () => {
      const file = path.join(sample, 'papers', 'masterson-2024.md.cmo.json');
      const text = readFileSync(file, 'utf8').replace('"start": ', '"start": 604, "start": ');
      writeFileSync(file, text);
      const c = cmoMeasured(['check', 'sample'], dir);
      assert.equal(c.code, 1);
      assert.match(c.out, /masterson-2024\.md\.cmo\.json:\d+:\d+: error: "start" is given twice in one object/);
      const f = cmoMeasured(['merge', '--fix', 'sample/papers/masterson-2024.md.cmo.json'], dir);
      assert.equal(f.code, 1);
      assert.equal(readFileSync(file, 'utf8'), text);
    });
    it('merge --fix on a file without conflict markers says so', () => {
      const file = path.join(sample, 'papers', 'masterson-2024.md.cmo.json');
      writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
      const r = cmoMeasured(['merge', '--fix', 'sample/papers/masterson-2024.md.cmo.json'], dir);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /no conflict markers; rewritten in canonical form/);
      assert.doesNotMatch(r.out, /merged both sides/);
    });
    it('THEORY.md links encode "#" and "?" in file names', () => {
      for (const ext of ['md', 'md.cmo.json']) cpSync(path.join(sample, 'papers', `masterson-2024.${ext}`), path.join(sample, 'papers', `study#2?.${ext}`));
      const project = path.join(sample, 'cmo-project.json');
      writeFileSync(project, readFileSync(project, 'utf8').replace(/"papers\/masterson-2024\.md#/, '"papers/study#2?.md#'));
      const sidecar = path.join(sample, 'papers', 'study#2?.md.cmo.json');
      writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace('"source": "masterson-2024.md"', '"source": "study#2?.md"'));
      assert.equal(cmoMeasured(['report', 'sample'], dir).code, 0);
      assert.match(readFileSync(path.join(sample, 'THEORY.md'), 'utf8'), /\]\(papers\/study%232%3F\.md\?plain=1#L\d+\)/);
    });
    it('a sidecar of a 240-byte article name can be written (its temporary name stays under 255 bytes)', () => {
      const name = `${'a'.repeat(237)}.md`;
      cpSync(path.join(sample, 'papers', 'masterson-2024.md'), path.join(sample, 'papers', name));
      writeFileSync(path.join(sample, 'papers', `${name}.cmo.json`), readFileSync(path.join(sample, 'papers', 'masterson-2024.md.cmo.json'), 'utf8').replace('"source": "masterson-2024.md"', `"source": "${name}"`));
      writeFileSync(path.join(sample, 'papers', name), 'A new first line.\n' + readFileSync(path.join(sample, 'papers', name), 'utf8'));
      const r = cmoMeasured(['anchor', `sample/papers/${name}`, '--write'], dir);
      assert.equal(r.code, 0, r.err);
    });
    it('a line break in a file name is shown escaped: one problem, one line', () => {
      const name = 'two\nlines.md';
      writeFileSync(path.join(sample, 'papers', `${name}.cmo.json`), readFileSync(path.join(sample, 'papers', 'masterson-2024.md.cmo.json'), 'utf8').replace('"source": "masterson-2024.md"', '"source": "two\\nlines.md"'));
      const r = cmoMeasured(['check', 'sample'], dir);
      const lines = r.out.split('\n').filter((l) => l.includes('lines.md'));
      assert.ok(lines.length > 0 && lines.every((l) => /^sample\/papers\/two\\nlines\.md\.cmo\.json:\d+:\d+: /.test(l)), r.out);
    });
  });
});

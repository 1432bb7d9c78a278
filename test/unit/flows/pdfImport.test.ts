/**
 * `cmo import-pdf` as a user runs it (the built CLI), on the generated PDFs of
 * the corpus article: the twin, --json, a scan, a file in the way, a
 * re-import that keeps every code, `cmo check` noticing a changed PDF, and
 * page numbers in THEORY.md and the CSV.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { emptySidecar, PageIndex, PAGE_MARKER_PATTERN, selectorFor, serializeProject, serializeSidecar, twinSource, type Code } from '../../../src/core';
import { cmo, requireBuiltCli } from '../../helpers/cli';
import { PDF_FIXTURES } from '../../fixtures/pdf/make-pdfs';

describe('cmo import-pdf (built CLI, generated PDFs)', function () {
  this.timeout(60_000);
  let dir: string;
  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-pdf-'));
    mkdirSync(path.join(dir, 'papers'));
    copyFileSync(path.join(PDF_FIXTURES, 'masterson-2024-two-column.pdf'), path.join(dir, 'papers/masterson-2024.pdf'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const twin = () => readFileSync(path.join(dir, 'papers/masterson-2024.md'), 'utf8');

  it('writes the Markdown twin beside the PDF, naming it and its sha256; --json reports it', () => {
    const r = cmo(['import-pdf', 'papers/masterson-2024.pdf'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /papers\/masterson-2024\.pdf → papers\/masterson-2024\.md: written, 11 page\(s\)/);
    const source = twinSource(twin())!;
    assert.equal(source.pdf, 'masterson-2024.pdf');
    assert.equal(source.pages, 11);
    assert.match(source.extractor, /^pdfjs-dist 5\.4\.624, layout 2$/);
    const j = JSON.parse(cmo(['import-pdf', 'papers/masterson-2024.pdf', '--json'], dir).out);
    assert.deepEqual(Object.keys(j), ['articles']);
    const a = j.articles[0];
    assert.deepEqual([a.pdf, a.text, a.pages, a.chars, a.warnings, a.status], ['papers/masterson-2024.pdf', 'papers/masterson-2024.md', 11, twin().length, [], 'unchanged']);
  });

  it('--out names a folder not made yet: it is made, and the twin written there', () => {
    const r = cmo(['import-pdf', 'papers/masterson-2024.pdf', '--out', 'twins/new'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /papers\/masterson-2024\.pdf → twins\/new\/masterson-2024\.md: written, 11 page\(s\)/);
    assert.ok(readFileSync(path.join(dir, 'twins/new/masterson-2024.md'), 'utf8').length > 40_000);
  });

  it('an encrypted PDF whose text is in a form field, and one that needs a password, each say so (no "scan"), and write nothing', () => {
    copyFileSync(path.join(PDF_FIXTURES, 'form-encrypted.pdf'), path.join(dir, 'papers/form.pdf'));
    copyFileSync(path.join(PDF_FIXTURES, 'password.pdf'), path.join(dir, 'papers/locked.pdf'));
    const r = cmo(['import-pdf', 'papers/form.pdf', 'papers/locked.pdf', '--jobs', '1'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /papers\/form\.pdf has no text on its pages: its text is in 1 form field, and it is encrypted\. To code it, open it in a PDF reader and print it to a new PDF/);
    assert.match(r.err, /papers\/locked\.pdf is encrypted with a password\. Open it in a PDF reader with its password/);
    assert.doesNotMatch(r.err, /scan/);
    for (const f of ['papers/form.md', 'papers/locked.md']) assert.throws(() => readFileSync(path.join(dir, f)));
  });

  it('a folder imports every PDF in it, in parallel, each reported in the order found', () => {
    copyFileSync(path.join(PDF_FIXTURES, 'masterson-2024-one-column.pdf'), path.join(dir, 'papers/another.pdf'));
    const r = cmo(['import-pdf', 'papers', '--jobs', '2', '--json'], dir);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { articles: Array<{ pdf: string; status: string; pages: number }> };
    assert.deepEqual(j.articles.map((a) => [a.pdf, a.status, a.pages]), [['papers/another.pdf', 'written', 11], ['papers/masterson-2024.pdf', 'written', 11]]);
    assert.equal(cmo(['import-pdf', 'papers', '--jobs', '0'], dir).code, 2);
  });

  it('a scan writes nothing and says to OCR it; a file in the way is left alone; both exit 1', () => {
    copyFileSync(path.join(PDF_FIXTURES, 'scanned.pdf'), path.join(dir, 'papers/scan.pdf'));
    writeFileSync(path.join(dir, 'papers/notes.md'), '# my notes\n');
    copyFileSync(path.join(PDF_FIXTURES, 'masterson-2024-one-column.pdf'), path.join(dir, 'papers/notes.pdf'));
    const r = cmo(['import-pdf', 'papers/scan.pdf', 'papers/notes.pdf', 'papers/masterson-2024.pdf'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /papers\/scan\.pdf has no text layer.*OCR.*Nothing was written/);
    assert.match(r.err, /papers\/notes\.md exists and is not the text of papers\/notes\.pdf/);
    assert.equal(readFileSync(path.join(dir, 'papers/notes.md'), 'utf8'), '# my notes\n');
    assert.ok(twin().length > 40_000, 'the good one was still imported');
    assert.throws(() => readFileSync(path.join(dir, 'papers/scan.md')));
  });

  it('re-importing a new version of the PDF keeps every code: cmo anchor finds each on its own words', () => {
    assert.equal(cmo(['import-pdf', 'papers/masterson-2024.pdf'], dir).code, 0);
    const text = twin();
    // 40 passages: whole sentences of the article spread over its pages.
    const sentences = [...text.replace(PAGE_MARKER_PATTERN, (m) => ' '.repeat(m.length)).matchAll(/[A-Z][^.!?\n<]{60,200}[.!?]/g)];
    const picked = sentences.filter((_, i) => i % Math.floor(sentences.length / 40) === 0).slice(0, 40);
    const codes: Code[] = picked.map((m, i) => ({ id: `pdf${String(i).padStart(5, '0')}`, role: (['context', 'resource', 'reasoning', 'outcome'] as const)[i % 4], ...selectorFor(text, m.index!, m.index! + m[0].length) }));
    writeFileSync(path.join(dir, 'papers/masterson-2024.md.cmo.json'), serializeSidecar({ ...emptySidecar('papers/masterson-2024.md', text), codes }));
    // The publisher's new version: one column, no hyphenation, other page breaks.
    copyFileSync(path.join(PDF_FIXTURES, 'masterson-2024-one-column.pdf'), path.join(dir, 'papers/masterson-2024.pdf'));
    assert.match(cmo(['check', '.'], dir).out, /papers\/masterson-2024\.pdf changed since papers\/masterson-2024\.md was made from it/);
    const r = cmo(['import-pdf', 'papers/masterson-2024.pdf'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /It has 40 code\(s\): run "cmo anchor papers\/masterson-2024\.md --write"/);
    const after = twin();
    assert.notEqual(after, text);
    const anchored = JSON.parse(cmo(['anchor', 'papers/masterson-2024.md', '--json', '--write'], dir).out);
    assert.equal(anchored.orphaned, 0);
    const stored = JSON.parse(readFileSync(path.join(dir, 'papers/masterson-2024.md.cmo.json'), 'utf8')) as { codes: Code[] };
    const flat = (s: string) => s.replace(PAGE_MARKER_PATTERN, ' ').replace(/\s+/g, ' ').trim();
    for (const [i, c] of stored.codes.entries()) {
      const before = codes.find((b) => b.id === c.id)!;
      assert.equal(flat(after.slice(c.start, c.end)), flat(before.exact), `code ${i} is on its own words`);
    }
    assert.doesNotMatch(cmo(['check', '.'], dir).out, /changed since/);
  });

  it('THEORY.md and the CSV give each passage of a twin its page', () => {
    assert.equal(cmo(['import-pdf', 'papers/masterson-2024.pdf'], dir).code, 0);
    const text = twin();
    const quote = 'A digital whiteboard functions like a traditional whiteboard';
    const start = text.indexOf(quote);
    const page = PageIndex.of(text)!.pageAt(start);
    assert.ok(page > 1);
    const code: Code = { id: 'wboard01', role: 'resource', ...selectorFor(text, start, start + quote.length) };
    writeFileSync(path.join(dir, 'papers/masterson-2024.md.cmo.json'), serializeSidecar({ ...emptySidecar('papers/masterson-2024.md', text), codes: [code] }));
    writeFileSync(path.join(dir, 'cmo-project.json'), serializeProject({ cmo: 1, configurations: [{ id: 'conf0001', title: 'Whiteboards', codes: ['papers/masterson-2024.md#wboard01'] }] }));
    assert.equal(cmo(['report', '.'], dir).code, 0);
    const theory = readFileSync(path.join(dir, 'THEORY.md'), 'utf8');
    assert.match(theory, new RegExp(`\\[masterson-2024\\.md:\\d+\\]\\([^)]*\\), p\\. ${page} \\|`));
    assert.equal(cmo(['check', '.'], dir).code, 0, 'check renders the same THEORY.md from its summaries');
    const csv = cmo(['export', '.', '--format', 'csv'], dir).out.split('\r\n');
    assert.equal(csv[0]!.split(',')[3], 'page');
    assert.equal(csv[1]!.split(',')[3], String(page));
  });
});

/**
 * The PDF import's layout analysis (src/core/pdf) on PDFs that chromium
 * printed from the corpus article (test/fixtures/pdf/make-pdfs.ts), read with
 * pdf.js (src/pdf): the article's own paragraphs are the ground truth.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { layoutPdf, PageIndex, PAGE_MARKER_PATTERN, type PdfLayout, type PdfPage } from '../../../src/core';
import { readPdf } from '../../../src/pdf/node';
import { PDFJS_VERSION } from '../../../src/pdf/version';
import { articleBlocks, PDF_FIXTURES, RUNNING_HEADER } from '../../fixtures/pdf/make-pdfs';
import { builtWordList } from '../../helpers/cli';

const pdf = (name: string) => new Uint8Array(readFileSync(path.join(PDF_FIXTURES, name)));
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The twin's text as a reader sees it: page markers out, white space single. */
const readable = (l: PdfLayout) => flat(l.text.replace(PAGE_MARKER_PATTERN, ' '));

/** The article's sentences, in order, from its paragraphs. */
function sentences(): string[] {
  return articleBlocks()
    .filter((b) => b.kind === 'paragraph')
    .flatMap((b) => flat(b.text).split(/(?<=[.!?])\s+(?=[A-Z“‘(])/))
    .filter((s) => s.length >= 20);
}

/** Share of sentences found, and whether those found are in order. */
function recovered(text: string, list: readonly string[]): { share: number; inOrder: boolean; missing: string[] } {
  let at = 0;
  let found = 0;
  let inOrder = true;
  const missing: string[] = [];
  for (const s of list) {
    const i = text.indexOf(s, at);
    if (i >= 0) {
      found++;
      at = i + s.length;
    } else if (text.includes(s)) {
      found++;
      inOrder = false;
    } else missing.push(s);
  }
  return { share: found / list.length, inOrder, missing };
}

describe('PDF import: layout analysis on journal-style PDFs of the corpus article', function () {
  this.timeout(60_000);
  let two: { pages: PdfPage[]; layout: PdfLayout };
  let one: { pages: PdfPage[]; layout: PdfLayout };
  before(async () => {
    const words = builtWordList();
    const p2 = await readPdf(pdf('masterson-2024-two-column.pdf'));
    two = { pages: p2, layout: layoutPdf(p2, { words }) };
    const p1 = await readPdf(pdf('masterson-2024-one-column.pdf'));
    one = { pages: p1, layout: layoutPdf(p1, { words }) };
  });

  for (const which of ['two', 'one'] as const) {
    it(`${which} column(s): at least 99 % of the article's sentences, in order`, () => {
      const { layout } = which === 'two' ? two : one;
      const r = recovered(readable(layout), sentences());
      if (process.env.CMO_SHOW) console.log(`      ${which}: ${(r.share * 100).toFixed(1)} % of ${sentences().length} sentences`);
      assert.ok(r.share >= 0.99, `${(r.share * 100).toFixed(1)} % recovered; missing:\n${r.missing.slice(0, 5).join('\n')}`);
      assert.ok(r.inOrder, 'sentences out of order');
    });

    it(`${which} column(s): no running header or page number left; a marker for every page, in order`, () => {
      const { layout, pages } = which === 'two' ? two : one;
      assert.ok(pages.length >= 5);
      const lines = layout.text.split('\n');
      assert.ok(!layout.text.includes(RUNNING_HEADER), 'the running header is gone');
      assert.deepEqual(lines.filter((l) => /^page \d+ of \d+$/i.test(l.trim()) || /^\d{1,3}$/.test(l.trim())), []);
      assert.ok(!/Page \d+ of \d+/.test(layout.text));
      const markers = [...layout.text.matchAll(PAGE_MARKER_PATTERN)].map((m) => Number(m[1]));
      assert.deepEqual(markers, pages.map((p) => p.number));
      assert.ok(layout.removed >= pages.length * 2 - 1, `removed ${layout.removed}`);
    });
  }

  it('joins words hyphenated at line ends, and keeps real hyphens ("co-design")', () => {
    const text = readable(two.layout);
    const source = flat(articleBlocks().map((b) => b.text).join(' '));
    // Every hyphenated word of the twin is one the article writes so.
    const invented = [...new Set([...text.matchAll(/\p{L}+[-‐]\p{L}+/gu)].map((m) => m[0]).filter((w) => !source.includes(w)))];
    assert.deepEqual(invented, []);
    for (const w of ['implementation', 'collaboration', 'co-design', 'co-production', 'programme theory']) assert.ok(text.includes(w), w);
    // The PDF really did hyphenate (else this test proves nothing).
    const hyphenatedLineEnds = two.pages.flatMap((p) => p.items).filter((i) => /[‐-]$/.test(i.str)).length;
    assert.ok(hyphenatedLineEnds > 50, `${hyphenatedLineEnds} line ends with a hyphen in the PDF`);
  });

  it('headings as Markdown headings, captions and tables marked', () => {
    const lines = two.layout.text.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('# ')).length, 1, 'one title');
    for (const h of ['Abstract', 'Background', 'Methods', 'Results', 'Discussion', 'Phase 1 – inductive analysis']) assert.ok(lines.includes(`## ${h}`), h);
    assert.ok(lines.includes('*Fig. 1 A document flow diagram*'));
    assert.ok(lines.includes('| Dialogue | iterative interaction with dialogue |'));
    assert.ok(lines.includes('| Agreement | a formal agreement |'));
  });

  it('every offset has a page: the page of the text item it came from', () => {
    const pages = PageIndex.of(two.layout.text)!;
    const sentence = 'A digital whiteboard functions like a traditional whiteboard';
    const at = two.layout.text.indexOf(sentence);
    const span = two.layout.spans.find((s) => s.start <= at && at < s.end)!;
    // The PDF's own text of that page has the sentence's words.
    const pageText = two.pages[span.page - 1]!.items.map((i) => i.str).join('');
    assert.ok(pageText.replace(/[\s‐-]/g, '').includes('digitalwhiteboardfunctions'), `page ${span.page}`);
    assert.equal(pages.pageAt(at), span.page);
    assert.ok(span.page > 1);
    // And so for every item: the marker before it names its page.
    for (const s of two.layout.spans) assert.equal(pages.pageAt(s.start), s.page, `item ${s.item} of page ${s.page}`);
  });

  it('each text item lands where its text is in the twin', () => {
    let checked = 0;
    for (const s of two.layout.spans) {
      const item = two.pages[s.page - 1]!.items[s.item]!;
      const landed = two.layout.text.slice(s.start, s.end);
      assert.ok(item.str.replace(/[\s‐-]+$/, '').startsWith(landed.replace(/[\s‐-]+$/, '').trim()) || landed.trim() === '', `${JSON.stringify(item.str)} landed as ${JSON.stringify(landed)}`);
      checked++;
    }
    assert.ok(checked > 5000);
  });

  it('a scanned PDF (images only) says so and gives no text', async () => {
    const layout = layoutPdf(await readPdf(pdf('scanned.pdf')));
    assert.match(layout.warnings.join(' '), /no text layer/);
    assert.equal(layout.text.replace(PAGE_MARKER_PATTERN, '').trim(), '');
  });
});

describe('the pinned pdf.js', () => {
  it('is the version package.json installs and the twins name', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const installed = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'node_modules', 'pdfjs-dist', 'package.json'), 'utf8'));
    assert.equal(pkg.devDependencies['pdfjs-dist'], PDFJS_VERSION, 'an exact version in package.json');
    assert.equal(installed.version, PDFJS_VERSION);
  });
});

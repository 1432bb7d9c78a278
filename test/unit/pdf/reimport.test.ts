/**
 * Reviews coded twins made by layout 1; a re-import with today's layout must
 * carry every code over. test/fixtures/real-pdfs/layout1/ holds, for the
 * eight real PDFs and the sample's PDF, the twin as layout 1 wrote it, 48
 * codes on it, and for each code the characters of the PDF's text items it
 * covers (make-layout1.ts). Here each PDF is laid out again, the codes are
 * anchored on the new twin, and each result is judged against those items:
 * - no code is lost: `cmo import-pdf --upgrade` keeps every id in the sidecar;
 * - no code is placed on other words: at least 90 % of the item characters a
 *   placed code covers now are ones it covered before;
 * - a code is orphaned only where its passage truly changed: its words (page
 *   markers, white space, line-end hyphens and Markdown marks aside) are not
 *   in the new twin in that order.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { anchorCodes, layoutPdf, normaliseItemText, PAGE_MARKER_PATTERN, twinText, type Code, type ItemSpan, type PdfPage } from '../../../src/core';
import { readPdf } from '../../../src/pdf/node';
import { builtWordList, cmo, requireBuiltCli, ROOT } from '../../helpers/cli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'real-pdfs');
const LAYOUT1 = path.join(FIXTURES, 'layout1');
const NAMES = readdirSync(LAYOUT1)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace(/\.truth\.json$/, ''));
const pdfOf = (name: string) => (name === 'co-design-synthesis' ? path.join(ROOT, 'sample', 'papers', `${name}.pdf`) : path.join(FIXTURES, `${name}.pdf`));

type Chars = Map<string, Set<number>>;
/** Item characters as page:item → set of character indexes. */
function charsOf(spans: readonly ItemSpan[], pages: readonly PdfPage[], offset: number, start: number, end: number): Chars {
  const out: Chars = new Map();
  for (const s of spans) {
    const a = Math.max(start, s.start + offset);
    const b = Math.min(end, s.end + offset);
    if (a >= b) continue;
    const str = normaliseItemText(pages[s.page - 1]!.items[s.item]!.str);
    const lead = str.length - str.trimStart().length;
    const set = out.get(`${s.page}:${s.item}`) ?? new Set<number>();
    for (let k = a; k < b; k++) set.add(lead + k - (s.start + offset));
    out.set(`${s.page}:${s.item}`, set);
  }
  return out;
}
const size = (c: Chars) => [...c.values()].reduce((n, s) => n + s.size, 0);
/** Words only: what a reader compares ("co‐\ndesign" and "co-design" alike; markers, pipes and stars out). */
const words = (s: string) => s.replace(PAGE_MARKER_PATTERN, ' ').replace(/[-\u2010\u2011\u00ad]\s+/g, '').replace(/[|*#\s\u2010\u2011-]+/g, ' ').trim().toLowerCase();

describe('re-import: codes of twins made by layout 1 carried over to today\'s layout (real PDFs)', function () {
  this.timeout(120_000);
  const wordList = () => builtWordList();

  for (const name of NAMES) {
    it(`${name}: no code placed on other words; orphans only where the passage is no longer in the text`, async () => {
      const pages = await readPdf(new Uint8Array(readFileSync(pdfOf(name))));
      const layout = layoutPdf(pages, { words: wordList() });
      const old = readFileSync(path.join(LAYOUT1, `${name}.md`), 'utf8');
      const { text, bodyStart } = twinText(layout, { pdf: `${name}.pdf`, sha256: '0'.repeat(64), pages: pages.length, extractor: 'test' });
      const codes = (JSON.parse(readFileSync(path.join(LAYOUT1, `${name}.md.cmo.json`), 'utf8')) as { codes: Code[] }).codes;
      const truth = JSON.parse(readFileSync(path.join(LAYOUT1, `${name}.truth.json`), 'utf8')) as Record<string, Array<[number, number, number, number]>>;
      assert.ok(old.includes('layout 1'), 'the fixture is a layout-1 twin');
      assert.equal(codes.length, 48);
      const results = anchorCodes(text, codes);
      const misplaced: string[] = [];
      const needless: string[] = [];
      const flat = words(text);
      for (const r of results) {
        if (r.status === 'orphaned') {
          const quote = words(r.code.exact);
          if (quote.length >= 12 && flat.includes(quote)) needless.push(`${r.code.id} "${r.code.exact.slice(0, 80)}"`);
          continue;
        }
        const before: Chars = new Map();
        for (const [p, i, a, b] of truth[r.code.id] ?? []) {
          const set = before.get(`${p}:${i}`) ?? new Set<number>();
          for (let k = a; k < b; k++) set.add(k);
          before.set(`${p}:${i}`, set);
        }
        const now = charsOf(layout.spans, pages, bodyStart, r.start, r.end);
        let shared = 0;
        for (const [k, set] of now) for (const c of set) if (before.get(k)?.has(c)) shared++;
        const precision = size(now) ? shared / size(now) : 0;
        if (precision < 0.9) misplaced.push(`${r.code.id} (${r.status}, ${(precision * 100).toFixed(0)} % of its characters are the passage's): "${r.code.exact.slice(0, 60)}" → "${text.slice(r.start, r.start + 60)}"`);
      }
      assert.deepEqual(misplaced, [], 'placed on other words');
      assert.deepEqual(needless, [], 'orphaned although the passage is in the new text');
    });
  }

  it('cmo import-pdf --upgrade re-imports every layout-1 twin and keeps every code of every sidecar; cmo check said which twins, and says it no more', () => {
    requireBuiltCli();
    const dir = mkdtempSync(path.join(tmpdir(), 'cmo-upgrade-'));
    try {
      const papers = path.join(dir, 'papers');
      for (const name of NAMES) {
        cpSync(path.join(LAYOUT1, `${name}.md`), path.join(papers, `${name}.md`));
        cpSync(path.join(LAYOUT1, `${name}.md.cmo.json`), path.join(papers, `${name}.md.cmo.json`));
        cpSync(pdfOf(name), path.join(papers, `${name}.pdf`));
      }
      const before = cmo(['check', '.'], dir);
      for (const name of NAMES) assert.match(before.out + before.err, new RegExp(`papers/${name}\\.md:1:1: warning: papers/${name}\\.md was made by layout 1`));
      const r = cmo(['import-pdf', '--upgrade', '--json'], dir);
      assert.equal(r.code, 0, r.err);
      const articles = (JSON.parse(r.out) as { articles: Array<{ text: string; reason: string; codes: { kept: number; moved: number; fuzzy: number; orphaned: number } }> }).articles;
      assert.deepEqual(articles.map((a) => a.text).sort(), NAMES.map((n) => `papers/${n}.md`).sort());
      for (const a of articles) {
        assert.equal(a.reason, 'layout');
        assert.equal(a.codes.kept + a.codes.moved + a.codes.fuzzy + a.codes.orphaned, 48, a.text);
        const ids = (JSON.parse(readFileSync(path.join(dir, `${a.text}.cmo.json`), 'utf8')) as { codes: Code[] }).codes.map((c) => c.id).sort();
        const was = (JSON.parse(readFileSync(path.join(LAYOUT1, `${path.basename(a.text)}.cmo.json`), 'utf8')) as { codes: Code[] }).codes.map((c) => c.id).sort();
        assert.deepEqual(ids, was, `${a.text}: every code kept`);
        assert.match(readFileSync(path.join(dir, a.text), 'utf8'), /layout 2" -->\n/);
      }
      const after = cmo(['check', '.'], dir);
      assert.doesNotMatch(after.out + after.err, /was made by layout/);
      assert.equal(cmo(['import-pdf', '--upgrade'], dir).out, 'Every PDF twin is up to date: nothing to re-import.\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

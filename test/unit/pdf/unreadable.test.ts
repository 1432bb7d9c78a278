/**
 * Text that is no words: a font without a Unicode map gives its glyph codes
 * as whatever characters they happen to be. The real case is f1000-3-305
 * (test/fixtures/real-pdfs/more), whose first page, referee reports and page
 * labels read "¿ÄºÅ¼ÂËÅÈ»É"; here the layout names such pages, and an
 * import of a PDF that is mostly such text is refused, like a scan.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { importPdf, layoutPdf, MemoryFileSystem, type PdfPage } from '../../../src/core';
import { readPdf } from '../../../src/pdf/node';
import { ROOT } from '../../helpers/cli';

/** f1000-3-305's own garbled text, and readable text of the same article. */
const GARBLED = '¿ÄºÅ¼ÂËÅÈ»É¹»Ä¹»È»ÆÅÈÊ»È·Äº·Â¿½·ÄºÊÅ·Ä';
const READABLE = 'Over the past decade progress towards our understanding of the molecular basis of mosquito olfaction has been remarkable.';

function page(number: number, lines: string[]): PdfPage {
  return { number, width: 612, height: 792, items: lines.map((str, i) => ({ str, x: 72, y: 700 - i * 14, width: str.length * 5, fontSize: 10, font: 'f1' })) };
}

describe('PDF import: text that cannot be read as words', () => {
  it('names the pages whose text is garbled glyphs, and only those', () => {
    const pages = [page(1, Array(20).fill(GARBLED)), page(2, Array(20).fill(READABLE)), page(3, Array(20).fill(GARBLED))];
    const layout = layoutPdf(pages);
    assert.deepEqual(layout.unreadable.pages, [1, 3]);
    assert.match(layout.warnings.join(' '), /the text of pages 1, 3 cannot be read as words/);
  });

  it('refuses to import a PDF that is mostly such text, and writes nothing', async () => {
    const fs = new MemoryFileSystem();
    await fs.writeFile('papers/x.pdf', new TextEncoder().encode('%PDF-1.4\n'));
    const pages = [page(1, Array(20).fill(GARBLED)), page(2, Array(20).fill(GARBLED)), page(3, Array(3).fill(READABLE))];
    const r = await importPdf(fs, 'papers/x.pdf', 'papers/x.md', { name: 'test', pages: async () => pages, layout: layoutPdf });
    assert.match(r.error ?? '', /papers\/x\.pdf's text cannot be read as words.*OCR.*Nothing was written/);
    assert.equal(await fs.stat('papers/x.md'), undefined);
  });

  it('on the real PDF whose fonts garble seven of its pages (f1000-3-305), warns of those pages, and no others', async () => {
    const pdf = new Uint8Array(readFileSync(path.join(ROOT, 'test', 'fixtures', 'real-pdfs', 'more', 'f1000-3-305.pdf')));
    const layout = layoutPdf(await readPdf(pdf));
    assert.deepEqual(layout.unreadable.pages, [1, 2, 10, 11, 12, 13, 14]);
    assert.ok(layout.unreadable.share < 0.5, 'most of it can be read: imported, with the warning');
    for (const other of ['trials-16-1', 'pone-0115884', 'mdpi-04-00932']) {
      const l = layoutPdf(await readPdf(new Uint8Array(readFileSync(path.join(ROOT, 'test', 'fixtures', 'real-pdfs', `${other}.pdf`)))));
      assert.deepEqual(l.unreadable.pages, [], other);
    }
  });
});

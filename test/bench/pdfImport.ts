/**
 * The PDF import rows, each against pdf.js's bare getTextContent over the
 * same pages, in the same process: a 30-page two-column PDF (test/fixtures/pdf,
 * the corpus article three times), and the eight real journal PDFs of
 * test/fixtures/real-pdfs together, read and laid out into their twins with
 * the word list the import uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { layoutPdf, parseWordList } from '../../src/core';
import { readPdf } from '../../src/pdf/node';
import { median, type Row } from './harness';

const PDF = path.join(__dirname, '..', 'fixtures', 'pdf', 'masterson-2024-long.pdf');
const REAL = path.join(__dirname, '..', 'fixtures', 'real-pdfs');
const WORDS = path.join(__dirname, '..', '..', 'dist', 'words-en.txt');

export async function pdfImportRows(rows: Row[], log: (s: string) => void): Promise<void> {
  const bytes = new Uint8Array(readFileSync(PDF));
  const words = parseWordList(readFileSync(WORDS, 'utf8'));
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await readPdf(bytes); // loads pdf.js (and lends it what Node lacks) once, outside the timings
  const bareOf = async (b: Uint8Array) => {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(b), disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
    for (let n = 1; n <= doc.numPages; n++) await (await doc.getPage(n)).getTextContent();
    const pages = doc.numPages;
    await doc.destroy();
    return pages;
  };
  const bare = () => bareOf(bytes);
  let pages = 0;
  let chars = 0;
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 6; i++) {
    let t = performance.now();
    pages = await bare();
    if (i > 0) base.push(performance.now() - t);
    t = performance.now();
    chars = layoutPdf(await readPdf(bytes), { words }).text.length;
    if (i > 0) ours.push(performance.now() - t);
  }
  log(`PDF import: ${pages} pages, ${chars} characters of twin`);
  rows.push({ name: `import a ${pages}-page two-column PDF (pdf.js text, layout)`, maxRatio: 1.5, medianMs: median(ours), baselineName: "pdf.js's bare getTextContent over the same pages", baselineMs: median(base), note: '[5 runs after a warm-up, interleaved]' });
  // The real journal PDFs, all eight one after another: what a reviewer's folder costs.
  const real = readdirSync(REAL)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => new Uint8Array(readFileSync(path.join(REAL, f))));
  const realOurs: number[] = [];
  const realBase: number[] = [];
  let realPages = 0;
  for (let i = 0; i < 4; i++) {
    let t = performance.now();
    realPages = 0;
    for (const b of real) realPages += await bareOf(b);
    if (i > 0) realBase.push(performance.now() - t);
    t = performance.now();
    for (const b of real) layoutPdf(await readPdf(b), { words });
    if (i > 0) realOurs.push(performance.now() - t);
  }
  rows.push({ name: `import the ${real.length} real journal PDFs (${realPages} pages; pdf.js text, layout)`, maxRatio: 1.5, medianMs: median(realOurs), baselineName: "pdf.js's bare getTextContent over the same pages", baselineMs: median(realBase), note: '[3 runs after a warm-up, interleaved]' });
}

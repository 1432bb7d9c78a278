/**
 * The PDF import row: a 30-page two-column PDF (test/fixtures/pdf, the corpus
 * article three times) read and laid out into its twin, against pdf.js's
 * bare getTextContent over the same pages, in the same process.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { layoutPdf } from '../../src/core';
import { readPdf } from '../../src/pdf/node';
import { median, type Row } from './harness';

const PDF = path.join(__dirname, '..', 'fixtures', 'pdf', 'masterson-2024-long.pdf');

export async function pdfImportRows(rows: Row[], log: (s: string) => void): Promise<void> {
  const bytes = new Uint8Array(readFileSync(PDF));
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await readPdf(bytes); // loads pdf.js (and lends it what Node lacks) once, outside the timings
  const bare = async () => {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
    for (let n = 1; n <= doc.numPages; n++) await (await doc.getPage(n)).getTextContent();
    const pages = doc.numPages;
    await doc.destroy();
    return pages;
  };
  let pages = 0;
  let chars = 0;
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 6; i++) {
    let t = performance.now();
    pages = await bare();
    if (i > 0) base.push(performance.now() - t);
    t = performance.now();
    chars = layoutPdf(await readPdf(bytes)).text.length;
    if (i > 0) ours.push(performance.now() - t);
  }
  log(`PDF import: ${pages} pages, ${chars} characters of twin`);
  rows.push({ name: `import a ${pages}-page two-column PDF (pdf.js text, font names, layout)`, maxRatio: 2, medianMs: median(ours), baselineName: "pdf.js's bare getTextContent over the same pages", baselineMs: median(base), note: '[5 runs after a warm-up, interleaved]' });
}

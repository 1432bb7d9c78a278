/**
 * pdf.js for the CLI and the desktop extension: its own bundle, dist/pdf.js
 * (built from src/pdf/node.ts), loaded by path on the first PDF read, so
 * neither bundle carries it nor pays for it at start; and the word list
 * beside it (dist/words-en.txt) for the layout's hyphens.
 */
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseWordList } from '../core/pdf/import';
import type { PdfExtractor } from '../core';
import { PDF_EXTRACTOR_NAME } from '../pdf/version';

/** The extractor in `distDir`/pdf.js (the folder of the running bundle). */
export function bundledPdfExtractor(distDir: string): PdfExtractor {
  const load = () => require(nodePath.join(distDir, 'pdf.js')) as typeof import('../pdf/node');
  let words: Set<string> | undefined;
  return {
    name: PDF_EXTRACTOR_NAME,
    pages: (bytes, progress, options) => load().readPdf(bytes, progress, options?.maxPages),
    words: async () => (words ??= parseWordList(readFileSync(nodePath.join(distDir, 'words-en.txt'), 'utf8'))),
    layout: (pages, options) => load().layoutPdf(pages, options),
  };
}

/**
 * pdf.js for the CLI and the desktop extension: its own bundle, dist/pdf.js
 * (built from src/pdf/node.ts), loaded by path on the first PDF read, so
 * neither bundle carries it nor pays for it at start.
 */
import * as nodePath from 'node:path';
import type { PdfExtractor } from '../core';
import { PDF_EXTRACTOR_NAME } from '../pdf/version';

/** The extractor in `distDir`/pdf.js (the folder of the running bundle). */
export function bundledPdfExtractor(distDir: string): PdfExtractor {
  const load = () => require(nodePath.join(distDir, 'pdf.js')) as typeof import('../pdf/node');
  return { name: PDF_EXTRACTOR_NAME, pages: (bytes, progress) => load().readPdf(bytes, progress) };
}

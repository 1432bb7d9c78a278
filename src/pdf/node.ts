/**
 * pdf.js in Node, as its own bundle (dist/pdf.js, 3 MB), loaded by the CLI
 * and the desktop extension only when a PDF is imported, so neither pays for
 * it at start. Text extraction only: no canvas, no fonts, no eval.
 */
import type { PdfPage } from '../core';
import { extractPages } from './extract';

export { PDFJS_VERSION } from './version';
// The layout analysis travels with pdf.js: the desktop extension loads both only when a PDF is imported.
export { layoutPdf } from '../core/pdf/layout';

/** The pages of a PDF's text layer; throws PdfUnreadable when pdf.js cannot open it. */
export async function readPdf(bytes: Uint8Array, progress?: (done: number, total: number) => void, maxPages?: number): Promise<PdfPage[]> {
  const pdfjs = await load();
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), // a copy, and not a Buffer (which pdf.js refuses)
       disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (e) {
    const err = new PdfUnreadable((e as Error).message || String(e));
    // A PDF that needs a password says so (core's import tells the user what to do).
    if ((e as Error).name === 'PasswordException') err.name = 'PasswordException';
    throw err;
  }
  try {
    return await extractPages(doc, progress, maxPages);
  } finally {
    void doc.destroy();
  }
}

export class PdfUnreadable extends Error {}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loaded: Promise<PdfJs> | undefined;

function load(): Promise<PdfJs> {
  return (loaded ??= (async () => {
    // pdf.js checks its host when it loads: a DOMMatrix to make (its display layer; text extraction never uses it), and
    // globalThis.navigator, which it sets when that has no language; in VS Code's extension host (Node 22+) navigator is
    // a getter that cannot be set. Both are lent for the load and put back after, as the extension host is shared.
    const g = globalThis as { DOMMatrix?: unknown; navigator?: { language?: string }; pdfjsWorker?: unknown };
    const saved = { DOMMatrix: Object.getOwnPropertyDescriptor(g, 'DOMMatrix'), navigator: Object.getOwnPropertyDescriptor(g, 'navigator') };
    if (!g.DOMMatrix) Object.defineProperty(g, 'DOMMatrix', { value: class DOMMatrix {}, configurable: true, writable: true });
    if (!g.navigator?.language) Object.defineProperty(g, 'navigator', { value: { language: 'en-US', platform: '', userAgent: '' }, configurable: true, writable: true });
    // Its warnings about canvas polyfills (for rendering, not done here) go to the console at load: not the user's business.
    const { log, warn } = console;
    console.log = console.warn = () => {};
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      // The worker's code, run in this thread (pdf.js's "fake worker"): one bundle, no file to find.
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      return pdfjs;
    } finally {
      console.log = log;
      console.warn = warn;
      for (const key of ['DOMMatrix', 'navigator'] as const) {
        const d = saved[key];
        if (d) Object.defineProperty(g, key, d);
        else delete g[key];
      }
    }
  })());
}

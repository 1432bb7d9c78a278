/**
 * pdf.js in Node, as its own bundle (dist/pdf.js, 3 MB), loaded by the CLI
 * and the desktop extension only when a PDF is imported, so neither pays for
 * it at start. Text extraction only: no canvas, no fonts, no eval.
 */
import type { PdfPage } from '../core';
import { extractPages } from './extract';

export const PDFJS_VERSION = '5.4.624';

/** The pages of a PDF's text layer; throws PdfUnreadable when pdf.js cannot open it. */
export async function readPdf(bytes: Uint8Array, progress?: (done: number, total: number) => void): Promise<PdfPage[]> {
  const pdfjs = await load();
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), // a copy, and not a Buffer (which pdf.js refuses)
       disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (e) {
    throw new PdfUnreadable((e as Error).message || String(e));
  }
  try {
    return await extractPages(doc, progress);
  } finally {
    void doc.destroy();
  }
}

export class PdfUnreadable extends Error {}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loaded: Promise<PdfJs> | undefined;

function load(): Promise<PdfJs> {
  return (loaded ??= (async () => {
    // pdf.js's display layer makes a DOMMatrix when it loads; text extraction never uses it. Node has none.
    const g = globalThis as { DOMMatrix?: unknown; pdfjsWorker?: unknown };
    g.DOMMatrix ??= class DOMMatrix {
      a = 1;
      b = 0;
      c = 0;
      d = 1;
      e = 0;
      f = 0;
    };
    // Its warnings about canvas polyfills (for rendering, which is not done here) go to the console at load: not the user's business.
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
    }
  })());
}

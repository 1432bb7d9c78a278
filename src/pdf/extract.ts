/**
 * pdf.js → core's PdfPage: each page's text items with their position,
 * width, font size, font and angle, from getTextContent alone. A font is
 * known by pdf.js's id for it ("g_d0_f3"), which tells one typeface from
 * another (a heading's from the body's) without loading the fonts' programs:
 * that (getOperatorList) doubled the import's time, and the names it gave
 * are often codes ("AdvTT99c4c969") that say nothing of weight anyway.
 * Works with the Node build (src/pdf/node.ts) and the browser build (the PDF
 * view) alike.
 */
import type { PdfPage, PdfTextItem } from '../core';
import { TOO_MANY_PAGES } from '../core/pdf/inflated';

/** The part of pdf.js's document proxy used here. */
export interface PdfDocumentLike {
  numPages: number;
  getPage(n: number): Promise<PdfPageLike>;
  getMetadata?(): Promise<{ info?: object }>;
}
export interface PdfPageLike {
  getViewport(o: { scale: number }): { width: number; height: number };
  getTextContent(): Promise<{ items: object[]; styles?: Record<string, { fontFamily?: string }> }>;
  getAnnotations?(): Promise<Array<{ fieldType?: string; fieldValue?: unknown }>>;
}

interface RawItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  fontName?: string;
}

/** Every page's text, in page order; `progress(done, total)` after each page; over `maxPages` pages, an error named TooManyPages (core's inflated.ts) before any. */
export async function extractPages(doc: PdfDocumentLike, progress?: (done: number, total: number) => void, maxPages = Infinity): Promise<PdfPage[]> {
  if (doc.numPages > maxPages) throw Object.assign(new Error(`it has ${doc.numPages} pages, over the limit of ${maxPages} (raise it with the setting cmo.limits.pdfPages)`), { name: TOO_MANY_PAGES, pages: doc.numPages });
  const pages: PdfPage[] = [];
  // Encryption and a form, from the document's catalogue: for telling an encrypted PDF, or one whose text is in its
  // form fields, from a scan when its pages have no text.
  const info = ((await doc.getMetadata?.().catch(() => undefined))?.info ?? {}) as { EncryptFilterName?: string | null; IsAcroFormPresent?: boolean };
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const styles = content.styles ?? {};
    const items: PdfTextItem[] = (content.items as RawItem[]).map((i) => {
      const t = i.transform ?? [1, 0, 0, 1, 0, 0];
      const [a, b, c, d] = t as [number, number, number, number];
      const angle = Math.round((Math.atan2(b, a) * 180) / Math.PI);
      const item: PdfTextItem = { str: i.str ?? '', x: t[4] as number, y: t[5] as number, width: i.width ?? 0, fontSize: Math.hypot(c, d), font: i.fontName ?? '' };
      if (angle !== 0) item.angle = angle;
      if (styles[i.fontName ?? '']?.fontFamily === 'serif') item.serif = true;
      return item;
    });
    const pdfPage: PdfPage = { number: n, width: viewport.width, height: viewport.height, items };
    if (info.EncryptFilterName) pdfPage.encrypted = true;
    if (info.IsAcroFormPresent && page.getAnnotations) {
      const fields = (await page.getAnnotations().catch(() => [])).map((a) => (a.fieldType === 'Tx' && typeof a.fieldValue === 'string' ? a.fieldValue.trim() : '')).filter(Boolean);
      if (fields.length) pdfPage.formText = fields;
    }
    pages.push(pdfPage);
    progress?.(n, doc.numPages);
  }
  return pages;
}

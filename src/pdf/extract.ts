/**
 * pdf.js → core's PdfPage: each page's text items with their position, width,
 * font size and font name. The font names (for bold headings) are known once
 * a page's operator list has loaded its fonts; that is done only for pages
 * that use a font not seen before (usually the first two). Works with the
 * Node build (src/pdf/node.ts) and the browser build (the PDF view) alike.
 */
import type { PdfPage, PdfTextItem } from '../core';

/** The part of pdf.js's document proxy used here. */
export interface PdfDocumentLike {
  numPages: number;
  getPage(n: number): Promise<PdfPageLike>;
}
export interface PdfPageLike {
  getViewport(o: { scale: number }): { width: number; height: number };
  getTextContent(): Promise<{ items: object[] }>;
  getOperatorList(): Promise<unknown>;
  commonObjs: { has(id: string): boolean; get(id: string): unknown };
}

/** Every page's text, in page order; `progress(done, total)` after each page. */
export async function extractPages(doc: PdfDocumentLike, progress?: (done: number, total: number) => void): Promise<PdfPage[]> {
  const fontNames = new Map<string, string>();
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = (await page.getTextContent()) as { items: Array<{ str?: string; transform?: number[]; width?: number; fontName?: string }> };
    const unknown = new Set(content.items.map((i) => i.fontName).filter((f): f is string => !!f && !fontNames.has(f)));
    if (unknown.size) {
      await page.getOperatorList();
      for (const id of unknown) {
        const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: string } | undefined) : undefined;
        fontNames.set(id, font?.name ?? id);
      }
    }
    const items: PdfTextItem[] = content.items.map((i) => {
      const t = i.transform ?? [1, 0, 0, 1, 0, 0];
      return { str: i.str ?? '', x: t[4] as number, y: t[5] as number, width: i.width ?? 0, fontSize: Math.hypot(t[2] as number, t[3] as number), font: fontNames.get(i.fontName ?? '') ?? i.fontName ?? '' };
    });
    pages.push({ number: n, width: viewport.width, height: viewport.height, items });
    progress?.(n, doc.numPages);
  }
  return pages;
}

/**
 * The Markdown twin of a PDF: `papers/olsson-2014.pdf` is coded through
 * `papers/olsson-2014.md`, written by the import. Its first line names the
 * PDF and its sha256 (so `cmo check` can tell when the PDF changed), then the
 * layout's text, with a page marker `<!-- page N -->` at each page start
 * (on a line of its own, or inline where a paragraph runs on over a page
 * break). Markdown renders neither; every offset after the first marker has
 * a page: the last marker before it.
 */
import { dirname, joinPath, normalizePath } from '../formats/fs';
import { PAGE_MARKER_PATTERN, type PdfLayout } from './layout';

export interface TwinSource {
  /** The PDF's file name, beside the twin. */
  pdf: string;
  sha256: string;
  pages: number;
  /** What made the text ("pdfjs-dist 5.4.624, layout 2"). */
  extractor: string;
}

/** The version of layout.ts's analysis: a re-import with a newer one may place text differently (codes are re-anchored). */
export const LAYOUT_VERSION = 2;

const HEADER = /^<!-- cmo-pdf source="([^"]*)" sha256="([0-9a-f]{64})" pages="(\d+)" extractor="([^"]*)" -->\n/;

/** The twin's whole text and where the layout's text starts in it (for the layout's spans). */
export function twinText(layout: PdfLayout, source: TwinSource): { text: string; bodyStart: number } {
  const clean = (s: string) => s.replace(/["\n\r]|-->/g, (c) => encodeURIComponent(c));
  const header = `<!-- cmo-pdf source="${clean(source.pdf)}" sha256="${source.sha256}" pages="${source.pages}" extractor="${clean(source.extractor)}" -->\n`;
  const text = `${header}\n${layout.text}`;
  return { text, bodyStart: header.length + 1 };
}

/** The PDF a twin was made from, by its first line; undefined for any other text. */
export function twinSource(text: string): TwinSource | undefined {
  const m = HEADER.exec(text.slice(0, 2048));
  if (!m) return undefined;
  const unclean = (s: string) => s.replace(/%22|%0A|%0D|--%3E/g, (c) => decodeURIComponent(c));
  return { pdf: unclean(m[1] as string), sha256: m[2] as string, pages: Number(m[3]), extractor: unclean(m[4] as string) };
}

/** The layout that made a twin, from its extractor ("pdfjs-dist 5.4.624, layout 2" → 2); undefined when it does not say. */
export function layoutOf(source: TwinSource): number | undefined {
  const m = /\blayout (\d+)\b/.exec(source.extractor);
  return m ? Number(m[1]) : undefined;
}

/** The workspace path of a twin's PDF: its `source` is relative to the twin's folder. */
export function pdfPathOf(twinPath: string, source: TwinSource): string {
  return normalizePath(joinPath(dirname(twinPath), source.pdf));
}

/** `papers/olsson-2014.pdf` → `papers/olsson-2014.md`. */
export function twinPathFor(pdfPath: string): string {
  return pdfPath.replace(/\.pdf$/i, '') + '.md';
}

/** The page of each offset of a text with page markers. */
export class PageIndex {
  private constructor(
    private readonly starts: number[],
    private readonly pages: number[],
  ) {}

  /** Undefined for a text without page markers (not a PDF's twin). */
  static of(text: string): PageIndex | undefined {
    // Most articles are not twins: a plain substring search settles it before the pattern runs.
    if (!text.includes('<!-- page ')) return undefined;
    const starts: number[] = [];
    const pages: number[] = [];
    for (const m of text.matchAll(PAGE_MARKER_PATTERN)) {
      starts.push(m.index ?? 0);
      pages.push(Number(m[1]));
    }
    return starts.length ? new PageIndex(starts, pages) : undefined;
  }

  /** The page an offset is on: the last marker at or before it (the first page before the first marker). */
  pageAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return this.pages[Math.max(0, found)] as number;
  }

  /** "p. 5" or "pp. 5–6" for a passage. */
  cite(start: number, end: number): string {
    const a = this.pageAt(start);
    const b = this.pageAt(Math.max(start, end - 1));
    return a === b ? `p. ${a}` : `pp. ${a}–${b}`;
  }
}

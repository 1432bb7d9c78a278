/**
 * From a PDF's positioned text to the article as a reviewer reads it: the
 * layout analysis of the PDF import. Input is what an extractor (pdf.js's
 * getTextContent, in src/pdf) gives per page: strings with a position, a
 * width and a font size; output is the Markdown twin's body, one line per
 * paragraph, with a page marker at each page start, and where each text item
 * landed in it (for highlighting on the rendered page).
 *
 * The steps, each a function below:
 * 1. **Columns**: per page, a gutter is a vertical strip in the middle half
 *    of the page that (almost) no text crosses, with enough text on both
 *    sides. Lines crossing it (a title, a wide table) are full width; they cut
 *    the page into bands, read top to bottom, each band left column first.
 * 2. **Lines**: items on one baseline within a column, joined with a space
 *    where the gap between them is a word space (a fifth of the font size).
 * 3. **Running heads**: the top and bottom lines of a page that are a page
 *    number ("12", "Page 3 of 11", "iv"), or that repeat (digits aside) at the
 *    top or bottom of at least two pages and 40 % of them.
 * 4. **Blocks**: a new block where the font size changes, the gap between
 *    lines is larger than the column's usual line spacing, or the previous
 *    line ended short with a full stop. Headings: a size at least 12 % over
 *    the body text's (levels by size), or a bold short line at body size.
 *    Captions: "Fig. 1", "Figure 2", "Table 3" starting a block. Tables: two
 *    or more consecutive lines split into cells by gaps of two font sizes.
 * 5. **Continuations**: a paragraph cut by a column or page break goes on in
 *    the next block when it did not end a sentence and the next one starts in
 *    lower case (or the cut was a hyphen).
 * 6. **Hyphens** at line ends: a soft hyphen is dropped; a hyphen is kept when
 *    the document writes the word with one elsewhere ("co-design"), or the
 *    next part starts with a capital or digit; otherwise the word is joined.
 */

export interface PdfTextItem {
  str: string;
  /** Left edge and baseline, in PDF units (points) from the page's bottom left. */
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** The font's name where known ("…-Bold"), else its id. */
  font: string;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

/** Where a text item landed in the twin's text: [start, end) (end - start may be shorter than the item: a dropped hyphen). */
export interface ItemSpan {
  page: number;
  item: number;
  start: number;
  end: number;
}

export interface PdfLayout {
  /** The Markdown body: page markers, headings, paragraphs (one line each), captions, tables. No source line. */
  text: string;
  pages: number;
  /** Items in text order, with where they landed in `text` (offsets from the start of `text`). */
  spans: ItemSpan[];
  warnings: string[];
  /** Running heads and page numbers removed, for the import's report. */
  removed: number;
}

export const PAGE_MARKER = (page: number): string => `<!-- page ${page} -->`;
export const PAGE_MARKER_PATTERN = /<!-- page (\d+) -->/g;

interface Piece {
  text: string;
  page: number;
  item: number;
  x0: number;
  x1: number;
  size: number;
  bold: boolean;
}

interface Line {
  page: number;
  pieces: Piece[];
  /** Top of the line (baseline - size), from the page top. */
  top: number;
  base: number;
  x0: number;
  x1: number;
  size: number;
  bold: boolean;
  /** Column: 0 full width, 1 left, 2 right. */
  region: number;
  /** The region's right edge, for "did the line end short". */
  regionRight: number;
  /** The column's usual distance between baselines. */
  leading: number;
  cells?: Piece[][];
  /** Its text, once worked out (lineText). */
  text?: string;
}

type BlockKind = 'heading' | 'paragraph' | 'caption' | 'table';
interface Block {
  kind: BlockKind;
  lines: Line[];
  level?: number;
}

const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g;
const HYPHENS = '-\u2010\u2011\u00ad';
const BOLD = /bold|black|heavy|semibold|demi/i;

/** Ligatures spelled out (ﬁ → fi), odd spaces to plain ones, control characters and zero-width ones out; nothing else changed. */
export function normaliseItemText(s: string): string {
  return s.replace(/[\ufb00-\ufb06]/g, (c) => c.normalize('NFKC')).replace(SPACES, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u200b\ufeff]/g, '');
}

export function layoutPdf(pages: readonly PdfPage[]): PdfLayout {
  const warnings: string[] = [];
  const perPage = pages.map((p) => pageLines(p));
  const removed = removeRunningHeads(perPage, pages);
  const lines = perPage.flat();
  const body = bodySize(lines);
  const vocabulary = wordsWithHyphens(lines);
  const blocks = toBlocks(lines, body);
  const out = emit(blocks, pages, vocabulary);
  const chars = lines.reduce((n, l) => n + l.pieces.reduce((m, p) => m + p.text.length, 0), 0);
  if (chars === 0) warnings.push('no text layer: the PDF has only images (a scan?)');
  const empty = pages.filter((_, i) => (perPage[i] as Line[]).length === 0).map((p) => p.number);
  if (chars > 0 && empty.length) warnings.push(`no text on page${empty.length > 1 ? 's' : ''} ${empty.join(', ')} (figures only, or scanned)`);
  return { ...out, pages: pages.length, warnings, removed };
}

// 1–2. Columns and lines.

function pageLines(page: PdfPage): Line[] {
  const pieces: Array<Piece & { base: number }> = [];
  page.items.forEach((it, index) => {
    const text = normaliseItemText(it.str);
    if (!text.trim()) return;
    const size = Math.abs(it.fontSize) || 10;
    pieces.push({ text, page: page.number, item: index, x0: it.x, x1: it.x + Math.max(0, it.width), size, bold: BOLD.test(it.font), base: page.height - it.y });
  });
  if (pieces.length === 0) return [];
  const gutter = findGutter(pieces, page.width);
  // Rows: pieces on one baseline (a tolerance of a third of the size), in order of baseline.
  const rows = groupRows(pieces);
  const lines: Line[] = [];
  for (const row of rows) {
    const crosses = gutter && row.some((p) => p.x0 < gutter[0] - 1 && p.x1 > gutter[1] + 1);
    if (!gutter || crosses) lines.push(makeLine(row, 0));
    else {
      const mid = (gutter[0] + gutter[1]) / 2;
      const left = row.filter((p) => (p.x0 + p.x1) / 2 < mid);
      const right = row.filter((p) => (p.x0 + p.x1) / 2 >= mid);
      if (left.length) lines.push(makeLine(left, 1));
      if (right.length) lines.push(makeLine(right, 2));
    }
  }
  // Region edges and line spacing.
  for (const region of [0, 1, 2]) {
    const inRegion = lines.filter((l) => l.region === region);
    if (!inRegion.length) continue;
    const right = percentile(inRegion.map((l) => l.x1), 0.9);
    const gaps: number[] = [];
    for (let i = 1; i < inRegion.length; i++) {
      const d = (inRegion[i] as Line).base - (inRegion[i - 1] as Line).base;
      if (d > 0 && Math.abs((inRegion[i] as Line).size - (inRegion[i - 1] as Line).size) < 0.5) gaps.push(d);
    }
    const leading = gaps.length ? percentile(gaps, 0.5) : (inRegion[0] as Line).size * 1.3;
    for (const l of inRegion) {
      l.regionRight = right;
      l.leading = leading;
    }
  }
  return readingOrder(lines);
}

/** The widest strip in the middle half of the page that almost no text crosses, with text on both sides; undefined for one column. */
function findGutter(pieces: ReadonlyArray<Piece & { base: number }>, width: number): [number, number] | undefined {
  const bins = Math.max(1, Math.ceil(width));
  const cover = new Int32Array(bins + 1);
  for (const p of pieces) {
    const a = Math.max(0, Math.floor(p.x0));
    const b = Math.min(bins, Math.ceil(p.x1));
    for (let x = a; x < b; x++) cover[x] = (cover[x] as number) + 1;
  }
  const rows = new Set(pieces.map((p) => Math.round(p.base))).size;
  const limit = Math.max(1, Math.floor(rows * 0.08));
  let best: [number, number] | undefined;
  const lo = Math.floor(width * 0.25);
  const hi = Math.ceil(width * 0.75);
  for (let x = lo; x < hi; x++) {
    if ((cover[x] as number) > limit) continue;
    let end = x;
    while (end < hi && (cover[end] as number) <= limit) end++;
    if (end - x >= 6 && (!best || end - x > best[1] - best[0])) best = [x, end];
    x = end;
  }
  if (!best) return undefined;
  const [g0, g1] = best;
  let left = 0;
  let right = 0;
  let total = 0;
  for (const p of pieces) {
    total += p.text.length;
    if (p.x1 <= g0 + 1) left += p.text.length;
    else if (p.x0 >= g1 - 1) right += p.text.length;
  }
  return left > total * 0.2 && right > total * 0.2 ? best : undefined;
}

function groupRows<T extends Piece & { base: number }>(pieces: readonly T[]): T[][] {
  const sorted = [...pieces].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const rows: T[][] = [];
  let current: T[] = [];
  let base = -Infinity;
  for (const p of sorted) {
    if (current.length && Math.abs(p.base - base) > Math.min(p.size, (current[0] as T).size) * 0.35) {
      rows.push(current);
      current = [];
    }
    if (!current.length) base = p.base;
    current.push(p);
  }
  if (current.length) rows.push(current);
  return rows.map((r) => r.sort((a, b) => a.x0 - b.x0));
}

function makeLine(pieces: Array<Piece & { base: number }>, region: number): Line {
  const size = mode(pieces.map((p) => [Math.round(p.size * 2) / 2, p.text.length]));
  const base = Math.max(...pieces.map((p) => p.base));
  const chars = pieces.reduce((n, p) => n + p.text.length, 0);
  const boldChars = pieces.reduce((n, p) => n + (p.bold ? p.text.length : 0), 0);
  return {
    page: (pieces[0] as Piece).page,
    pieces,
    top: base - size,
    base,
    x0: Math.min(...pieces.map((p) => p.x0)),
    x1: Math.max(...pieces.map((p) => p.x1)),
    size,
    bold: boldChars > chars * 0.6,
    region,
    regionRight: 0,
    leading: size * 1.3,
  };
}

/** Full-width lines cut the page into bands; each band is read left column, then right. */
function readingOrder(lines: Line[]): Line[] {
  const byTop = [...lines].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const out: Line[] = [];
  let band: Line[] = [];
  const flush = () => {
    out.push(...band.filter((l) => l.region === 1), ...band.filter((l) => l.region === 2));
    band = [];
  };
  for (const l of byTop) {
    if (l.region === 0) {
      flush();
      out.push(l);
    } else band.push(l);
  }
  flush();
  return out;
}

// 3. Running heads.

const PAGE_NUMBER = /^(page\s*)?(\d{1,4}|[ivxlc]{1,7})(\s*(of|\/)\s*\d{1,4})?$/i;
/** A line's text, pieces joined with a space where the gap between them is a word space. */
function lineText(l: Line): string {
  if (l.text === undefined) {
    let t = '';
    l.pieces.forEach((p, i) => {
      if (i > 0 && p.x0 - (l.pieces[i - 1] as Piece).x1 > l.size * 0.2) t += ' ';
      t += p.text;
    });
    l.text = t.replace(/\s+/g, ' ').trim();
  }
  return l.text;
}

function removeRunningHeads(perPage: Line[][], pages: readonly PdfPage[]): number {
  const key = (l: Line) => lineText(l).toLowerCase().replace(/\d+/g, '#');
  /** The lines at the top and bottom edge of a page: the first and last two by position. */
  const edges = (lines: Line[]) => {
    const byTop = [...lines].sort((a, b) => a.base - b.base);
    return new Set([...byTop.slice(0, 2), ...byTop.slice(-2)]);
  };
  const seen = new Map<string, number>();
  const edgeSets = perPage.map(edges);
  for (const set of edgeSets) for (const k of new Set([...set].map(key))) seen.set(k, (seen.get(k) ?? 0) + 1);
  const repeatsOn = Math.max(2, Math.ceil(pages.length * 0.4));
  let removed = 0;
  perPage.forEach((lines, i) => {
    const set = edgeSets[i] as Set<Line>;
    const page = pages[i] as PdfPage;
    const drop = new Set<Line>();
    for (const l of set) {
      const text = lineText(l);
      // Only in the page's outer fifth: a body line that happens to repeat stays.
      const outer = l.base < page.height * 0.2 || l.base > page.height * 0.8;
      if (!outer) continue;
      if (PAGE_NUMBER.test(text) || (pages.length >= 2 && (seen.get(key(l)) ?? 0) >= repeatsOn)) drop.add(l);
    }
    if (drop.size) {
      removed += drop.size;
      perPage[i] = lines.filter((l) => !drop.has(l));
    }
  });
  return removed;
}

// 4. Blocks.

function bodySize(lines: readonly Line[]): number {
  return lines.length ? mode(lines.map((l) => [l.size, l.pieces.reduce((n, p) => n + p.text.length, 0)])) : 10;
}

const CAPTION = /^(fig\.?|figure|table|box|chart|exhibit)\s*\d+[a-z]?\b/i;
const SENTENCE_END = /[.!?:]["”’)\]]*$/;

/** A line's cells: pieces parted by gaps of more than `gap` font sizes. */
function cellsOf(line: Line, gap: number): Piece[][] {
  const cells: Piece[][] = [];
  let last: Piece | undefined;
  for (const p of line.pieces) {
    if (!last || p.x0 - last.x1 > line.size * gap) cells.push([p]);
    else (cells[cells.length - 1] as Piece[]).push(p);
    last = p;
  }
  return cells;
}

function toBlocks(lines: readonly Line[], body: number): Block[] {
  const blocks: Block[] = [];
  const headingSizes = [...new Set(lines.filter((l) => l.size >= body * 1.12).map((l) => l.size))].sort((a, b) => b - a);
  const kindOf = (l: Line): Block['kind'] => {
    const text = lineText(l);
    if (l.size >= body * 1.12) return 'heading';
    if (l.bold && l.size >= body - 0.5 && text.length < 120 && !SENTENCE_END.test(text)) return 'heading';
    if (CAPTION.test(text)) return 'caption';
    // A table row: cells parted by an em in a smaller font than the body's (tables usually are), or by two ems at body size.
    const cells = cellsOf(l, l.size < body - 0.25 ? 0.8 : 2);
    if (cells.length >= 2) {
      l.cells = cells;
      return 'table';
    }
    return 'paragraph';
  };
  let previous: Line | undefined;
  for (const l of lines) {
    const kind = kindOf(l);
    const block = blocks[blocks.length - 1];
    let same = false;
    if (block && previous && previous.page === l.page && previous.region === l.region) {
      const gap = l.base - previous.base;
      const sizeSame = Math.abs(previous.size - l.size) < 0.5 && previous.bold === l.bold;
      const close = gap > 0 && gap < previous.leading * 1.35;
      const endedShort = previous.x1 < previous.regionRight - previous.size * 1.5 && SENTENCE_END.test(lineText(previous));
      if (block.kind === 'table') same = kind === 'table' && gap > 0 && gap < Math.max(previous.leading * 1.35, previous.size * 2.5);
      else if (block.kind === 'heading') same = kind === 'heading' && sizeSame && close;
      else if (block.kind === 'caption') same = kind === 'paragraph' && sizeSame && close && !endedShort;
      // "… are presented in / Table 2. Of note …": a caption's words inside a paragraph do not start a caption.
      else same = (kind === 'paragraph' || kind === 'caption') && sizeSame && close && !endedShort;
    }
    if (same) (block as Block).lines.push(l);
    else blocks.push({ kind, lines: [l], ...(kind === 'heading' ? { level: headingLevel(l, headingSizes) } : {}) });
    previous = l;
  }
  // A lone line with wide gaps is not a table: a paragraph line after all.
  for (const b of blocks) {
    if (b.kind !== 'table' || b.lines.length >= 2) continue;
    b.kind = 'paragraph';
    delete (b.lines[0] as Line).cells;
  }
  return blocks;
}

function headingLevel(l: Line, sizes: readonly number[]): number {
  const rank = sizes.indexOf(l.size);
  return Math.min(6, rank < 0 ? sizes.length + 1 : rank + 1);
}

// 5–6. Continuations, hyphens, and the Markdown.

/** Words written with a hyphen inside a line somewhere in the document ("co-design"), lower case. */
interface Vocabulary {
  hyphenated: Set<string>;
  plain: Set<string>;
  /** The parts before and after a hyphen in hyphenated words ("service", "users"). */
  heads: Set<string>;
  tails: Set<string>;
}

function wordsWithHyphens(lines: readonly Line[]): Vocabulary {
  const hyphenated = new Set<string>();
  const plain = new Set<string>();
  const heads = new Set<string>();
  const tails = new Set<string>();
  for (const l of lines) {
    const text = lineText(l);
    for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)*/gu)) {
      const w = m[0].toLowerCase();
      // The first and last words of a line may be parts of a word cut at a line end: they do not count.
      if ((m.index ?? 0) === 0 || (m.index ?? 0) + m[0].length >= text.length) continue;
      if (/[-\u2010\u2011]/.test(w)) {
        const parts = w.split(/[-\u2010\u2011]/);
        hyphenated.add(parts.join('-'));
        heads.add(parts[0] as string);
        tails.add(parts[parts.length - 1] as string);
      } else plain.add(w);
    }
  }
  return { hyphenated, plain, heads, tails };
}

/** Text built from parts: reading a growing string (endsWith) would flatten it at every step. */
class TextBuilder {
  private parts: string[] = [];
  length = 0;
  /** The last characters put, enough for a word and a blank line. */
  tail = '';
  put(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.length += s.length;
    this.tail = (this.tail + s).slice(-64);
  }
  /** Takes back the last `n` characters (at most the tail). */
  unput(n: number): void {
    const all = this.parts.join('');
    this.parts = [all.slice(0, all.length - n)];
    this.length -= n;
    this.tail = this.parts[0]!.slice(-64);
  }
  endsWith(s: string): boolean {
    return this.tail.endsWith(s);
  }
  toString(): string {
    return this.parts.join('');
  }
}

function emit(blocks: readonly Block[], pages: readonly PdfPage[], vocabulary: Vocabulary): { text: string; spans: ItemSpan[] } {
  const text = new TextBuilder();
  const spans: ItemSpan[] = [];
  const marked = new Set<number>();
  const put = (s: string) => text.put(s);
  /** Ends the text with one blank line (none at the very start). */
  const blank = () => {
    if (!text.length) return;
    while (!text.endsWith('\n\n')) text.put('\n');
  };
  const markPagesUpTo = (page: number) => {
    // A page with no text still gets its marker, so every page has one.
    for (const p of pages) {
      if (p.number > page || marked.has(p.number)) continue;
      marked.add(p.number);
      blank();
      put(PAGE_MARKER(p.number));
    }
  };
  const putPiece = (p: Piece, s: string) => {
    const start = text.length;
    text.put(s);
    spans.push({ page: p.page, item: p.item, start, end: text.length });
  };
  /** A block's lines as one line; a page change inside it gets an inline marker at the next word break. */
  const putLines = (lines: readonly Line[]) => {
    let pendingMarker: number | undefined;
    const putMarker = () => {
      if (pendingMarker === undefined) return;
      marked.add(pendingMarker);
      put(`${PAGE_MARKER(pendingMarker)} `);
      pendingMarker = undefined;
    };
    let joined = false;
    for (const [li, line] of lines.entries()) {
      if (li > 0) {
        if (line.page !== (lines[li - 1] as Line).page) pendingMarker = line.page;
        if (!joined) {
          put(' ');
          putMarker();
        }
        joined = false;
      }
      line.pieces.forEach((p, pi) => {
        let s = p.text;
        if (pi > 0 && p.x0 - (line.pieces[pi - 1] as Piece).x1 > line.size * 0.2 && !text.endsWith(' ') && !s.startsWith(' ')) {
          put(' ');
          putMarker();
        }
        if (text.endsWith(' ')) s = s.replace(/^ +/, '');
        const next = lines[li + 1];
        if (pi === line.pieces.length - 1) {
          s = s.replace(/ +$/, '');
          if (next && HYPHENS.includes(s.slice(-1)) && s.length + text.length > 1) {
            const stands = joinHyphen(text.tail + s.slice(0, -1), s.slice(-1), lineText(next), vocabulary);
            s = s.slice(0, -1) + stands;
            putPiece(p, s);
            joined = true; // no space before the next line
            return;
          }
        }
        putPiece(p, s);
      });
    }
    if (pendingMarker !== undefined) {
      put(' ');
      putMarker();
      text.unput(1);
    }
  };
  // Continuations: a paragraph cut by a column or page break, joined to the next one.
  const merged: Block[] = [];
  for (const b of blocks) {
    const last = merged[merged.length - 1];
    if (last && last.kind === 'paragraph' && b.kind === 'paragraph') {
      const lastLine = last.lines[last.lines.length - 1] as Line;
      const firstLine = b.lines[0] as Line;
      const end = lineText(lastLine);
      const broke = lastLine.page !== firstLine.page || lastLine.region !== firstLine.region;
      if (broke && (HYPHENS.includes(end.slice(-1)) || (!SENTENCE_END.test(end) && /^[\p{Ll}(]/u.test(lineText(firstLine))))) {
        last.lines.push(...b.lines);
        continue;
      }
    }
    merged.push({ ...b, lines: [...b.lines] });
  }
  for (const b of merged) {
    markPagesUpTo((b.lines[0] as Line).page);
    blank();
    if (b.kind === 'heading') {
      put(`${'#'.repeat(b.level ?? 2)} `);
      putLines(b.lines);
    } else if (b.kind === 'caption') {
      put('*');
      putLines(b.lines);
      put('*');
    } else if (b.kind === 'table') {
      b.lines.forEach((line, i) => {
        const cells = line.cells ?? [line.pieces];
        if (i > 0) put('\n');
        put('|');
        for (const cell of cells) {
          put(' ');
          cell.forEach((p, k) => {
            if (k > 0 && p.x0 - (cell[k - 1] as Piece).x1 > line.size * 0.2) put(' ');
            putPiece(p, p.text.trim().replace(/\|/g, '/'));
          });
          put(' |');
        }
        if (i === 0) put(`\n|${' --- |'.repeat(cells.length)}`);
      });
    } else putLines(b.lines);
  }
  markPagesUpTo(Infinity);
  return { text: `${text.toString()}\n`, spans };
}

/** What stands in for a hyphen at a line end: '' to join the word, the hyphen to keep it. */
function joinHyphen(before: string, hyphen: string, nextLine: string, vocabulary: Vocabulary): string {
  if (hyphen === '\u00ad') return '';
  const left = /[\p{L}\p{N}]+$/u.exec(before)?.[0] ?? '';
  const right = /^[\p{L}\p{N}]+/u.exec(nextLine)?.[0] ?? '';
  if (!left || !right) return hyphen;
  const kept = `${left}-${right}`.toLowerCase();
  const joined = `${left}${right}`.toLowerCase();
  // The document's own spelling first, either way.
  if (vocabulary.hyphenated.has(kept)) return hyphen;
  if (vocabulary.plain.has(joined)) return '';
  // "Covid-19", "non-EU"; "decision-making": two words the document uses on their own; "end-users": a part it
  // hyphenates elsewhere ("service-users"); "on-off", "by-product": hyphenation leaves no one- or two-letter part.
  if (/^[\p{Lu}\p{N}]/u.test(right) || left.length <= 2) return hyphen;
  const l = left.toLowerCase();
  const r = right.toLowerCase();
  if (vocabulary.plain.has(l) && vocabulary.plain.has(r)) return hyphen;
  if (vocabulary.heads.has(l) || vocabulary.tails.has(r)) return hyphen;
  return '';
}

// Helpers.

function mode(weighted: Array<[number, number]>): number {
  const counts = new Map<number, number>();
  for (const [v, w] of weighted) counts.set(v, (counts.get(v) ?? 0) + w);
  let best = 0;
  let bestCount = -1;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * From a PDF's positioned text to the article as a reviewer reads it: the
 * layout analysis of the PDF import. Input is what an extractor (pdf.js's
 * getTextContent, in src/pdf) gives per page: strings with a position, a
 * width, a font size and a font; output is the Markdown twin's body, one line
 * per paragraph, with a page marker at each page start, and where each text
 * item landed in it (for highlighting on the rendered page).
 *
 * The steps, each in its own file:
 * 1. **Pieces and rows** (pieces.ts): items as boxes on baselines;
 *    superscripts and subscripts joined to their row; spacing accents joined
 *    to their letter; turned text (a side margin's) set apart.
 * 2. **The document's grid** (grid.ts): body size and font, the columns and
 *    gutters (from all pages together), the usual line spacing.
 * 3. **Lines** (lines.ts): rows cut at the gutters; wide gaps kept as cells.
 * 4. **Running heads** (margins.ts): lines in the top and bottom margins that
 *    repeat across pages (digits aside) or are page numbers are removed;
 *    turned margin text that repeats is dropped.
 * 5. **Regions** (regions.ts): each page cut into bands at full-width lines
 *    and tables, each band read column by column.
 * 6. **Blocks** (blocks.ts): headings, paragraphs, captions, tables, notes
 *    (footnotes, figure labels), reference-list entries one each.
 * 7. **Flow** (here): a paragraph cut by a column or page break, or by a
 *    float (a caption, a table, a footnote) in its way, goes on in the next
 *    paragraph of its size when it did not end a sentence (or, where the
 *    document indents its paragraphs, when the next one is not indented);
 *    the floats it passed come right after it. Heading levels: the title
 *    (the largest text of page 1) is level 1, the document's other heading
 *    styles 2 and on by size.
 * 8. **Markdown** (markdown.ts): headings as `#`, captions in italics, tables
 *    as tables, paragraphs on one line with words hyphenated at line ends
 *    joined (by the document's own vocabulary), page markers.
 */
import { blocksOf, LINK_LABELS, REFERENCES_HEADING, SENTENCE_END, type Block, type BlockContext } from './blocks';
import { findHeadings, styleOf, type Headings } from './headings';
import { gridOf } from './grid';
import { cellsOf, cellsOfPieces, linesOf, type Line } from './lines';
import { headKey, removeRunningHeads, repeatedTurned } from './margins';
import { emitMarkdown, type Unit } from './markdown';
import { piecesOf, rowsOf, unreadable, type Piece } from './pieces';
import { regionsOf } from './regions';

export { normaliseItemText } from './pieces';

export interface PdfTextItem {
  str: string;
  /** Left edge and baseline, in PDF units (points) from the page's bottom left. */
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** The font: an id that tells one typeface (and weight) of the document from another ("g_d0_f3"), or a name. */
  font: string;
  /** Degrees the text is turned anticlockwise (90: read bottom to top, as in a margin); absent when 0. */
  angle?: number;
  /** The font is a serif one (pdf.js's judgement from the font's flags); absent when not, or not known. */
  serif?: boolean;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  items: PdfTextItem[];
  /** The document is encrypted (it may open without a password and still keep its text from extraction). */
  encrypted?: boolean;
  /** The text values of the page's form fields: text a reader sees that is not on the page itself. */
  formText?: string[];
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
  /** Pages whose text cannot be read as words (fonts without a Unicode map), and the share of all text that is so. */
  unreadable: { pages: number[]; share: number };
}

export { PAGE_MARKER, PAGE_MARKER_PATTERN } from './markdown';

export interface LayoutOptions {
  /** Words of the language (lower case): a word cut at a line end is joined when the joined word is one. */
  words?: ReadonlySet<string> | undefined;
}

export function layoutPdf(pages: readonly PdfPage[], options: LayoutOptions = {}): PdfLayout {
  const warnings: string[] = [];
  // 1. Pieces and rows.
  const split = pages.map(piecesOf);
  const rows = split.map((s) => rowsOf(s.pieces));
  // 2. The grid.
  const width = pages.reduce((m, p) => Math.max(m, p.width), 0) || 612;
  const grid = gridOf(rows, width);
  // 3–4. Cells, running heads.
  const pageCells = rows.map((r) => cellsOf(r, grid));
  const removedHeads = removeRunningHeads(pageCells, pages.map((p) => p.height), grid.bodySize);
  // 5. Regions, and their lines.
  const pageRegions = pageCells.map((cells) => regionsOf(cells.flatMap((c) => c.pieces), grid).map((region) => ({ region, lines: linesOf(cellsOfPieces(region.pieces, grid)) })));
  const allLines = pageRegions.flatMap((rs) => rs.flatMap((r) => r.lines));
  const turned = split.map((s) => turnedLines(s.rotated));
  const droppedTurned = repeatedTurned(turned.map((t) => t.map((l) => l.text)));
  // 6. Headings, then blocks, in reading order.
  const headings = findHeadings(pageRegions.flatMap((rs) => rs.map((r) => r.lines)), grid);
  const ctx: BlockContext = { grid, headings, inReferences: false };
  const blocks: Block[] = [];
  let removed = removedHeads;
  pageRegions.forEach((regions, i) => {
    for (const { region, lines } of regions) blocks.push(...blocksOf(region, lines, ctx));
    for (const l of turned[i] as Line[]) {
      if (droppedTurned.has(headKey(l.text))) removed++;
      else blocks.push({ kind: 'note', lines: [l], page: l.page, region: `${l.page}:turned`, startsNew: true, indented: false });
    }
  });
  levels(blocks, headings);
  // 7. Flow.
  const units = flow(blocks);
  // 8. Markdown.
  const out = emitMarkdown(units, pages, allLines, options.words);
  const chars = rows.reduce((n, rs) => n + rs.reduce((m, r) => m + r.pieces.reduce((k, p) => k + p.text.length, 0), 0), 0);
  if (chars === 0) warnings.push('no text layer: the PDF has only images (a scan?)');
  const unreadable = unreadableText(pageCells);
  if (unreadable.pages.length) {
    const list = unreadable.pages.join(', ');
    warnings.push(`the text of page${unreadable.pages.length > 1 ? 's' : ''} ${list} cannot be read as words (its fonts map their glyphs to no letters, or to the wrong ones): compare ${unreadable.pages.length > 1 ? 'those pages' : 'that page'} with the PDF before coding there; OCR (e.g. ocrmypdf --force-ocr) gives them readable text`);
  }
  const empty = pages.filter((_, i) => (rows[i] as unknown[]).length === 0).map((p) => p.number);
  if (chars > 0 && empty.length) warnings.push(`no text on page${empty.length > 1 ? 's' : ''} ${empty.join(', ')} (figures only, or scanned)`);
  return { ...out, pages: pages.length, warnings, removed, unreadable };
}

/**
 * Text that is no words: a font without a Unicode map gives its glyph codes
 * as whatever characters they happen to be ("¿ÄºÅ¼ÂËÅÈ»É" for "Binding of a
 * fluorescence"), which no reader can code. A cell is unreadable when a
 * quarter of its characters are of the kinds such text is made of (Latin-1
 * signs, Latin Extended-B, spacing modifier letters, private-use characters,
 * U+FFFD); a page is when a third of its characters are in such cells.
 */
function unreadableText(pageCells: ReadonlyArray<ReadonlyArray<{ text: string }>>): { pages: number[]; share: number } {
  let all = 0;
  let bad = 0;
  const pages: number[] = [];
  pageCells.forEach((cells, i) => {
    let pageAll = 0;
    let pageBad = 0;
    for (const c of cells) {
      const chars = c.text.replace(/\s/g, '').length;
      pageAll += chars;
      if (chars >= 6 && unreadable(c.text)) pageBad += chars;
    }
    all += pageAll;
    bad += pageBad;
    if (pageAll && pageBad >= pageAll / 3) pages.push(i + 1);
  });
  return { pages, share: all ? bad / all : 0 };
}

/**
 * Turned text (a side margin's "Downloaded from …", a figure's turned axis
 * label) as lines: pieces of one angle on one baseline, which for text turned
 * a quarter is a vertical line (one x), read along it.
 */
function turnedLines(pieces: readonly Piece[]): Line[] {
  const groups: Piece[][] = [];
  for (const p of [...pieces].sort((a, b) => a.x0 - b.x0)) {
    const g = groups.find((q) => Math.abs((q[0] as Piece).x0 - p.x0) <= p.size * 0.5);
    if (g) g.push(p);
    else groups.push([p]);
  }
  const out: Line[] = [];
  for (const g of groups) {
    // Text turned anticlockwise reads bottom to top: larger "base" (nearer the page's foot) first.
    g.sort((a, b) => b.base - a.base);
    const text = g.map((p) => p.text).join(' ').replace(/\s+/g, ' ').trim();
    const first = g[0] as Piece;
    if (text) out.push({ page: first.page, pieces: g, cells: [g], base: first.base, x0: first.x0, x1: first.x1, size: first.size, font: first.font, text });
  }
  return out;
}

/** Heading levels: the title 1, then each heading style by size (larger first), at most 6. */
function levels(blocks: Block[], headings: Headings): void {
  const all = blocks.filter((b) => b.kind === 'heading');
  const isTitle = (b: Block) => headings.title !== undefined && headings.runs.get(b.lines[0] as Line) === headings.title;
  const styles = [...new Set(all.filter((b) => !isTitle(b)).map((b) => styleOf(b.lines[0] as Line)))];
  const sizeOf = (s: string) => Number(s.split('|')[0]);
  styles.sort((a, b) => sizeOf(b) - sizeOf(a));
  for (const b of all) b.level = isTitle(b) ? 1 : Math.min(6, 2 + styles.indexOf(styleOf(b.lines[0] as Line)));
}

const isParagraph = (b: Block) => b.kind === 'paragraph';
/** A reference entry that ended: a period, or its link labels. */
const entryEnded = (b: Block) => {
  const t = (b.lines[b.lines.length - 1] as Line).text;
  return SENTENCE_END.test(t) || LINK_LABELS.test(t);
};
const streamOf = (b: Block) => Math.round((b.lines[0] as Line).size * 2) / 2;
const unfinished = (b: Block) => {
  const t = (b.lines[b.lines.length - 1] as Line).text;
  return !SENTENCE_END.test(t) && !/:$/.test(t);
};

/**
 * Blocks in reading order into the units written out: a paragraph cut by a
 * column or page break, or by floats, is joined to its continuation; the
 * floats it passed follow it.
 */
function flow(blocks: readonly Block[]): Unit[] {
  // Does the document indent its paragraphs? Then an unindented paragraph after a break continues the one before.
  const starts = blocks.filter((b, i) => isParagraph(b) && i > 0 && blocks[i - 1]?.region === b.region && isParagraph(blocks[i - 1] as Block));
  const indents = starts.length >= 4 && starts.filter((b) => b.indented).length >= starts.length * 0.5;
  const units: Unit[] = [];
  let open: Unit | undefined;
  let openBlock: Block | undefined;
  let passed: Block[] = [];
  const close = () => {
    for (const f of passed) units.push({ block: f, lines: [...f.lines] });
    passed = [];
    open = undefined;
    openBlock = undefined;
  };
  for (const b of blocks) {
    if (open && openBlock) {
      const broke = b.region !== openBlock.region;
      if (isParagraph(b) && streamOf(b) === streamOf(openBlock) && !!b.reference === !!openBlock.reference) {
        const continues = b.reference ? !b.startsNew && !(b.reference === 'spaced' && entryEnded(openBlock)) : (unfinished(openBlock) && !b.startsNew) || (indents && !b.indented && broke && !b.startsNew);
        if (continues && (broke || passed.length > 0)) {
          open.lines.push(...b.lines);
          openBlock = b;
          if (!(unfinished(b) || b.reference || indents)) close();
          continue;
        }
        close();
      } else if (b.kind === 'heading' || (isParagraph(b) && streamOf(b) >= streamOf(openBlock))) close();
      else {
        passed.push(b);
        continue;
      }
    }
    const unit: Unit = { block: b, lines: [...b.lines] };
    units.push(unit);
    if (isParagraph(b)) {
      open = unit;
      openBlock = b;
    }
  }
  close();
  return units;
}

export { REFERENCES_HEADING };

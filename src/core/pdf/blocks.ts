/**
 * A region's lines as blocks (layout.ts, step 6): headings, paragraphs,
 * captions, tables and notes, each a run of lines.
 *
 * - A **heading** is a run of lines headings.ts found to be one.
 * - A **caption** starts with "Figure 3", "Fig. 3", "Table 2", "Box 1"… in a
 *   font or size other than the body's; the lines after it in its style are
 *   the caption.
 * - A **table** is the text after a table's caption that is not body text,
 *   or two or more lines in a row parted into cells by wide gaps.
 * - A **paragraph** goes on while the lines keep their size and font and the
 *   usual line spacing; a new one starts after a line that ended short with
 *   a sentence's end, at an indented first line, at a list marker, or after a
 *   gap. In a reference list, each entry is a paragraph: a new one at each
 *   number, or where the first line of a hanging indent starts.
 * - A **note** is any other text smaller than the body: footnotes, figure
 *   labels, affiliations.
 * Each block says whether its first line starts something new (indented, a
 * list marker, an entry) or may continue the paragraph before a column or
 * page break (flow.ts decides).
 */
import { modeOf, type Grid } from './grid';
import type { Line } from './lines';
import { styleOf, type Headings } from './headings';
import type { Region } from './regions';

export type BlockKind = 'heading' | 'paragraph' | 'caption' | 'table' | 'note';

export interface Block {
  kind: BlockKind;
  lines: Line[];
  page: number;
  /** Its region: page, band and column, for "did a column or page break come between". */
  region: string;
  /** Heading level, set by layout.ts. */
  level?: number;
  /** Its first line starts a new paragraph (indent, list marker, reference entry) rather than maybe continuing one. */
  startsNew: boolean;
  /** Its first line is indented against its column. */
  indented: boolean;
  /** A reference-list entry, and how its list tells entries apart: by numbers, hanging indents, or spacing. */
  reference?: ReferenceStyle;
}

export type ReferenceStyle = 'numbered' | 'hanging' | 'spaced';

export interface BlockContext {
  grid: Grid;
  headings: Headings;
  /** Inside a reference list (set by a "References" heading, kept across regions and pages). */
  inReferences: boolean;
  /** The reference list's style, once its first entry is seen. */
  referenceStyle?: ReferenceStyle;
  /** The number of the last numbered entry seen. */
  lastReference?: number;
}

export const CAPTION = /^(fig\.?|figure|table|tab\.|box|scheme|chart|plate|exhibit)\s*S?\d+[a-z]?\b/i;
const FLOAT_DOI = /^(doi|https?):\s*\S+\.(g|t)\d{3}$/i;
/** A sentence's end: a full stop (not an initial's or an abbreviation's: "by D. T." goes on), "!" or "?". */
const SENTENCE_STOP = /[.!?]["'”’)\]]*$/;
const ABBREVIATION_END = /(^|[\s(])(\p{Lu}|et al|e\.g|i\.e|vs|Figs?|Tab|Eq|No|approx|ca|cf|Dr|Mr|Mrs|Ms|Prof|St|resp|incl|Suppl|Vol|pp?)\.$/u;
export const SENTENCE_END = { test: (s: string): boolean => SENTENCE_STOP.test(s) && !ABBREVIATION_END.test(s) };
const LIST_MARKER = /^(\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|[•▪■●◦○·∙–—*-])\s/i;
const REFERENCE_START = /^(\[\d{1,4}\]\s?|\d{1,4}\.?\s|\d{1,4}\.(?=\p{Lu}))/u;
/** A reference's link labels (F1000's "Publisher Full Text", "PubMed Abstract"): the end of an entry, never the start of one. */
export const LINK_LABELS = /^((Reference Source|Publisher Full Text|PubMed Abstract|Free Full Text|PubMed|CrossRef|Google Scholar)\s*)+$/;
/** How an entry of an author list begins: "Kohler NE, Turner PA:", "Driggers WB III,", "Hare, B., …". */
const AUTHORS_START = /^((van|de|von|der|le|la|du|da|di)\s)*[\p{Lu}][\p{L}'’-]+(\s[\p{Lu}][\p{L}'’-]+)*,?\s([\p{Lu}]{1,3}|[\p{Lu}]\.(\s?[\p{Lu}]\.)*)(\s(Jr|Sr|II|III|IV)\.?)?(,|:|\s(et al|and|&))/u;
export const REFERENCES_HEADING = /^(\d+\.?\s*)?(references( and notes| cited)?|literature( cited)?|bibliography|works cited|reference list)$/i;


export function blocksOf(region: Region, lines: readonly Line[], ctx: BlockContext): Block[] {
  const { grid } = ctx;
  const { left, right } = region;
  const body = grid.bodySize - 0.6;
  const id = `${lines[0]?.page}:${region.id}`;
  const blocks: Block[] = [];
  const indentOf = (l: Line) => l.x0 - left;
  const runOf = (l: Line) => ctx.headings.runs.get(l);
  // A "References" line on its own is the list's heading, whatever its style.
  const isHeading = (l: Line) => runOf(l) !== undefined || (REFERENCES_HEADING.test(l.text) && l.cells.length === 1);
  const refStarts = ctx.inReferences || lines.some((l) => isHeading(l) && REFERENCES_HEADING.test(l.text)) ? referenceStarts(lines, ctx, isHeading) : undefined;
  // A table's cells: parted by gaps of more than 0.8 sizes in text smaller than the body's (tables usually are), two
  // at body size. Runs of lines with two or more cells are table rows.
  const cellsOf = new Map(lines.map((l) => [l, cellsAt(l, l.size < grid.bodySize - 0.25 ? 0.8 : 2)]));
  // Not a list: a number or bullet, then its text, is two cells but no table row; nor is anything in a reference list.
  const listItem = (cells: Line['cells']) => cells.length === 2 && /^(\[?\d{1,4}[.)\]]?|[•▪■●◦○·∙–—*-]|\(?[a-z][.)])$/i.test((cells[0] as Line['pieces']).map((p) => p.text).join('').trim());
  const multi = lines.map((l) => {
    const cells = cellsOf.get(l) as Line['cells'];
    return !ctx.inReferences && !refStarts && cells.length >= 2 && !listItem(cells) && l.size < grid.bodySize + 0.5;
  });
  const tableRow = multi.map((m, i) => m && (multi[i - 1] === true || multi[i + 1] === true));
  let inTable = false;
  let prev: Line | undefined;
  for (const [i, l] of lines.entries()) {
    const text = l.text;
    const small = l.size < body;
    let kind: BlockKind;
    const block = blocks[blocks.length - 1];
    // The lines of one heading run are one heading; a caption goes on in its style until it ends short.
    const captionGoesOn = block?.kind === 'caption' && prev && styleOf(prev) === styleOf(l) && l.base - prev.base > 0 && l.base - prev.base < prev.size * 1.6 && (prev.x1 > right - prev.size * 3 || /^\p{Ll}/u.test(text)) && !CAPTION.test(text);
    if ((block?.kind === 'heading' && prev && runOf(l) !== undefined && runOf(l) === runOf(prev)) || captionGoesOn) {
      (block as Block).lines.push(l);
      prev = l;
      continue;
    }
    if (CAPTION.test(text) && (l.font !== grid.bodyFont || small || l.pieces[0]?.font !== grid.bodyFont) && !(block?.kind === 'paragraph' && prev && continuesLine(prev, l, grid, right))) {
      kind = 'caption';
      inTable = /^tab/i.test(text);
    } else if (isHeading(l)) {
      kind = 'heading';
      inTable = false;
      if (REFERENCES_HEADING.test(text)) ctx.inReferences = true;
      else if (l.size >= grid.bodySize - 0.3 && !ctx.inReferences) ctx.inReferences = false;
    } else if (tableRow[i] || (inTable && (small || (cellsOf.get(l) as Line['cells']).length >= 2))) {
      kind = 'table';
      l.cells = cellsOf.get(l) as Line['cells'];
    }
    else {
      inTable = false;
      // A figure's or table's own DOI line (PLOS prints one under each caption) is a note, whatever its size.
      kind = (small && !ctx.inReferences) || FLOAT_DOI.test(text) ? 'note' : 'paragraph';
    }
    const gap = prev ? l.base - prev.base : Infinity;
    const leading = prev ? Math.max(grid.leading * (prev.size / grid.bodySize), prev.size) : grid.leading;
    let same = false;
    if (block && prev) {
      const sizeSame = Math.abs(prev.size - l.size) < 0.6;
      const close = gap > 0 && gap < leading * 1.45;
      if (block.kind === 'heading') same = false;
      else if (block.kind === 'caption') same = (kind === 'paragraph' || kind === 'note') && sizeSame && close && !(SENTENCE_END.test(prev.text) && prev.x1 < right - prev.size * 2);
      else if (block.kind === 'table') same = kind === 'table' && gap > 0 && gap < Math.max(leading * 2.2, prev.size * 3);
      else if (block.reference && kind === 'paragraph') same = !refStarts?.has(l) && sizeSame && gap > 0 && gap < leading * 2;
      else if (kind === block.kind && sizeSame && close) same = !newParagraph(prev, l, left, right);
    }
    if (same) (block as Block).lines.push(l);
    else {
      const indented = indentOf(l) > l.size * 0.6 && indentOf(l) < l.size * 6;
      const reference = ctx.inReferences && kind === 'paragraph' ? (ctx.referenceStyle ?? 'spaced') : undefined;
      const startsNew = reference ? refStarts?.has(l) === true : indented || LIST_MARKER.test(text);
      blocks.push({ kind, lines: [l], page: l.page, region: id, startsNew, indented, ...(reference ? { reference } : {}) });
    }
    prev = l;
  }
  // A lone table row is a paragraph line after all.
  for (const b of blocks) if (b.kind === 'table' && b.lines.length < 2 && !b.lines.some((l) => l.size < body)) b.kind = 'paragraph';
  return blocks;
}

/** A line's pieces parted into cells at gaps of more than `gap` sizes. */
function cellsAt(l: Line, gap: number): Line['cells'] {
  const cells: Line['cells'] = [];
  let last: Line['pieces'][number] | undefined;
  for (const p of l.pieces) {
    if (!last || p.x0 - last.x1 > l.size * gap) cells.push([p]);
    else (cells[cells.length - 1] as Line['pieces']).push(p);
    last = p;
  }
  return cells;
}

/** Whether line `l` reads on from `prev` (same paragraph), judged by the words: `prev` did not end a sentence and reached the right edge. */
function continuesLine(prev: Line, l: Line, grid: Grid, right: number): boolean {
  return !SENTENCE_END.test(prev.text) && prev.x1 > right - grid.bodySize * 2 && Math.abs(prev.size - l.size) < 0.6;
}

/** Inside a run of lines of one size and font: does `l` start a new paragraph? */
function newParagraph(prev: Line, l: Line, left: number, right: number): boolean {
  const em = l.size;
  const ended = SENTENCE_END.test(prev.text) || /:$/.test(prev.text);
  const short = prev.x1 < right - em * 1.5;
  if (LIST_MARKER.test(l.text) && (ended || short)) return true;
  const indentNow = l.x0 - left;
  const indentBefore = prev.x0 - left;
  if (indentNow > em * 0.6 && indentNow < em * 6 && indentBefore < em * 0.4 && (ended || short)) return true;
  return short && ended;
}

/**
 * The lines of a region's reference list that start an entry. The list's
 * style is set by its first entry and kept for the document: numbered ("12."
 * or "[12]"), each number starts one; hanging indents, each line back at the
 * left edge; else (F1000's) an entry starts after a line of link labels, or
 * after a line that ended with a period when it begins as an author list
 * does ("Kohler NE, Turner PA:") or a wider space than usual comes before it.
 */
function referenceStarts(lines: readonly Line[], ctx: BlockContext, isHeading: (l: Line) => boolean): Set<Line> {
  const starts = new Set<Line>();
  let i = 0;
  if (!ctx.inReferences) {
    // The list starts after its heading in this region.
    i = lines.findIndex((l) => isHeading(l) && REFERENCES_HEADING.test(l.text)) + 1;
    while (i < lines.length && isHeading(lines[i] as Line)) i++;
  }
  const list = lines.slice(i).filter((l) => !isHeading(l));
  if (!list.length) return starts;
  if (!ctx.referenceStyle) {
    const first = list[0] as Line;
    const em = first.size;
    const left = Math.min(...list.map((l) => l.x0));
    ctx.referenceStyle = REFERENCE_START.test(first.text) ? 'numbered' : list.slice(1, 6).filter((l) => l.x0 > left + em * 0.5).length >= 2 ? 'hanging' : 'spaced';
  }
  const style = ctx.referenceStyle;
  const left = Math.min(...list.map((l) => l.x0));
  const gaps = list.slice(1).map((l, k) => Math.round((l.base - (list[k] as Line).base) * 10) / 10).filter((g) => g > 0);
  const usual = modeOf(gaps.map((g) => [g, 1] as const)) ?? 0;
  list.forEach((l, k) => {
    const prev = list[k - 1];
    if (LINK_LABELS.test(l.text)) return;
    if (style === 'numbered') {
      // The next number (or one skipped): "1996. p. 241" on a line of its own is no entry 1996.
      const n = Number(/\d+/.exec(l.text)?.[0]);
      if (REFERENCE_START.test(l.text) && (ctx.lastReference === undefined ? n <= 5 : n > ctx.lastReference && n <= ctx.lastReference + 3)) {
        starts.add(l);
        ctx.lastReference = n;
      }
    } else if (style === 'hanging') {
      if (l.x0 <= left + l.size * 0.3) starts.add(l);
    } else if (prev && (LINK_LABELS.test(prev.text) || (SENTENCE_END.test(prev.text) && (AUTHORS_START.test(l.text) || l.base - prev.base > usual * 1.12)))) starts.add(l);
  });
  return starts;
}

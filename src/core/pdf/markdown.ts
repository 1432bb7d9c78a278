/**
 * The units of the flow as the twin's Markdown (layout.ts, step 8), and where
 * each text item landed in it. Headings as `#`, captions in italics, tables
 * as Markdown tables, everything else a paragraph on one line; blank lines
 * between. Words hyphenated at a line end are joined unless the document
 * writes them with a hyphen, or the language has no such joined word and
 * both parts are words (see joinHyphen).
 *
 * Page markers: `<!-- page N -->` on a line of its own where a page's text
 * starts, or inside a paragraph that runs on over a page break, at the next
 * word break. A float moved after the paragraph it interrupted (a footnote of
 * page 3 after a paragraph that ends on page 4) gets its own page's marker
 * again, and the text after it its page's, so that the last marker before
 * any offset is always the page its text is printed on.
 */
import type { Block } from './blocks';
import { joinPieces, type Line } from './lines';
import type { Piece } from './pieces';
import type { ItemSpan, PdfPage } from './layout';

export const PAGE_MARKER = (page: number): string => `<!-- page ${page} -->`;
export const PAGE_MARKER_PATTERN = /<!-- page (\d+) -->/g;

export interface Unit {
  block: Block;
  /** Its lines, with those of the blocks it continues in. */
  lines: Line[];
}

const HYPHENS = '-\u2010\u2011\u00ad';

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
  endsWith(s: string): boolean {
    return this.tail.endsWith(s);
  }
  toString(): string {
    return this.parts.join('');
  }
}

export function emitMarkdown(units: readonly Unit[], pages: readonly PdfPage[], allLines: readonly Line[], words?: ReadonlySet<string>): { text: string; spans: ItemSpan[] } {
  const vocabulary = vocabularyOf(allLines, words);
  const text = new TextBuilder();
  const spans: ItemSpan[] = [];
  const marked = new Set<number>();
  let current = 0;
  const put = (s: string) => text.put(s);
  const blank = () => {
    if (!text.length) return;
    while (!text.endsWith('\n\n')) text.put('\n');
  };
  /** Before a block's text: the markers of the pages up to `page` not marked yet (a page without text gets one too). */
  const markPage = (page: number) => {
    if (page <= current) return;
    for (const p of pages) {
      if (p.number <= current || p.number > page || marked.has(p.number)) continue;
      marked.add(p.number);
      blank();
      put(PAGE_MARKER(p.number));
    }
    current = Math.min(page, pages.length);
  };
  const putPiece = (p: Piece, s: string) => {
    const start = text.length;
    text.put(s);
    spans.push({ page: p.page, item: p.item, start, end: text.length });
  };
  /** Lines as one line of text; a page change inside gets an inline marker at the next word break. */
  const putLines = (lines: readonly Line[]) => {
    let pendingMarker: number | undefined;
    const putMarker = () => {
      if (pendingMarker === undefined) return;
      marked.add(pendingMarker);
      current = pendingMarker;
      put(`${PAGE_MARKER(pendingMarker)} `);
      pendingMarker = undefined;
    };
    let joined = false;
    for (const [li, line] of lines.entries()) {
      if (li > 0) {
        if (line.page > current) pendingMarker = line.page;
        if (!joined) {
          if (!text.endsWith(' ')) put(' ');
          putMarker();
        }
        joined = false;
      }
      const parts = joinPieces(line.pieces);
      const next = lines[li + 1];
      parts.forEach(([p, s], pi) => {
        if (s.startsWith(' ')) {
          if (text.endsWith(' ')) s = s.slice(1);
          else {
            put(' ');
            s = s.slice(1);
            putMarker();
          }
        }
        if (pi === parts.length - 1) {
          s = s.replace(/\s+$/, '');
          if (next && HYPHENS.includes(s.slice(-1)) && (s.length > 1 || /\p{L}$/u.test(text.tail))) {
            s = s.slice(0, -1) + joinHyphen(text.tail + s.slice(0, -1), s.slice(-1), next.text, vocabulary);
            joined = true;
          }
        }
        putPiece(p, s);
      });
    }
    if (pendingMarker !== undefined) {
      // The paragraph ended where the next page begins: the marker goes after it.
      pendingMarker = undefined;
    }
  };
  for (const unit of units) {
    const b = unit.block;
    markPage((unit.lines[0] as Line).page);
    blank();
    if (b.kind === 'heading') {
      put(`${'#'.repeat(b.level ?? 2)} `);
      putLines(unit.lines);
    } else if (b.kind === 'caption') {
      put('*');
      putLines(unit.lines);
      put('*');
    } else if (b.kind === 'table') putTable(unit.lines);
    else putLines(unit.lines);
  }
  markPage(Infinity);

  /**
   * A table: its cells put in columns by where they start (the starts two rows
   * or more share), and a row whose first column is empty (a cell's text
   * wrapped onto the next line) joined to the row before.
   */
  function putTable(lines: readonly Line[]): void {
    const size = Math.min(...lines.map((l) => l.size));
    const x0 = (cell: Piece[]) => Math.min(...cell.map((p) => p.x0));
    const starts: number[] = [];
    const xs = lines.flatMap((l) => l.cells.map(x0)).sort((a, b) => a - b);
    const shared = Math.min(2, lines.length);
    for (let i = 0; i < xs.length; ) {
      let j = i;
      while (j + 1 < xs.length && (xs[j + 1] as number) - (xs[i] as number) <= size) j++;
      if (j - i + 1 >= shared || i === 0) starts.push(xs[i] as number);
      i = j + 1;
    }
    const columnOf = (cell: Piece[]) => {
      let c = 0;
      starts.forEach((s, k) => {
        if (x0(cell) >= s - size * 0.5) c = k;
      });
      return c;
    };
    const rows: Array<{ page: number; cells: Piece[][][] }> = [];
    for (const line of lines) {
      const cells: Piece[][][] = starts.map(() => []);
      for (const cell of line.cells) (cells[columnOf(cell)] as Piece[][]).push(cell);
      const last = rows[rows.length - 1];
      if (last && last.page === line.page && (cells[0] as Piece[][]).length === 0 && cells.some((c) => c.length)) cells.forEach((c, k) => (last.cells[k] as Piece[][]).push(...c));
      else rows.push({ page: line.page, cells });
    }
    rows.forEach((row, i) => {
      if (row.page > current) {
        blank();
        markPage(row.page);
        blank();
      } else if (i > 0) put('\n');
      put('|');
      for (const column of row.cells) {
        put(' ');
        column.forEach((cell, k) => {
          if (k > 0) put(' ');
          for (const [p, s] of joinPieces(cell)) putPiece(p, s.replace(/\|/g, '/').replace(/\s+$/, ''));
        });
        put(' |');
      }
      if (i === 0) put(`\n|${' --- |'.repeat(row.cells.length)}`);
    });
  }
  return { text: `${text.toString().replace(/\n+$/, '')}\n`, spans };
}

/** Words written with a hyphen inside a line somewhere in the document ("co-design"), lower case. */
interface Vocabulary {
  hyphenated: Set<string>;
  plain: Set<string>;
  /** The parts before and after a hyphen in hyphenated words ("service", "users"). */
  heads: Set<string>;
  tails: Set<string>;
  /** Words of the language, when the extractor gave them. */
  language: ReadonlySet<string> | undefined;
}

function vocabularyOf(lines: readonly Line[], language: ReadonlySet<string> | undefined): Vocabulary {
  const hyphenated = new Set<string>();
  const plain = new Set<string>();
  const heads = new Set<string>();
  const tails = new Set<string>();
  let cut = false; // the line before ended with a hyphen
  for (const l of lines) {
    const text = l.text.toLowerCase();
    const endsCut = /[\p{L}][-\u2010\u2011\u00ad]$/u.test(text);
    for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)*/gu)) {
      const w = m[0];
      // A word cut at a line end: its two parts do not count.
      if ((cut && (m.index ?? 0) === 0) || (endsCut && (m.index ?? 0) + m[0].length >= text.length - 1)) continue;
      if (/[-\u2010\u2011]/.test(w)) {
        const parts = w.split(/[-\u2010\u2011]/);
        hyphenated.add(parts.join('-'));
        // "harder-to-reach" also says "harder-to" and "to-reach".
        for (let k = 0; k + 1 < parts.length; k++) hyphenated.add(`${parts[k]}-${parts[k + 1]}`);
        heads.add(parts[0] as string);
        tails.add(parts[parts.length - 1] as string);
      } else plain.add(w);
    }
    cut = endsCut;
  }
  return { hyphenated, plain, heads, tails, language };
}

/** What stands in for a hyphen at a line end: '' to join the word, the hyphen to keep it. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

function joinHyphen(before: string, hyphen: string, nextLine: string, vocabulary: Vocabulary): string {
  if (hyphen === '\u00ad') return '';
  // The word before the hyphen, read backwards (a regex anchored at the end scans the whole line).
  let from = before.length;
  while (from > 0 && WORD_CHAR.test(before.charAt(from - 1))) from--;
  const left = before.slice(from);
  const right = /^[\p{L}\p{N}]+/u.exec(nextLine)?.[0] ?? '';
  if (!left || !right) return hyphen;
  const kept = `${left}-${right}`.toLowerCase();
  const joined = `${left}${right}`.toLowerCase();
  // The document's own spelling first, either way.
  if (vocabulary.hyphenated.has(kept)) return hyphen;
  if (vocabulary.plain.has(joined)) return '';
  // "Covid-19", "non-EU": a capital or a digit after it.
  if (/^[\p{Lu}\p{N}]/u.test(right) || /\p{N}$/u.test(left)) return hyphen;
  const l = left.toLowerCase();
  const r = right.toLowerCase();
  const language = vocabulary.language;
  // The language next: "announced" is a word, so "an-nounced" was the line's hyphen; "onoff" is none and "on" and
  // "off" are, so "on-off" keeps it.
  if (language?.has(joined)) return '';
  if (language?.has(l) && language.has(r)) return hyphen;
  // Without it, or for words it lacks: "decision-making", two words the document uses on their own; "end-users",
  // a part it hyphenates elsewhere ("service-users") beside a word it uses.
  if (vocabulary.plain.has(l) && vocabulary.plain.has(r) && l.length > 1 && r.length > 2) return hyphen;
  if (l.length > 2 && r.length > 2 && ((vocabulary.heads.has(l) && vocabulary.plain.has(r)) || (vocabulary.tails.has(r) && vocabulary.plain.has(l)))) return hyphen;
  return '';
}

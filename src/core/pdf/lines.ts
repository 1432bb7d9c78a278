/**
 * Cells and lines (layout.ts, steps 3 and 5).
 *
 * A **cell** is a run of one row's pieces with no wide gap inside: a row is
 * cut at gaps of more than CELL_GAP font sizes and at the document's gutters,
 * so a left-column line and a right-column line on one baseline are two
 * cells, and so are the cells of a table row, or a side bar's line beside
 * the abstract. Cells are what the page is cut into regions by.
 *
 * A **line** is the cells of one region on one baseline, left to right, with
 * its dominant size and font and its text (word spaces where the gaps are).
 */
import { modeOf, type Grid } from './grid';
import type { Piece, Row } from './pieces';

export interface Cell {
  page: number;
  pieces: Piece[];
  base: number;
  x0: number;
  x1: number;
  /** Top and bottom of its text (from the baseline by the size). */
  top: number;
  bottom: number;
  size: number;
  text: string;
}

export interface Line {
  page: number;
  pieces: Piece[];
  /** Its cells' pieces, left to right: table cells, or a list number and its text. */
  cells: Piece[][];
  base: number;
  x0: number;
  x1: number;
  size: number;
  font: string;
  text: string;
}

/** A gap of more than this many font sizes parts cells. */
const CELL_GAP = 1.5;
/** A gap wider than this share of the font size is a word space. */
const WORD_SPACE = 0.15;

export function cellsOf(rows: readonly Row[], grid: Grid): Cell[] {
  const out: Cell[] = [];
  for (const row of rows) {
    let cell: Piece[] = [];
    let last: Piece | undefined;
    const flush = () => {
      if (cell.length) out.push(makeCell(row, cell));
      cell = [];
    };
    for (const p of row.pieces) {
      if (last) {
        const gap = p.x0 - last.x1;
        if (gap > Math.max(p.size, last.size) * CELL_GAP || crossesGutter(last.x1, p.x0, grid)) flush();
      }
      cell.push(p);
      last = p;
    }
    flush();
  }
  return out;
}

/** Pieces (of one region) back into rows, by the row each was put in, then into cells. */
export function cellsOfPieces(pieces: readonly Piece[], grid: Grid): Cell[] {
  const byRow = new Map<number, Piece[]>();
  for (const p of pieces) {
    const k = p.row ?? p.base;
    if (!byRow.has(k)) byRow.set(k, []);
    (byRow.get(k) as Piece[]).push(p);
  }
  const rows: Row[] = [...byRow].map(([base, ps]) => ({ page: (ps[0] as Piece).page, base, pieces: ps.sort((a, b) => a.x0 - b.x0) }));
  return cellsOf(rows.sort((a, b) => a.base - b.base), grid);
}

function crossesGutter(a: number, b: number, grid: Grid): boolean {
  return b - a >= 2 && grid.gutters.some(([g0, g1]) => a <= (g0 + g1) / 2 + 1 && b >= (g0 + g1) / 2 - 1);
}

function makeCell(row: Row, pieces: Piece[]): Cell {
  const size = dominantSize(pieces);
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const p of pieces) {
    if (p.x0 < x0) x0 = p.x0;
    if (p.x1 > x1) x1 = p.x1;
  }
  return {
    page: row.page,
    pieces,
    base: row.base,
    x0,
    x1,
    top: row.base - size * 0.8,
    bottom: row.base + size * 0.25,
    size,
    text: textOf(pieces),
  };
}

function dominantSize(pieces: readonly Piece[]): number {
  const weights = new Map<number, number>();
  for (const p of pieces) if (!p.script) weights.set(Math.round(p.size * 2) / 2, (weights.get(Math.round(p.size * 2) / 2) ?? 0) + p.text.length);
  return modeOf(weights) ?? (pieces[0] as Piece).size;
}

function textOf(pieces: readonly Piece[]): string {
  let t = '';
  for (const [, s] of joinPieces(pieces)) t += s;
  return /\s\s|[^\S ]|^\s|\s$/.test(t) ? t.replace(/\s+/g, ' ').trim() : t;
}

/** A region's cells as lines: those on one baseline (within 0.4 of their size) together, top to bottom. */
export function linesOf(cells: readonly Cell[]): Line[] {
  const sorted = [...cells].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const rows: Cell[][] = [];
  for (const c of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs((row[0] as Cell).base - c.base) <= Math.min(c.size, (row[0] as Cell).size) * 0.4) row.push(c);
    else rows.push([c]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x0 - b.x0);
    const pieces = row.flatMap((c) => c.pieces);
    const fonts = new Map<string, number>();
    for (const p of pieces) if (!p.script) fonts.set(p.font, (fonts.get(p.font) ?? 0) + p.text.replace(/\s/g, '').length);
    const weights = new Map<number, number>();
    for (const c of row) weights.set(c.size, (weights.get(c.size) ?? 0) + c.text.length);
    return {
      page: (row[0] as Cell).page,
      pieces,
      cells: row.map((c) => c.pieces),
      base: (row[0] as Cell).base,
      x0: (row[0] as Cell).x0,
      x1: Math.max(...row.map((c) => c.x1)),
      size: modeOf(weights) ?? (row[0] as Cell).size,
      font: modeOf(fonts) ?? (pieces[0] as Piece).font,
      text: row.map((c) => c.text).join(' '),
    };
  });
}

/**
 * The pieces of a run of text with what goes before each: a space where the
 * gap is a word space (or the text has its own), nothing between touching
 * pieces. A superscript is a word of its own ("effects 3,4", "19 th",
 * "X 2"), as publishers' XML has it: glued on, a citation or footnote number
 * would change the word it follows ("effects3"). A subscript stays on
 * ("H2O"). Returns [piece, text to put] pairs; the first piece's text is
 * left-trimmed.
 */
export function joinPieces(pieces: readonly Piece[]): Array<[Piece, string]> {
  const out: Array<[Piece, string]> = [];
  let prev: Piece | undefined;
  let ended = true; // the text so far ends with a space (or nothing)
  for (const p of pieces) {
    let s = p.text;
    if (prev) {
      const gap = p.x0 - prev.x1;
      const apart = p.script === 'sup' || (prev.script === 'sup' && !p.script && /^[\p{L}\p{N}]/u.test(s));
      const space = apart || (p.script !== 'sub' && gap > Math.min(p.size, prev.size) * WORD_SPACE);
      if (space && !ended && !/^\s/.test(s)) s = ' ' + s;
    }
    if (ended) s = s.replace(/^\s+/, '');
    if (!s) {
      prev = p;
      continue;
    }
    out.push([p, s]);
    ended = /\s$/.test(s);
    prev = p;
  }
  return out;
}

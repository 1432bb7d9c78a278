/**
 * A page cut into regions, in reading order (layout.ts, step 5): a recursive
 * XY-cut of its text pieces, as GROBID's and pdftotext's reading order are.
 *
 * A region is first cut **side by side** at a white strip that runs its
 * whole height: one of the document's gutters (grid.ts), or another strip
 * at least VERTICAL_GAP wide with body text beside it (a first page's side
 * bar), or with set text on both sides (five rows and more of 25 characters
 * a row on average: a reference list in columns under a one-column body; a
 * table's short cells are not cut apart). The left part
 * is read first. Failing that, it is cut **top to bottom** at each white
 * band at least HORIZONTAL_GAP high (more beside large type) that runs its
 * whole width: a full-width
 * table or title above two columns comes off as its own part, and the
 * columns under it can then be cut apart. A region that cannot be cut is a
 * leaf: its cells become lines, and its lines blocks (blocks.ts).
 */
import type { Grid } from './grid';
import type { Piece } from './pieces';

/** A piece as a box: its top and bottom from its row's baseline and its size. */
interface Cell {
  piece: Piece;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  base: number;
  size: number;
  text: string;
}

export interface Region {
  pieces: Piece[];
  /** Its left and right edges. */
  left: number;
  right: number;
  /** Its path in the cut, for telling regions apart: "0.1.0". */
  id: string;
}

/** The least width of a strip that cuts text side by side, in body sizes. */
const VERTICAL_GAP = 0.6;
/** The least height of a band that cuts text top to bottom, in body sizes. */
const HORIZONTAL_GAP = 0.8;

export function regionsOf(pieces: readonly Piece[], grid: Grid): Region[] {
  const out: Region[] = [];
  const cells: Cell[] = pieces.map((p) => {
    const base = p.row ?? p.base;
    return { piece: p, x0: p.x0, x1: p.x1, top: Math.min(base, p.base) - p.size * 0.8, bottom: Math.max(base, p.base) + p.size * 0.25, base, size: p.size, text: p.text };
  });
  if (cells.length) cut(cells, grid, '0', out, 0);
  return out;
}

function cut(cells: Cell[], grid: Grid, id: string, out: Region[], depth: number): void {
  if (depth < 24 && cells.length > 1) {
    const side = sideCut(cells, grid);
    if (side) {
      const [left, right] = side;
      cut(left, grid, `${id}.0`, out, depth + 1);
      cut(right, grid, `${id}.1`, out, depth + 1);
      return;
    }
    const bands = joinColumnar(bandCut(cells, grid), grid);
    if (bands.length > 1) {
      bands.forEach((b, i) => cut(b, grid, `${id}.${i}`, out, depth + 1));
      return;
    }
  }
  out.push({ pieces: cells.map((c) => c.piece), left: Math.min(...cells.map((c) => c.x0)), right: Math.max(...cells.map((c) => c.x1)), id });
}

/** The widest strip that runs the region's whole height and may part its text side by side. */
function sideCut(cells: Cell[], grid: Grid): [Cell[], Cell[]] | undefined {
  const spans = cells.map((c) => [c.x0, c.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  const x0 = spans[0]?.[0] ?? 0;
  let reach = x0;
  const gaps: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    if (a > reach) gaps.push([reach, a]);
    reach = Math.max(reach, b);
  }
  let best: { at: number; width: number; parts: [Cell[], Cell[]] } | undefined;
  for (const [g0, g1] of gaps) {
    const width = g1 - g0;
    if (width < Math.min(grid.bodySize * VERTICAL_GAP, 4) && width < 2) continue;
    const at = (g0 + g1) / 2;
    const left = cells.filter((c) => c.x1 <= at);
    const right = cells.filter((c) => c.x0 >= at);
    const gutter = grid.gutters.some(([a, b]) => at >= a - 2 && at <= b + 2);
    if (!gutter && !asideOk(left, right, width, grid)) continue;
    if (gutter && (rows(left) < 1 || rows(right) < 1)) continue;
    const score = (gutter ? 1000 : 0) + width;
    if (!best || score > best.width) best = { at, width: score, parts: [left, right] };
  }
  return best?.parts;
}

/** A strip that is not a gutter parts text side by side when it is wide enough and one side is body text over several rows. */
function asideOk(left: Cell[], right: Cell[], width: number, grid: Grid): boolean {
  if (width < grid.bodySize * VERTICAL_GAP) return false;
  if (rows(left) < 2 || rows(right) < 2) return false;
  const bodyShare = (cs: Cell[]) => {
    const all = cs.reduce((n, c) => n + c.text.length, 0);
    return all ? cs.reduce((n, c) => n + (c.size >= grid.bodySize - 0.6 ? c.text.length : 0), 0) / all : 0;
  };
  const wide = (cs: Cell[]) => Math.max(...cs.map((c) => c.x1)) - Math.min(...cs.map((c) => c.x0));
  const total = Math.max(...[...left, ...right].map((c) => c.x1)) - Math.min(...[...left, ...right].map((c) => c.x0));
  // Neither side a mere margin of list numbers or labels.
  if (wide(left) < total * 0.15 || wide(right) < total * 0.15) return false;
  if ((bodyShare(left) >= 0.6 && rows(left) >= 3) || (bodyShare(right) >= 0.6 && rows(right) >= 3)) return true;
  // Columns of set text in any size (a reference list in three columns under a one-column body): many rows of many
  // words on both sides, which a table's columns seldom are.
  const wordy = (cs: Cell[]) => rows(cs) >= 5 && cs.reduce((n, c) => n + c.text.length, 0) / rows(cs) >= 25;
  return wordy(left) && wordy(right);
}

function rows(cells: Cell[]): number {
  return new Set(cells.map((c) => Math.round(c.base))).size;
}

/**
 * Bands of column text next to each other are one band again: cut apart,
 * two columns that both have a gap at the same height would be read top part
 * of both, then bottom part of both. Only a band with text across a gutter
 * (a title, a wide table) stands apart.
 */
function joinColumnar(bands: Cell[][], grid: Grid): Cell[][] {
  if (!grid.gutters.length) return bands;
  const across = (b: Cell[]) => b.some((c) => grid.gutters.some(([g0, g1]) => c.x0 < g0 && c.x1 > g1));
  const out: Cell[][] = [];
  let previousAcross = true;
  for (const b of bands) {
    const a = across(b);
    if (!a && !previousAcross) (out[out.length - 1] as Cell[]).push(...b);
    else out.push([...b]);
    previousAcross = a;
  }
  return out;
}

/** The region cut at every white band across its whole width at least HORIZONTAL_GAP high; top first. */
function bandCut(cells: Cell[], grid: Grid): Cell[][] {
  const sorted = [...cells].sort((a, b) => a.top - b.top);
  const bands: Cell[][] = [];
  let reach = -Infinity;
  let reachSize = 0;
  for (const c of sorted) {
    // Large type (a title) has wider gaps between its lines: the band must be wider than those.
    const needed = Math.max(grid.bodySize * HORIZONTAL_GAP, Math.max(c.size, reachSize) * 0.7);
    if (bands.length && c.top - reach >= needed) bands.push([]);
    if (!bands.length) bands.push([]);
    (bands[bands.length - 1] as Cell[]).push(c);
    if (c.bottom > reach) {
      reach = c.bottom;
      reachSize = c.size;
    }
  }
  return bands;
}

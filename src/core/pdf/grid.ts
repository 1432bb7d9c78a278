/**
 * What the whole document says about its own layout, measured before any
 * page is laid out (layout.ts, step 2): the body text's size and font, and
 * the column grid. A journal sets every page on one grid, so the columns are
 * found from all pages together: a page whose gutter is crossed by a wide
 * table still has its columns where every other page has them.
 *
 * - Body size: the size most characters are set in; body font: the font most
 *   body-size characters are set in.
 * - Gutters: x-ranges in the middle of the page that body-size text (almost)
 *   never covers, with body text on both sides; the columns lie between them.
 *   A column's left and right edges are where its lines most often start and
 *   end.
 * - Leading: the usual distance between baselines of body lines.
 */
import type { Piece, Row } from './pieces';

export interface Column {
  left: number;
  right: number;
}

export interface Grid {
  bodySize: number;
  bodyFont: string;
  /** Columns left to right (one for a one-column document), by the width most pages have. */
  columns: Column[];
  /** Gutters between the columns: [from, to] x-ranges. */
  gutters: Array<[number, number]>;
  leading: number;
  pageWidth: number;
}

/** The value with the most weight, of [value, weight] pairs (a value may come more than once); undefined for none. */
export function modeOf<K>(values: Iterable<readonly [K, number]>): K | undefined {
  const counts = new Map<K, number>();
  for (const [v, w] of values) counts.set(v, (counts.get(v) ?? 0) + w);
  let best: K | undefined;
  let n = -1;
  for (const [v, c] of counts) {
    if (c > n) {
      best = v;
      n = c;
    }
  }
  return best;
}

export const roundSize = (s: number): number => Math.round(s * 2) / 2;

export function gridOf(pagesRows: ReadonlyArray<readonly Row[]>, pageWidth: number): Grid {
  const all: Piece[] = [];
  for (const rows of pagesRows) for (const r of rows) for (const p of r.pieces) if (!p.script) all.push(p);
  const bodySize = modeOf(all.map((p) => [roundSize(p.size), p.text.length] as const)) ?? 10;
  const isBody = (p: Piece) => Math.abs(roundSize(p.size) - bodySize) <= 0.5;
  const bodyFont = modeOf(all.filter(isBody).map((p) => [p.font, p.text.length] as const)) ?? '';
  // Coverage of x by body text, one bin a point: each body piece counts once for every point it covers.
  const width = Math.max(1, Math.ceil(pageWidth));
  const cover = new Float64Array(width + 2);
  for (const p of all) {
    if (!isBody(p)) continue;
    const a = Math.max(0, Math.floor(p.x0));
    const b = Math.min(width, Math.ceil(p.x1));
    for (let x = a; x < b; x++) cover[x] = (cover[x] as number) + 1;
  }
  let peak = 0;
  for (const c of cover) peak = Math.max(peak, c);
  const gutters: Array<[number, number]> = [];
  if (peak > 0) {
    // A valley: coverage under 40 % of the peak, and under 40 % of the text on either side of it (full-width
    // lines at body size, a title or an abstract, cover a gutter too, but far less than the columns do).
    const low = peak * 0.4;
    const lo = Math.floor(width * 0.2);
    const hi = Math.ceil(width * 0.8);
    const reach = Math.round(bodySize * 4);
    for (let x = lo; x < hi; x++) {
      if ((cover[x] as number) > low) continue;
      let end = x;
      let deepest = 0;
      while (end < hi && (cover[end] as number) <= low) deepest = Math.max(deepest, cover[end++] as number);
      const beside = Math.min(sum(cover, Math.max(0, x - reach), x) / reach, sum(cover, end, Math.min(width, end + reach)) / reach);
      const leftText = sum(cover, 0, x);
      const rightText = sum(cover, end, width);
      const total = leftText + rightText;
      if (end - x >= Math.max(4, bodySize * 0.5) && deepest < beside * 0.4 && leftText > total * 0.15 && rightText > total * 0.15) gutters.push([x, end]);
      x = end;
    }
  }
  // Columns between the gutters; their edges where body lines start and end most often.
  const bounds = [0, ...gutters.flatMap(([a, b]) => [a, b]), width];
  const columns: Column[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 2) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    const starts: Array<[number, number]> = [];
    const ends: Array<[number, number]> = [];
    for (const rows of pagesRows) {
      for (const r of rows) {
        const inside = r.pieces.filter((p) => !p.script && isBody(p) && p.x0 >= from - 1 && p.x1 <= to + 1);
        if (inside.length < 1) continue;
        starts.push([Math.round((inside[0] as Piece).x0), 1]);
        ends.push([Math.round((inside[inside.length - 1] as Piece).x1), 1]);
      }
    }
    const left = modeOf(starts) ?? from;
    const right = modeOf(ends) ?? to;
    columns.push({ left: Math.min(left, right), right: Math.max(left, right) });
  }
  // Leading: the usual baseline distance between consecutive body rows of a column.
  const deltas: Array<[number, number]> = [];
  for (const rows of pagesRows) {
    for (const c of columns) {
      let prev: number | undefined;
      for (const r of rows) {
        if (!r.pieces.some((p) => isBody(p) && !p.script && p.x0 >= c.left - bodySize && p.x1 <= c.right + bodySize)) continue;
        if (prev !== undefined) {
          const d = Math.round((r.base - prev) * 10) / 10;
          if (d > bodySize * 0.8 && d < bodySize * 2.2) deltas.push([d, 1]);
        }
        prev = r.base;
      }
    }
  }
  const leading = modeOf(deltas) ?? bodySize * 1.2;
  return { bodySize, bodyFont, columns, gutters, leading, pageWidth };
}

function sum(a: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] as number;
  return s;
}

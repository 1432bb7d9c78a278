/**
 * Running heads, footers and page numbers (layout.ts, step 4): text a
 * journal prints in the page's margins, which must not end up inside a
 * paragraph. A line is one when it sits in the top or bottom margin zone of
 * its page (above the first or below the last line of the page's text proper,
 * within MARGIN of the edge) and either is a page number ("12", "Page 3 of
 * 11", "3 / 14") or repeats, digits aside, in the margins of at least two
 * pages and REPEATS of them. Two-line heads (a citation line and a URL line)
 * go line by line. Turned text in a side margin ("Downloaded from …") is
 * dropped when it repeats on two pages or more, and kept as a note of its
 * page otherwise.
 */
import { unreadable } from './pieces';

/** What a margin line is judged by. */
interface Text {
  base: number;
  size: number;
  text: string;
}

/** How far from the page's top or bottom edge (a share of its height) a running head may sit. */
const MARGIN = 0.13;
/** The share of pages a repeated margin line must be on. */
const REPEATS = 0.3;
const PAGE_NUMBER = /^(page\s*)?(\d{1,4}|[ivxlc]{1,7})(\s*(of|\/)\s*\d{1,4})?$/i;

/** The key a running head repeats under: lower case, digits as #, spaces folded. */
export function headKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Removes the running heads and page numbers from each page's lines; returns
 * how many lines were removed. `bodySize` tells a body line: between a margin
 * line and the page's edge there is no body line that is not itself repeated.
 */
export function removeRunningHeads<T extends Text>(pages: T[][], heights: readonly number[], bodySize: number): number {
  const zone = (l: T, i: number): 'top' | 'bottom' | undefined => {
    const h = heights[i] as number;
    return l.base < h * MARGIN + l.size ? 'top' : l.base > h * (1 - MARGIN) ? 'bottom' : undefined;
  };
  const seen = new Map<string, Set<number>>();
  pages.forEach((lines, i) => {
    for (const l of lines) {
      if (!zone(l, i)) continue;
      const k = headKey(l.text);
      if (!seen.has(k)) seen.set(k, new Set());
      (seen.get(k) as Set<number>).add(i);
    }
  });
  const needed = Math.max(2, Math.ceil(pages.length * REPEATS));
  const heads = [...seen].filter(([k, on]) => on.size >= needed && k.length >= 10).map(([k]) => k);
  // Repeated, or the first page's longer version of a running head ("Metabolites 2014, 4, 932-945; doi:…").
  const repeated = (l: T, i: number) => {
    if (pages.length < 2 || !zone(l, i)) return false;
    const k = headKey(l.text);
    return (seen.get(k)?.size ?? 0) >= needed || heads.some((h) => k.startsWith(h));
  };
  let removed = 0;
  pages.forEach((lines, i) => {
    // The page's text proper: body lines that do not repeat. Margin lines lie beyond its first and last.
    const body = lines.filter((l) => l.size >= bodySize - 0.6 && l.text.length >= 25 && !repeated(l, i));
    const first = Math.min(...body.filter((l) => zone(l, i) !== 'bottom').map((l) => l.base));
    const last = Math.max(...body.filter((l) => zone(l, i) !== 'top').map((l) => l.base));
    const keep = lines.filter((l) => {
      const z = zone(l, i);
      if (!z || (z === 'top' && l.base >= first) || (z === 'bottom' && l.base <= last)) return true;
      // A page label in a font with no Unicode map ("·½»ʿÅ¼ʸʻ" for "Page 8 of 14") repeats as nothing: garbled margin text goes too.
      return !repeated(l, i) && !PAGE_NUMBER.test(l.text.trim()) && !(l.text.length <= 40 && unreadable(l.text));
    });
    removed += lines.length - keep.length;
    pages[i] = keep;
  });
  return removed;
}

/** Turned lines (a side margin's text) repeated on two pages or more: their keys, to drop. */
export function repeatedTurned(turned: ReadonlyArray<readonly string[]>): Set<string> {
  const count = new Map<string, number>();
  for (const texts of turned) for (const k of new Set(texts.map(headKey))) count.set(k, (count.get(k) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n >= 2).map(([k]) => k));
}

/**
 * Code-level matching of two coders' passages: two spans match when their
 * Jaccard overlap is at least a threshold (0.5 by default), one-to-one, best
 * first. Agreement counts matched codes; disagreements.ts lists the rest.
 */
import type { Span } from './agreement';

/** The overlap at which two passages count as the same passage. */
export const MATCH_JACCARD = 0.5;

export function jaccard(x: Span, y: Span): number {
  const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
  if (overlap <= 0) return 0;
  const union = x.end - x.start + (y.end - y.start) - overlap;
  return union > 0 ? overlap / union : 0;
}

export interface Matching<T extends Span> {
  pairs: Array<{ a: T; b: T; jaccard: number }>;
  onlyA: T[];
  onlyB: T[];
}

/**
 * One-to-one matching of two lists of spans by Jaccard overlap, best pairs
 * first (ties: earlier start), keeping pairs at or above `threshold`.
 * Callers pass codes of one category.
 */
export function matchSpans<T extends Span>(a: readonly T[], b: readonly T[], threshold = MATCH_JACCARD, accept: (x: T, y: T) => boolean = () => true): Matching<T> {
  const sa = a.map((code, index) => ({ code, index })).sort((x, y) => x.code.start - y.code.start);
  const sb = b.map((code, index) => ({ code, index })).sort((x, y) => x.code.start - y.code.start);
  const candidates: Array<{ i: number; j: number; score: number }> = [];
  // Sweep by start: B codes ending before this A code starts cannot overlap any later A code either.
  // Sweep: B codes that start before this A code ends and end after it starts.
  let first = 0;
  for (const x of sa) {
    while (first < sb.length && (sb[first] as { code: T }).code.end <= x.code.start) first++;
    for (let k = first; k < sb.length; k++) {
      const y = sb[k] as { code: T; index: number };
      if (y.code.start >= x.code.end) break;
      const score = jaccard(x.code, y.code);
      if (score >= threshold && accept(x.code, y.code)) candidates.push({ i: x.index, j: y.index, score });
    }
  }
  candidates.sort((p, q) => q.score - p.score || (a[p.i] as T).start - (a[q.i] as T).start || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Matching<T>['pairs'] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push({ a: a[c.i] as T, b: b[c.j] as T, jaccard: c.score });
  }
  pairs.sort((p, q) => p.a.start - q.a.start || p.a.end - q.a.end);
  return { pairs, onlyA: a.filter((_, i) => !usedA.has(i)), onlyB: b.filter((_, j) => !usedB.has(j)) };
}


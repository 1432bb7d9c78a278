/**
 * Inter-coder agreement between two codings of the same articles (coder A and
 * coder B), per category (a role, or a theme) and overall:
 *
 * - percent agreement and Cohen's kappa at character level: each character of
 *   each compared article is coded or not by each coder, per category;
 * - Krippendorff's unitized alpha (cu-alpha, Krippendorff 1995; 2004 p. 254)
 *   over the same spans, one continuum per article;
 * - code-level matching: two codes match when their category is the same and
 *   their spans' Jaccard overlap is at least 0.5 (one-to-one, best first).
 *
 * Conventions, stated once:
 * - A coder's codes of one category that overlap are merged into one span
 *   first: a character is coded or not, and cu-alpha needs units of one
 *   category that do not overlap. Zero-length codes are ignored.
 * - Pooled figures (overall, per article, per category over many articles) sum
 *   the 2×2 character tables; alpha pools by summing observed and expected
 *   disagreement over categories (the mean of D_o over the mean of D_e, as
 *   DKPro Statistics does), and treats each article as its own continuum:
 *   a gap never runs from one article into the next.
 * - A figure that is undefined comes back as null (kappa when p_e = 1, alpha
 *   when there is nothing to disagree about), printed as "n/a".
 */
import { matchSpans } from './matching';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What agreement needs of a code. */
export interface UnitCode extends Span {
  readonly id: string;
  readonly role: string;
  readonly tags?: readonly string[];
}

/** One article coded by both coders; B's codes already sit on A's text. */
export interface ArticlePair {
  readonly path: string;
  /** Characters (UTF-16 units) of the article's LF-normalised text. */
  readonly length: number;
  readonly a: readonly UnitCode[];
  readonly b: readonly UnitCode[];
}

/** The categories a code counts under: its role, or its themes. */
export type Categorizer = (code: UnitCode) => readonly string[];
export const byRole: Categorizer = (c) => [c.role];
export const byTheme: Categorizer = (c) => c.tags ?? [];

/** The 2×2 character table of one comparison. */
export interface CharTable {
  /** Characters compared (times categories, when pooled). */
  n: number;
  /** Coded by A, by B, by both. */
  a: number;
  b: number;
  both: number;
}

export interface Stats {
  /** Share of characters on which the coders agree (coded by both or by neither), 0..1. */
  percent: number | null;
  kappa: number | null;
  alpha: number | null;
  /** Pairs of codes matched (same category, Jaccard ≥ 0.5). */
  matched: number;
  onlyA: number;
  onlyB: number;
  /** The denominators: characters compared, coded by A, by B, by both, by neither. */
  characters: number;
  codedA: number;
  codedB: number;
  codedBoth: number;
  codedNeither: number;
  /** Observed and expected disagreement behind alpha (summed over categories). */
  observed: number;
  expected: number;
}

export interface CategoryReport {
  overall: Stats;
  categories: Record<string, Stats>;
  articles: Record<string, Stats & { categories: Record<string, Stats> }>;
}


// ---------------------------------------------------------------------------
// Primitives

/** Spans sorted by start with overlaps merged; empty spans dropped. Spans that only touch stay apart. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

function covered(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) n += s.end - s.start;
  return n;
}

/** Characters inside both of two merged span lists. */
function intersection(a: readonly Span[], b: readonly Span[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Span;
    const y = b[j] as Span;
    const lo = Math.max(x.start, y.start);
    const hi = Math.min(x.end, y.end);
    if (hi > lo) n += hi - lo;
    if (x.end <= y.end) i++;
    else j++;
  }
  return n;
}

export function charTable(length: number, a: readonly Span[], b: readonly Span[]): CharTable {
  const ma = mergeSpans(a);
  const mb = mergeSpans(b);
  return { n: length, a: covered(ma), b: covered(mb), both: intersection(ma, mb) };
}

export function addTables(x: CharTable, y: CharTable): CharTable {
  return { n: x.n + y.n, a: x.a + y.a, b: x.b + y.b, both: x.both + y.both };
}

export function percentAgreement(t: CharTable): number | null {
  if (t.n === 0) return null;
  return (t.n - t.a - t.b + 2 * t.both) / t.n;
}

/** Cohen's kappa of a 2×2 table; null when chance agreement is total (p_e = 1). */
export function cohenKappa(t: CharTable): number | null {
  if (t.n === 0) return null;
  const n = t.n;
  const po = (n - t.a - t.b + 2 * t.both) / n;
  const pe = (t.a * t.b + (n - t.a) * (n - t.b)) / (n * n);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/** The pieces of one category's cu-alpha, summable over articles. */
interface AlphaParts {
  /** Σ of squared distances over intersecting segment pairs (not yet divided by L²). */
  distance: number;
  length: number;
  units: number[];
  gaps: number[];
}

/** Units and gaps of one coder's merged spans over [0, length). */
function segments(spans: readonly Span[], length: number): Array<{ start: number; end: number; unit: boolean }> {
  const out: Array<{ start: number; end: number; unit: boolean }> = [];
  let pos = 0;
  for (const s of spans) {
    const start = Math.max(s.start, pos);
    const end = Math.min(s.end, length);
    if (end <= start) continue;
    if (start > pos) out.push({ start: pos, end: start, unit: false });
    out.push({ start, end, unit: true });
    pos = end;
  }
  if (pos < length) out.push({ start: pos, end: length, unit: false });
  return out;
}

function alphaParts(length: number, a: readonly Span[], b: readonly Span[]): AlphaParts {
  const sa = segments(mergeSpans(a), length);
  const sb = segments(mergeSpans(b), length);
  // Observed: every pair of segments (one per coder) that intersect.
  let distance = 0;
  let i = 0;
  let j = 0;
  while (i < sa.length && j < sb.length) {
    const x = sa[i] as { start: number; end: number; unit: boolean };
    const y = sb[j] as { start: number; end: number; unit: boolean };
    if (x.unit && y.unit) {
      const ds = x.start - y.start;
      const de = x.end - y.end;
      distance += ds * ds + de * de;
    } else if (x.unit && !y.unit) {
      if (x.start >= y.start && x.end <= y.end) distance += (x.end - x.start) ** 2;
    } else if (!x.unit && y.unit) {
      if (y.start >= x.start && y.end <= x.end) distance += (y.end - y.start) ** 2;
    }
    if (x.end <= y.end) i++;
    if (y.end <= x.end) j++;
  }
  const units: number[] = [];
  const gaps: number[] = [];
  for (const s of [...sa, ...sb]) (s.unit ? units : gaps).push(s.end - s.start);
  return { distance, length, units, gaps };
}

function joinParts(parts: readonly AlphaParts[]): AlphaParts {
  const out: AlphaParts = { distance: 0, length: 0, units: [], gaps: [] };
  for (const p of parts) {
    out.distance += p.distance;
    out.length += p.length;
    for (const u of p.units) out.units.push(u);
    for (const g of p.gaps) out.gaps.push(g);
  }
  return out;
}

/** Observed and expected disagreement of one category, two coders (Krippendorff 2004, p. 254). */
function disagreement(p: AlphaParts): { observed: number; expected: number } {
  const L = p.length;
  const R = 2;
  if (L === 0) return { observed: 0, expected: 0 };
  const observed = p.distance / (L * L);
  const N = p.units.length;
  if (N === 0) return { observed, expected: 0 };
  // Σ over gaps g ≥ l of (g − l + 1), for each unit length l: gaps sorted, with suffix sums.
  const gaps = Float64Array.from(p.gaps).sort();
  const suffix = new Float64Array(gaps.length + 1);
  for (let k = gaps.length - 1; k >= 0; k--) suffix[k] = (suffix[k + 1] as number) + (gaps[k] as number);
  let squared = 0;
  let sum = 0;
  for (const l of p.units) {
    squared += l * (l - 1);
    // first gap ≥ l
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((gaps[mid] as number) < l) lo = mid + 1;
      else hi = mid;
    }
    const count = gaps.length - lo;
    const fits = (suffix[lo] as number) - (l - 1) * count;
    sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * fits;
  }
  const expected = ((2 / L) * sum) / (R * L * (R * L - 1) - squared);
  return { observed, expected };
}

export function alphaFrom(observed: number, expected: number): number | null {
  if (!(expected > 0)) return null;
  return 1 - observed / expected;
}

/**
 * Krippendorff's unitized alpha for one category over one or more continua
 * (articles), two coders. Spans are [start, end) offsets within each continuum.
 */
export function unitizedAlpha(continua: ReadonlyArray<{ length: number; a: readonly Span[]; b: readonly Span[] }>): { alpha: number | null; observed: number; expected: number } {
  const d = disagreement(joinParts(continua.map((c) => alphaParts(c.length, c.a, c.b))));
  return { alpha: alphaFrom(d.observed, d.expected), ...d };
}

/**
 * Agreement over the text at least one coder coded: each such character is
 * a unit labelled, for each coder, with the roles (or other categories)
 * covering it ("none" where that coder coded nothing), and Cohen's kappa is
 * taken over those labels. Text neither coder touched is left out, so it
 * cannot inflate the figure; a character both coded alike counts as
 * agreement, one coded by one coder only, or under another role, as not.
 */
export interface LabelTable {
  /** Characters per pair of labels, A's then B's ("none", "context", "context+outcome"…). */
  cells: Map<string, Map<string, number>>;
  n: number;
}

export function emptyLabelTable(): LabelTable {
  return { cells: new Map(), n: 0 };
}

/** Adds one article's characters coded by at least one coder to `table`. */
export function addCodedText(table: LabelTable, a: readonly UnitCode[], b: readonly UnitCode[], categorize: Categorizer = byRole): void {
  // Boundaries where a coder's labels can change; between two of them, each side's label is constant.
  const events: Array<[number, 0 | 1, string, 1 | -1]> = [];
  for (const [side, codes] of [[0, a], [1, b]] as const) {
    for (const c of codes) {
      if (c.end <= c.start) continue;
      for (const cat of categorize(c)) {
        events.push([c.start, side, cat, 1], [c.end, side, cat, -1]);
      }
    }
  }
  events.sort((x, y) => x[0] - y[0]);
  const open: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  const label = (m: Map<string, number>) => [...m.keys()].filter((k) => (m.get(k) as number) > 0).sort().join('+') || 'none';
  let at = events[0]?.[0] ?? 0;
  for (let i = 0; i < events.length; ) {
    const pos = (events[i] as (typeof events)[number])[0];
    if (pos > at) {
      const la = label(open[0]);
      const lb = label(open[1]);
      if (la !== 'none' || lb !== 'none') {
        const row = table.cells.get(la) ?? new Map<string, number>();
        table.cells.set(la, row);
        row.set(lb, (row.get(lb) ?? 0) + (pos - at));
        table.n += pos - at;
      }
      at = pos;
    }
    for (; i < events.length && (events[i] as (typeof events)[number])[0] === pos; i++) {
      const [, side, cat, delta] = events[i] as (typeof events)[number];
      open[side].set(cat, (open[side].get(cat) ?? 0) + delta);
    }
  }
}

/** Cohen's kappa and percent agreement of a label table; null kappa when chance agreement is total. */
export function labelKappa(t: LabelTable): { kappa: number | null; percent: number | null; characters: number } {
  if (t.n === 0) return { kappa: null, percent: null, characters: 0 };
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  let diagonal = 0;
  for (const [la, row] of t.cells) {
    for (const [lb, n] of row) {
      rows.set(la, (rows.get(la) ?? 0) + n);
      cols.set(lb, (cols.get(lb) ?? 0) + n);
      if (la === lb) diagonal += n;
    }
  }
  const po = diagonal / t.n;
  let pe = 0;
  for (const [k, r] of rows) pe += (r * (cols.get(k) ?? 0)) / (t.n * t.n);
  return { kappa: pe >= 1 ? null : (po - pe) / (1 - pe), percent: po, characters: t.n };
}

// ---------------------------------------------------------------------------
// The report

function emptyStats(): Stats {
  return { percent: null, kappa: null, alpha: null, matched: 0, onlyA: 0, onlyB: 0, characters: 0, codedA: 0, codedB: 0, codedBoth: 0, codedNeither: 0, observed: 0, expected: 0 };
}

class Accumulator {
  table: CharTable = { n: 0, a: 0, b: 0, both: 0 };
  observed = 0;
  expected = 0;
  matched = 0;
  onlyA = 0;
  onlyB = 0;

  addTable(t: CharTable): void {
    this.table = addTables(this.table, t);
  }
  addDisagreement(d: { observed: number; expected: number }): void {
    this.observed += d.observed;
    this.expected += d.expected;
  }
  addMatching(m: { pairs: unknown[]; onlyA: unknown[]; onlyB: unknown[] }): void {
    this.matched += m.pairs.length;
    this.onlyA += m.onlyA.length;
    this.onlyB += m.onlyB.length;
  }
  stats(): Stats {
    const t = this.table;
    return {
      ...emptyStats(),
      percent: percentAgreement(t),
      kappa: cohenKappa(t),
      alpha: alphaFrom(this.observed, this.expected),
      matched: this.matched,
      onlyA: this.onlyA,
      onlyB: this.onlyB,
      characters: t.n,
      codedA: t.a,
      codedB: t.b,
      codedBoth: t.both,
      codedNeither: t.n - t.a - t.b + t.both,
      observed: this.observed,
      expected: this.expected,
    };
  }
}

function group(codes: readonly UnitCode[], categorize: Categorizer): Map<string, UnitCode[]> {
  const out = new Map<string, UnitCode[]>();
  for (const c of codes) {
    if (c.end <= c.start) continue;
    for (const cat of categorize(c)) {
      let list = out.get(cat);
      if (!list) out.set(cat, (list = []));
      list.push(c);
    }
  }
  return out;
}

/**
 * Agreement over article pairs, per category, per article and overall.
 * `categories` fixes the categories compared (e.g. every role either coder
 * used); by default, every category either coder used in any article.
 */
export function compareCodings(pairs: readonly ArticlePair[], categorize: Categorizer = byRole, categories?: readonly string[]): CategoryReport {
  const grouped = pairs.map((p) => ({ pair: p, a: group(p.a, categorize), b: group(p.b, categorize) }));
  const cats = categories ? [...categories] : [...new Set(grouped.flatMap((g) => [...g.a.keys(), ...g.b.keys()]))].sort();
  const overall = new Accumulator();
  const perCategory = new Map(cats.map((c) => [c, new Accumulator()]));
  const perCategoryParts = new Map<string, AlphaParts[]>(cats.map((c) => [c, []]));
  const articles: CategoryReport['articles'] = {};
  for (const g of grouped) {
    const article = new Accumulator();
    const articleCats: Record<string, Stats> = {};
    for (const cat of cats) {
      const a = g.a.get(cat) ?? [];
      const b = g.b.get(cat) ?? [];
      const table = charTable(g.pair.length, a, b);
      const parts = alphaParts(g.pair.length, a, b);
      const d = disagreement(parts);
      const m = matchSpans(a, b);
      const one = new Accumulator();
      for (const acc of [one, article, perCategory.get(cat) as Accumulator]) {
        acc.addTable(table);
        acc.addMatching(m);
      }
      one.addDisagreement(d);
      article.addDisagreement(d);
      (perCategoryParts.get(cat) as AlphaParts[]).push(parts);
      articleCats[cat] = one.stats();
    }
    articles[g.pair.path] = { ...article.stats(), categories: articleCats };
  }
  const categoriesOut: Record<string, Stats> = {};
  for (const cat of cats) {
    const acc = perCategory.get(cat) as Accumulator;
    const d = disagreement(joinParts(perCategoryParts.get(cat) as AlphaParts[]));
    acc.addDisagreement(d);
    categoriesOut[cat] = acc.stats();
    overall.addTable(acc.table);
    overall.addDisagreement(d);
    overall.matched += acc.matched;
    overall.onlyA += acc.onlyA;
    overall.onlyB += acc.onlyB;
  }
  return { overall: overall.stats(), categories: categoriesOut, articles };
}

/**
 * Anchoring: finding each code's passage again in the current text of its
 * article, in the manner of the W3C Web Annotation model and Hypothesis
 * (position + quote + context).
 *
 * 1. **kept**: the stored position still holds the stored quote.
 * 2. **moved**: the quote occurs exactly near where the code is expected, with
 *    at least one side of its context agreeing; or anywhere with agreeing
 *    context (a long insertion or deletion before it).
 * 3. **fuzzy**: near the expected place, the quote is found in the "loose"
 *    text (white space, hyphenation, ligatures, quotes and case folded) or
 *    approximately, by bit-parallel matching (Myers' algorithm, via
 *    `approx-string-match`), scored on quote, prefix, suffix and position
 *    (weights 50 : 20 : 20 : 2, as Hypothesis) with a stricter bar: at most a
 *    quarter of the quote may differ, and short quotes need their context.
 *    Failing that, an exact occurrence anywhere in other surroundings (moved);
 *    failing that, and only if nothing of the passage remains near, a search
 *    of the whole text that accepts only an almost equal quote in agreeing
 *    context: a lookalike far away is worse than an orphan.
 *    An approximate match never changes the passage's numbers or negations
 *    (claims.ts: "12 included" is not "7 not included"), nor its words (a
 *    short quote with a whole word more or less is another passage), and it
 *    begins and ends with the quote's own first and last words; when two
 *    different places match almost equally well, neither is taken.
 * 4. **orphaned**: nothing good enough. The code is returned unchanged, to be
 *    kept in its file and shown to the user; it is never dropped.
 *
 * The expected place of a code is its stored start shifted by how far the code
 * before it moved, so an insertion early in the text costs nothing later.
 */
import search from 'approx-string-match';
import { claimsOf, nearlyEqual, sameClaims, sameWords, wholeWords, type Claims } from './claims';
import { loose, loosen, type LooseText } from './loose';
import { CONTEXT_LENGTH, type Code } from '../model/schema';
import { similarity } from './similarity';
import { snapEnd, snapStart } from '../text/text';

export type AnchorStatus = 'kept' | 'moved' | 'fuzzy' | 'orphaned';

export interface Selector {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Anchored {
  /** The code as stored, untouched. */
  readonly code: Code;
  readonly status: AnchorStatus;
  /** Where the passage is now: for an orphan, the stored position. */
  readonly start: number;
  readonly end: number;
  /** For fuzzy matches: the score from 0 to 1. */
  readonly score?: number;
}

/** What is looked for, in loose form. */
export interface Wanted {
  readonly quote: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly expected: number;
  readonly short: boolean;
  readonly maxErrors: number;
  /** The quote's numbers and negations, which an approximate match must keep. */
  readonly claims: Claims;
}

/** A code still to be looked for anywhere in the text. */
export interface Far {
  readonly code: Code;
  readonly wanted: Wanted;
}

interface Candidate {
  start: number;
  end: number;
  total: number;
}

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };
/** Near the expected place, at most this share of the quote may differ. */
const MAX_ERROR_RATIO = 0.25;
/** A quote shorter than this (loose characters) may differ by one, and needs its context. */
const SHORT_QUOTE = 16;
const MIN_SCORE = 0.6;
/** How many of the best approximate matches are tested for changed claims before giving up. */
const MAX_LOOKALIKES = 32;
/** Two places whose scores are this close are a tie: the code is orphaned rather than guessed. */
const AMBIGUOUS = 0.02;
/** How far either side of the expected place (UTF-16 units) counts as near. */
const NEAR = 512;
/** Far from the expected place, at most this share of the quote may differ, and the context must agree this much. */
const FAR_MAX_ERROR_RATIO = 0.1;
const FAR_MIN_CONTEXT = 0.5;
/** For the search anywhere, a quote is cut into this many seed pieces, each at least FAR_PIECE long. */
const FAR_SEEDS = 4;
const FAR_PIECE = 8;
/** Characters of each piece the rolling hash looks at (pieces are at least this long). */
const SEED_KEY = 8;
/** A piece found more often than this is too common to lead anywhere. */
const FAR_PIECE_HITS = 64;
/** A quote found exactly more often than this, far from its place, is too common to be placed by its words. */
const MAX_OCCURRENCES = 64;
/** After this many quotes looked for anywhere by a scan of the text, the text is indexed instead. */
const INDEX_AFTER_SCANS = 16;
/** Past this many indexed places to check for one quote, a scan of the text is cheaper. */
const MAX_CHECKS = 2048;

/** Quote, prefix and suffix for a range of a text; the range is snapped off surrogate halves. */
export function selectorFor(text: string, start: number, end: number): Selector {
  const s = snapStart(text, Math.max(0, Math.min(start, text.length)));
  const e = snapEnd(text, Math.max(s, Math.min(end, text.length)));
  return {
    start: s,
    end: e,
    exact: text.slice(s, e),
    prefix: text.slice(snapStart(text, Math.max(0, s - CONTEXT_LENGTH)), s),
    suffix: text.slice(e, snapEnd(text, Math.min(text.length, e + CONTEXT_LENGTH))),
  };
}

/** The code with its selector brought up to date with where it was anchored. Orphans come back unchanged. */
export function updatedCode(text: string, a: Anchored): Code {
  if (a.status === 'orphaned') return a.code;
  const sel = selectorFor(text, a.start, a.end);
  const c = a.code;
  if (c.start === sel.start && c.end === sel.end && c.exact === sel.exact && c.prefix === sel.prefix && c.suffix === sel.suffix) return c;
  return { ...c, ...sel };
}

/**
 * Re-anchors codes against a text. Returns one result per code, in the order
 * given. Codes are first looked for near where they should be, in text order;
 * those not found near are then looked for anywhere, all in one pass over the
 * text. A code found far away does not shift where its neighbours are expected.
 */
export function anchorCodes(text: string, codes: readonly Code[]): Anchored[] {
  const anchorer = new Anchorer(text);
  const order = codes.map((_, i) => i);
  // Sidecars keep their codes sorted by start: sort only when they are not.
  if (codes.some((c, i) => i > 0 && c.start < (codes[i - 1] as Code).start)) order.sort((a, b) => (codes[a] as Code).start - (codes[b] as Code).start);
  const results: Anchored[] = new Array(codes.length);
  const pending: Array<{ index: number; far: Far }> = [];
  /** Where each code was looked for near, by index. */
  const expectedAt = new Array<number>(codes.length);
  let delta = 0;
  for (const i of order) {
    const code = codes[i] as Code;
    expectedAt[i] = code.start + delta;
    const r = anchorer.anchorNear(code, code.start + delta);
    if ('far' in r) pending.push({ index: i, far: r.far });
    else {
      results[i] = r;
      if (r.status !== 'orphaned') delta = r.start - code.start;
    }
  }
  const far = anchorer.anchorFar(pending.map((p) => p.far));
  pending.forEach((p, k) => (results[p.index] = far[k] as Anchored));
  if (!results.some((r) => r.status === 'orphaned')) return results;
  // Second pass, for the orphans only, with the shift of the codes found on
  // either side of each (far ones included). After a deleted paragraph the
  // first pass drifts: it follows codes found near, and none is near any
  // more, so passages still in the text were looked for in the wrong place.
  // The code after an orphan helps when a deletion lies just before the orphan.
  // Only the passage's own words are taken here (equal once loosened): a code
  // looked for a second time is not given a second chance at a lookalike.
  const shifts = (from: number, step: number) => {
    const out = new Array<number | undefined>(order.length);
    let last: number | undefined;
    for (let k = from; k >= 0 && k < order.length; k += step) {
      const r = results[order[k] as number] as Anchored;
      out[k] = last;
      if (r.status !== 'orphaned') last = r.start - r.code.start;
    }
    return out;
  };
  const before = shifts(0, 1);
  const after = shifts(order.length - 1, -1);
  order.forEach((i, k) => {
    const r = results[i] as Anchored;
    if (r.status !== 'orphaned') return;
    for (const shift of new Set([before[k], after[k]])) {
      // Where the first pass looked already (near covers NEAR either side) is not looked at again.
      if (shift === undefined || Math.abs(r.code.start + shift - (expectedAt[i] as number)) <= NEAR / 8) continue;
      const again = anchorer.anchorNear(r.code, r.code.start + shift, true);
      if ('far' in again || again.status === 'orphaned') continue;
      if (again.status !== 'fuzzy' || loose(text.slice(again.start, again.end)) === loose(r.code.exact)) {
        results[i] = again;
        return;
      }
    }
  });
  return results;
}

export class Anchorer {
  private looseText: LooseText | undefined;
  private gramIndex: GramIndex | undefined;
  /** Quotes looked for anywhere by scanning the text, so far. */
  private scans = 0;
  constructor(readonly text: string) {}

  /** The whole text's loose view, built on first need. */
  private get loose(): LooseText {
    return (this.looseText ??= loosen(this.text));
  }

  /**
   * Every step but the search anywhere for a lookalike; a code that needs that
   * comes back as `far`. `again`: a second look, elsewhere, for a code this
   * anchorer orphaned, for its own words only (exact, or equal once loosened):
   * the exact search anywhere (which does not depend on the expected place)
   * found nothing good the first time and is not repeated.
   */
  anchorNear(code: Code, expected: number, again = false): Anchored | { far: Far } {
    const { text } = this;
    const orphan = (): Anchored => ({ code, status: 'orphaned', start: code.start, end: code.end });
    if (code.end <= text.length && code.end - code.start === code.exact.length && text.startsWith(code.exact, code.start)) {
      return { code, status: 'kept', start: code.start, end: code.end };
    }
    if (code.exact.length === 0) return orphan();
    const moved = (at: number): Anchored => ({ code, status: 'moved', start: at, end: at + code.exact.length });
    const near = this.findExactNear(code, expected);
    if (near !== undefined) return moved(near);
    const anywhere = again ? undefined : this.findExactAnywhere(code, expected);
    if (anywhere !== undefined && this.contextAt(code, anywhere) >= 1) return moved(anywhere);
    const quote = loose(code.exact);
    if (quote.length === 0) return orphan();
    const short = quote.length < SHORT_QUOTE;
    const wanted: Wanted = {
      quote,
      prefix: loose(code.prefix),
      suffix: loose(code.suffix),
      expected,
      short,
      // A second look takes only the passage's own words: no approximate search.
      maxErrors: again ? 0 : short ? 1 : Math.min(256, Math.floor(quote.length * MAX_ERROR_RATIO)),
      claims: claimsOf(quote),
    };
    const local = this.findFuzzyNear(code, wanted);
    if (local.found) return { code, status: 'fuzzy', ...local.found };
    // The same words in other surroundings: still better than a lookalike.
    if (anywhere !== undefined) return moved(anywhere);
    // Pieces of the passage still standing near mean it was changed where it was, too much to follow.
    if (local.remains) return orphan();
    return { far: { code, wanted } };
  }

  /**
   * Looks for codes anywhere in the whole text's loose view, by seeded
   * filter-then-verify: each quote is cut into FAR_SEEDS pieces, one
   * rolling-hash pass over the text finds where any piece of any quote stands,
   * and windows there are verified by approximate matching. A match with fewer
   * errors than pieces always keeps one piece intact (pigeonhole), and so does
   * any match whose edits leave one piece untouched, which is how passages
   * are usually changed. Only an almost equal quote in agreeing context is
   * taken this far from home.
   */
  anchorFar(items: readonly Far[]): Anchored[] {
    if (items.length === 0) return [];
    const l = this.loose;
    const starts = findSeeds(l.text, items.map((f) => seeds(f.wanted.quote)));
    return items.map(({ code, wanted }, i): Anchored => {
      const k = Math.floor(wanted.quote.length * FAR_MAX_ERROR_RATIO);
      let best: Candidate | undefined;
      for (const [a, b] of windows(starts[i] as number[], wanted.quote.length, k, l.text.length)) {
        const found = this.bestIn(l, 0, a, b, wanted, k, true);
        if (found && (!best || found.total > best.total)) best = found;
      }
      return best ? { code, status: 'fuzzy', ...this.result(best) } : { code, status: 'orphaned', start: code.start, end: code.end };
    });
  }

  /** How well the text around an occurrence matches the stored context: 0 to 2 (prefix + suffix). Allocates nothing. */
  private contextAt(code: Code, at: number): number {
    const { text } = this;
    const { prefix, suffix } = code;
    let p = 0;
    while (p < prefix.length && at - 1 - p >= 0 && text.charCodeAt(at - 1 - p) === prefix.charCodeAt(prefix.length - 1 - p)) p++;
    const end = at + code.exact.length;
    let q = 0;
    while (q < suffix.length && end + q < text.length && text.charCodeAt(end + q) === suffix.charCodeAt(q)) q++;
    return (prefix.length ? p / prefix.length : 1) + (suffix.length ? q / suffix.length : 1);
  }

  /**
   * An exact occurrence at the expected place or near it whose context at
   * least half agrees (an edit beside a passage usually disturbs one side):
   * the best context, then the nearest.
   */
  private findExactNear(code: Code, expected: number): number | undefined {
    const { text } = this;
    const quote = code.exact;
    if (expected >= 0 && text.startsWith(quote, expected) && this.contextAt(code, expected) === 2) return expected;
    // In a slice: indexOf on the whole text would run on to its end when the quote is not near.
    const from = Math.max(0, expected - NEAR - quote.length);
    const near = text.slice(from, Math.min(text.length, expected + NEAR + 2 * quote.length));
    let nearest: number | undefined;
    let nearestContext = 0;
    for (let i = near.indexOf(quote); i !== -1; i = near.indexOf(quote, i + 1)) {
      const at = from + i;
      const context = this.contextAt(code, at);
      if (context > nearestContext || (context === nearestContext && nearest !== undefined && Math.abs(at - expected) < Math.abs(nearest - expected))) {
        nearest = at;
        nearestContext = context;
      }
    }
    return nearest !== undefined && nearestContext >= 1 ? nearest : undefined;
  }

  /**
   * The exact occurrence anywhere with the best context, then the nearest.
   * A quote found more than MAX_OCCURRENCES times is too common to place by
   * its words alone (and looking at each would make crafted repetitive text
   * cost codes × text length): none is taken.
   */
  private findExactAnywhere(code: Code, expected: number): number | undefined {
    const { text } = this;
    let best: number | undefined;
    let bestScore = -Infinity;
    let seen = 0;
    for (const at of this.occurrences(code.exact)) {
      if (++seen > MAX_OCCURRENCES) return undefined;
      const score = WEIGHTS.prefix * this.contextAt(code, at) + WEIGHTS.position * (1 - Math.abs(at - expected) / Math.max(1, text.length));
      if (score > bestScore) {
        bestScore = score;
        best = at;
      }
    }
    return best;
  }

  /**
   * Where a quote stands in the whole text, in order (up to MAX_OCCURRENCES
   * + 1 of them). The first few quotes are looked for with indexOf, a scan of
   * the text each; past that (a text edited throughout, or re-extracted), an
   * index of the text's SEED_KEY-grams at every SEED_KEY-th position is built
   * once, and a quote of at least 2 × SEED_KEY - 1 characters is looked up in
   * it: each of its occurrences holds exactly one indexed position, at one of
   * SEED_KEY offsets into the quote, so SEED_KEY look-ups find them all.
   */
  private occurrences(quote: string): number[] {
    const { text } = this;
    const out: number[] = [];
    const scan = () => {
      for (let at = text.indexOf(quote); at !== -1 && out.length <= MAX_OCCURRENCES; at = text.indexOf(quote, at + 1)) out.push(at);
      return out;
    };
    if (quote.length < 2 * SEED_KEY - 1 || ++this.scans <= INDEX_AFTER_SCANS) return scan();
    const index = (this.gramIndex ??= indexGrams(text));
    const heads = Array.from({ length: SEED_KEY }, (_, o) => index.table.get(hashOf(quote, o)));
    // Grams so common that checking each place costs more than a scan (a repetitive text): scan.
    if (heads.reduce((n, g) => n + (g < 0 ? 0 : (index.length[g] as number)), 0) > MAX_CHECKS) return scan();
    for (let o = 0; o < SEED_KEY; o++) {
      for (let g = heads[o] as number; g >= 0; g = index.next[g] as number) {
        const start = g * SEED_KEY - o;
        if (start >= 0 && text.startsWith(quote, start) && out.push(start) > MAX_OCCURRENCES) return out;
      }
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * Near the expected place, in a loosened stretch of the text. `remains`
   * says whether at least two pieces of the quote still stand there.
   */
  private findFuzzyNear(code: Code, q: Wanted): { found?: { start: number; end: number; score: number }; remains: boolean } {
    const from = Math.max(0, q.expected - NEAR);
    const to = Math.min(this.text.length, q.expected + code.exact.length + NEAR);
    const local = loosen(this.text.slice(from, to));
    const best = this.bestIn(local, from, 0, local.text.length, q, q.maxErrors, false);
    if (best) return { found: this.result(best), remains: true };
    return { remains: seeds(q.quote).filter((piece) => local.text.includes(piece)).length >= 2 };
  }

  /**
   * The best acceptable match of the quote in loose[from, to): exact first,
   * then with up to `errors` errors. Offsets returned are in the original text
   * (the loose map plus `base`).
   */
  private bestIn(l: LooseText, base: number, from: number, to: number, q: Wanted, errors: number, far: boolean): Candidate | undefined {
    const window = from === 0 && to === l.text.length ? l.text : l.text.slice(from, to);
    const found: Array<{ start: number; end: number; origStart: number; origEnd: number; total: number; approximate: boolean }> = [];
    const consider = (start: number, end: number, errs: number) => {
      const quoteScore = 1 - errs / q.quote.length;
      const prefixScore = similarity(q.prefix, l.text.slice(Math.max(0, start - q.prefix.length), start));
      const suffixScore = similarity(q.suffix, l.text.slice(end, end + q.suffix.length));
      const origStart = base + (l.map[start] as number);
      const origEnd = base + (l.map[end - 1] as number) + 1;
      const posScore = 1 - Math.abs(origStart - q.expected) / Math.max(1, this.text.length);
      const total =
        (WEIGHTS.quote * quoteScore + WEIGHTS.prefix * prefixScore + WEIGHTS.suffix * suffixScore + WEIGHTS.position * posScore) /
        (WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position);
      const context = (prefixScore + suffixScore) / 2;
      const contextOk = far ? context >= FAR_MIN_CONTEXT && quoteScore >= 1 - FAR_MAX_ERROR_RATIO : !q.short || context >= 0.7;
      if (contextOk && total >= MIN_SCORE && (errs === 0 || endsHold(l.text, start, end, q))) found.push({ start, end, origStart, origEnd, total, approximate: errs > 0 });
    };
    let exact = false;
    for (let at = window.indexOf(q.quote); at !== -1; at = window.indexOf(q.quote, at + 1)) {
      exact = true;
      consider(from + at, from + at + q.quote.length, 0);
    }
    if (!exact && errors > 0) for (const m of search(window, q.quote, errors)) consider(from + m.start, from + m.end, m.errors);
    // Best first. An approximate match must make the quote's claims (the dearest test, so run only on the leaders).
    found.sort((a, b) => b.total - a.total);
    const claimsHold = (c: (typeof found)[number]) => {
      if (!c.approximate) return true;
      const place = claimsOf(wholeWords(l.text, c.start, c.end));
      return sameClaims(q.claims, place) && sameWords(q.claims, place);
    };
    // Leaders that change the claims are lookalikes; past a few of them, nothing here is the passage.
    let at = -1;
    for (let i = 0; i < Math.min(found.length, MAX_LOOKALIKES); i++) {
      if (claimsHold(found[i] as (typeof found)[number])) {
        at = i;
        break;
      }
    }
    const best = found[at];
    if (!best) return undefined;
    const candidate = { start: best.origStart, end: best.origEnd, total: best.total };
    if (!best.approximate) return candidate;
    // An approximate match with a rival elsewhere almost as good: orphan, never guess.
    for (let i = at + 1; i < found.length; i++) {
      const c = found[i] as (typeof found)[number];
      if (best.total - c.total >= AMBIGUOUS) break;
      if ((c.origEnd <= best.origStart || best.origEnd <= c.origStart) && claimsHold(c)) return undefined;
    }
    return candidate;
  }

  private result(c: Candidate): { start: number; end: number; score: number } {
    return { start: snapStart(this.text, c.start), end: snapEnd(this.text, c.end), score: Math.round(c.total * 1000) / 1000 };
  }
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const FIRST_WORD = /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)/u;
const LAST_WORD = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u;

/**
 * An approximate match begins and ends with the quote's own first and last
 * words: a passage whose ends changed ("be inef-" of the other column, now
 * gone; a table cell's word now beside it) is not the passage, however close
 * the letters between. A letter may differ in them; where the quote itself
 * starts or ends inside a word, the word found need only end (or start) with
 * that part.
 */
function endsHold(text: string, start: number, end: number, q: Wanted): boolean {
  const isWord = (i: number) => i >= 0 && i < text.length && WORD_CHAR.test(text.charAt(i));
  const first = FIRST_WORD.exec(q.quote)?.[1];
  const last = LAST_WORD.exec(q.quote)?.[1];
  if (!first || !last) return true;
  let a = start;
  while (a < end && !isWord(a)) a++;
  let a0 = a;
  while (isWord(a0 - 1)) a0--;
  let a1 = a;
  while (isWord(a1)) a1++;
  let b = end - 1;
  while (b > start && !isWord(b)) b--;
  let b1 = b + 1;
  while (isWord(b1)) b1++;
  let b0 = b;
  while (isWord(b0 - 1)) b0--;
  const startWord = text.slice(a0, a1);
  const endWord = text.slice(b0, b1);
  const midStart = WORD_CHAR.test(q.prefix.slice(-1)) && WORD_CHAR.test(q.quote.charAt(0));
  const midEnd = WORD_CHAR.test(q.suffix.charAt(0)) && WORD_CHAR.test(q.quote.slice(-1));
  // A letter changed in an end word ("works" → "work") is still that word.
  return (nearlyEqual(startWord, first) || (midStart && startWord.endsWith(first))) && (nearlyEqual(endWord, last) || (midEnd && endWord.startsWith(last)));
}

/** The quote cut into FAR_SEEDS pieces of at least FAR_PIECE characters (fewer for a short quote). */
function seeds(quote: string): string[] {
  const count = Math.max(1, Math.min(FAR_SEEDS, Math.floor(quote.length / FAR_PIECE)));
  const size = Math.floor(quote.length / count);
  return Array.from({ length: count }, (_, p) => quote.slice(p * size, p === count - 1 ? quote.length : (p + 1) * size));
}

interface Seed {
  piece: string;
  /** The quotes the piece is part of, and where in each. */
  owners: Array<{ quote: number; offset: number }>;
  /** Where the piece stands in the text (up to FAR_PIECE_HITS + 1). */
  starts: number[];
}

/**
 * Where pieces of quotes stand in a text, in one pass: a rolling hash over
 * every SEED_KEY-long stretch is looked up among the pieces' first SEED_KEY
 * characters, and each hit is confirmed in full. Returns, per quote, where it
 * would start if a piece found is in its place. A piece found more than
 * FAR_PIECE_HITS times is too common to follow.
 */
const B = 0x01000193;
/** The hash of s[from, from + SEED_KEY), as the rolling hash of findSeeds computes it. */
function hashOf(s: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + SEED_KEY; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

function findSeeds(text: string, pieces: readonly string[][]): number[][] {
  let pow = 1;
  for (let i = 1; i < SEED_KEY; i++) pow = Math.imul(pow, B);
  // One entry per distinct piece, however many quotes share it, so repetitive quotes cost one look-up each.
  const byPiece = new Map<string, Seed>();
  const buckets: Seed[][] = [];
  const table = new HashTable();
  pieces.forEach((list, quote) => {
    const size = list[0]?.length ?? 0;
    list.forEach((piece, p) => {
      if (piece.length < SEED_KEY) return;
      let seed = byPiece.get(piece);
      if (!seed) {
        seed = { piece, owners: [], starts: [] };
        byPiece.set(piece, seed);
        const h = hashOf(piece, 0);
        const at = table.get(h);
        if (at >= 0) (buckets[at] as Seed[]).push(seed);
        else table.set(h, buckets.push([seed]) - 1);
      }
      seed.owners.push({ quote, offset: p * size });
    });
  });
  let live = byPiece.size;
  if (text.length >= SEED_KEY && live > 0) {
    let h = hashOf(text, 0);
    for (let i = 0; ; i++) {
      const at = table.get(h);
      if (at >= 0) {
        const bucket = buckets[at] as Seed[];
        for (let b = 0; b < bucket.length; b++) {
          const seed = bucket[b] as Seed;
          if (!text.startsWith(seed.piece, i)) continue;
          seed.starts.push(i);
          // Too common to lead anywhere: dropped, so a repetitive text costs no more than a plain one.
          if (seed.starts.length > FAR_PIECE_HITS) {
            bucket.splice(b--, 1);
            if (--live === 0) break;
          }
        }
        if (live === 0) break;
      }
      if (i + SEED_KEY >= text.length) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), pow), B) + text.charCodeAt(i + SEED_KEY)) | 0;
    }
  }
  const out: number[][] = pieces.map(() => []);
  for (const seed of byPiece.values()) {
    if (seed.starts.length > FAR_PIECE_HITS) continue;
    for (const { quote, offset } of seed.owners) for (const at of seed.starts) (out[quote] as number[]).push(at - offset);
  }
  return out;
}

/**
 * A set of 32-bit hashes, each with a number: open addressing in typed
 * arrays. The seed search looks one up at every position of the text, where
 * a Map's look-up was a third of the time of re-anchoring.
 */
class HashTable {
  private keys: Int32Array;
  private values: Int32Array;
  private count = 0;

  /** Sized for `expected` keys without growing. */
  constructor(expected = 16) {
    let size = 64;
    while (size < expected * 4) size *= 2;
    this.keys = new Int32Array(size);
    this.values = new Int32Array(size).fill(-1);
  }

  private slot(h: number, mask: number): number {
    return Math.imul(h, 0x9e3779b1) >>> 0 & mask;
  }

  /** The number stored for `h`, or -1. */
  get(h: number): number {
    const mask = this.keys.length - 1;
    for (let i = this.slot(h, mask); ; i = (i + 1) & mask) {
      const v = this.values[i] as number;
      if (v < 0 || this.keys[i] === h) return v;
    }
  }

  set(h: number, value: number): void {
    if ((this.count + 1) * 4 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = this.slot(h, mask);
    while ((this.values[i] as number) >= 0 && this.keys[i] !== h) i = (i + 1) & mask;
    if ((this.values[i] as number) < 0) this.count++;
    this.keys[i] = h;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if ((values[i] as number) >= 0) this.set(keys[i] as number, values[i] as number);
  }
}

interface GramIndex {
  /** Per hash, the last gram (position / SEED_KEY) with it; `next` chains to the one before. */
  table: HashTable;
  next: Int32Array;
  /** Per gram, how long its chain is (itself and those before it). */
  length: Int32Array;
}

function indexGrams(text: string): GramIndex {
  const count = Math.floor(text.length / SEED_KEY);
  const table = new HashTable(count);
  const next = new Int32Array(count);
  const length = new Int32Array(count);
  for (let g = 0; g < count; g++) {
    const h = hashOf(text, g * SEED_KEY);
    const before = table.get(h);
    next[g] = before;
    length[g] = before < 0 ? 1 : (length[before] as number) + 1;
    table.set(h, g);
  }
  return { table, next, length };
}

/** Merged windows [from, to) around candidate starts, wide enough for k errors. */
function windows(starts: readonly number[], length: number, k: number, textLength: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of [...starts].sort((a, b) => a - b)) {
    const a = Math.max(0, s - k);
    const b = Math.min(textLength, s + length + k);
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

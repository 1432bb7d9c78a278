/**
 * Anchoring: finding each code's passage again in the current text of its
 * article, in the manner of the W3C Web Annotation model and Hypothesis
 * (position + quote + context), in four steps:
 *
 * 1. **kept**: the stored position still holds the stored quote;
 * 2. **moved**: the quote occurs elsewhere; among its occurrences the one whose
 *    surroundings best match the stored prefix/suffix, nearest the expected
 *    position, wins;
 * 3. **fuzzy**: the quote is found in the "loose" text (white space, hyphenation,
 *    ligatures, quotes and case folded), or approximately, by bit-parallel
 *    matching (Myers' algorithm, via `approx-string-match`), first near the
 *    expected position, then anywhere; candidates are scored by quote, prefix,
 *    suffix and position (weights 50 : 20 : 20 : 2, as Hypothesis), with a
 *    stricter bar than Hypothesis: at most a quarter of the quote may differ,
 *    and short quotes need their context to agree;
 * 4. **orphaned**: nothing good enough. The code is returned unchanged, to be
 *    kept in its file and shown to the user; it is never dropped.
 *
 * The expected position of a code is its stored start shifted by how far the
 * code before it moved, so an insertion early in the text costs nothing later.
 */
import search from 'approx-string-match';
import { loose, looseIndexAt, loosen, type LooseText } from './loose';
import { CONTEXT_LENGTH, type Code } from './schema';
import { commonPrefixLength, commonSuffixLength, similarity } from './similarity';
import { snapEnd, snapStart } from './text';

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

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };
const MAX_ERROR_RATIO = 0.25;
const SHORT_QUOTE = 16;
const MIN_SCORE = 0.6;

/** Re-anchors codes against a text. Returns one result per code, in the order given. */
export function anchorCodes(text: string, codes: readonly Code[]): Anchored[] {
  const anchorer = new Anchorer(text);
  const order = codes.map((_, i) => i).sort((a, b) => (codes[a] as Code).start - (codes[b] as Code).start);
  const results: Anchored[] = new Array(codes.length);
  let delta = 0;
  for (const i of order) {
    const code = codes[i] as Code;
    const r = anchorer.anchor(code, code.start + delta);
    results[i] = r;
    if (r.status !== 'orphaned') delta = r.start - code.start;
  }
  return results;
}

export class Anchorer {
  private looseText: LooseText | undefined;
  constructor(readonly text: string) {}

  private get loose(): LooseText {
    return (this.looseText ??= loosen(this.text));
  }

  anchor(code: Code, expected: number = code.start): Anchored {
    const { text } = this;
    if (code.end <= text.length && text.slice(code.start, code.end) === code.exact) {
      return { code, status: 'kept', start: code.start, end: code.end };
    }
    if (code.exact.length === 0) return { code, status: 'orphaned', start: code.start, end: code.end };
    const exact = this.findExact(code, expected);
    if (exact !== undefined) return { code, status: 'moved', start: exact, end: exact + code.exact.length };
    const fuzzy = this.findFuzzy(code, expected);
    if (fuzzy) return { code, status: 'fuzzy', ...fuzzy };
    return { code, status: 'orphaned', start: code.start, end: code.end };
  }

  /** Best exact occurrence of the quote, by context and then by distance. */
  private findExact(code: Code, expected: number): number | undefined {
    const { text } = this;
    let best: number | undefined;
    let bestScore = -Infinity;
    for (let at = text.indexOf(code.exact); at !== -1; at = text.indexOf(code.exact, at + 1)) {
      const before = text.slice(Math.max(0, at - code.prefix.length), at);
      const end = at + code.exact.length;
      const after = text.slice(end, end + code.suffix.length);
      const context =
        (code.prefix.length ? commonSuffixLength(before, code.prefix) / code.prefix.length : 1) +
        (code.suffix.length ? commonPrefixLength(after, code.suffix) / code.suffix.length : 1);
      const score = WEIGHTS.prefix * context + WEIGHTS.position * (1 - Math.abs(at - expected) / Math.max(1, text.length));
      if (score > bestScore) {
        bestScore = score;
        best = at;
      }
    }
    return best;
  }

  private findFuzzy(code: Code, expected: number): { start: number; end: number; score: number } | undefined {
    const l = this.loose;
    const quote = loose(code.exact);
    if (quote.length === 0) return undefined;
    const prefix = loose(code.prefix);
    const suffix = loose(code.suffix);
    const expectedLoose = looseIndexAt(l, expected);
    const short = quote.length < SHORT_QUOTE;
    const maxErrors = short ? 1 : Math.min(256, Math.floor(quote.length * MAX_ERROR_RATIO));

    const score = (start: number, end: number, errors: number) => {
      const quoteScore = 1 - errors / quote.length;
      const before = l.text.slice(Math.max(0, start - prefix.length), start);
      const after = l.text.slice(end, end + suffix.length);
      const prefixScore = similarity(prefix, before);
      const suffixScore = similarity(suffix, after);
      const posScore = 1 - Math.abs(start - expectedLoose) / Math.max(1, l.text.length);
      const total =
        (WEIGHTS.quote * quoteScore + WEIGHTS.prefix * prefixScore + WEIGHTS.suffix * suffixScore + WEIGHTS.position * posScore) /
        (WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position);
      const contextOk = !short || (prefixScore + suffixScore) / 2 >= 0.7;
      return { total, ok: contextOk && total >= MIN_SCORE };
    };

    const pick = (from: number, to: number) => {
      let best: { start: number; end: number; total: number } | undefined;
      const consider = (start: number, end: number, errors: number) => {
        const s = score(start, end, errors);
        if (s.ok && (!best || s.total > best.total)) best = { start, end, total: s.total };
      };
      // Exact in the loose text first: cheap, and the common case after re-extraction.
      const window = l.text.slice(from, to);
      for (let at = window.indexOf(quote); at !== -1; at = window.indexOf(quote, at + 1)) consider(from + at, from + at + quote.length, 0);
      if (!best) for (const m of search(window, quote, maxErrors)) consider(from + m.start, from + m.end, m.errors);
      return best;
    };

    const reach = quote.length * 2 + 2048;
    const near = pick(Math.max(0, expectedLoose - reach), Math.min(l.text.length, expectedLoose + quote.length + reach));
    const found = near ?? pick(0, l.text.length);
    if (!found) return undefined;
    const start = snapStart(this.text, l.map[found.start] as number);
    const end = snapEnd(this.text, (l.map[found.end - 1] as number) + 1);
    return { start, end, score: Math.round(found.total * 1000) / 1000 };
  }
}

/**
 * What a passage claims, beyond its letters: its numbers and its negations.
 * "12 studies were included" and "7 studies were not included" differ in a
 * few characters and say opposite things, so an approximate match may never
 * change either: anchoring a code there would make it claim the wrong words.
 *
 * Compared on loose text (lower case, hyphens removed, see loose.ts).
 */

/** Words that negate what follows. */
const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'none', 'nor', 'neither', 'cannot', 'nobody', 'nothing', 'nowhere', 'lack', 'lacked', 'lacking', 'absent', 'fail', 'failed', 'fails']);
/** Prefixes that turn a word into its opposite (hyphens are already folded away: "non-users" is "nonusers"). */
const NEGATING_PREFIXES = ['un', 'non', 'in', 'im', 'dis', 'ir', 'il'];

export interface Claims {
  /** Every run of digits, in order. */
  readonly numbers: readonly string[];
  /** The negating words, sorted. */
  readonly negations: string;
  /** How often each word occurs. */
  readonly words: ReadonlyMap<string, number>;
}

/** A character of a word (a letter, a digit, an apostrophe), and a word. */
const WORD_CHAR = /[\p{L}\p{N}'’]/u;
const WORD = /[\p{L}\p{N}'’]+/gu;

/**
 * The span [start, end) of a loose text widened to whole words, so that a
 * match cut inside a word ("neve" of "never", "201" of "2011") is judged by
 * the word it cuts.
 */
export function wholeWords(looseText: string, start: number, end: number): string {
  const isWord = (i: number) => i >= 0 && i < looseText.length && WORD_CHAR.test(looseText.charAt(i));
  let s = start;
  let e = end;
  while (s > 0 && isWord(s - 1) && isWord(s)) s--;
  while (e < looseText.length && isWord(e) && isWord(e - 1)) e++;
  return looseText.slice(s, e);
}

export function claimsOf(looseText: string): Claims {
  const words = looseText.match(WORD) ?? [];
  const negations = words
    .filter((w) => NEGATIONS.has(w) || w.endsWith("n't") || w.endsWith('n’t'))
    .sort()
    .join(' ');
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return { numbers: looseText.match(/\d+/g) ?? [], negations, words: counts };
}

/** Whether two words are equal but for at most one character inserted, deleted or replaced. */
export function nearlyEqual(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return Math.max(a.length, b.length) - i - j <= 1;
}

/** Whether `a` is `b` (or `b` with a typo) with a negating prefix: "unlikely" of "likely". */
function negatedForm(a: string, b: string): boolean {
  return NEGATING_PREFIXES.some((p) => a.length > p.length + 2 && a.startsWith(p) && nearlyEqual(a.slice(p.length), b));
}

/** Whether `inner` is `outer` with some items left out, in the same order. */
function subsequence(inner: readonly string[], outer: readonly string[]): boolean {
  let i = 0;
  for (const x of outer) if (i < inner.length && x === inner[i]) i++;
  return i === inner.length;
}

/**
 * Whether a place makes the claim a quote made: every number of the quote,
 * unchanged and in order (a number may be added, as a re-extraction adds
 * "(93)" or a footnote mark; none may change or go), the same negating words,
 * and no word turned into its opposite.
 */
export function sameClaims(quote: Claims, place: Claims): boolean {
  if (quote.negations !== place.negations || !subsequence(quote.numbers, place.numbers)) return false;
  // Words one side has more often than the other: where a word may have turned into its opposite.
  const more = (x: Claims, y: Claims) => [...x.words].filter(([w, n]) => n > (y.words.get(w) ?? 0)).map(([w]) => w);
  const onlyQuote = more(quote, place);
  if (onlyQuote.length === 0) return true;
  const onlyPlace = more(place, quote);
  for (const x of onlyQuote) for (const y of onlyPlace) if (negatedForm(x, y) || negatedForm(y, x)) return false;
  return true;
}

/**
 * Whether a place has the quote's words: none added or gone, but for words
 * changed by a letter ("teh" → "the") or parted or joined differently
 * ("the girls" → "thegirls"), and for one word in six of a longer quote (a
 * running head or a footnote mark a re-extraction put in or took out). A
 * short quote with a whole word more or less is another passage: a table's
 * "FL (mm) | FL (mm) | (mm)" is not "FL (mm) | FL (mm) | at (mm)".
 */
export function sameWords(quote: Claims, place: Claims): boolean {
  const extra = (x: Claims, y: Claims) => [...x.words].flatMap(([w, n]) => Array.from({ length: Math.max(0, n - (y.words.get(w) ?? 0)) }, () => w));
  const a = extra(quote, place);
  const b = extra(place, quote);
  // Pair off words changed by a letter.
  for (let i = a.length - 1; i >= 0; i--) {
    const j = b.findIndex((w) => nearlyEqual(a[i] as string, w));
    if (j >= 0) {
      a.splice(i, 1);
      b.splice(j, 1);
    }
  }
  // Parted or joined differently: the same letters.
  if (a.length && [...a].sort().join('').split('').sort().join('') === [...b].sort().join('').split('').sort().join('')) return true;
  let words = 0;
  for (const n of quote.words.values()) words += n;
  return a.length + b.length <= Math.floor(words / 6);
}

/**
 * A "loose" view of a text for anchoring after re-extraction: what changes when
 * the same article is converted again (PDF to text, a web page saved twice)
 * is folded away on both sides, and every loose character remembers the
 * original offset it came from.
 *
 * Folded: runs of white space (tabs, line breaks, no-break and other spaces)
 * to one space; soft hyphens and zero-width characters removed; hyphens
 * removed, with the line break after a line-end hyphen; dashes to a space; compatibility
 * forms (ligatures such as "ﬁ", full-width letters) to NFKC; curly quotes to
 * straight ones; letters to lower case. A PDF twin's page marker
 * (`<!-- page 5 -->`) is white space: a re-import puts page breaks elsewhere,
 * and a passage across one is the same passage.
 */

export interface LooseText {
  readonly text: string;
  /** map[i] is the offset in the original text of loose character i. */
  readonly map: Int32Array;
}

const SPACE = 0x20;

// Each UTF-16 unit is classified once per process, on first sight, into a lookup table.
const UNKNOWN = 0;
const KEEP = 1; // one unit out: FOLD[c]
const BLANK = 2; // white space or a dash: one space out, runs collapsed
const DROP = 3; // nothing out
const HYPHEN = 4; // nothing out, and a line break after it is skipped
const EXPAND = 5; // several units out: EXPANSIONS.get(c)

const KIND = new Uint8Array(65536);
const FOLD = new Uint16Array(65536);
const EXPANSIONS = new Map<number, string>();

const SPACES = [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
/** Hyphens join word parts: removed. Dashes separate words: folded to a space. */
const HYPHENS = [0x2d, 0x2010, 0x2011, 0xfe63, 0xff0d];
const DASHES = [0x2012, 0x2013, 0x2014, 0x2015, 0x2212];
const DROPPED = [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff];
const SINGLE_QUOTES = [0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x00b4, 0x0060];
const DOUBLE_QUOTES = [0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb];

function classify(c: number): number {
  let kind: number;
  if (SPACES.includes(c) || (c >= 0x2000 && c <= 0x200a) || DASHES.includes(c)) kind = BLANK;
  else if (DROPPED.includes(c)) kind = DROP;
  else if (HYPHENS.includes(c)) kind = HYPHEN;
  else if (SINGLE_QUOTES.includes(c)) {
    kind = KEEP;
    FOLD[c] = 0x27;
  } else if (DOUBLE_QUOTES.includes(c)) {
    kind = KEEP;
    FOLD[c] = 0x22;
  } else if (c >= 0xd800 && c <= 0xdfff) {
    // Surrogate halves pass through; astral characters are compared as they are.
    kind = KEEP;
    FOLD[c] = c;
  } else {
    const folded = String.fromCharCode(c).normalize('NFKC').toLowerCase();
    if (folded.length === 1) {
      kind = KEEP;
      FOLD[c] = folded.charCodeAt(0);
    } else {
      kind = EXPAND;
      EXPANSIONS.set(c, folded);
    }
  }
  KIND[c] = kind;
  return kind;
}

/**
 * Turns the code units back into a string, 3x faster than String.fromCharCode.
 * A lone surrogate comes out as U+FFFD: one unit for one, so offsets hold, and
 * quotes pass through the same decoder. (Typed arrays are little-endian on
 * every platform JavaScript runs on.)
 */
const UTF16 = new TextDecoder('utf-16le');

export function loosen(text: string): LooseText {
  const n = text.length;
  let out = new Uint16Array(n + 64);
  let map = new Int32Array(n + 64);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let kind = KIND[c] as number;
    if (kind === UNKNOWN) kind = classify(c);
    if (c === LT) {
      const end = pageMarkerEnd(text, i);
      if (end > i) {
        kind = BLANK;
        i = end - 1;
      }
    }
    if (kind === KEEP) {
      out[len] = FOLD[c] as number;
      map[len++] = i;
    } else if (kind === BLANK) {
      if (len > 0 && out[len - 1] !== SPACE) {
        out[len] = SPACE;
        map[len++] = i;
      }
    } else if (kind === HYPHEN) {
      i = skipLineBreakAfterHyphen(text, i);
    } else if (kind === EXPAND) {
      const folded = EXPANSIONS.get(c) as string;
      if (len + folded.length + (n - i) > out.length) {
        const size = (out.length + folded.length) * 2;
        const grownOut = new Uint16Array(size);
        grownOut.set(out);
        out = grownOut;
        const grownMap = new Int32Array(size);
        grownMap.set(map);
        map = grownMap;
      }
      for (let k = 0; k < folded.length; k++) {
        out[len] = folded.charCodeAt(k);
        map[len++] = i;
      }
    }
  }
  // Trailing space carries no information.
  if (len > 0 && out[len - 1] === SPACE) len--;
  return { text: UTF16.decode(out.subarray(0, len)), map: map.subarray(0, len) };
}

const LT = 0x3c;
const MARKER_HEAD = '<!-- page ';

/** The end of a page marker `<!-- page N -->` starting at i, or i when none starts there. */
function pageMarkerEnd(text: string, i: number): number {
  if (!text.startsWith(MARKER_HEAD, i)) return i;
  let j = i + MARKER_HEAD.length;
  const digits = j;
  while (j < text.length && j - digits < 6 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
  return j > digits && text.startsWith(' -->', j) ? j + 4 : i;
}

/** After a hyphen at i: if only white space with a line break follows, skip it too. */
function skipLineBreakAfterHyphen(text: string, i: number): number {
  let j = i + 1;
  let sawBreak = false;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x0a || c === 0x0d) sawBreak = true;
    else if (!(c === 0x20 || c === 0x09 || c === 0xa0)) break;
    j++;
  }
  return sawBreak ? j - 1 : i;
}

/** Loose form of a short string (a quote or its context). */
export function loose(text: string): string {
  return loosen(text).text;
}

/** Index of the first loose character whose original offset is at or after `offset`. */
export function looseIndexAt(l: LooseText, offset: number): number {
  let lo = 0;
  let hi = l.map.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((l.map[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

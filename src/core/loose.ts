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
 * straight ones; letters to lower case.
 */

export interface LooseText {
  readonly text: string;
  /** map[i] is the offset in the original text of loose character i. */
  readonly map: Int32Array;
}

const SPACE = 0x20;
const isSpace = (c: number) =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
const isDropped = (c: number) => c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
/** Hyphens join word parts: removed. Dashes separate words: folded to a space. */
const isHyphen = (c: number) => c === 0x2d || c === 0x2010 || c === 0x2011 || c === 0xfe63 || c === 0xff0d;
const isDash = (c: number) => (c >= 0x2012 && c <= 0x2015) || c === 0x2212;
const SINGLE_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x00b4, 0x0060]);
const DOUBLE_QUOTES = new Set([0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb]);

export function loosen(text: string): LooseText {
  const n = text.length;
  let out = new Uint16Array(n + 16);
  let map = new Int32Array(n + 16);
  let len = 0;
  const push = (code: number, from: number) => {
    if (len === out.length) {
      const grownOut = new Uint16Array(out.length * 2);
      grownOut.set(out);
      out = grownOut;
      const grownMap = new Int32Array(map.length * 2);
      grownMap.set(map);
      map = grownMap;
    }
    out[len] = code;
    map[len] = from;
    len++;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) push(c + 32, i);
      else if (c === 0x2d) i = skipLineBreakAfterHyphen(text, i);
      else if (c === 0x60) push(0x27, i);
      else if (isSpace(c)) {
        if (len > 0 && out[len - 1] !== SPACE) push(SPACE, i);
      } else push(c, i);
      continue;
    }
    if (isSpace(c) || isDash(c)) {
      if (len > 0 && out[len - 1] !== SPACE) push(SPACE, i);
    } else if (isDropped(c)) {
      // nothing
    } else if (isHyphen(c)) {
      i = skipLineBreakAfterHyphen(text, i);
    } else if (SINGLE_QUOTES.has(c)) push(0x27, i);
    else if (DOUBLE_QUOTES.has(c)) push(0x22, i);
    else {
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n;
      const ch = pair ? text.slice(i, i + 2) : text[i]!;
      const folded = ch.normalize('NFKC').toLowerCase();
      for (let k = 0; k < folded.length; k++) push(folded.charCodeAt(k), i);
      if (pair) i++;
    }
  }
  // Trailing space carries no information.
  if (len > 0 && out[len - 1] === SPACE) len--;
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < len; i += CHUNK) s += String.fromCharCode(...out.subarray(i, Math.min(len, i + CHUNK)));
  return { text: s, map: map.slice(0, len) };
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

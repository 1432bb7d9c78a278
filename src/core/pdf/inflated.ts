/**
 * What a PDF's compressed streams inflate to, counted before pdf.js opens it.
 * A 1 MB PDF can hold a stream that inflates to gigabytes, and pdf.js
 * inflates a page's content whole to read its text: such a file must be
 * refused before it is read, not after it has filled the memory. Each
 * FlateDecode stream (and a chain of them: [/FlateDecode /FlateDecode]) is
 * inflated here in small pieces whose output is counted and dropped, so the
 * count costs little memory, and it stops as soon as the total passes the
 * budget (core's limits.ts, `pdfInflatedBytes`).
 *
 * What it cannot count: the streams of an encrypted PDF (their bytes are
 * ciphertext until pdf.js decrypts them) and streams whose first filter is
 * not FlateDecode (ASCII85 or hex before Flate, rare in journals). Those
 * PDFs are held by the page and file-size limits only; `uncounted` says how
 * many streams were left.
 */
import { Unzlib } from 'fflate';
import { overLimit, raiseHint, type Limits } from '../formats/limits';

const MB = 1024 * 1024;

export interface InflatedCount {
  /** Bytes the counted streams inflate to (up to where the count stopped). */
  bytes: number;
  /** The total passed the budget: the count stopped there. */
  over: boolean;
  /** Flate streams counted. */
  streams: number;
  /** Streams that could not be counted (see the file's comment). */
  uncounted: number;
  encrypted: boolean;
}

const PIECE = 16384;

const ascii = (bytes: Uint8Array, from: number, to: number): string => {
  let s = '';
  for (let i = from; i < to; i += 8192) s += String.fromCharCode(...bytes.subarray(i, Math.min(to, i + 8192)));
  return s;
};

/** Counts what `bytes`' Flate streams inflate to, stopping once past `budget`. */
export function countInflated(bytes: Uint8Array, budget: number): InflatedCount {
  const out: InflatedCount = { bytes: 0, over: false, streams: 0, uncounted: 0, encrypted: false };
  const tail = ascii(bytes, Math.max(0, bytes.length - 4096), bytes.length);
  out.encrypted = /\/Encrypt\s/.test(tail) || /\/Encrypt\s+\d+\s+\d+\s+R/.test(ascii(bytes, 0, Math.min(bytes.length, 1 << 20)));
  let at = 0;
  for (;;) {
    const keyword = indexOf(bytes, STREAM, at);
    if (keyword < 0) break;
    at = keyword + STREAM.length;
    // "stream" as a keyword: after ">>" (and blanks), followed by an end of line; "endstream" is not one.
    if (keyword >= 3 && bytes[keyword - 1] === 0x64 /* d */) continue;
    let start = at;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] !== 0x0a && bytes[start - 1] !== 0x0d) continue;
    if (bytes[start] === 0x0a) start++;
    const dict = dictionaryBefore(bytes, keyword);
    if (dict === undefined) continue;
    const filters = filtersOf(dict);
    if (!filters.length) continue;
    if (out.encrypted || filters[0] !== 'FlateDecode') {
      out.uncounted++;
      continue;
    }
    let chain = 0;
    while (chain < filters.length && filters[chain] === 'FlateDecode') chain++;
    out.streams++;
    const end = streamEnd(bytes, start, dict);
    const counted = inflateCount(bytes.subarray(start, end), chain, budget - out.bytes);
    out.bytes += counted.bytes;
    if (counted.over) {
      out.over = true;
      return out;
    }
    at = Math.max(at, end);
  }
  return out;
}

const STREAM = [0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "stream"
const ENDSTREAM = [0x65, 0x6e, 0x64, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]; // "endstream"

function indexOf(bytes: Uint8Array, word: number[], from: number): number {
  const first = word[0] as number;
  for (let i = bytes.indexOf(first, from); i >= 0 && i <= bytes.length - word.length; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < word.length && bytes[i + k] === word[k]) k++;
    if (k === word.length) return i;
  }
  return -1;
}

/** The dictionary that ends just before `keyword` (">>" and blanks), as text; undefined when there is none. */
function dictionaryBefore(bytes: Uint8Array, keyword: number): string | undefined {
  let i = keyword - 1;
  while (i >= 0 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i--;
  if (i < 1 || bytes[i] !== 0x3e || bytes[i - 1] !== 0x3e) return undefined;
  // Back to the "<<" that opens it, counting nested dictionaries; a stream's dictionary is short.
  let depth = 1;
  for (let j = i - 2; j >= Math.max(1, i - 65536); j--) {
    if (bytes[j] === 0x3e && bytes[j - 1] === 0x3e) {
      depth++;
      j--;
    } else if (bytes[j] === 0x3c && bytes[j - 1] === 0x3c) {
      depth--;
      j--;
      if (depth === 0) return ascii(bytes, j, i + 1);
    }
  }
  return undefined;
}

/** The names in a dictionary's /Filter: "/Filter /FlateDecode" or "/Filter [/FlateDecode /DCTDecode]"; "Fl" is FlateDecode. */
function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dict);
  if (!m) return [];
  return [...(m[1] as string).matchAll(/\/([^\s/<>[\]()]+)/g)].map((x) => (x[1] === 'Fl' ? 'FlateDecode' : (x[1] as string)));
}

/** Where a stream's data ends: by a direct /Length when it fits, else at the next "endstream". */
function streamEnd(bytes: Uint8Array, start: number, dict: string): number {
  const m = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (m) {
    const end = start + Number(m[1]);
    if (end <= bytes.length) return end;
  }
  const e = indexOf(bytes, ENDSTREAM, start);
  return e < 0 ? bytes.length : e;
}

/** Inflates `data` through `chain` Flate filters in pieces, counting the last one's output; stops past `budget`. */
function inflateCount(data: Uint8Array, chain: number, budget: number): { bytes: number; over: boolean } {
  let bytes = 0;
  let over = false;
  let done = false;
  // The last inflater counts; each one before it feeds the next.
  const stages: Unzlib[] = [];
  for (let k = 0; k < chain; k++) {
    const last = k === chain - 1;
    const stage = new Unzlib((chunk, final) => {
      if (last) {
        bytes += chunk.length;
        if (bytes > budget) over = true;
        if (final) done = true;
      } else {
        feed(k + 1, chunk, final);
      }
    });
    stages.push(stage);
  }
  function feed(k: number, chunk: Uint8Array, final: boolean): void {
    for (let i = 0; i < chunk.length && !over; i += PIECE) {
      const piece = chunk.subarray(i, i + PIECE);
      (stages[k] as Unzlib).push(piece, final && i + PIECE >= chunk.length);
    }
    if (final && !chunk.length && !over) (stages[k] as Unzlib).push(new Uint8Array(0), true);
  }
  try {
    for (let i = 0; i < data.length && !over && !done; i += PIECE) (stages[0] as Unzlib).push(data.subarray(i, i + PIECE), false);
  } catch {
    // A damaged stream: what inflated until then is counted; pdf.js stops at the same place.
  }
  return { bytes, over };
}

/**
 * Why a PDF is not read, before pdf.js opens it: over the file-size limit,
 * or streams that inflate past the inflated-size limit; undefined when it
 * may be read.
 */
export function pdfRefusal(path: string, bytes: Uint8Array, limits: Limits): string | undefined {
  if (bytes.length > limits.pdfBytes) return overLimit(path, bytes.length, 'pdfBytes', limits).message;
  const count = countInflated(bytes, limits.pdfInflatedBytes);
  if (count.over) return `${path}: its compressed streams inflate to more than ${limits.pdfInflatedBytes / MB} MB (the limit), ${(bytes.length / MB).toFixed(1)} MB as a file, so it was not read (a "decompression bomb", or a PDF of very large images). ${raiseHint('pdfInflatedBytes')}`;
  return undefined;
}

/** The message for a PDF with more pages than the limit. */
export function tooManyPages(path: string, pages: number, limits: Limits): string {
  return `${path} has ${pages} pages, over the limit of ${limits.pdfPages}, so it was not read. ${raiseHint('pdfPages')}`;
}

/** What an extractor throws when the PDF has more pages than it was allowed (its `pages` says how many). */
export const TOO_MANY_PAGES = 'TooManyPages';

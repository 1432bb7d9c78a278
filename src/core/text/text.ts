/**
 * Text utilities shared by anchoring, sections and problems. All offsets are
 * UTF-16 code units (JavaScript string indices) over LF-normalised text.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A quote for a message or a list: white space folded, cut to `n` characters with an ellipsis. */
export function excerpt(text: string, n = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** Folds CRLF and lone CR to LF, so a Windows checkout does not shift offsets. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Strips a leading byte-order mark, which editors hide and offsets must not count. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes UTF-8 bytes; throws a TypeError on invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Reads an article's bytes into the text offsets refer to: UTF-8, no BOM, LF. */
export function articleText(bytes: Uint8Array): string {
  return normalizeNewlines(stripBom(decodeUtf8(bytes)));
}

type Sha256 = (bytes: Uint8Array) => string;
let sha256Impl: Sha256 = (bytes) => bytesToHex(sha256(bytes));

/**
 * Lets a host with a native hash (Node's crypto in the CLI and desktop
 * extension) replace the portable one. Both give the same digest.
 */
export function useSha256(impl: Sha256): void {
  sha256Impl = impl;
}

/** Hex SHA-256 of bytes (a PDF's, say). */
export function sha256OfBytes(bytes: Uint8Array): string {
  return sha256Impl(bytes);
}

/** Hex SHA-256 of the text's UTF-8 bytes; pass LF-normalised text. */
export function sha256Hex(text: string): string {
  return sha256Impl(encodeUtf8(text));
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves a start offset left so it does not fall inside a surrogate pair. */
export function snapStart(text: string, offset: number): number {
  return offset > 0 && offset < text.length && isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1)) ? offset - 1 : offset;
}

/** Moves an end offset right so it does not fall inside a surrogate pair. */
export function snapEnd(text: string, offset: number): number {
  return offset > 0 && offset < text.length && isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1)) ? offset + 1 : offset;
}

/** Line starts of a text, for offset ↔ line/column conversions. */
export class LineIndex {
  private readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** Zero-based line and UTF-16 column of an offset. */
  position(offset: number): { line: number; character: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (this.starts[lo] as number) };
  }
  /** Offset of a zero-based line and column. */
  offset(line: number, character: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] as number;
    return Math.min(start + character, this.text.length);
  }
}

/**
 * Offsets in a text with CRLF line ends (as an editor holds it) to and from
 * offsets in its LF form (as the sidecar stores them). Identity for LF text.
 */
export function eolMapping(editorText: string): { toLf(offset: number): number; fromLf(offset: number): number } {
  const crs: number[] = [];
  for (let i = editorText.indexOf('\r'); i !== -1; i = editorText.indexOf('\r', i + 1)) crs.push(i);
  if (crs.length === 0) return { toLf: (o) => o, fromLf: (o) => o };
  const countBelow = (values: (k: number) => number, x: number) => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    toLf: (o) => o - countBelow((k) => crs[k] as number, o),
    fromLf: (l) => l + countBelow((k) => (crs[k] as number) - k, l),
  };
}

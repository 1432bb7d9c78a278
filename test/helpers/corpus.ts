/**
 * The corpus article (Masterson et al. 2024, Research Involvement and
 * Engagement 10:103, CC BY 4.0; see test/fixtures/corpus/README.md) and ways
 * to mangle it as real tools do.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { articleText, selectorFor, type Code, type Role } from '../../src/core';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const CORPUS_FILE = path.join(FIXTURES, 'corpus', 'masterson-2024-co-design-mechanisms.txt');
export const corpus = (): string => articleText(readFileSync(CORPUS_FILE));

let counter = 0;
/** A code on the first occurrence of `quote` (or at `start`). */
export function codeOn(text: string, quote: string, role: Role = 'context', from = 0): Code {
  const start = text.indexOf(quote, from);
  if (start < 0) throw new Error(`quote not in text: ${quote}`);
  counter++;
  return { id: `code${String(counter).padStart(4, '0')}`, role, ...selectorFor(text, start, start + quote.length), coder: 'test', created: '2026-11-22' };
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same article converted again, as from a PDF: paragraphs re-wrapped at
 * about 72 columns with words hyphenated at line ends, ligatures for fi / fl /
 * ff, runs of spaces and tabs, straight quotes for curly ones, a stray
 * non-breaking space, and Windows line endings.
 */
export function reextract(text: string, seed = 7): string {
  const random = rng(seed);
  const paragraphs = text.split('\n');
  const out: string[] = [];
  for (const para of paragraphs) {
    let p = para.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/ffi/g, 'ﬃ').replace(/fi/g, 'ﬁ').replace(/fl/g, 'ﬂ').replace(/ff/g, 'ﬀ');
    p = p.replace(/ /g, () => (random() < 0.03 ? '  ' : random() < 0.01 ? '\t' : random() < 0.01 ? '\u00a0' : ' '));
    if (p.length <= 72) {
      out.push(p);
      continue;
    }
    let line = '';
    for (const word of p.split(/(?<= )/)) {
      if (line.length + word.length > 72 && line.length > 0) {
        if (word.length > 7 && /^[a-z]+ ?$/.test(word) && random() < 0.5) {
          const cut = 3 + Math.floor(random() * (word.length - 6));
          out.push(line + word.slice(0, cut) + '-');
          line = word.slice(cut);
          continue;
        }
        out.push(line.trimEnd());
        line = '';
      }
      line += word;
    }
    out.push(line);
  }
  return out.join('\r\n');
}

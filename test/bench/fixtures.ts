/**
 * Benchmark inputs built from the corpus article (Masterson et al. 2024,
 * CC BY 4.0): a ~500 KB article made of shuffled copies of its paragraphs,
 * and 2,000 codes on it.
 */
import { emptySidecar, ROLES, selectorFor, serializeSidecar, type Code } from '../../src/core';
import { corpus, rng } from '../helpers/corpus';

/**
 * With `unique`, each copy after the first has its letters shifted (a → b …
 * in copy 2, and so on), so the text keeps the article's shape (word lengths,
 * spacing, punctuation) without repeating itself, as a real long article does.
 * Without it, the copies repeat paragraphs: a stress case for anchoring.
 */
export function bigArticle(targetBytes = 500_000, seed = 1, unique = true): string {
  const random = rng(seed);
  const paragraphs = corpus().split('\n\n');
  const parts: string[] = [];
  let size = 0;
  for (let copy = 1; size < targetBytes; copy++) {
    parts.push(`## Copy ${copy}`);
    const shift = unique ? copy - 1 : 0;
    const shuffled = [...paragraphs].sort(() => random() - 0.5).map((p) => (shift ? shiftLetters(p, shift) : p));
    for (const p of shuffled) {
      parts.push(p);
      size += p.length + 2;
      if (size >= targetBytes) break;
    }
  }
  return parts.join('\n\n');
}

function shiftLetters(text: string, by: number): string {
  return text.replace(/[a-z]/gi, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(base + ((ch.charCodeAt(0) - base + by) % 26));
  });
}

export function manyCodes(text: string, count = 2000, seed = 2): Code[] {
  const random = rng(seed);
  const codes: Code[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(random() * (text.length - 400));
    const len = 40 + Math.floor(random() * 260);
    codes.push({ id: `b${String(i).padStart(7, '0')}`, role: ROLES[i % 4]!, ...selectorFor(text, start, start + len), coder: 'bench', created: '2026-11-22' });
  }
  return codes;
}

export function sidecarText(path: string, text: string, codes: Code[]): string {
  return serializeSidecar({ ...emptySidecar(path, text), codes });
}

/** Changes about `fraction` of the text in `edits` places: insertions, deletions and replacements. */
export function editText(text: string, fraction = 0.05, edits = 100, seed = 3): string {
  const random = rng(seed);
  const each = Math.round((text.length * fraction) / edits);
  const spots = Array.from({ length: edits }, () => Math.floor(random() * (text.length - each))).sort((a, b) => b - a);
  let t = text;
  for (const at of spots) {
    const kind = random();
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(Math.ceil(each / 57)).slice(0, each);
    if (kind < 0.33) t = t.slice(0, at) + filler + t.slice(at);
    else if (kind < 0.66) t = t.slice(0, at) + t.slice(at + each);
    else t = t.slice(0, at) + filler + t.slice(at + each);
  }
  return t;
}

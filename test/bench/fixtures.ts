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

/** Letters shifted by `by` (a → b for 1); from 26 on, with their case swapped too, so no two copies are alike. */
export function shiftLetters(text: string, by: number): string {
  const swap = Math.floor(by / 26) % 2 === 1;
  return text.replace(/[a-z]/gi, (ch) => {
    const upper = ch <= 'Z';
    const base = upper ? 65 : 97;
    return String.fromCharCode((upper !== swap ? 65 : 97) + ((ch.charCodeAt(0) - base + by) % 26));
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

export interface DriftCase {
  before: string;
  after: string;
  codes: Code[];
  /** Ids of the codes whose paragraph is still in `after`. */
  intact: Set<string>;
}

/**
 * The drift case of issue 13: a long, messy PDF extraction (tabs for some of
 * the spaces, so every quote holds a tab), coded with passages inside
 * paragraphs, then extracted again: ~4.5 % of its paragraphs gone (a skipped
 * box, a lost page) and the tabs read as spaces. No quote is exactly in the
 * new text, and after each deleted paragraph every later passage is further
 * from its stored place than "near" reaches.
 */
export function driftCase(targetBytes = 500_000, seed = 5, count = 2000): DriftCase {
  const random = rng(seed);
  const paragraphs = bigArticle(targetBytes, seed)
    .split('\n\n')
    .map((p) => p.replace(/ /g, () => (random() < 0.2 ? '\t' : ' ')));
  const before = paragraphs.join('\n\n');
  const offsets: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    offsets.push(at);
    at += p.length + 2;
  }
  const coded = paragraphs.map((_, i) => i).filter((i) => paragraphs[i]!.length >= 200 && paragraphs[i]!.includes('\t'));
  const codes: Code[] = [];
  const paragraphOf = new Map<string, number>();
  for (let n = 0; codes.length < count && n < count * 20; n++) {
    const i = coded[Math.floor(random() * coded.length)]!;
    const p = paragraphs[i]!;
    const len = 40 + Math.floor(random() * Math.min(260, p.length - 40));
    const start = Math.floor(random() * (p.length - len));
    if (!p.slice(start, start + len).includes('\t')) continue;
    const id = `d${String(codes.length).padStart(6, '0')}`;
    codes.push({ id, role: ROLES[codes.length % 4]!, ...selectorFor(before, offsets[i]! + start, offsets[i]! + start + len) });
    paragraphOf.set(id, i);
  }
  const deleted = new Set(paragraphs.map((_, i) => i).filter(() => random() < 0.045));
  const after = paragraphs
    .filter((_, i) => !deleted.has(i))
    .join('\n\n')
    .replace(/\t/g, ' ');
  return { before, after, codes, intact: new Set(codes.filter((c) => !deleted.has(paragraphOf.get(c.id)!)).map((c) => c.id)) };
}

/**
 * The first step of the layout (layout.ts): a page's text items as pieces
 * (normalised text, a box, a font), grouped into rows on one baseline, with
 * superscripts and subscripts joined to the row they belong to and spacing
 * accents ("c" + "´") joined to their letter. Rotated text (a margin's
 * "Downloaded from …") is set apart. Pure functions of the items.
 */
import type { PdfPage } from './layout';

export interface Piece {
  text: string;
  page: number;
  item: number;
  x0: number;
  x1: number;
  /** Baseline, from the page's top. */
  base: number;
  size: number;
  font: string;
  /** Raised (superscript) or lowered (subscript) against its row. */
  script?: 'sup' | 'sub';
  /** The baseline of the row it belongs to (a script's is its host's), set by rowsOf. */
  row?: number;
}

export interface Row {
  page: number;
  base: number;
  /** Pieces left to right. */
  pieces: Piece[];
}

const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g;

/** Ligatures spelled out (ﬁ → fi), odd spaces to plain ones, control characters and zero-width ones out; nothing else changed. */
export function normaliseItemText(s: string): string {
  // Plain printable ASCII (most items) has nothing to change.
  if (!/[^\x20-\x7e]/.test(s)) return s;
  return s
    .replace(/[\ufb00-\ufb06]/g, (c) => c.normalize('NFKC'))
    .replace(SPACES, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u200b\ufeff]/g, '');
}

/** Spacing accents a PDF may draw as their own glyph over or beside a letter, and the combining mark each stands for. */
const ACCENTS: Record<string, string> = {
  '\u00b4': '\u0301', // ´ acute
  '`': '\u0300', // grave
  '\u02c6': '\u0302', // ˆ circumflex
  '^': '\u0302',
  '\u02dc': '\u0303', // ˜ tilde
  '\u00a8': '\u0308', // ¨ diaeresis
  '\u02c7': '\u030c', // ˇ caron
  '\u02d8': '\u0306', // ˘ breve
  '\u02d9': '\u0307', // ˙ dot above
  '\u02da': '\u030a', // ˚ ring
  '\u00b8': '\u0327', // ¸ cedilla
  '\u02db': '\u0328', // ˛ ogonek
  '\u02dd': '\u030b', // ˝ double acute
  '\u00af': '\u0304', // ¯ macron
};

/** Inside one item's text, an acute, diaeresis, caron, tilde or ring set before a letter is that letter's accent ("Ostoji´c"). */
function attachAccents(s: string): string {
  if (!/[\u00a8\u00b4\u02c7\u02da\u02dc\u02dd]/.test(s)) return s;
  return /[\u00b4\u00a8\u02c7\u02dc\u02da\u02dd]\p{L}/u.test(s) ? s.replace(/([\u00b4\u00a8\u02c7\u02dc\u02da\u02dd])(\p{L})/gu, (_, a: string, l: string) => (l + (ACCENTS[a] as string)).normalize('NFC')) : s;
}

/** The page's pieces, and its rotated ones apart (a margin's text), each in content order. */
export function piecesOf(page: PdfPage): { pieces: Piece[]; rotated: Piece[] } {
  const pieces: Piece[] = [];
  const rotated: Piece[] = [];
  page.items.forEach((it, index) => {
    const text = attachAccents(normaliseItemText(it.str));
    if (!text.trim()) return;
    const size = Math.abs(it.fontSize) || 10;
    const piece: Piece = { text, page: page.number, item: index, x0: it.x, x1: it.x + Math.max(0, it.width), base: page.height - it.y, size, font: it.font };
    if (it.angle && Math.abs(it.angle) > 1) rotated.push(piece);
    else pieces.push(piece);
  });
  return { pieces, rotated };
}

/**
 * Rows: pieces on one baseline (within a third of their size), top to
 * bottom. A row of smaller pieces just above or below a row of larger text
 * that they touch is superscripts or subscripts of that row, and joins it.
 */
export function rowsOf(pieces: readonly Piece[]): Row[] {
  const sorted = [...pieces].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const rows: Row[] = [];
  for (const p of sorted) {
    const row = rows[rows.length - 1];
    const size = row ? Math.min(p.size, maxSize(row)) : p.size;
    if (row && Math.abs(p.base - row.base) <= size * 0.3) row.pieces.push(p);
    else rows.push({ page: p.page, base: p.base, pieces: [p] });
  }
  // Scripts: a piece clearly smaller than the text beside it, raised or lowered against it.
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    const keep: Piece[] = [];
    for (const p of row.pieces) {
      const host = scriptHost(p, rows, i);
      if (host) {
        p.script = p.base < host.base ? 'sup' : 'sub';
        host.pieces.push(p);
      } else keep.push(p);
    }
    if (keep.length) out.push({ ...row, pieces: keep });
  }
  for (const r of out) {
    r.pieces.sort((a, b) => a.x0 - b.x0);
    r.base = baseOf(r);
    // Scripts within the row's own tolerance: smaller, and raised or lowered against the row's main text.
    const main = maxSize(r);
    for (const p of r.pieces) {
      if (p.script || p.size > main * 0.85) continue;
      if (p.base < r.base - main * 0.12) p.script = 'sup';
      else if (p.base > r.base + main * 0.08) p.script = 'sub';
    }
    exponents(r);
    for (const p of r.pieces) p.row = r.base;
  }
  return out.map(joinAccents);
}

function maxSize(row: Row): number {
  let m = 0;
  for (const p of row.pieces) m = Math.max(m, p.size);
  return m;
}

/** The row's baseline: that of its largest pieces (a row of scripts alone keeps its own). */
function baseOf(row: Row): number {
  const m = maxSize(row);
  const main = row.pieces.filter((p) => !p.script && p.size >= m - 0.5);
  return main.length ? main.reduce((s, p) => s + p.base, 0) / main.length : (row.pieces[0] as Piece).base;
}

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾' };

/**
 * A superscript number right on a letter or a digit is a power ("R²",
 * "10⁷", "km²", "X²"), and one right before a capital at a word's start an
 * isotope ("¹H NMR"): written with Unicode's superscript characters and kept
 * on, so the twin reads as printed (NFKC folds them back to "R2" and "1H"
 * for search and anchoring). Other superscripts stay words of their own
 * (joinPieces).
 */
function exponents(row: Row): void {
  const ps = row.pieces;
  const sup = (p: Piece) => [...p.text].map((c) => SUPERSCRIPT[c] ?? c).join('');
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k] as Piece;
    if (p.script !== 'sup' || !/^[0-9+\-−=()]{1,4}$/.test(p.text)) continue;
    const before = ps[k - 1];
    const after = ps[k + 1];
    // After a letter or digit it touches: a power ("R²", "10⁷").
    const power = before && !before.script && /[\p{L}\p{N}]$/u.test(before.text) && p.x0 - before.x1 <= before.size * 0.25;
    // Before a capital it touches, at a word's start: an isotope ("¹H NMR", "¹³C").
    const isotope = after && !after.script && /^\p{Lu}/u.test(after.text) && after.x0 - p.x1 <= after.size * 0.25 && (!before || p.x0 - before.x1 > before.size * 0.15 || /\s$/.test(before.text));
    if (!power && !isotope) continue;
    p.text = sup(p);
    delete p.script;
  }
}

/** The row a small piece is a script of: a neighbouring row of larger text it touches, raised or lowered by less than half that text's size. */
function scriptHost(p: Piece, rows: readonly Row[], i: number): Row | undefined {
  for (const j of [i - 1, i + 1, i - 2, i + 2]) {
    const r = rows[j];
    if (!r || j === i) continue;
    const d = p.base - r.base;
    for (const q of r.pieces) {
      if (q.size < p.size * 1.15 || q.script) continue;
      const raised = d < -q.size * 0.12 && -d < q.size * 0.55;
      const lowered = d > q.size * 0.08 && d < q.size * 0.35;
      if (!raised && !lowered) continue;
      // Touching: within a fifth of the text's size of a piece of the row.
      if (p.x0 <= q.x1 + q.size * 0.25 && p.x1 >= q.x0 - q.size * 0.25) return r;
    }
  }
  return undefined;
}

/** A spacing accent drawn over (or just beside) a letter becomes that letter's combining mark: "Ostoji´c" → "Ostojić". */
function joinAccents(row: Row): Row {
  const ps = row.pieces;
  // An accent at the end of one piece that belongs on the first letter of the next, drawn over it ("Ostoji´" + "c").
  for (let k = 0; k + 1 < ps.length; k++) {
    const a = ps[k] as Piece;
    const b = ps[k + 1] as Piece;
    const mark = ACCENTS[a.text.slice(-1)];
    if (!mark || a.text.length < 2 || !/^\p{L}/u.test(b.text) || b.x0 > a.x1 + a.size * 0.05) continue;
    a.text = a.text.slice(0, -1);
    b.text = ((b.text[0] as string) + mark).normalize('NFC') + b.text.slice(1);
  }
  for (let k = 0; k < ps.length; k++) {
    const a = ps[k] as Piece;
    const mark = a.text.length === 1 ? ACCENTS[a.text] : undefined;
    if (!mark) continue;
    // The letter it sits on: the piece it overlaps most, else the next one touching it.
    const next = ps[k + 1];
    const prev = ps[k - 1];
    const overlaps = (q: Piece | undefined) => q && Math.min(a.x1, q.x1) - Math.max(a.x0, q.x0) > -a.size * 0.1;
    if (next && overlaps(next) && /^\p{L}/u.test(next.text) && next.x0 >= a.x0 - a.size * 0.3) {
      next.text = (next.text[0] as string) + mark + next.text.slice(1);
      next.text = next.text.normalize('NFC');
      a.text = '';
    } else if (prev && overlaps(prev) && /\p{L}$/u.test(prev.text)) {
      prev.text = (prev.text + mark).normalize('NFC');
      a.text = '';
    }
  }
  return { ...row, pieces: ps.filter((p) => p.text !== '') };
}

/** Characters that text from a font without a Unicode map is made of (Latin-1 signs, Latin Extended-B, modifier letters, private use, U+FFFD). */
const GARBLED = /[\u00a1-\u00bf\u0180-\u024f\u02b0-\u02ff\ue000-\uf8ff\ufffd]/g;

/** Whether a run of text is no words: a quarter of its characters (white space aside) of the kinds GARBLED names. */
export function unreadable(text: string): boolean {
  // Most text has none of those characters: one scan says so.
  if (!/[\u00a1-\u00bf\u0180-\u024f\u02b0-\u02ff\ue000-\uf8ff\ufffd]/.test(text)) return false;
  const chars = text.replace(/\s/g, '');
  return chars.length >= 2 && (chars.match(GARBLED)?.length ?? 0) >= chars.length * 0.25;
}

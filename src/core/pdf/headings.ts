/**
 * Which lines are headings (layout.ts, step 6): decided for the whole
 * document before blocks are made, by the document's own styles.
 *
 * A **run** is consecutive lines of one region in one style (size and font)
 * at that style's line spacing. A run **stands apart** when it is short (at
 * most three lines and 200 characters, no table cells), starts with a
 * capital or a number, does not end as a sentence or a clause does (a
 * period, except after a section number, a comma, a semicolon, a colon), is
 * no label with its value ("Keywords: …") nor a caption, and text in another
 * style follows it that starts with a capital or a number: a paragraph, or
 * another such run and then a paragraph (a section's first subsection).
 * Large type (a title) is one run whatever its fonts. A run numbered as a
 * subsection ("3.1. …") that stands apart is a heading in any style. A style is a
 * **heading style** when two or more of its runs stand apart and at least
 * more stand apart than do not (a section heading's font is used for
 * section headings; the abstract's or a table's font is used for text), or
 * when it is well over the body size. The body text's own style never is.
 * On the first page, nothing above the title (the largest text) or read
 * before it is a heading: a journal's name and the article type are not the
 * article's sections.
 */
import { CAPTION, LINK_LABELS } from './blocks';
import { unreadable } from './pieces';
import type { Grid } from './grid';
import type { Line } from './lines';

export interface Headings {
  /** The heading lines, each with the index of its run: lines of one run are one heading. */
  runs: Map<Line, number>;
  /** The title's run, if the first page has one. */
  title?: number;
}

export const styleOf = (l: Line): string => `${Math.round(l.size * 2) / 2}|${l.font}`;

const AUTHOR = /\p{Lu}[\p{L}'’.-]*(\s\p{Lu}[\p{L}'’.-]*)*\s\p{Lu}[\p{L}'’-]+[\s¹²³⁴⁵⁶⁷⁸⁹⁰*†‡\d,]*(,|&|\band\b)/gu;
const SECTION_NUMBER = /^\d{1,2}(\.\d{1,2})+\.?\s+\p{Lu}/u;
const MAX_LINES = 3;
const MAX_CHARS = 200;

/** `regions`: each region's lines in reading order, regions in document order. */
export function findHeadings(regions: ReadonlyArray<readonly Line[]>, grid: Grid): Headings {
  // Large type (a title) keeps its run through a change of font (an italic species name in it).
  const key = (l: Line) => (l.size >= grid.bodySize * 1.25 ? `${Math.round(l.size * 2) / 2}` : styleOf(l));
  const runs: Line[][] = [];
  for (const lines of regions) {
    let run: Line[] = [];
    for (const l of lines) {
      const prev = run[run.length - 1];
      const spacing = prev ? Math.max(prev.size * 1.25, grid.leading * (prev.size / grid.bodySize)) : 0;
      if (prev && key(prev) === key(l) && l.base > prev.base && l.base - prev.base < spacing * 1.3) run.push(l);
      else {
        if (run.length) runs.push(run);
        run = [l];
      }
    }
    if (run.length) runs.push(run);
  }
  // A run stands apart when it is short and set apart, and text follows it: a paragraph (a run of two or more
  // lines, 40 characters, or a sentence), or another short run that a paragraph follows (a section's first subsection).
  const short = runs.map((r) => standsApart(r, grid));
  const paragraph = (i: number) => {
    const r = runs[i];
    return !!r && (r.length >= 2 || r.reduce((n, l) => n + l.text.length, 0) >= 40 || /[.!?]$/.test((r[r.length - 1] as Line).text));
  };
  // What follows a heading starts as text does, with a capital or a number: a lower-case start goes on a sentence.
  const differs = (i: number, j: number) => !!runs[j] && key(runs[i]?.[0] as Line) !== key(runs[j]?.[0] as Line) && !/^\p{Ll}/u.test((runs[j]?.[0] as Line).text);
  const starts = (j: number) => !!runs[j] && !/^\p{Ll}/u.test((runs[j]?.[0] as Line).text);
  const apart = runs.map((_, i) => short[i] === true && ((differs(i, i + 1) && paragraph(i + 1)) || (short[i + 1] === true && starts(i + 1) && differs(i + 1, i + 2) && paragraph(i + 2))));
  // The title: the largest run on page 1 that stands apart and is well over the body size.
  let title: number | undefined;
  let titleSize = grid.bodySize * 1.3;
  runs.forEach((run, i) => {
    const first = run[0] as Line;
    if (first.page === 1 && apart[i] && first.size >= titleSize && run.map((l) => l.text).join(' ').split(/\s+/).length >= 3) {
      title = i;
      titleSize = first.size;
    }
  });
  const titleTop = title === undefined ? -Infinity : (runs[title]?.[0] as Line).base;
  // Front matter: on page 1, what is above the title or read before it (a side bar's "Research" beside it).
  const front = (i: number) => (runs[i]?.[0] as Line).page === 1 && ((runs[i]?.[0] as Line).base < titleTop || (title !== undefined && i < title));
  const tally = new Map<string, [number, number]>();
  runs.forEach((run, i) => {
    if (front(i)) return;
    const k = styleOf(run[0] as Line);
    const t = tally.get(k) ?? [0, 0];
    t[apart[i] ? 0 : 1]++;
    tally.set(k, t);
  });
  const bodyStyle = `${grid.bodySize}|${grid.bodyFont}`;
  const headingStyle = (l: Line) => {
    const k = styleOf(l);
    if (k === bodyStyle) return false;
    const [yes, no] = tally.get(k) ?? [0, 0];
    return (yes >= 2 && yes > no) || (l.size >= grid.bodySize * 1.25 && yes >= 1);
  };
  const out = new Map<Line, number>();
  runs.forEach((run, i) => {
    const first = run[0] as Line;
    // A numbered section ("3.1. Fungal cultures") is a heading by its number, in whatever style.
    if (i !== title && (!apart[i] || !(headingStyle(first) || SECTION_NUMBER.test(first.text)))) return;
    if (i !== title && front(i)) return;
    for (const l of run) out.set(l, i);
  });
  return { runs: out, ...(title !== undefined ? { title } : {}) };
}

/** A line of table cells: parted by a gap of two sizes or more, unless the first is a section number ("2.1.  Plant material"). */
function tableRow(l: Line): boolean {
  if (l.cells.length < 2) return false;
  const first = (l.cells[0] as Array<{ text: string }>).map((p) => p.text).join('').trim();
  if (l.cells.length === 2 && /^\d+(\.\d+)*\.?$/.test(first)) return false;
  return l.cells.some((c, k) => k > 0 && Math.min(...c.map((p) => p.x0)) - Math.max(...(l.cells[k - 1] as Array<{ x1: number }>).map((p) => p.x1)) > l.size * 2);
}

function standsApart(run: readonly Line[], grid: Grid): boolean {
  const text = run.map((l) => l.text).join(' ');
  const last = (run[run.length - 1] as Line).text;
  // A title in large type may run longer.
  const large = (run[0] as Line).size >= grid.bodySize * 1.25 ? 2 : 1;
  if (run.length > MAX_LINES * large || text.length > MAX_CHARS * large || text.length < 2) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(text) || !/\p{L}{2}/u.test(text) || CAPTION.test(text) || run.some(tableRow)) return false;
  // An author list ("Kate Griffiths¹, Rong Hou², …"), a reference's link labels, text that is no words.
  if ((text.match(AUTHOR)?.length ?? 0) >= 3 || LINK_LABELS.test(text.replace(/\s*\|\s*/g, ' ')) || unreadable(text)) return false;
  // A clause's end, or a label with its value ("Edited by:", "Keywords: domestication, …").
  if (/[,;:]$/.test(last) || /^[\p{L}][\p{L} ]{0,24}:\s/u.test(text)) return false;
  if (/\.$/.test(last) && !/^\d+(\.\d+)*\.?\s/.test(text)) return false;
  return true;
}

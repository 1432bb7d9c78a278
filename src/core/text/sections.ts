/**
 * Section paths ("Results › Tailoring") for offsets in an article.
 * Markdown headings come from headings.ts (ATX and setext alike, not `#`
 * inside code blocks); plain text has no reliable headings, so it has no sections.
 * A document whose first heading is its only level-1 heading has that heading
 * as its title, and the title is left out of paths: "Results › Tailoring".
 */
import { markdownHeadings, type Heading } from './headings';

export const SECTION_SEPARATOR = ' › ';

export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown|mdown|mkd)$/i.test(path);
}

/** Finds the section path of any offset; build once per text version. */
export class SectionIndex {
  private readonly paths: string[];
  private readonly headings: readonly Heading[];
  constructor(headings: readonly Heading[]) {
    const first = headings[0];
    const isTitle = first !== undefined && first.depth === 1 && headings.filter((h) => h.depth === 1).length === 1;
    this.headings = isTitle ? headings.slice(1) : headings;
    const stack: Heading[] = [];
    this.paths = this.headings.map((h) => {
      while (stack.length && (stack[stack.length - 1] as Heading).depth >= h.depth) stack.pop();
      stack.push(h);
      return stack.map((s) => s.title).join(SECTION_SEPARATOR);
    });
  }

  static forArticle(path: string, text: string): SectionIndex {
    return new SectionIndex(isMarkdownPath(path) ? markdownHeadings(text) : []);
  }

  /** The path of the last heading at or before the offset; undefined before the first heading. */
  at(offset: number): string | undefined {
    let lo = 0;
    let hi = this.headings.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.headings[mid] as Heading).offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.paths[found];
  }
}

/**
 * The top-level headings of a Markdown text, found by one scan of its lines
 * (CommonMark block structure: ATX and setext headings, not `#` inside fenced
 * or indented code, HTML blocks, block quotes or list items). A full
 * Markdown parse cost 102 s and 4 GB on a 20 MB article; this costs about a
 * scan of the text. A heading's inline Markdown (emphasis, code, links) is
 * read by remark, on that heading alone, and only when it has any.
 *
 * Checked against remark-parse on the corpus and on random documents
 * (test/unit/core/text/headings.test.ts).
 */
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export interface Heading {
  readonly depth: number;
  readonly title: string;
  /** Offset of the heading's first character. */
  readonly offset: number;
  /** Zero-based line of the heading. */
  readonly line: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$|^ {0,3}(#{1,6})[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])(?=[ \t]|$)([ \t]*)/;
const QUOTE = /^ {0,3}>/;
const BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
/** HTML block starts (CommonMark types 1 to 7) with their end conditions; `undefined` ends at a blank line. */
const HTML_BLOCKS: Array<{ start: RegExp; end?: RegExp; interrupts: boolean }> = [
  { start: /^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, end: /<\/(?:script|pre|style|textarea)>/i, interrupts: true },
  { start: /^ {0,3}<!--/, end: /-->/, interrupts: true },
  { start: /^ {0,3}<\?/, end: /\?>/, interrupts: true },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, interrupts: true },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, interrupts: true },
  { start: new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?:\\s|/?>|$)`, 'i'), interrupts: true },
  { start: /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/, interrupts: false },
];

/** Columns of leading white space, tabs to the next multiple of 4. */
function indentOf(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) col++;
    else if (c === 0x09) col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** A heading's title as remark reads it: inline Markdown resolved, white space folded. */
function titleOf(source: string, plainTitle: string): string {
  if (!/[*_`[\]<>&\\!]/.test(plainTitle)) return plainTitle.replace(/\s+/g, ' ').trim();
  interface Node {
    type: string;
    value?: string;
    children?: Node[];
  }
  const plain = (node: Node): string => (typeof node.value === 'string' ? node.value : (node.children ?? []).map(plain).join(''));
  const tree = unified().use(remarkParse).parse(source) as Node;
  const heading = (tree.children ?? []).find((n) => n.type === 'heading');
  return (heading ? plain(heading) : plainTitle).replace(/\s+/g, ' ').trim();
}

/** Whether a line starts a block other than a paragraph; with `interrupting`, only blocks that may interrupt a paragraph. */
function startsBlock(s: string, interrupting: boolean): boolean {
  return ATX.test(s) || THEMATIC.test(s) || FENCE.test(s) || QUOTE.test(s) || LIST_ITEM.test(s) || HTML_BLOCKS.some((h) => (h.interrupts || !interrupting) && h.start.test(s));
}

/** Whether a line (inside a container, with the container's indent removed) is paragraph text, which a lazy line may continue. */
function paragraphText(s: string, continuing: boolean): boolean {
  if (s.trim() === '') return false;
  if (indentOf(s) >= 4) return continuing;
  return !startsBlock(s, false);
}

/** The fence a line opens, if it opens one (a backtick fence's info string may not hold a backtick). */
function openingFence(s: string): { char: string; length: number } | undefined {
  const m = FENCE.exec(s);
  if (!m) return undefined;
  const marks = m[2] as string;
  return marks[0] === '`' && (m[3] as string).includes('`') ? undefined : { char: marks[0] as string, length: marks.length };
}

export function markdownHeadings(text: string): Heading[] {
  const out: Heading[] = [];
  let offset = 0;
  let lineNo = 0;
  /** The open top-level paragraph: its first line's offset and number, and its lines. */
  let para: { offset: number; line: number; lines: string[] } | undefined;
  let fence: { char: string; length: number } | undefined;
  let html: RegExp | 'blank' | undefined;
  /** Inside a list item (its content indent), or a block quote: nothing there is top level. */
  let list: number | undefined;
  let listBlank = false;
  let quote = false;
  /** Whether the last line was paragraph text inside a container (so a plain line may continue it lazily). */
  let lazyOpen = false;

  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const here = { offset, line: lineNo };
    offset = end + 1;
    lineNo++;
    const blank = line.trim() === '';

    if (fence) {
      const m = FENCE.exec(line);
      if (m && (m[2] as string)[0] === fence.char && (m[2] as string).length >= fence.length && (m[3] as string).trim() === '') fence = undefined;
      continue;
    }
    if (html) {
      if (html === 'blank' ? blank : html.test(line)) html = undefined;
      continue;
    }
    if (blank) {
      para = undefined;
      lazyOpen = false;
      if (list !== undefined) listBlank = true;
      quote = false;
      continue;
    }
    const indent = indentOf(line);

    // Containers: a line indented into a list item, or a quote line, belongs to it.
    if (list !== undefined) {
      if (indent >= list) {
        const inner = line.slice(Math.min(line.length, list));
        lazyOpen = paragraphText(inner, lazyOpen && !listBlank);
        listBlank = false;
        // A fence inside the item still hides its lines from us.
        fence = openingFence(inner);
        continue;
      }
    }
    if ((list !== undefined || quote) && lazyOpen && !startsBlock(line, true)) continue; // lazy continuation of a paragraph inside (indented code cannot interrupt one)
    if (quote && !QUOTE.test(line)) quote = false;

    if (QUOTE.test(line)) {
      quote = true;
      para = undefined;
      lazyOpen = paragraphText(line.replace(/^ {0,3}> ?/, ''), lazyOpen);
      list = undefined;
      continue;
    }

    // Setext underline of an open top-level paragraph.
    const setext = SETEXT.exec(line);
    if (setext && para && list === undefined) {
      const source = [...para.lines, line].join('\n');
      out.push({ depth: (setext[1] as string)[0] === '=' ? 1 : 2, title: titleOf(source, para.lines.join('\n')), offset: para.offset, line: para.line });
      para = undefined;
      continue;
    }
    if (THEMATIC.test(line)) {
      para = undefined;
      list = undefined;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !(para && (/^\d/.test(item[2] as string) ? (item[2] as string) !== '1.' && (item[2] as string) !== '1)' : false)) && !(para && line.slice(item[0].length).trim() === '')) {
      const spaces = indentOf(line.slice((item[1] as string).length + (item[2] as string).length).replace(/[^ \t].*$/, ''));
      const rest = line.slice(item[0].length);
      const width = (item[1] as string).length + (item[2] as string).length + (rest.trim() === '' || spaces > 4 ? 1 : spaces);
      list = width;
      listBlank = false;
      para = undefined;
      const inner = line.slice(Math.min(line.length, width));
      lazyOpen = paragraphText(inner, false);
      fence = openingFence(inner);
      continue;
    }
    list = undefined;
    lazyOpen = false;

    fence = openingFence(line);
    if (fence) {
      para = undefined;
      continue;
    }
    if (indent >= 4 && !para) continue; // indented code
    const atx = ATX.exec(line);
    if (atx) {
      const hashes = (atx[1] ?? atx[3]) as string;
      const content = atx[2] ?? '';
      out.push({ depth: hashes.length, title: titleOf(line, content), offset: here.offset + (line.length - line.trimStart().length), line: here.line });
      para = undefined;
      continue;
    }
    const block = HTML_BLOCKS.find((h) => h.start.test(line) && (h.interrupts || !para));
    if (block) {
      para = undefined;
      html = block.end ?? 'blank';
      if (block.end && block.end.test(line.replace(block.start, ''))) html = undefined;
      continue;
    }
    if (para) para.lines.push(line);
    else para = { offset: here.offset + (line.length - line.trimStart().length), line: here.line, lines: [line.trim()] };
  }
  return out;
}

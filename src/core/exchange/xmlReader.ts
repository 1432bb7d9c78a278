/**
 * A small, strict XML 1.0 reader for the files REFI-QDA exchanges
 * (project.qde, .qdc): elements with their attributes, text and the line and
 * column each element starts at, so a schema error can name its place.
 *
 * It reads what those files contain (declaration, comments, processing
 * instructions, CDATA, the five predefined entities, character references)
 * and refuses what they never need: a DOCTYPE (its entities could expand a
 * small file into gigabytes) and anything not well formed, always with the
 * line and column.
 */

export interface XmlElement {
  /** The local name (a `qda:` prefix is dropped). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The text directly inside the element, entities decoded. */
  text: string;
  line: number;
  column: number;
}

export class XmlError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

const NAME = /[A-Za-z_:\u00c0-\uffff][-A-Za-z0-9_:.\u00b7\u00c0-\uffff]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Whether a code point may appear in an XML 1.0 document. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export function readXml(source: string): XmlElement {
  const xml = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineStarts = [0];
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const where = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - (lineStarts[lo] as number) + 1];
  };
  const fail = (reason: string, at: number): never => {
    const [line, column] = where(at);
    throw new XmlError(reason, line, column);
  };

  const decode = (raw: string, at: number): string =>
    raw.indexOf('&') === -1
      ? raw
      : raw.replace(/&([^;&<\s]*);?/g, (whole, ref: string, offset: number) => {
          if (!whole.endsWith(';')) fail('"&" must start an entity such as &amp;', at + offset);
          if (ref.startsWith('#')) {
            const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
            if (!/^#(x[0-9a-fA-F]+|\d+)$/.test(ref) || !isXmlChar(cp)) fail(`&${ref}; is not a character XML allows`, at + offset);
            return String.fromCodePoint(cp);
          }
          const ch = PREDEFINED[ref];
          if (ch === undefined) fail(`&${ref}; is not defined (only &amp; &lt; &gt; &quot; &apos; and character references are)`, at + offset);
          return ch as string;
        });

  let i = 0;
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) fail('a name was expected here', i);
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  };
  const space = (): number => {
    SPACE.lastIndex = i;
    const n = (SPACE.exec(xml) as RegExpExecArray)[0].length;
    i += n;
    return n;
  };
  const expect = (s: string, what: string) => {
    if (!xml.startsWith(s, i)) fail(what, i);
    i += s.length;
  };
  /** Skips a comment, processing instruction or declaration at i; false when there is none. */
  const misc = (): boolean => {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('this comment is never closed with -->', i);
      i = end + 3;
      return true;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('this processing instruction is never closed with ?>', i);
      i = end + 2;
      return true;
    }
    if (xml.startsWith('<!DOCTYPE', i)) fail('a DOCTYPE is refused: REFI-QDA files have none, and its entities could expand without limit', i);
    return false;
  };
  const localName = (n: string) => n.slice(n.indexOf(':') + 1);

  // Prolog.
  for (;;) {
    space();
    if (!misc()) break;
  }
  if (xml[i] !== '<') fail(i >= xml.length ? 'the file has no root element' : 'the root element was expected here', i);

  const stack: Array<{ el: XmlElement; raw: string }> = [];
  let root: XmlElement | undefined;
  const openTag = () => {
    const at = i;
    const parent = stack[stack.length - 1];
    i++; // <
    const raw = name();
    const [line, column] = where(at);
    const el: XmlElement = { name: localName(raw), attributes: {}, children: [], text: '', line, column };
    for (;;) {
      const gap = space();
      if (xml.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (xml[i] === '>') {
        i++;
        stack.push({ el, raw });
        break;
      }
      if (i >= xml.length) fail(`the tag <${raw}> is never closed`, at);
      if (!gap) fail(`a space or the end of <${raw}> was expected here`, i);
      const attrAt = i;
      const attr = name();
      space();
      expect('=', `"=" and a quoted value were expected after ${attr}`);
      space();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail(`the value of ${attr} must be in quotes`, i);
      const end = xml.indexOf(quote as string, i + 1);
      if (end === -1) fail(`the value of ${attr} is never closed`, i);
      const value = xml.slice(i + 1, end);
      const lt = value.indexOf('<');
      if (lt !== -1) fail(`"<" is not allowed in the value of ${attr}`, i + 1 + lt);
      if (Object.hasOwn(el.attributes, attr)) fail(`${attr} is given twice`, attrAt);
      // Attribute-value normalisation: literal white space becomes a space; character references keep theirs.
      el.attributes[attr] = decode(value.replace(/[\t\n\r]/g, ' '), i + 1);
      i = end + 1;
    }
    if (parent) parent.el.children.push(el);
    else if (root) fail(`a second root element <${raw}>: a document has one`, at);
    else root = el;
  };

  while (i < xml.length) {
    const top = stack[stack.length - 1];
    if (!top) {
      if (root) {
        space();
        if (i >= xml.length) break;
        if (!misc()) fail('nothing but comments may follow the root element', i);
        continue;
      }
      openTag();
      continue;
    }
    const lt = xml.indexOf('<', i);
    if (lt === -1) fail(`<${top.raw}> is never closed`, i);
    if (lt > i) {
      const raw = xml.slice(i, lt);
      const gt = raw.indexOf(']]>');
      if (gt !== -1) fail('"]]>" is not allowed in text', i + gt);
      top.el.text += decode(raw, i);
      i = lt;
    }
    if (xml.startsWith('</', i)) {
      const at = i;
      i += 2;
      const raw = name();
      space();
      expect('>', `">" was expected to close </${raw}`);
      if (raw !== top.raw) fail(`</${raw}> closes <${top.raw}> (opened at line ${top.el.line}, column ${top.el.column})`, at);
      stack.pop();
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) fail('this CDATA section is never closed with ]]>', i);
      top.el.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (!misc()) openTag();
  }
  if (stack.length) {
    const open = stack[stack.length - 1] as { el: XmlElement; raw: string };
    fail(`<${open.raw}> (line ${open.el.line}, column ${open.el.column}) is never closed`, xml.length);
  }
  if (!root) fail('the file has no root element', i);
  // Characters XML cannot hold (a NUL, say) make the file not XML at all.
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(xml);
  if (bad) fail(`the character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`, bad.index);
  return root as XmlElement;
}

/** The first child element called `name`, if any. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Every child element called `name`. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

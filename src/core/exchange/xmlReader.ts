/**
 * A small, strict XML 1.0 reader for the files REFI-QDA exchanges
 * (project.qde, .qdc): elements with their attributes, text and the line and
 * column each element starts at, so a schema error can name its place.
 *
 * It reads what those files contain (declaration, comments, processing
 * instructions, CDATA, the five predefined entities, character references,
 * namespaces) and refuses what they never need: a DOCTYPE (its entities could
 * expand a small file into gigabytes), elements nested deeper than libxml2
 * reads (256), and anything not well formed or namespace-well-formed, always
 * with the line and column. What it accepts, libxml2 (xmllint) accepts: a
 * differential test holds it to that on thousands of mutated documents
 * (test/unit/core/exchange/xmlDifferential.test.ts).
 *
 * Bytes are decoded by `decodeXml`: by their byte-order mark or declared
 * encoding, strictly (an invalid byte is an error, never a U+FFFD).
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

// XML 1.0 (fifth edition) names, as libxml2 reads them.
const START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`[${START}][${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'uy');
/** A name as namespaces allow it (an NCName, or two joined by a colon): each part starts as a name starts. */
const NC_START = START.slice(1);
const QNAME = new RegExp(`^[${NC_START}][^:]*(:[${NC_START}][^:]*)?$`, 'u');
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const EQ = '[ \\t\\r\\n]*=[ \\t\\r\\n]*';
const DECLARATION = new RegExp(`^<\\?xml[ \\t\\r\\n]+version${EQ}("1\\.[0-9]*"|'1\\.[0-9]*')([ \\t\\r\\n]+encoding${EQ}("[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?([ \\t\\r\\n]+standalone${EQ}("(yes|no)"|'(yes|no)'))?[ \\t\\r\\n]*\\?>`);
// A URI reference as RFC 3986 writes it (and libxml2 checks a namespace name by): ASCII only, "%" and two hex digits,
// no spaces, brackets only around a host, a port of digits.
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|${PCT})`;
const SEGMENT_NC = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=@]|${PCT})+`;
const AUTHORITY = `(?:(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|${PCT})*@)?(?:\\[[^\\]/?#]*\\]|(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|${PCT})*)(?::([0-9]+))?`;
const TAIL = `(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`;
const ABSOLUTE_URI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:(?://${AUTHORITY}(?:/${PCHAR}*)*|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*|)${TAIL}`);
const RELATIVE_URI = new RegExp(`^(?://${AUTHORITY}(?:/${PCHAR}*)*|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${SEGMENT_NC}(?:/${PCHAR}*)*|)${TAIL}`);

/** Whether a namespace name is a URI reference (a port, if any, a number libxml2 holds: up to 2^31 - 1). */
function isUriReference(s: string): boolean {
  const m = ABSOLUTE_URI.exec(s) ?? RELATIVE_URI.exec(s);
  return !!m && (m[1] === undefined || Number(m[1]) <= 2147483647);
}

/** libxml2's limit on nested elements (without XML_PARSE_HUGE): deeper is refused there, so here. */
export const XML_MAX_DEPTH = 256;
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
  /** Skips a comment or processing instruction at i; false when there is none. */
  const misc = (): boolean => {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('this comment is never closed with -->', i);
      const body = xml.slice(i + 4, end);
      const dashes = body.indexOf('--');
      if (dashes !== -1) fail('"--" is not allowed inside a comment', i + 4 + dashes);
      if (body.endsWith('-')) fail('a comment cannot end with "--->"', end - 1);
      i = end + 3;
      return true;
    }
    if (xml.startsWith('<?', i)) {
      const at = i;
      i += 2;
      const target = name();
      if (target.toLowerCase() === 'xml') fail(target === 'xml' ? 'the XML declaration is allowed only at the very start of the file' : `"${target}" is reserved: a processing instruction cannot be called so`, at);
      if (target.includes(':')) fail(`"${target}": a processing instruction's name has no colon`, at + 2);
      const end = xml.indexOf('?>', i);
      if (end === -1) fail('this processing instruction is never closed with ?>', at);
      if (end > i && space() === 0) fail(`a space or "?>" was expected after <?${target}`, i);
      i = end + 2;
      return true;
    }
    if (xml.startsWith('<!DOCTYPE', i)) fail('a DOCTYPE is refused: REFI-QDA files have none, and its entities could expand without limit', i);
    return false;
  };
  const localName = (n: string) => n.slice(n.indexOf(':') + 1);

  // The declaration, only at the very start (a BOM aside), and well formed.
  if (/^<\?xml[ \t\r\n?]/.test(xml)) {
    const m = DECLARATION.exec(xml);
    if (!m) fail('the XML declaration is not well formed: <?xml version="1.0" encoding="…" standalone="yes|no"?>, in that order', 0);
    i = (m as RegExpExecArray)[0].length;
  }
  // Prolog.
  for (;;) {
    space();
    if (!misc()) break;
  }
  if (xml[i] !== '<') fail(i >= xml.length ? 'the file has no root element' : 'the root element was expected here', i);

  /**
   * The prefixes bound in an element's scope, after checking its names as
   * namespaces require (Namespaces in XML 1.0): a QName has at most one
   * colon, between two parts; every prefix is bound; xml and xmlns keep
   * their own names; no prefix is bound to ""; no two attributes are the
   * same name once their prefixes are resolved.
   */
  const namespaces = (raw: string, at: number, attributes: Record<string, string>, attrAt: Map<string, number>, outer: Map<string, string>): Map<string, string> => {
    let ns = outer;
    const bind = (prefix: string, uri: string) => {
      if (ns === outer) ns = new Map(outer);
      ns.set(prefix, uri);
    };
    for (const [attr, value] of Object.entries(attributes)) {
      const place = attrAt.get(attr) as number;
      if (!QNAME.test(attr)) fail(`"${attr}" is not a name namespaces allow (one colon at most, between two parts)`, place);
      if (attr === 'xmlns') {
        if (value === XML_NS || value === XMLNS_NS) fail(`the default namespace cannot be ${value}`, place);
        if (value !== '' && !isUriReference(value)) fail(`xmlns="${value}": a namespace is a URI (no spaces, ASCII, "%" with two hex digits)`, place);
        bind('', value);
      } else if (attr.startsWith('xmlns:')) {
        const prefix = attr.slice(6);
        if (prefix === 'xmlns') fail('the prefix xmlns cannot be declared', place);
        if (prefix === 'xml' ? value !== XML_NS : value === XML_NS) fail(`the prefix xml is bound to ${XML_NS} and nothing else is`, place);
        if (value === XMLNS_NS) fail(`no prefix can be bound to ${XMLNS_NS}`, place);
        if (value === '') fail(`${attr}="": a prefix cannot be bound to an empty namespace`, place);
        if (!isUriReference(value)) fail(`${attr}="${value}": a namespace is a URI (no spaces, ASCII, "%" with two hex digits)`, place);
        bind(prefix, value);
      }
    }
    if (!QNAME.test(raw)) fail(`"${raw}" is not a name namespaces allow (one colon at most, between two parts)`, at + 1);
    const colon = raw.indexOf(':');
    if (colon !== -1) {
      const prefix = raw.slice(0, colon);
      if (prefix === 'xmlns') fail(`<${raw}>: the prefix xmlns is for declarations, not elements`, at + 1);
      if (!ns.has(prefix)) fail(`the prefix ${prefix} of <${raw}> is not bound to a namespace (no xmlns:${prefix}="…" here or above)`, at + 1);
    }
    const expanded = new Set<string>();
    for (const attr of Object.keys(attributes)) {
      const c = attr.indexOf(':');
      if (c === -1 || attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
      const prefix = attr.slice(0, c);
      const uri = ns.get(prefix);
      if (uri === undefined) fail(`the prefix ${prefix} of ${attr} is not bound to a namespace`, attrAt.get(attr) as number);
      const key = `{${uri}}${attr.slice(c + 1)}`;
      if (expanded.has(key)) fail(`${attr} is the same attribute as another one here, once prefixes are resolved`, attrAt.get(attr) as number);
      expanded.add(key);
    }
    return ns;
  };

  // Open elements, each with the namespace prefixes bound in its scope.
  const stack: Array<{ el: XmlElement; raw: string; ns: Map<string, string> }> = [];
  const TOP = new Map([['xml', XML_NS]]);
  let root: XmlElement | undefined;
  const openTag = () => {
    const at = i;
    const parent = stack[stack.length - 1];
    i++; // <
    const raw = name();
    const [line, column] = where(at);
    const el: XmlElement = { name: localName(raw), attributes: {}, children: [], text: '', line, column };
    const attrAt = new Map<string, number>();
    let empty = false;
    for (;;) {
      const gap = space();
      if (xml.startsWith('/>', i)) {
        i += 2;
        empty = true;
        break;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (i >= xml.length) fail(`the tag <${raw}> is never closed`, at);
      if (!gap) fail(`a space or the end of <${raw}> was expected here`, i);
      const attrAt0 = i;
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
      if (attrAt.has(attr)) fail(`${attr} is given twice`, attrAt0);
      attrAt.set(attr, attrAt0);
      // Attribute-value normalisation: literal white space becomes a space; character references keep theirs.
      el.attributes[attr] = decode(value.replace(/[\t\n\r]/g, ' '), i + 1);
      i = end + 1;
    }
    const ns = namespaces(raw, at, el.attributes, attrAt, parent?.ns ?? TOP);
    if (!empty) {
      if (stack.length >= XML_MAX_DEPTH) fail(`elements are nested deeper than ${XML_MAX_DEPTH} levels here (libxml2's limit, and no REFI-QDA file needs more)`, at);
      stack.push({ el, raw, ns });
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

/**
 * An XML file's text from its bytes, as libxml2 reads them: by a byte-order
 * mark (UTF-8, UTF-16), else the declaration's encoding, else UTF-8; strictly,
 * so a byte that is not of that encoding is an error with its line and
 * column, never a U+FFFD in the imported text. ISO-8859-1 and US-ASCII are
 * decoded here; any other encoding is refused by name (as libxml2 without
 * iconv refuses it, which is how the differential test reads files): the
 * text of a file is never guessed.
 */
export function decodeXml(bytes: Uint8Array): string {
  const b = (k: number) => bytes[k] ?? -1;
  // With its mark kept (as U+FEFF, which readXml drops): a second mark is then text before the root, as it is to libxml2.
  if (b(0) === 0xef && b(1) === 0xbb && b(2) === 0xbf) return strict('utf-8', bytes);
  if (b(0) === 0xfe && b(1) === 0xff) return strict('utf-16be', bytes);
  if (b(0) === 0xff && b(1) === 0xfe) return strict('utf-16le', bytes);
  // UTF-16 without a mark shows in its first character, "<" with a zero byte beside it.
  if (b(0) === 0x3c && b(1) === 0x00) return strict('utf-16le', bytes);
  if (b(0) === 0x00 && b(1) === 0x3c) return strict('utf-16be', bytes);
  let head = '';
  for (let k = 0; k < Math.min(bytes.length, 200); k++) head += String.fromCharCode(bytes[k] as number);
  const declared = /^<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head)?.[2];
  const label = (declared ?? 'utf-8').toLowerCase();
  if (/^utf-?16/.test(label)) throw new XmlError(`the declaration says ${declared}, but the file is not UTF-16 (it has no byte-order mark and starts as single bytes); re-save it as UTF-8, or correct the declaration`, 1, 1);
  if (label === 'iso-8859-1' || label === 'iso-latin-1') {
    let out = '';
    for (let k = 0; k < bytes.length; k += 8192) out += String.fromCharCode(...bytes.subarray(k, k + 8192));
    return out;
  }
  if (label === 'us-ascii' || label === 'ascii') {
    const bad = bytes.findIndex((x) => x > 0x7f);
    if (bad !== -1) throw byteError(bytes, bad, declared as string);
    return strict('utf-8', bytes);
  }
  if (label === 'utf-8' || label === 'utf8') return strict('utf-8', bytes, declared);
  throw new XmlError(`the encoding "${declared}" it declares is not one CMO Coder reads (UTF-8, UTF-16, ISO-8859-1, US-ASCII); re-save it as UTF-8`, 1, 1);
}

function strict(label: string, bytes: Uint8Array, declared = label): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    throw new XmlError(`the encoding "${declared}" it declares is not one CMO Coder can read; re-save it as UTF-8`, 1, 1);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    // Where: the longest prefix that decodes (by halving), for the line and column.
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    // In UTF-8, the decoder stops at the byte after a sequence left unfinished: name the sequence's first byte.
    if (label === 'utf-8') {
      let k = lo;
      while (k > 0 && k > lo - 3 && ((bytes[k - 1] as number) & 0xc0) === 0x80) k--;
      const lead = bytes[k - 1] as number;
      const needs = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
      if (k > 0 && lead >= 0xc0 && lo - k < needs) lo = k - 1;
    }
    throw byteError(bytes, lo, declared);
  }
}

function byteError(bytes: Uint8Array, at: number, encoding: string): XmlError {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at; k++) {
    if (bytes[k] !== 0x0a) continue;
    line++;
    lineStart = k + 1;
  }
  return new XmlError(`byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} is not ${encoding === 'utf-8' ? 'UTF-8' : encoding} text; re-save the file as UTF-8`, line, at - lineStart + 1);
}

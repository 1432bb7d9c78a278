/**
 * The XML that REFI-QDA files are made of: one escaper, one attribute writer,
 * one reader's settings, and the one writer of the theme tree as nested
 * `<Code>` elements that both the codebook file (.qdc) and the project file
 * (project.qde) contain.
 */
import { THEME_DEPTH_LIMIT, themeTree } from '../codebook/themes';
import { isColor, type Project, type Theme } from '../model/schema';
import { validateRefiProject } from './refiValidate';
import { decodeXml, readXml, XmlError, type XmlElement } from './xmlReader';

/** Text for XML content or an attribute: characters XML 1.0 cannot hold are dropped, the rest escaped. */
export function xmlText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
    .replace(/\r/g, '&#13;');
}

/** ` name="value"`, or nothing for an empty or missing value. */
export function xmlAttr(name: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : ` ${name}="${xmlText(String(value))}"`;
}

/**
 * The codebook's themes as nested `<Code>` elements (hierarchy, description,
 * colour), `indent` spaces in; parents before children, siblings in codebook
 * order; a theme in a parent cycle (a hand-edited file) is written once, at
 * the top. Written from the tree's order and depths, with no recursion; a
 * theme nested deeper than THEME_DEPTH_LIMIT is refused (ThemesTooDeep):
 * libxml2, and so most REFI-QDA readers, stop at 256 nested elements.
 */
export function themeCodesXml(project: Project, guidOf: (themeId: string) => string, indent: number): string[] {
  const out: string[] = [];
  const tree = themeTree(project);
  const deepest = tree.reduce((d, x) => (x.depth > d.depth ? x : d), { depth: -1 } as { depth: number; theme?: Theme });
  if (deepest.theme && deepest.depth + 1 > THEME_DEPTH_LIMIT) throw new ThemesTooDeep(deepest.theme, deepest.depth + 1);
  const pad = (depth: number) => ' '.repeat(indent + depth * 2);
  let open = 0; // <Code> elements open, the innermost at depth open - 1
  tree.forEach(({ theme: t, depth }, i) => {
    for (; open > depth; open--) out.push(`${pad(open - 1)}</Code>`);
    const hasKids = (tree[i + 1]?.depth ?? -1) > depth;
    const start = `${pad(depth)}<Code${xmlAttr('guid', guidOf(t.id))}${xmlAttr('name', t.name)} isCodable="true"${xmlAttr('color', t.color)}`;
    if (!t.description && !hasKids) return void out.push(`${start}/>`);
    out.push(`${start}>`);
    if (t.description) out.push(`${pad(depth)}  <Description>${xmlText(t.description)}</Description>`);
    if (hasKids) open = depth + 1;
    else out.push(`${pad(depth)}</Code>`);
  });
  for (; open > 0; open--) out.push(`${pad(open - 1)}</Code>`);
  return out;
}


/** A theme nested too deep to write as REFI-QDA XML that others can read. */
export class ThemesTooDeep extends Error {
  constructor(
    readonly theme: Theme,
    readonly depth: number,
  ) {
    super(`the theme "${theme.name}" (${theme.id}) is nested ${depth} levels deep, and REFI-QDA readers stop at ${THEME_DEPTH_LIMIT} (libxml2's limit of 256 nested elements): nothing was exported. Move it, or its parents, higher in the codebook (the Themes view, or "parent" in cmo-project.json).`);
    this.name = 'ThemesTooDeep';
  }
}

export type XmlNode = Record<string, unknown>;

/** An element that may occur once or many times, as a list. */
export function xmlList(x: unknown): XmlNode[] {
  return x === undefined ? [] : Array.isArray(x) ? (x as XmlNode[]) : [x as XmlNode];
}

/**
 * An element as the readers use it: attributes as keys, child elements by
 * name (one, or a list), text as `#text`. Siblings of a name are gathered in
 * one list, appended to (linear in their number); the reader's depth limit
 * bounds the recursion.
 */
function toNode(el: XmlElement): XmlNode | string {
  if (!el.children.length && !Object.keys(el.attributes).length) return el.text;
  const node: XmlNode = { ...el.attributes };
  const lists = new Map<string, unknown[]>();
  for (const c of el.children) {
    let list = lists.get(c.name);
    if (!list) lists.set(c.name, (list = Object.hasOwn(node, c.name) ? [node[c.name]] : []));
    list.push(toNode(c));
  }
  for (const [name, list] of lists) node[name] = list.length === 1 ? list[0] : list;
  if (el.text) node['#text'] = el.text;
  return node;
}

/** Reads XML (bytes are decoded by decodeXml), refusing what is not well formed (`what` names the file in the error, with line and column). */
export function readXmlOrRefuse(xml: string | Uint8Array, what: string): XmlElement {
  try {
    return readXml(typeof xml === 'string' ? xml : decodeXml(xml));
  } catch (e) {
    if (e instanceof XmlError) throw new Error(`${what} is not well-formed XML: ${e.reason} (line ${e.line}, column ${e.column}); nothing was imported`);
    throw e;
  }
}

/** Parses XML into nodes keyed by the root's name, refusing what is not well formed. */
export function parseXml(xml: string | Uint8Array, what = 'the file'): XmlNode {
  const root = readXmlOrRefuse(xml, what);
  return { [root.name]: toNode(root) };
}

/** Parses a REFI-QDA project.qde: refused, with each problem's line and column, unless well formed and valid against the QDA-XML 1.0 schema. */
export function parseRefiProjectXml(xml: string | Uint8Array, what = 'project.qde'): XmlNode {
  const root = readXmlOrRefuse(xml, what);
  const problems = validateRefiProject(root);
  if (problems.length) throw new Error(`${what} does not follow the REFI-QDA project schema (QDA-XML 1.0); nothing was imported:\n${problems.map((p) => `  line ${p.line}, column ${p.column}: ${p.message}`).join('\n')}`);
  return { [root.name]: toNode(root) };
}

/** The element's text, whether the parser gave a string or an object with `#text`. */
export function xmlTextOf(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && '#text' in (x as XmlNode)) return String((x as XmlNode)['#text']);
  return '';
}

/** What a `<Code>` element says of a theme beyond its name: its description and colour, when valid. */
export function themeFieldsOf(code: XmlNode): Pick<Theme, 'description' | 'color'> {
  const description = xmlTextOf(code.Description).trim();
  return { ...(description ? { description } : {}), ...(isColor(code.color) ? { color: code.color } : {}) };
}

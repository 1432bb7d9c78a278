/**
 * The XML that REFI-QDA files are made of: one escaper, one attribute writer,
 * one reader's settings, and the one writer of the theme tree as nested
 * `<Code>` elements that both the codebook file (.qdc) and the project file
 * (project.qde) contain.
 */
import { themeTree } from '../codebook/themes';
import { isColor, type Project, type Theme } from '../model/schema';
import { validateRefiProject } from './refiValidate';
import { readXml, XmlError, type XmlElement } from './xmlReader';

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
 * the top.
 */
export function themeCodesXml(project: Project, guidOf: (themeId: string) => string, indent: number): string[] {
  const out: string[] = [];
  const tree = themeTree(project);
  const seen = new Set<string>();
  const write = (t: Theme, depth: number) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    const pad = ' '.repeat(indent + depth * 2);
    const kids = tree.filter((x) => x.theme.parent === t.id && x.theme.id !== t.id);
    const open = `${pad}<Code${xmlAttr('guid', guidOf(t.id))}${xmlAttr('name', t.name)} isCodable="true"${xmlAttr('color', t.color)}`;
    if (!t.description && !kids.length) return void out.push(`${open}/>`);
    out.push(`${open}>`);
    if (t.description) out.push(`${pad}  <Description>${xmlText(t.description)}</Description>`);
    for (const k of kids) write(k.theme, depth + 1);
    out.push(`${pad}</Code>`);
  };
  for (const x of tree) if (x.depth === 0) write(x.theme, 0);
  return out;
}

export type XmlNode = Record<string, unknown>;

/** An element that may occur once or many times, as a list. */
export function xmlList(x: unknown): XmlNode[] {
  return x === undefined ? [] : Array.isArray(x) ? (x as XmlNode[]) : [x as XmlNode];
}

/** An element as the readers use it: attributes as keys, child elements by name (one, or a list), text as `#text`. */
function toNode(el: XmlElement): XmlNode | string {
  if (!el.children.length && !Object.keys(el.attributes).length) return el.text;
  const node: XmlNode = { ...el.attributes };
  for (const c of el.children) {
    const v = toNode(c);
    const had = node[c.name];
    node[c.name] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  if (el.text) node['#text'] = el.text;
  return node;
}

/** Reads XML, refusing what is not well formed (`what` names the file in the error, with line and column). */
export function readXmlOrRefuse(xml: string, what: string): XmlElement {
  try {
    return readXml(xml);
  } catch (e) {
    if (e instanceof XmlError) throw new Error(`${what} is not well-formed XML: ${e.reason} (line ${e.line}, column ${e.column}); nothing was imported`);
    throw e;
  }
}

/** Parses XML into nodes keyed by the root's name, refusing what is not well formed. */
export function parseXml(xml: string, what = 'the file'): XmlNode {
  const root = readXmlOrRefuse(xml, what);
  return { [root.name]: toNode(root) };
}

/** Parses a REFI-QDA project.qde: refused, with each problem's line and column, unless well formed and valid against the QDA-XML 1.0 schema. */
export function parseRefiProjectXml(xml: string, what = 'project.qde'): XmlNode {
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

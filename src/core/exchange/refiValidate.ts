/**
 * Validates a project.qde against the REFI-QDA project schema (the table in
 * refiSchema.ts, generated from the XSD): the root and its namespace, each
 * element where its parent's content model allows it (order and counts),
 * required and unknown attributes, and the values of typed attributes and
 * elements (GUIDs, colours, integers, dates, enumerations). Each problem
 * names its line and column. What XSD checks beyond these (identity
 * constraints, the full xsd:dateTime calendar) is not checked here.
 */
import { REFI_COMPLEX_TYPES, REFI_NAMESPACE, REFI_ROOT, REFI_SIMPLE_TYPES, type RefiParticle } from './refiSchema';
import type { XmlElement } from './xmlReader';

export interface SchemaProblem {
  line: number;
  column: number;
  message: string;
}

const BUILT_IN: Record<string, RegExp> = {
  'xsd:integer': /^[+-]?\d+$/,
  'xsd:int': /^[+-]?\d+$/,
  'xsd:decimal': /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  'xsd:boolean': /^(true|false|1|0)$/,
  'xsd:date': /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?$/,
  'xsd:dateTime': /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/,
};
const patterns = new Map<string, RegExp>();

/** Why `value` is not of `type`, or undefined when it is. */
function badValue(type: string, raw: string): string | undefined {
  if (type === 'xsd:string') return undefined;
  const value = raw.replace(/[\t\n\r ]+/g, ' ').trim(); // every other type here collapses white space
  const builtIn = BUILT_IN[type];
  if (builtIn) return builtIn.test(value) ? undefined : `is not an ${type.slice(4)}`;
  if (type === 'xsd:token') return undefined;
  const simple = REFI_SIMPLE_TYPES[type];
  if (!simple) return undefined;
  if (simple.values && !simple.values.includes(value)) return `is not one of ${simple.values.join(', ')}`;
  if (simple.pattern) {
    let re = patterns.get(type);
    if (!re) patterns.set(type, (re = new RegExp(`^(?:${simple.pattern})$`)));
    if (!re.test(value)) return `is not a ${type.replace(/Type$/, '')}`;
  }
  return undefined;
}

/** The element names a particle can start with (for "expected …" messages). */
function firsts(p: RefiParticle): string[] {
  if ('element' in p) return [p.element];
  if (p.group === 'choice') return p.items.flatMap(firsts);
  const out: string[] = [];
  for (const item of p.items) {
    out.push(...firsts(item));
    if (item.min > 0) break;
  }
  return out;
}

export function validateRefiProject(root: XmlElement, limit = 20): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (el: { line: number; column: number }, message: string) => {
    if (problems.length < limit) problems.push({ line: el.line, column: el.column, message });
  };
  if (root.name !== REFI_ROOT.element) {
    report(root, `the root element is <${root.name}>, not <${REFI_ROOT.element}>: this is not a REFI-QDA project file`);
    return problems;
  }
  if (root.attributes.xmlns !== REFI_NAMESPACE) report(root, `<Project> must declare xmlns="${REFI_NAMESPACE}"${root.attributes.xmlns ? ` (it declares "${root.attributes.xmlns}")` : ''}`);

  /**
   * Matches `p` against children from `at`; returns where it stopped, or
   * undefined (after reporting) when a required element is missing.
   */
  const match = (p: RefiParticle, kids: XmlElement[], at: number, parent: XmlElement): number | undefined => {
    let reps = 0;
    let pos = at;
    const max = p.max < 0 ? Infinity : p.max;
    while (reps < max) {
      if ('element' in p) {
        if (kids[pos]?.name !== p.element) break;
        pos++;
      } else if (p.group === 'choice') {
        const item = p.items.find((x) => firsts(x).includes(kids[pos]?.name as string));
        if (!item) break;
        const next = match(item, kids, pos, parent);
        if (next === undefined) return undefined;
        pos = next;
      } else {
        // A sequence: stop before it when its first required element is not there (its other repetitions are optional).
        if (reps >= p.min && !firsts(p).includes(kids[pos]?.name as string)) break;
        let q = pos;
        for (const item of p.items) {
          const next = match(item, kids, q, parent);
          if (next === undefined) return undefined;
          q = next;
        }
        if (q === pos) {
          // Matched nothing (all of it is optional): that is one repetition, and more would match nothing again.
          reps = Math.max(reps + 1, p.min);
          break;
        }
        pos = q;
      }
      reps++;
    }
    if (reps < p.min) {
      const where = kids[pos] ?? parent;
      report(where, `<${parent.name}> needs <${firsts(p).join('> or <')}>${kids[pos] ? ` before <${(kids[pos] as XmlElement).name}>` : ''}`);
      return undefined;
    }
    return pos;
  };

  const visit = (el: XmlElement, type: string) => {
    const complex = REFI_COMPLEX_TYPES[type];
    if (!complex) {
      // A simple-typed element: text only.
      const first = el.children[0];
      if (first) report(first, `<${first.name}> is not allowed inside <${el.name}>, which holds text only`);
      const why = badValue(type, el.text);
      if (why) report(el, `the text of <${el.name}> "${el.text.slice(0, 40)}" ${why}`);
      return;
    }
    for (const [name, [attrType, required]] of Object.entries(complex.attributes)) {
      const value = el.attributes[name];
      if (value === undefined) {
        if (required) report(el, `<${el.name}> needs the attribute ${name}`);
        continue;
      }
      const why = badValue(attrType, value);
      if (why) report(el, `${name}="${value.slice(0, 60)}" on <${el.name}> ${why}`);
    }
    for (const name of Object.keys(el.attributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:') || Object.hasOwn(complex.attributes, name)) continue;
      report(el, `<${el.name}> has no attribute ${name} in the schema`);
    }
    if (el.text.trim()) report(el, `<${el.name}> holds elements, not text ("${el.text.trim().slice(0, 40)}")`);
    const kids = el.children;
    let end = 0;
    if (complex.content) {
      const got = match(complex.content, kids, 0, el);
      if (got === undefined) return;
      end = got;
    }
    if (end < kids.length) {
      const stray = kids[end] as XmlElement;
      const allowed = complex.content ? [...new Set(allElements(complex.content))] : [];
      report(stray, `<${stray.name}> is not allowed ${end > 0 ? `after <${kids[end - 1]?.name}> ` : ''}in <${el.name}>${allowed.length ? ` (it holds ${allowed.map((a) => `<${a}>`).join(', ')}, in that order)` : ' (it holds no elements)'}`);
      return;
    }
    const types = new Map<string, string>();
    if (complex.content) for (const [n, t] of elementTypes(complex.content)) types.set(n, t);
    for (const k of kids) visit(k, types.get(k.name) as string);
  };
  visit(root, REFI_ROOT.type);
  return problems;
}

function allElements(p: RefiParticle): string[] {
  return 'element' in p ? [p.element] : p.items.flatMap(allElements);
}

function elementTypes(p: RefiParticle): Array<[string, string]> {
  return 'element' in p ? [[p.element, p.type]] : p.items.flatMap(elementTypes);
}

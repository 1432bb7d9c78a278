/**
 * Document attributes (quality, level of involvement…): fields with allowed
 * values, and each article's values. A value is one of its field's allowed
 * values (an empty list allows any text); clearing a value removes it.
 */
import { freeId, slugify } from '../model/ids';
import { valueList, type AttributeField, type DocumentValue, type Project } from '../model/schema';
import { ProjectError } from '../theory/project';

function attributes(project: Project): NonNullable<Project['attributes']> {
  return project.attributes ?? { fields: [], documents: {} };
}

export function defineField(project: Project, fields: { name: string; values: readonly string[]; id?: string; multiple?: boolean }): { project: Project; id: string } {
  const name = fields.name.trim();
  if (!name) throw new ProjectError('a field needs a name');
  const a = attributes(project);
  const id = freeId(fields.id ?? (slugify(name) || 'field'), new Set(a.fields.map((f) => f.id)));
  const values = [...new Set(fields.values.map((v) => v.trim()).filter(Boolean))];
  const field: AttributeField = { id, name, ...(fields.multiple ? { multiple: true } : {}), values };
  return { project: { ...project, attributes: { ...a, fields: [...a.fields, field] } }, id };
}

/**
 * Sets (or with undefined or an empty list clears) one attribute of one
 * document. A multi-valued field takes a list (stored in the order of the
 * field's values); a single-valued one a value, or a list of one.
 */
export function setAttribute(project: Project, document: string, field: string, value: string | readonly string[] | undefined): Project {
  const a = attributes(project);
  const f = a.fields.find((x) => x.id === field);
  if (!f) throw new ProjectError(`no attribute field "${field}"`);
  const list = [...new Set(valueList(value as DocumentValue | undefined))];
  if (list.length > 1 && !f.multiple) throw new ProjectError(`${f.name ?? f.id} holds one value, not ${list.length} (make it multi-valued to give several)`);
  for (const v of list) if (f.values.length > 0 && !f.values.includes(v)) throw new ProjectError(`"${v}" is not one of ${f.name ?? f.id}'s values (${f.values.join(', ')})`);
  const current = { ...(a.documents[document] ?? {}) };
  const rank = (v: string) => (f.values.includes(v) ? f.values.indexOf(v) : f.values.length);
  if (!list.length) delete current[field];
  else current[field] = f.multiple ? list.sort((x, y) => rank(x) - rank(y)) : (list[0] as string);
  const documents = { ...a.documents };
  if (Object.keys(current).length) documents[document] = current;
  else delete documents[document];
  return { ...project, attributes: { ...a, documents } };
}

/**
 * A document's attributes in words, in the order of the fields:
 * "Quality: good · Level of involvement: group, governance"; empty when it
 * has none. A PDF's twin (x.md of x.pdf) shows the PDF's where it has none.
 */
export function describeAttributes(project: Project, document: string): string {
  const docs = project.attributes?.documents ?? {};
  const twin = document.endsWith('.md') ? docs[`${document.slice(0, -3)}.pdf`] : undefined;
  const own = docs[document];
  const values = own ?? twin ?? {};
  return (project.attributes?.fields ?? [])
    .map((f) => [f, valueList(values[f.id])] as const)
    .filter(([, v]) => v.length > 0)
    .map(([f, v]) => `${f.name ?? f.id}: ${v.join(', ')}`)
    .join(' · ');
}

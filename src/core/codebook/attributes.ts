/**
 * Document attributes (quality, level of involvement…): fields with allowed
 * values, and each article's values. A value is one of its field's allowed
 * values (an empty list allows any text); clearing a value removes it.
 */
import { freeId, slugify } from '../model/ids';
import type { AttributeField, Project } from '../model/schema';
import { ProjectError } from '../theory/project';

function attributes(project: Project): NonNullable<Project['attributes']> {
  return project.attributes ?? { fields: [], documents: {} };
}

export function defineField(project: Project, fields: { name: string; values: readonly string[]; id?: string }): { project: Project; id: string } {
  const name = fields.name.trim();
  if (!name) throw new ProjectError('a field needs a name');
  const a = attributes(project);
  const id = freeId(fields.id ?? (slugify(name) || 'field'), new Set(a.fields.map((f) => f.id)));
  const values = [...new Set(fields.values.map((v) => v.trim()).filter(Boolean))];
  const field: AttributeField = { id, name, values };
  return { project: { ...project, attributes: { ...a, fields: [...a.fields, field] } }, id };
}

/** Sets (or with undefined clears) one attribute of one document. */
export function setAttribute(project: Project, document: string, field: string, value: string | undefined): Project {
  const a = attributes(project);
  const f = a.fields.find((x) => x.id === field);
  if (!f) throw new ProjectError(`no attribute field "${field}"`);
  if (value !== undefined && f.values.length > 0 && !f.values.includes(value)) throw new ProjectError(`"${value}" is not one of ${f.name ?? f.id}'s values (${f.values.join(', ')})`);
  const current = { ...(a.documents[document] ?? {}) };
  if (value === undefined) delete current[field];
  else current[field] = value;
  const documents = { ...a.documents };
  if (Object.keys(current).length) documents[document] = current;
  else delete documents[document];
  return { ...project, attributes: { ...a, documents } };
}

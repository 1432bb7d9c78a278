/**
 * The codebook (themes) and document attributes: pure operations on the
 * project, like project.ts, plus the REFI-QDA codebook exchange file (.qdc).
 *
 * Rules:
 * - Theme ids are slugs and never change; a rename changes the name only, so
 *   codes tagged with the theme keep their tag.
 * - Moving a theme under one of its own descendants is refused (no cycles).
 * - Merging theme A into B retags codes (the caller applies `retag` to each
 *   sidecar), moves A's children under B, and removes A.
 * - Deleting a theme moves its children up to its parent; codes keep the tag
 *   until the caller removes it (the check reports unknown tags, never drops
 *   them).
 * - A document attribute's value is one of its field's allowed values (an
 *   empty list allows any text); clearing a value removes it.
 */
import { XMLParser } from 'fast-xml-parser';
import { freeId, slugify } from '../model/ids';
import { guidFor } from '../exchange/refi';
import { ProjectError } from '../theory/project';
import type { AttributeField, Code, Project, Theme } from '../model/schema';

function themes(project: Project): Theme[] {
  return project.codebook ?? [];
}

function theme(project: Project, id: string): Theme {
  const t = themes(project).find((x) => x.id === id);
  if (!t) throw new ProjectError(`no theme "${id}" in the codebook`);
  return t;
}

function update(project: Project, id: string, change: (t: Theme) => Theme): Project {
  theme(project, id);
  return { ...project, codebook: themes(project).map((t) => (t.id === id ? change(t) : t)) };
}

/** A fresh theme id from a name: its slug, numbered if taken. */
export function themeIdFor(project: Project, name: string): string {
  return freeId(slugify(name) || 'theme', new Set(themes(project).map((t) => t.id)));
}

export function createTheme(project: Project, fields: { name: string; parent?: string | null; description?: string; color?: string }): { project: Project; id: string } {
  const name = fields.name.trim();
  if (!name) throw new ProjectError('a theme needs a name');
  if (fields.parent) theme(project, fields.parent);
  const id = themeIdFor(project, name);
  const t: Theme = { id, name, parent: fields.parent ?? null, ...(fields.description?.trim() ? { description: fields.description.trim() } : {}), ...(fields.color ? { color: fields.color } : {}) };
  return { project: { ...project, codebook: [...themes(project), t] }, id };
}

export function renameTheme(project: Project, id: string, name: string): Project {
  if (!name.trim()) throw new ProjectError('a theme needs a name');
  return update(project, id, (t) => ({ ...t, name: name.trim() }));
}

export function describeTheme(project: Project, id: string, description: string): Project {
  return update(project, id, (t) => {
    const { description: _old, ...rest } = t;
    return description.trim() ? { ...rest, description: description.trim() } : rest;
  });
}

export function setThemeColor(project: Project, id: string, color: string | undefined): Project {
  if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) throw new ProjectError('a colour is #rrggbb');
  return update(project, id, (t) => {
    const { color: _old, ...rest } = t;
    return color ? { ...rest, color } : rest;
  });
}

/** The theme's descendants' ids (not itself). */
export function descendants(project: Project, id: string): Set<string> {
  const out = new Set<string>();
  const walk = (p: string) => {
    for (const t of themes(project)) if (t.parent === p && !out.has(t.id)) (out.add(t.id), walk(t.id));
  };
  walk(id);
  return out;
}

/** Moves a theme under another (or to the top with null). */
export function moveTheme(project: Project, id: string, parent: string | null): Project {
  if (parent !== null) {
    theme(project, parent);
    if (parent === id || descendants(project, id).has(parent)) throw new ProjectError('a theme cannot go under itself or one of its own sub-themes');
  }
  return update(project, id, (t) => ({ ...t, parent }));
}

/** Removes a theme; its children move up to its parent. Codes keep the tag (see `retag`). */
export function deleteTheme(project: Project, id: string): Project {
  const t = theme(project, id);
  return { ...project, codebook: themes(project).filter((x) => x.id !== id).map((x) => (x.parent === id ? { ...x, parent: t.parent ?? null } : x)) };
}

/** Merges `from` into `into`: children move to `into`, `from` goes. Codes are retagged with `retag(codes, from, into)`. */
export function mergeThemes(project: Project, from: string, into: string): Project {
  if (from === into) throw new ProjectError('merge a theme into another one');
  theme(project, from);
  const target = theme(project, into);
  if (descendants(project, from).has(into)) throw new ProjectError(`"${target.name}" is under the theme being merged; move it out first`);
  return { ...project, codebook: themes(project).filter((x) => x.id !== from).map((x) => (x.parent === from ? { ...x, parent: into } : x)) };
}

/** Codes with tag `from` replaced by `to` (or removed when `to` is undefined); the same array when nothing changed. */
export function retag(codes: readonly Code[], from: string, to: string | undefined): Code[] {
  let changed = false;
  const out = codes.map((c) => {
    if (!c.tags?.includes(from)) return c;
    changed = true;
    const tags = [...new Set(c.tags.map((t) => (t === from ? to : t)).filter((t): t is string => !!t))];
    const { tags: _old, ...rest } = c;
    return tags.length ? { ...rest, tags } : rest;
  });
  return changed ? out : (codes as Code[]);
}

/** Theme ids in tree order (parents before children, siblings in codebook order), with depth. */
export function themeTree(project: Project): Array<{ theme: Theme; depth: number }> {
  const all = themes(project);
  const ids = new Set(all.map((t) => t.id));
  const out: Array<{ theme: Theme; depth: number }> = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const t of all) {
      const p = t.parent && ids.has(t.parent) ? t.parent : null;
      if (p !== parent || seen.has(t.id)) continue;
      seen.add(t.id);
      out.push({ theme: t, depth });
      walk(t.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const t of all) if (!seen.has(t.id)) out.push({ theme: t, depth: 0 }); // a cycle in a hand-edited file: shown at the top
  return out;
}

// ---------------------------------------------------------------------------
// Document attributes

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

export function setFieldValues(project: Project, id: string, values: readonly string[]): Project {
  const a = attributes(project);
  if (!a.fields.some((f) => f.id === id)) throw new ProjectError(`no attribute field "${id}"`);
  return { ...project, attributes: { ...a, fields: a.fields.map((f) => (f.id === id ? { ...f, values: [...new Set(values.map((v) => v.trim()).filter(Boolean))] } : f)) } };
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

// ---------------------------------------------------------------------------
// REFI-QDA codebook exchange (.qdc)

const QDC_NS = 'urn:QDA-XML:codebook:1.0';
const xmlEsc = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** The codebook as a REFI-QDA codebook file (Codebook.xsd 1.0): themes with their hierarchy, descriptions and colours. */
export function toQdc(project: Project, namespace: string): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', `<CodeBook xmlns="${QDC_NS}" origin="CMO Coder">`, '  <Codes>'];
  const tree = themeTree(project);
  const kids = (id: string) => tree.filter((x) => x.theme.parent === id);
  const write = (t: Theme, depth: number) => {
    const pad = '    ' + '  '.repeat(depth);
    const open = `${pad}<Code guid="${guidFor(namespace, 'theme', t.id)}" name="${xmlEsc(t.name)}" isCodable="true"${t.color ? ` color="${t.color}"` : ''}`;
    const children = kids(t.id);
    if (!t.description && !children.length) return void out.push(open + '/>');
    out.push(open + '>');
    if (t.description) out.push(`${pad}  <Description>${xmlEsc(t.description)}</Description>`);
    for (const c of children) write(c.theme, depth + 1);
    out.push(`${pad}</Code>`);
  };
  for (const x of tree.filter((x) => x.depth === 0)) write(x.theme, 0);
  out.push('  </Codes>', '</CodeBook>', '');
  return out.join('\n');
}

/**
 * Reads a .qdc (or the CodeBook of a project.qde) into themes: existing
 * themes (same name, case-insensitive) are kept and updated only where empty;
 * new ones are added under their parents. Returns the new project and what
 * was added.
 */
export function importQdc(project: Project, xml: string): { project: Project; added: string[] } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', parseAttributeValue: false, parseTagValue: false });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const book = (doc.CodeBook ?? (doc.Project as Record<string, unknown> | undefined)?.CodeBook) as Record<string, unknown> | undefined;
  if (!book) throw new ProjectError('not a REFI-QDA codebook: no <CodeBook>');
  const list = (x: unknown): Array<Record<string, unknown>> => (x === undefined ? [] : Array.isArray(x) ? x : [x as Record<string, unknown>]);
  let p = project;
  const added: string[] = [];
  const walk = (codes: Array<Record<string, unknown>>, parent: string | null) => {
    for (const c of codes) {
      const name = String(c.name ?? '').trim();
      if (!name) continue;
      // A CMO Coder project.qde: roles are not themes; the "Themes" umbrella is not one either.
      if (parent === null && c.isCodable === 'false' && (name === 'CMO roles' || name === 'Themes')) {
        if (name === 'Themes') walk(list(c.Code), null);
        continue;
      }
      const existing = themes(p).find((t) => t.name.toLowerCase() === name.toLowerCase());
      let id: string;
      if (existing) id = existing.id;
      else {
        const description = typeof c.Description === 'string' ? c.Description : undefined;
        const color = typeof c.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : undefined;
        const r = createTheme(p, { name, parent, ...(description ? { description } : {}), ...(color ? { color } : {}) });
        p = r.project;
        id = r.id;
        added.push(name);
      }
      walk(list(c.Code), id);
    }
  };
  walk(list((book.Codes as Record<string, unknown> | undefined)?.Code), null);
  return { project: p, added };
}

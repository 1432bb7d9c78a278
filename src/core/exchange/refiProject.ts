/**
 * The project part of the REFI-QDA round trip: configurations, theories, the
 * programme theory and document attributes, read back from the elements
 * REFI-QDA has for them (notes and links, sets, the project description,
 * variables) and completed from the "CMO Coder project" note, which carries
 * what REFI-QDA has no element for (ids, status, stances, if/then/because,
 * links between configurations, refinement logs, cited studies, a field's
 * allowed values and meaning).
 *
 * The elements win: a title, statement, membership or value changed in
 * another tool comes back changed; the note only fills in. A file without
 * the note (made by another tool) still gives its configurations, theories,
 * programme and attributes, and the import lists what it could not give.
 */
import { serializeProject } from '../formats/canonical';
import { parseProjectText } from '../formats/parse';
import { newId, freeId, slugify } from '../model/ids';
import type { AttributeField, Configuration, DocumentValue, Project, Theory } from '../model/schema';
import { guidFor } from './refi';

export const CMO_NOTE_NAME = 'CMO Coder project';

/** The note's text: the project (without merge conflicts) and each exported passage's cited studies. */
export function cmoProjectNote(project: Project, namespace: string, cites: Record<string, string[]>): string {
  const { conflicts: _conflicts, ...rest } = project;
  const canonical = JSON.parse(serializeProject({ ...rest, refi: { ...(rest.refi ?? {}), namespace } })) as Project;
  return JSON.stringify({ cmoCoder: 1, about: 'What REFI-QDA has no element for, so that CMO Coder can import this file without loss. Other tools may ignore it.', cites, project: canonical }, null, 2);
}

export interface SavedNote {
  project: Project;
  cites: Record<string, string[]>;
}

/** The note's content, or why it cannot be used. */
export function readCmoProjectNote(text: string): SavedNote | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { problem: `it is not JSON (${(e as Error).message})` };
  }
  const j = json as { cmoCoder?: unknown; project?: unknown; cites?: unknown };
  if (!j || typeof j !== 'object' || j.cmoCoder !== 1 || !j.project) return { problem: 'it is not a CMO Coder project note of version 1' };
  const parsed = parseProjectText('the CMO Coder project note', JSON.stringify(j.project));
  if (!parsed.ok) return { problem: parsed.problems[0]?.message ?? 'its project does not parse' };
  const cites: Record<string, string[]> = {};
  if (j.cites && typeof j.cites === 'object') for (const [ref, list] of Object.entries(j.cites)) if (Array.isArray(list) && list.every((x) => typeof x === 'string')) cites[ref] = list;
  return { project: parsed.value, cites };
}

/** What the import read from the project file's elements. */
export interface RefiProjectElements {
  notes: Array<{ guid: string; name: string; text: string }>;
  links: Array<{ origin: string; target: string; name: string }>;
  sets: Array<{ guid: string; name: string; description?: string; members: string[] }>;
  description?: string;
  variables: Array<{ guid: string; name: string; description?: string }>;
  /** Values per workspace article path, per variable GUID. */
  values: Map<string, Map<string, string>>;
  /** The passage each selection GUID became, as path#id. */
  selections: Map<string, string>;
  /** A passage's ref in the exported project (source name#selection name) → its ref now. */
  renamed: Map<string, string>;
}

export interface RefiProjectImport {
  configurations: Configuration[];
  theories: Theory[];
  programme?: Project['programme'];
  attributes?: Project['attributes'];
  namespace?: string;
  /** Fields of the saved project this import does not otherwise handle (a newer tool's), kept. */
  extra: Record<string, unknown>;
  /** What could not come back, one sentence each. */
  lost: string[];
}

const lower = (g: string) => g.toLowerCase();

export function projectFromRefi(els: RefiProjectElements, saved: SavedNote | undefined): RefiProjectImport {
  const ns = saved?.project.refi?.namespace;
  const lost: string[] = [];
  const byGuid = <T extends { id: string }>(kind: string, list: readonly T[] | undefined) => new Map((ns ? (list ?? []) : []).map((x) => [lower(guidFor(ns as string, kind, x.id)), x]));
  const savedConfs = byGuid('configuration', saved?.project.configurations);
  const savedSets = byGuid('set', saved?.project.theories);
  const savedTheoryNotes = byGuid('theory', saved?.project.theories);
  const savedFields = byGuid('variable', saved?.project.attributes?.fields);
  const renamed = (ref: string) => els.renamed.get(ref) ?? ref;

  // Configurations: notes with passages linked to them, or members of a set (a theory), or saved ones.
  const linksOf = new Map<string, string[]>();
  for (const l of els.links) {
    const ref = els.selections.get(lower(l.target));
    if (!ref) continue;
    const list = linksOf.get(lower(l.origin)) ?? [];
    if (!list.includes(ref)) list.push(ref);
    linksOf.set(lower(l.origin), list);
  }
  const members = new Set(els.sets.flatMap((s) => s.members.map(lower)));
  const usedIds = new Set<string>();
  const confIdOf = new Map<string, string>();
  const configurations: Configuration[] = [];
  for (const n of els.notes) {
    const guid = lower(n.guid);
    const before = savedConfs.get(guid);
    if (!before && !linksOf.has(guid) && !members.has(guid)) continue;
    if (savedTheoryNotes.has(guid)) continue;
    const id = before && !usedIds.has(before.id) ? before.id : newId(usedIds);
    usedIds.add(id);
    confIdOf.set(guid, id);
    const linked = linksOf.get(guid) ?? [];
    const savedRefs = (before?.codes ?? []).map(renamed);
    const sameSet = savedRefs.length === linked.length && savedRefs.every((r) => linked.includes(r));
    const codes = sameSet ? savedRefs : linked;
    const written = before ? (before.statement ?? before.title) : undefined;
    const statement = n.text === written ? before?.statement : n.text && n.text !== n.name ? n.text : undefined;
    const stances = Object.fromEntries(Object.entries(before?.stances ?? {}).map(([r, s]) => [renamed(r), s]).filter(([r]) => codes.includes(r as string)));
    const { statement: _s, stances: _st, ...kept } = before ?? { id, title: n.name, codes };
    configurations.push({ ...kept, id, title: n.name, ...(statement !== undefined ? { statement } : {}), codes, ...(Object.keys(stances).length ? { stances } : {}) });
  }

  const theoryIds = new Set<string>(usedIds);
  const theories: Theory[] = [];
  for (const s of els.sets) {
    const before = savedSets.get(lower(s.guid));
    const id = before && !theoryIds.has(before.id) ? before.id : newId(theoryIds);
    theoryIds.add(id);
    const confs = s.members.map((m) => confIdOf.get(lower(m))).filter((k): k is string => !!k);
    const { statement: _s, ...kept } = before ?? { id, title: s.name, configurations: confs };
    theories.push({ ...kept, id, title: s.name, ...(s.description ? { statement: s.description } : {}), configurations: confs });
  }
  // Links between configurations and theories, to ones that came back.
  const known = new Set([...configurations.map((k) => k.id), ...theories.map((t) => t.id)]);
  for (const x of [...configurations, ...theories]) {
    if (!x.leadsTo) continue;
    const leadsTo = x.leadsTo.filter((id) => known.has(id));
    if (leadsTo.length) x.leadsTo = leadsTo;
    else delete x.leadsTo;
  }

  let programme: Project['programme'];
  const savedProgramme = saved?.project.programme;
  if (els.description || savedProgramme) {
    const ids = new Set(theories.map((t) => t.id));
    const { statement: _s, theories: savedTheories, ...kept } = savedProgramme ?? { theories: [] };
    programme = { ...kept, ...(els.description ? { statement: els.description } : {}), theories: savedProgramme ? savedTheories.filter((t) => ids.has(t)) : theories.map((t) => t.id) };
  }

  // Attributes: variables are fields, values on sources are the documents' values.
  let attributes: Project['attributes'];
  const fieldIdOf = new Map<string, string>();
  const fields: AttributeField[] = [];
  for (const v of els.variables) {
    const before = savedFields.get(lower(v.guid));
    const id = before && !fieldIdOf.has(before.id) ? before.id : freeId(slugify(v.name) || 'field', new Set(fields.map((f) => f.id)));
    fieldIdOf.set(lower(v.guid), id);
    const values = before?.values ?? (/^Allowed values: (.*)$/s.exec(v.description ?? '')?.[1]?.split(', ') ?? []);
    const { name: _n, values: _v, ...kept } = before ?? { id, values };
    fields.push({ ...kept, id, ...(v.name !== id || before?.name !== undefined ? { name: v.name } : {}), values });
  }
  if (fields.length || saved?.project.attributes) {
    const documents: Record<string, Record<string, DocumentValue>> = {};
    const multiple = new Set(fields.filter((f) => f.multiple).map((f) => f.id));
    // Documents that were not sources of the file (no codes, or PDFs) keep their saved values.
    for (const [doc, values] of Object.entries(saved?.project.attributes?.documents ?? {})) if (!els.values.has(doc)) documents[doc] = { ...values };
    for (const [doc, byVar] of els.values) {
      const values: Record<string, DocumentValue> = {};
      for (const [guid, value] of byVar) {
        const f = fieldIdOf.get(lower(guid));
        if (f) values[f] = multiple.has(f) ? value.split('; ').filter(Boolean) : value;
      }
      if (Object.keys(values).length) documents[doc] = values;
    }
    attributes = { fields, documents };
  }

  if (!saved) {
    lost.push(`the file has no "${CMO_NOTE_NAME}" note (another tool made it), so configurations and theories get new ids, and their status, if/then/because, stances (every passage counts as supporting), links, refinement logs and passages' cited studies cannot come back`);
  }
  const { programme: _p, theories: _t, configurations: _c, codebook: _cb, attributes: _a, refi: _r, conflicts: _x, cmo: _v, ...extra } = saved?.project ?? { cmo: 1 };
  return { configurations, theories, ...(programme ? { programme } : {}), ...(attributes ? { attributes } : {}), ...(ns ? { namespace: ns } : {}), extra, lost };
}

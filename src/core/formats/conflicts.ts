/**
 * Merge conflicts recorded in sidecars and the project file (see merge.ts):
 * the problems that list them, and the ways to settle one.
 */
import { newId } from '../model/ids';
import { locator } from './parse';
import type { Problem } from '../model/problems';
import type { Code, CodeConflict, DocumentValue, Project, ProjectConflict, Sidecar } from '../model/schema';
import { excerpt } from '../text/text';

const RECONCILE = 'Reconcile it in VS Code (CMO: Reconcile merge conflicts, or the quick fix here); until then our side stands.';

function describeFields(fields: readonly string[]): string {
  return fields.includes('deleted') ? 'deleted on one side and changed on the other' : `changed differently on both sides (${fields.join(', ')})`;
}

/** "source" was changed differently on both sides (ours "a.md", theirs "b.md"), … */
function describeFile(c: { fields: readonly string[]; ours: Record<string, unknown> | null; theirs: Record<string, unknown> | null }): string {
  const show = (side: Record<string, unknown> | null, f: string) => (side?.[f] === undefined ? 'absent' : excerpt(JSON.stringify(side[f]), 40));
  return c.fields.map((f) => `top-level field "${f}" was changed differently on both sides (ours ${show(c.ours, f)}, theirs ${show(c.theirs, f)})`).join('; ');
}

export function conflictProblems(path: string, text: string, value: Sidecar | Project): Problem[] {
  const out: Problem[] = [];
  const at = locator(path, text);
  if ('codes' in value) {
    const sidecar = value as Sidecar;
    if (sidecar.fileConflict) out.push({ path, ...at(['fileConflict']), severity: 'error', kind: 'merge-conflict', message: `merge conflict: ${describeFile(sidecar.fileConflict)}. Our value stands; set the field to the value you want and delete "fileConflict" (rare: these fields are not codes).` });
    (sidecar.conflicts ?? []).forEach((c, i) => {
      const code = sidecar.codes.find((x) => x.id === c.code) ?? c.ours ?? c.theirs;
      const what = code ? `${code.role} code ${c.code} ("${excerpt(code.exact, 50)}")` : `code ${c.code}`;
      out.push({ path, ...at(['conflicts', i]), severity: 'error', kind: 'merge-conflict', codeId: c.code, message: `merge conflict: ${what} was ${describeFields(c.fields)}. ${RECONCILE}` });
    });
  } else {
    ((value as Project).conflicts ?? []).forEach((c, i) => {
      const title = (c.ours?.title ?? c.theirs?.title ?? c.ours?.name ?? c.theirs?.name) as string | undefined;
      if (c.entity === 'file') {
        out.push({ path, ...at(['conflicts', i]), severity: 'error', kind: 'merge-conflict', message: `merge conflict: ${describeFile(c)}. ${RECONCILE}` });
        return;
      }
      const what = c.entity === 'programme' ? 'the programme theory' : `${c.entity} ${title ? `"${title}" (${c.id})` : c.id}`;
      out.push({ path, ...at(['conflicts', i]), severity: 'error', kind: 'merge-conflict', message: `merge conflict: ${what} was ${describeFields(c.fields)}. ${RECONCILE}` });
    });
  }
  return out;
}

export type Resolution = 'mine' | 'theirs' | 'both';

/** The fields a conflict names, with "span" standing for the whole quote selector. */
const SPAN = ['start', 'end', 'exact', 'prefix', 'suffix', 'section'];

/** `target` with the named fields taken from `from` (a field absent there is removed). */
function takeFields<T extends object>(target: T, from: object, fields: readonly string[]): T {
  const out = { ...target } as Record<string, unknown>;
  const src = from as Record<string, unknown>;
  for (const f of fields.flatMap((x) => (x === 'span' ? SPAN : [x]))) {
    if (src[f] === undefined) delete out[f];
    else out[f] = src[f];
  }
  return out as T;
}

/**
 * Settles one recorded code conflict:
 * - mine: our side stands (if we had deleted it, it goes);
 * - theirs: their side replaces ours (if they had deleted it, it goes);
 * - both: ours stays and theirs is added beside it under a new id.
 * Returns undefined when there is no such conflict.
 */
export function resolveCodeConflict(sidecar: Sidecar, codeId: string, how: Resolution): Sidecar | undefined {
  const conflict = sidecar.conflicts?.find((c) => c.code === codeId);
  if (!conflict) return undefined;
  const rest = (sidecar.conflicts ?? []).filter((c) => c !== conflict);
  let codes = sidecar.codes.filter((c) => c.id !== codeId);
  const keep = (code: Code | null) => (code ? [code] : []);
  if (how === 'mine') codes = [...codes, ...keep(conflict.ours ? (sidecar.codes.find((c) => c.id === codeId) ?? conflict.ours) : null)];
  else if (how === 'theirs') {
    const current = sidecar.codes.find((c) => c.id === codeId);
    codes = [...codes, ...keep(current && conflict.theirs && !conflict.fields.includes('deleted') ? takeFields(current, conflict.theirs, conflict.fields) : conflict.theirs)];
  }
  else {
    const mine = sidecar.codes.find((c) => c.id === codeId) ?? conflict.ours;
    const taken = new Set(sidecar.codes.map((c) => c.id));
    const theirs = conflict.theirs ? { ...conflict.theirs, id: mine ? newId(taken) : conflict.theirs.id } : null;
    codes = [...codes, ...keep(mine), ...keep(theirs)];
  }
  const out: Sidecar = { ...sidecar, codes };
  if (rest.length > 0) out.conflicts = rest;
  else delete out.conflicts;
  return out;
}

/** Settles a sidecar's top-level conflict: mine keeps the fields as they stand; theirs takes their values. */
export function resolveFileConflict(sidecar: Sidecar, how: Exclude<Resolution, 'both'>): Sidecar | undefined {
  const conflict = sidecar.fileConflict;
  if (!conflict) return undefined;
  const out = { ...sidecar } as Record<string, unknown>;
  delete out.fileConflict;
  if (how === 'theirs') for (const f of conflict.fields) {
    if (conflict.theirs[f] === undefined) delete out[f];
    else out[f] = conflict.theirs[f];
  }
  return out as Sidecar;
}

/** Settles one project conflict: mine keeps the entity as it stands (or drops it if we deleted it); theirs puts their side in its place. */
export function resolveProjectConflict(project: Project, entity: ProjectConflict['entity'], id: string, how: Exclude<Resolution, 'both'>): Project | undefined {
  const conflict = project.conflicts?.find((c) => c.entity === entity && c.id === id);
  if (!conflict) return undefined;
  const out: Project = { ...project };
  const rest = (project.conflicts ?? []).filter((c) => c !== conflict);
  if (rest.length > 0) out.conflicts = rest;
  else delete out.conflicts;
  const side = how === 'mine' ? conflict.ours : conflict.theirs;
  // Mine with ours present: the merged entity already holds our side of every conflicting field.
  if (how === 'mine' && side) return out;
  const deleted = conflict.fields.includes('deleted');
  const replace = <T extends { id: string }>(list: T[] | undefined): T[] | undefined => {
    if (!list) return side ? [side as T] : list;
    const at = list.findIndex((x) => x.id === id);
    if (!side) return list.filter((x) => x.id !== id);
    if (at < 0) return [...list, side as T];
    return list.map((x, i) => (i === at ? (deleted ? (side as T) : takeFields(x, side, conflict.fields)) : x));
  };
  switch (entity) {
    case 'programme':
      if (side) out.programme = (project.programme && !deleted ? takeFields(project.programme, side, conflict.fields) : side) as NonNullable<Project['programme']>;
      else delete out.programme;
      break;
    case 'theory':
      out.theories = replace(project.theories);
      break;
    case 'configuration':
      out.configurations = replace(project.configurations);
      break;
    case 'theme':
      out.codebook = replace(project.codebook);
      break;
    case 'field':
      out.attributes = { fields: replace(project.attributes?.fields) ?? [], documents: project.attributes?.documents ?? {} };
      break;
    case 'file': {
      const o = out as Record<string, unknown>;
      const attributes = { ...(project.attributes ?? { fields: [], documents: {} }) } as Record<string, unknown>;
      for (const f of conflict.fields) {
        const [target, key] = f.startsWith('attributes.') ? [attributes, f.slice('attributes.'.length)] : [o, f];
        if (side?.[f] === undefined) delete target[key];
        else target[key] = side[f];
      }
      if (project.attributes || conflict.fields.some((f) => f.startsWith('attributes.'))) out.attributes = attributes as NonNullable<Project['attributes']>;
      break;
    }
    case 'document': {
      const documents = { ...(project.attributes?.documents ?? {}) };
      const current = documents[id];
      if (side) documents[id] = (current && !deleted ? takeFields(current, side, conflict.fields) : side) as Record<string, DocumentValue>;
      else delete documents[id];
      out.attributes = { fields: project.attributes?.fields ?? [], documents };
      break;
    }
  }
  return out;
}

export type { CodeConflict, ProjectConflict };

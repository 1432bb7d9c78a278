/**
 * Operations on the project model: configurations (CMOcs), middle-range
 * theories and the programme theory. Pure: each takes a project and returns a
 * new one, so the extension can undo by keeping the old value and tests need
 * no file system.
 *
 * Rules:
 * - A configuration may sit under several theories; a code may sit in
 *   several configurations.
 * - Removing a reference never deletes a code; deleting a configuration
 *   removes it from the theories that list it; deleting a theory removes it
 *   from the programme. Configurations and codes are never deleted as a side
 *   effect.
 * - References to codes are `path#id` (see parse.ts: parseCodeRef).
 * - Dangling references are reported (danglingReferences), never dropped.
 */
import { newId } from '../model/ids';
import { type Configuration, type Project, type Theory } from '../model/schema';

export class ProjectError extends Error {}

function ids(project: Project): Set<string> {
  return new Set([...(project.configurations ?? []).map((c) => c.id), ...(project.theories ?? []).map((t) => t.id)]);
}

function configuration(project: Project, id: string): Configuration {
  const c = project.configurations?.find((x) => x.id === id);
  if (!c) throw new ProjectError(`no configuration ${id}`);
  return c;
}

function theory(project: Project, id: string): Theory {
  const t = project.theories?.find((x) => x.id === id);
  if (!t) throw new ProjectError(`no theory ${id}`);
  return t;
}

function withConfiguration(project: Project, id: string, change: (c: Configuration) => Configuration): Project {
  configuration(project, id);
  return { ...project, configurations: (project.configurations ?? []).map((c) => (c.id === id ? change(c) : c)) };
}

function withTheory(project: Project, id: string, change: (t: Theory) => Theory): Project {
  theory(project, id);
  return { ...project, theories: (project.theories ?? []).map((t) => (t.id === id ? change(t) : t)) };
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

export function createConfiguration(project: Project, fields: { title: string; statement?: string; codes?: readonly string[]; theory?: string }): { project: Project; id: string } {
  const title = fields.title.trim();
  if (!title) throw new ProjectError('a configuration needs a title');
  const id = newId(ids(project));
  const conf: Configuration = { id, title, ...(fields.statement?.trim() ? { statement: fields.statement.trim() } : {}), codes: unique(fields.codes ?? []) };
  let next: Project = { ...project, configurations: [...(project.configurations ?? []), conf] };
  if (fields.theory) next = addConfigurationToTheory(next, fields.theory, id);
  return { project: next, id };
}

export function renameConfiguration(project: Project, id: string, title: string): Project {
  if (!title.trim()) throw new ProjectError('a configuration needs a title');
  return withConfiguration(project, id, (c) => ({ ...c, title: title.trim() }));
}

export function setConfigurationStatement(project: Project, id: string, statement: string): Project {
  return withConfiguration(project, id, (c) => {
    const { statement: _old, ...rest } = c;
    return statement.trim() ? { ...rest, statement: statement.trim() } : rest;
  });
}

export function addCodes(project: Project, id: string, refs: readonly string[]): Project {
  return withConfiguration(project, id, (c) => ({ ...c, codes: unique([...c.codes, ...refs]) }));
}

/** Removes a code reference from a configuration; the code itself stays in its sidecar. */
export function removeCode(project: Project, id: string, ref: string): Project {
  return withConfiguration(project, id, (c) => ({ ...c, codes: c.codes.filter((r) => r !== ref) }));
}

export function moveCode(project: Project, ref: string, from: string, to: string): Project {
  if (from === to) return project;
  return addCodes(removeCode(project, from, ref), to, [ref]);
}

/** Deletes a configuration and its place in theories; its codes stay in their sidecars. */
export function deleteConfiguration(project: Project, id: string): Project {
  configuration(project, id);
  return {
    ...project,
    configurations: (project.configurations ?? []).filter((c) => c.id !== id),
    ...(project.theories ? { theories: project.theories.map((t) => ({ ...t, configurations: t.configurations.filter((c) => c !== id) })) } : {}),
  };
}

export function createTheory(project: Project, fields: { title: string; statement?: string }): { project: Project; id: string } {
  const title = fields.title.trim();
  if (!title) throw new ProjectError('a theory needs a title');
  const id = newId(ids(project));
  const t: Theory = { id, title, ...(fields.statement?.trim() ? { statement: fields.statement.trim() } : {}), configurations: [] };
  const programme = project.programme ?? { theories: [] };
  return { project: { ...project, theories: [...(project.theories ?? []), t], programme: { ...programme, theories: unique([...programme.theories, id]) } }, id };
}

export function renameTheory(project: Project, id: string, title: string): Project {
  if (!title.trim()) throw new ProjectError('a theory needs a title');
  return withTheory(project, id, (t) => ({ ...t, title: title.trim() }));
}

export function setTheoryStatement(project: Project, id: string, statement: string): Project {
  return withTheory(project, id, (t) => {
    const { statement: _old, ...rest } = t;
    return statement.trim() ? { ...rest, statement: statement.trim() } : rest;
  });
}

export function addConfigurationToTheory(project: Project, theoryId: string, configurationId: string): Project {
  configuration(project, configurationId);
  return withTheory(project, theoryId, (t) => ({ ...t, configurations: unique([...t.configurations, configurationId]) }));
}

export function removeConfigurationFromTheory(project: Project, theoryId: string, configurationId: string): Project {
  return withTheory(project, theoryId, (t) => ({ ...t, configurations: t.configurations.filter((c) => c !== configurationId) }));
}

/** Moves a configuration from one theory to another (from undefined: it was in no theory). */
export function moveConfiguration(project: Project, configurationId: string, from: string | undefined, to: string): Project {
  if (from === to) return project;
  const removed = from ? removeConfigurationFromTheory(project, from, configurationId) : project;
  return addConfigurationToTheory(removed, to, configurationId);
}

/** Deletes a theory and its place in the programme; its configurations stay. */
export function deleteTheory(project: Project, id: string): Project {
  theory(project, id);
  return {
    ...project,
    theories: (project.theories ?? []).filter((t) => t.id !== id),
    ...(project.programme ? { programme: { ...project.programme, theories: project.programme.theories.filter((t) => t !== id) } } : {}),
  };
}

export function setProgrammeStatement(project: Project, statement: string): Project {
  const programme = project.programme ?? { theories: [] };
  const { statement: _old, ...rest } = programme;
  return { ...project, programme: statement.trim() ? { ...rest, statement: statement.trim() } : rest };
}

export interface Dangling {
  /** Where the reference is: "programme", a theory id or a configuration id. */
  readonly holder: string;
  readonly ref: string;
  readonly kind: 'theory' | 'configuration' | 'code';
}

/** References that point at nothing; `codeExists` answers for `path#id` code references. */
export function danglingReferences(project: Project, codeExists: (ref: string) => boolean): Dangling[] {
  const theories = new Set((project.theories ?? []).map((t) => t.id));
  const confs = new Set((project.configurations ?? []).map((c) => c.id));
  const out: Dangling[] = [];
  for (const t of project.programme?.theories ?? []) if (!theories.has(t)) out.push({ holder: 'programme', ref: t, kind: 'theory' });
  for (const t of project.theories ?? []) for (const c of t.configurations) if (!confs.has(c)) out.push({ holder: t.id, ref: c, kind: 'configuration' });
  for (const c of project.configurations ?? []) for (const r of c.codes) if (!codeExists(r)) out.push({ holder: c.id, ref: r, kind: 'code' });
  return out;
}

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
import { type Configuration, type LogEntry, type Programme, type Project, type Stance, type Status, type Theory } from '../model/schema';

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

export function setConfigurationStatement(project: Project, id: string, statement: string, note?: RefineNote): Project {
  return refine(project, { kind: 'configuration', id }, { statement }, note);
}

export function addCodes(project: Project, id: string, refs: readonly string[]): Project {
  return withConfiguration(project, id, (c) => ({ ...c, codes: unique([...c.codes, ...refs]) }));
}

/** Removes a code reference from a configuration (and its stance there); the code itself stays in its sidecar. */
export function removeCode(project: Project, id: string, ref: string): Project {
  return withConfiguration(project, id, (c) => withoutStance({ ...c, codes: c.codes.filter((r) => r !== ref) }, ref));
}

/** Moves a passage between configurations; it keeps its stance (a refuting passage still refutes). */
export function moveCode(project: Project, ref: string, from: string, to: string): Project {
  if (from === to) return project;
  const stance = stanceOf(configuration(project, from), ref);
  const moved = addCodes(removeCode(project, from, ref), to, [ref]);
  return stance === 'supports' ? moved : setStance(moved, to, ref, stance);
}

/** How a passage bears on a configuration: its recorded stance, else `supports`. */
export function stanceOf(conf: Configuration, ref: string): Stance {
  return conf.stances?.[ref] ?? 'supports';
}

function withoutStance(c: Configuration, ref: string): Configuration {
  if (!c.stances || !(ref in c.stances)) return c;
  const { [ref]: _gone, ...rest } = c.stances;
  const { stances: _old, ...without } = c;
  return Object.keys(rest).length ? { ...without, stances: rest } : without;
}

/** Sets how a passage of a configuration bears on it; `supports` (the default) is stored as no entry. */
export function setStance(project: Project, id: string, ref: string, stance: Stance): Project {
  return withConfiguration(project, id, (c) => {
    if (!c.codes.includes(ref)) throw new ProjectError(`configuration "${c.title}" has no passage ${ref}`);
    const cleared = withoutStance(c, ref);
    return stance === 'supports' ? cleared : { ...cleared, stances: { ...(cleared.stances ?? {}), [ref]: stance } };
  });
}

/** Deletes a configuration and its place in theories; its codes stay in their sidecars. */
export function deleteConfiguration(project: Project, id: string): Project {
  configuration(project, id);
  return dropLinksTo(
    {
      ...project,
      configurations: (project.configurations ?? []).filter((c) => c.id !== id),
      ...(project.theories ? { theories: project.theories.map((t) => ({ ...t, configurations: t.configurations.filter((c) => c !== id) })) } : {}),
    },
    id,
  );
}

/** Removes links to a deleted configuration or theory. */
function dropLinksTo(project: Project, id: string): Project {
  const drop = <T extends { leadsTo?: string[] }>(thing: T): T => {
    if (!thing.leadsTo?.includes(id)) return thing;
    const { leadsTo, ...rest } = thing;
    const left = leadsTo.filter((x) => x !== id);
    return (left.length ? { ...rest, leadsTo: left } : rest) as T;
  };
  return {
    ...project,
    ...(project.configurations ? { configurations: project.configurations.map(drop) } : {}),
    ...(project.theories ? { theories: project.theories.map(drop) } : {}),
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

export function setTheoryStatement(project: Project, id: string, statement: string, note?: RefineNote): Project {
  return refine(project, { kind: 'theory', id }, { statement }, note);
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
  return dropLinksTo(
    {
      ...project,
      theories: (project.theories ?? []).filter((t) => t.id !== id),
      ...(project.programme ? { programme: { ...project.programme, theories: project.programme.theories.filter((t) => t !== id) } } : {}),
    },
    id,
  );
}

export function setProgrammeStatement(project: Project, statement: string, note?: RefineNote): Project {
  return refine(project, { kind: 'programme' }, { statement }, note);
}

// ---------------------------------------------------------------------------
// Refinement: status, statement and if / then / because, with a dated log.

/** What a refinement is about. */
export type RefineTarget = { kind: 'programme' } | { kind: 'theory'; id: string } | { kind: 'configuration'; id: string };

/** The fields a refinement may change ('' removes a text; status `initial` is stored as no status). */
export interface RefineChanges {
  status?: Status;
  statement?: string;
  if?: string;
  then?: string;
  because?: string;
}

/** Who records a refinement, when, and why; with it, each change is logged. */
export interface RefineNote {
  date: string;
  by?: string;
  why?: string;
}

const TEXT_FIELDS = ['statement', 'if', 'then', 'because'] as const;

/** What the programme, a theory and a configuration share for refinement. */
type Refinable = { status?: Status; statement?: string; if?: string; then?: string; because?: string; log?: LogEntry[] };

/** Applies a change to the programme, a theory or a configuration (ProjectError for an id the project does not have). */
function withTarget(project: Project, target: RefineTarget, change: <T extends Refinable>(thing: T) => T): Project {
  if (target.kind === 'programme') return { ...project, programme: change<Programme>(project.programme ?? { theories: [] }) };
  if (target.kind === 'theory') return withTheory(project, target.id, change);
  return withConfiguration(project, target.id, change);
}

/**
 * Changes status, statement or if / then / because of the programme, a
 * theory or a configuration. With a note, each field that really changes is
 * logged (who, when, from, to, why), except a text set for the first time: a
 * first draft is not a refinement. Status is always logged (from `initial`).
 */
export function refine(project: Project, target: RefineTarget, changes: RefineChanges, note?: RefineNote): Project {
  const apply = <T extends Refinable>(thing: T): T => {
    const next: Record<string, unknown> = { ...thing };
    const log: LogEntry[] = [];
    const entry = (change: string, from: string | undefined, to: string | undefined): LogEntry => ({
      date: note!.date,
      ...(note!.by ? { by: note!.by } : {}),
      change,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(note!.why?.trim() ? { why: note!.why.trim() } : {}),
    });
    if (changes.status !== undefined) {
      if (target.kind === 'programme') throw new ProjectError('the programme theory has no status; refine its theories');
      const from = thing.status ?? 'initial';
      if (from !== changes.status) {
        if (changes.status === 'initial') delete next.status;
        else next.status = changes.status;
        if (note) log.push(entry('status', from, changes.status));
      }
    }
    for (const field of TEXT_FIELDS) {
      const value = changes[field];
      if (value === undefined) continue;
      if (field !== 'statement' && target.kind === 'theory') throw new ProjectError('a theory has a statement, not if / then / because parts');
      const from = thing[field];
      const to = value.trim() || undefined;
      if ((from ?? '') === (to ?? '')) continue;
      if (to === undefined) delete next[field];
      else next[field] = to;
      if (note && from) log.push(entry(field, from, to));
    }
    if (log.length) next.log = [...(thing.log ?? []), ...log];
    return next as T;
  };
  return withTarget(project, target, apply);
}

/** Adds a memo to the refinement log without changing anything else (a retroduction note). */
export function addLogNote(project: Project, target: RefineTarget, note: RefineNote): Project {
  const why = note.why?.trim();
  if (!why) throw new ProjectError('a note needs some text');
  const entry: LogEntry = { date: note.date, ...(note.by ? { by: note.by } : {}), change: 'note', why };
  return withTarget(project, target, (thing) => ({ ...thing, log: [...(thing.log ?? []), entry] }));
}

/** Rewrites the text of a note `addLogNote` wrote (found by its date, author and old text); other entries stay as they are. */
export function reviseLogNote(project: Project, target: RefineTarget, note: RefineNote, why: string): Project {
  const same = (e: LogEntry) => e.change === 'note' && e.date === note.date && (e.by ?? '') === (note.by ?? '') && e.why === note.why?.trim();
  return withTarget(project, target, (thing) => ({ ...thing, ...(thing.log ? { log: thing.log.map((e) => (same(e) ? { ...e, why: why.trim() } : e)) } : {}) }));
}

/**
 * Sets what a configuration or theory leads to (configurations or theories:
 * its outcome is their context or mechanism). Refuses itself and ids the
 * project does not have; keeps the order given, without repeats.
 */
export function setLeadsTo(project: Project, target: { kind: 'theory' | 'configuration'; id: string }, to: readonly string[]): Project {
  const known = ids(project);
  for (const id of to) {
    if (id === target.id) throw new ProjectError('a configuration or theory cannot lead to itself');
    if (!known.has(id)) throw new ProjectError(`no configuration or theory ${id}`);
  }
  const set = <T extends { leadsTo?: string[] }>(thing: T): T => {
    const { leadsTo: _old, ...rest } = thing;
    return (to.length ? { ...rest, leadsTo: unique(to) } : rest) as T;
  };
  return target.kind === 'theory' ? withTheory(project, target.id, set) : withConfiguration(project, target.id, set);
}

export interface Dangling {
  /** Where the reference is: "programme", a theory id or a configuration id. */
  readonly holder: string;
  readonly ref: string;
  /** `link`: a leadsTo entry naming no configuration or theory. */
  readonly kind: 'theory' | 'configuration' | 'code' | 'link';
}

/** References that point at nothing; `codeExists` answers for `path#id` code references. */
export function danglingReferences(project: Project, codeExists: (ref: string) => boolean): Dangling[] {
  const theories = new Set((project.theories ?? []).map((t) => t.id));
  const confs = new Set((project.configurations ?? []).map((c) => c.id));
  const out: Dangling[] = [];
  for (const t of project.programme?.theories ?? []) if (!theories.has(t)) out.push({ holder: 'programme', ref: t, kind: 'theory' });
  for (const t of project.theories ?? []) for (const c of t.configurations) if (!confs.has(c)) out.push({ holder: t.id, ref: c, kind: 'configuration' });
  for (const c of project.configurations ?? []) for (const r of c.codes) if (!codeExists(r)) out.push({ holder: c.id, ref: r, kind: 'code' });
  for (const x of [...(project.theories ?? []), ...(project.configurations ?? [])]) for (const l of x.leadsTo ?? []) if (!theories.has(l) && !confs.has(l)) out.push({ holder: x.id, ref: l, kind: 'link' });
  return out;
}

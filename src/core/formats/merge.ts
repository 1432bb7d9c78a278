/**
 * Three-way merge of sidecars and project files, by id: what `cmo merge`
 * does as a git merge driver, and how a file that arrives with git conflict
 * markers is recovered.
 *
 * Rules:
 * - Codes (and theories, configurations, themes, fields) added on either side
 *   are kept. One deleted on one side and untouched on the other is deleted.
 * - Fields are merged one by one: a field changed on one side only takes that
 *   side's value. Lists of ids (tags, cites, a configuration's codes and
 *   leadsTo, a theory's configurations) merge as sets: additions from both,
 *   removals from either. A configuration's stances merge passage by
 *   passage; refinement logs merge as sets of entries, oldest first.
 * - A code's span counts as changed only when its quote (`exact`) changed, so
 *   two sides that re-anchored the same quote to different offsets do not
 *   conflict (anchoring settles the position on the next load).
 * - Anything changed differently on both sides, or deleted on one side and
 *   changed on the other, becomes a recorded conflict: the merged entity holds
 *   our side (or the surviving side), and the conflict keeps both. The result
 *   is schema-valid; nothing is lost. That includes top-level fields (a
 *   sidecar's `source`, the project's `refi`, fields of newer tools): a
 *   sidecar records them in `fileConflict`, the project as entity "file".
 */
import { serializeProject, serializeSidecar } from './canonical';
import type { Code, CodeConflict, DocumentValue, FileConflict, Project, ProjectConflict, ProjectEntity, Sidecar } from '../model/schema';

type Obj = Record<string, unknown>;

/** JSON with object keys sorted: equal values, equal strings. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(stable).join(',') + ']';
  if (value && typeof value === 'object') {
    const o = value as Obj;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + stable(o[k])).join(',') + '}';
  }
  return JSON.stringify(value) ?? 'undefined';
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || stable(a) === stable(b);
}

/** Three-way merge of a list of ids (or strings) as a set, keeping our order and appending theirs. */
export function mergeList<T extends string>(base: readonly T[] | undefined, ours: readonly T[], theirs: readonly T[]): T[] {
  const b = new Set(base ?? []);
  const o = new Set(ours);
  const t = new Set(theirs);
  const out: T[] = [];
  const seen = new Set<T>();
  const take = (x: T) => {
    out.push(x);
    seen.add(x);
  };
  for (const x of ours) if (!(b.has(x) && !t.has(x)) && !seen.has(x)) take(x);
  for (const x of theirs) if (!o.has(x) && !b.has(x) && !seen.has(x)) take(x);
  return out;
}

type Scalar = { value: unknown; conflict: boolean };

function mergeScalar(base: unknown, ours: unknown, theirs: unknown, hasBase: boolean): Scalar {
  if (sameValue(ours, theirs)) return { value: ours, conflict: false };
  if (hasBase && sameValue(ours, base)) return { value: theirs, conflict: false };
  if (hasBase && sameValue(theirs, base)) return { value: ours, conflict: false };
  return { value: ours, conflict: true };
}

/** Three-way merge of a list of objects (log entries) as a set of values, oldest first by `date` (ours first among equals). */
function mergeEntries(base: readonly unknown[] | undefined, ours: readonly unknown[], theirs: readonly unknown[]): unknown[] {
  const byKey = new Map<string, unknown>();
  for (const x of [...ours, ...theirs]) if (!byKey.has(stable(x))) byKey.set(stable(x), x);
  const keys = mergeList((base ?? []).map(stable), ours.map(stable), theirs.map(stable));
  const date = (x: unknown) => String((x as Obj | null)?.date ?? '');
  return keys
    .map((k) => byKey.get(k))
    .map((x, i) => ({ x, i }))
    .sort((a, b) => (date(a.x) < date(b.x) ? -1 : date(a.x) > date(b.x) ? 1 : a.i - b.i))
    .map((e) => e.x);
}

/** Three-way merge of a record key by key; a key both sides changed differently is a conflict (ours kept). */
function mergeRecord(base: Obj | undefined, ours: Obj, theirs: Obj): { value: Obj; conflict: boolean } {
  const value: Obj = {};
  let conflict = false;
  for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base ?? {})])) {
    const r = mergeScalar(base?.[key], ours[key], theirs[key], true);
    if (r.value !== undefined) value[key] = r.value;
    conflict ||= r.conflict;
  }
  return { value, conflict };
}

/** A field that merges as a collection: its merged value, whether that is empty, and whether both sides clashed. */
type CollectionMerge = (base: unknown, ours: unknown, theirs: unknown) => { value: unknown; empty: boolean; conflict: boolean };

const asList: CollectionMerge = (b, o, t) => {
  const value = mergeList(b as string[] | undefined, (o ?? []) as string[], (t ?? []) as string[]);
  return { value, empty: value.length === 0, conflict: false };
};
const asEntries: CollectionMerge = (b, o, t) => {
  const value = mergeEntries(b as unknown[] | undefined, (o ?? []) as unknown[], (t ?? []) as unknown[]);
  return { value, empty: value.length === 0, conflict: false };
};
const asRecord: CollectionMerge = (b, o, t) => {
  const r = mergeRecord(b as Obj | undefined, (o ?? {}) as Obj, (t ?? {}) as Obj);
  return { value: r.value, empty: Object.keys(r.value).length === 0, conflict: r.conflict };
};

/**
 * Merges two objects field by field. `groups` bundle fields that change
 * together (decided by the first one); `lists` merge as sets; `records`
 * merge key by key; `entries` merge as sets of objects.
 */
function mergeFields(base: Obj | undefined, ours: Obj, theirs: Obj, opts: { groups?: Record<string, readonly string[]>; lists?: readonly string[]; records?: readonly string[]; entries?: readonly string[] } = {}): { value: Obj; conflicts: string[] } {
  const value: Obj = {};
  const conflicts: string[] = [];
  const grouped = new Set<string>();
  for (const [name, fields] of Object.entries(opts.groups ?? {})) {
    const key = fields[0] as string;
    const r = mergeScalar(base?.[key], ours[key], theirs[key], base !== undefined);
    const from = r.conflict || sameValue(r.value, ours[key]) ? ours : theirs;
    for (const f of fields) {
      grouped.add(f);
      if (from[f] !== undefined) value[f] = from[f];
    }
    if (r.conflict) conflicts.push(name);
  }
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base ?? {})]);
  for (const key of keys) {
    if (grouped.has(key)) continue;
    const collection = opts.lists?.includes(key) ? asList : opts.entries?.includes(key) ? asEntries : opts.records?.includes(key) ? asRecord : undefined;
    if (collection) {
      if (ours[key] === undefined && theirs[key] === undefined) continue;
      const r = collection(base?.[key], ours[key], theirs[key]);
      // An optional collection nobody had stays absent rather than becoming empty.
      if (!r.empty || ours[key] !== undefined) value[key] = r.value;
      if (r.conflict) conflicts.push(key);
      continue;
    }
    const r = mergeScalar(base?.[key], ours[key], theirs[key], base !== undefined);
    if (r.value !== undefined) value[key] = r.value;
    if (r.conflict) conflicts.push(key);
  }
  return { value, conflicts };
}

interface EntityMerge<T> {
  items: T[];
  conflicts: Array<{ id: string; fields: string[]; ours: T | null; theirs: T | null }>;
}

/** Three-way merge of lists of entities with ids; our order, then theirs' additions. */
function mergeEntities<T extends { id: string }>(base: readonly T[] | undefined, ours: readonly T[], theirs: readonly T[], mergeOne: (b: T | undefined, o: T, t: T) => { value: T; conflicts: string[] }): EntityMerge<T> {
  const b = new Map((base ?? []).map((x) => [x.id, x]));
  const t = new Map(theirs.map((x) => [x.id, x]));
  const o = new Map(ours.map((x) => [x.id, x]));
  const out: EntityMerge<T> = { items: [], conflicts: [] };
  const visit = (id: string) => {
    const bx = b.get(id);
    const ox = o.get(id);
    const tx = t.get(id);
    if (ox && tx) {
      const r = mergeOne(bx, ox, tx);
      out.items.push(r.value);
      if (r.conflicts.length > 0) out.conflicts.push({ id, fields: r.conflicts, ours: ox, theirs: tx });
      return;
    }
    const only = (ox ?? tx) as T;
    if (!bx) {
      out.items.push(only); // added on one side
      return;
    }
    if (sameValue(only, bx)) return; // deleted on the other side, untouched here
    out.items.push(only); // deleted there, changed here: keep it, and say so
    out.conflicts.push({ id, fields: ['deleted'], ours: ox ?? null, theirs: tx ?? null });
  };
  for (const x of ours) visit(x.id);
  for (const x of theirs) if (!o.has(x.id)) visit(x.id);
  return out;
}

// ---------------------------------------------------------------------------
// Sidecars

const SPAN_FIELDS = ['exact', 'start', 'end', 'prefix', 'suffix', 'section'] as const;

export function mergeCode(base: Code | undefined, ours: Code, theirs: Code): { value: Code; conflicts: string[] } {
  const r = mergeFields(base, ours, theirs, { groups: { span: SPAN_FIELDS }, lists: ['tags', 'cites'] });
  return { value: r.value as Code, conflicts: r.conflicts };
}

export interface MergeResult<T> {
  value: T;
  /** Conflicts recorded by this merge (earlier unresolved ones are carried over too, not counted here). */
  conflicts: number;
}

/** Conflict records of both sides, less those that one side resolved since the base. */
function carryConflicts<C>(key: (c: C) => string, base: readonly C[] | undefined, ours: readonly C[] | undefined, theirs: readonly C[] | undefined): Map<string, C> {
  const b = new Set((base ?? []).map(key));
  const o = new Map((ours ?? []).map((c) => [key(c), c]));
  const t = new Map((theirs ?? []).map((c) => [key(c), c]));
  const out = new Map<string, C>();
  for (const [k, c] of o) if (!(b.has(k) && !t.has(k))) out.set(k, c);
  for (const [k, c] of t) if (!o.has(k) && !b.has(k)) out.set(k, c);
  return out;
}

/** Each side's values of the named top-level fields (a field a side lacks is absent), for a conflict record. */
function sides(fields: readonly string[], ours: Obj, theirs: Obj): { ours: Obj; theirs: Obj } {
  const pick = (o: Obj) => Object.fromEntries(fields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]));
  return { ours: pick(ours), theirs: pick(theirs) };
}

/** A top-level conflict record carried over (unless one side resolved it since the base) and extended with new fields. */
function mergeFileConflict(base: FileConflict | undefined, ours: FileConflict | undefined, theirs: FileConflict | undefined, fields: readonly string[], o: Obj, t: Obj): FileConflict | undefined {
  const carried = [...carryConflicts<FileConflict>(() => 'file', base ? [base] : [], ours ? [ours] : [], theirs ? [theirs] : []).values()][0];
  if (fields.length === 0) return carried;
  const now = sides(fields, o, t);
  if (!carried) return { fields: [...fields], ...now };
  return { fields: [...new Set([...carried.fields, ...fields])], ours: { ...carried.ours, ...now.ours }, theirs: { ...carried.theirs, ...now.theirs } };
}

/** Three-way merge of one article's sidecar. `base` is undefined when the file is new on both sides. */
export function mergeSidecars(base: Sidecar | undefined, ours: Sidecar, theirs: Sidecar): MergeResult<Sidecar> {
  const codes = mergeEntities(base?.codes, ours.codes, theirs.codes, mergeCode);
  const { codes: _o, conflicts: _oc, fileConflict: _of, ...oursTop } = ours;
  const { codes: _t, conflicts: _tc, fileConflict: _tf, ...theirsTop } = theirs;
  const baseTop = base ? (({ codes: _b, conflicts: _bc, fileConflict: _bf, ...rest }) => rest)(base) : undefined;
  const top = mergeFields(baseTop, oursTop, theirsTop);
  // Different article texts on the two sides: no side's hash describes every code, so keep the base's (anchoring checks each quote anyway).
  if (ours.sha256 !== theirs.sha256) top.value.sha256 = base?.sha256 ?? ours.sha256;
  const topConflicts = top.conflicts.filter((f) => f !== 'sha256');
  const conflicts = carryConflicts<CodeConflict>((c) => c.code, base?.conflicts, ours.conflicts, theirs.conflicts);
  for (const c of codes.conflicts) conflicts.set(c.id, { code: c.id, fields: c.fields, ours: c.ours, theirs: c.theirs });
  const value = { ...(top.value as Omit<Sidecar, 'codes'>), codes: codes.items } as Sidecar;
  if (conflicts.size > 0) value.conflicts = [...conflicts.values()];
  const fileConflict = mergeFileConflict(base?.fileConflict, ours.fileConflict, theirs.fileConflict, topConflicts, oursTop, theirsTop);
  if (fileConflict) value.fileConflict = fileConflict;
  return { value, conflicts: codes.conflicts.length + (topConflicts.length > 0 ? 1 : 0) };
}

// ---------------------------------------------------------------------------
// Project file

type Entity = { id: string } & Obj;

const ENTITY_LISTS: Record<string, readonly string[]> = {
  theory: ['configurations', 'leadsTo'],
  configuration: ['codes', 'leadsTo'],
  theme: [],
  field: ['values'],
};
/** Per kind of entity: fields merged key by key, and logs merged as sets of entries. */
const ENTITY_RECORDS: Record<string, readonly string[]> = { configuration: ['stances'] };
const ENTITY_ENTRIES: Record<string, readonly string[]> = { theory: ['log'], configuration: ['log'] };

export function mergeProjects(base: Project | undefined, ours: Project, theirs: Project): MergeResult<Project> {
  const conflicts = carryConflicts<ProjectConflict>((c) => `${c.entity}\u0000${c.id}`, base?.conflicts, ours.conflicts, theirs.conflicts);
  let recorded = 0;
  const record = (entity: ProjectEntity, id: string, fields: string[], o: Obj | null, t: Obj | null) => {
    conflicts.set(`${entity}\u0000${id}`, { entity, id, fields, ours: o, theirs: t });
    recorded++;
  };
  const { programme: bp, theories: bt, configurations: bc, codebook: bk, attributes: ba, conflicts: _b, ...baseTop } = base ?? ({} as Project);
  const { programme: op, theories: ot, configurations: oc, codebook: ok, attributes: oa, conflicts: _o, ...oursTop } = ours;
  const { programme: tp, theories: tt, configurations: tc, codebook: tk, attributes: ta, conflicts: _t, ...theirsTop } = theirs;
  const top = mergeFields(base ? baseTop : undefined, oursTop, theirsTop);
  const out = top.value as Project;
  const fileFields: string[] = [...top.conflicts];
  const fileSides = sides(top.conflicts, oursTop, theirsTop);

  if (op || tp) {
    const r = mergeFields(bp, op ?? { theories: [] }, tp ?? { theories: [] }, { lists: ['theories'], entries: ['log'] });
    out.programme = r.value as NonNullable<Project['programme']>;
    if (r.conflicts.length > 0) record('programme', 'programme', r.conflicts, (op ?? null) as Obj | null, (tp ?? null) as Obj | null);
  }
  const entities = <T extends Entity>(kind: 'theory' | 'configuration' | 'theme' | 'field', b: readonly T[] | undefined, o: readonly T[] | undefined, t: readonly T[] | undefined): T[] | undefined => {
    if (o === undefined && t === undefined) return undefined;
    const r = mergeEntities<T>(b, o ?? [], t ?? [], (bx, ox, tx) => {
      const m = mergeFields(bx, ox, tx, { lists: ENTITY_LISTS[kind], records: ENTITY_RECORDS[kind], entries: ENTITY_ENTRIES[kind] });
      return { value: m.value as T, conflicts: m.conflicts };
    });
    for (const c of r.conflicts) record(kind, c.id, c.fields, c.ours, c.theirs);
    return r.items;
  };
  const theories = entities('theory', bt as Entity[] | undefined, ot as Entity[] | undefined, tt as Entity[] | undefined);
  if (theories) out.theories = theories as unknown as NonNullable<Project['theories']>;
  const configurations = entities('configuration', bc as Entity[] | undefined, oc as Entity[] | undefined, tc as Entity[] | undefined);
  if (configurations) out.configurations = configurations as unknown as NonNullable<Project['configurations']>;
  const codebook = entities('theme', bk as Entity[] | undefined, ok as Entity[] | undefined, tk as Entity[] | undefined);
  if (codebook) out.codebook = codebook as unknown as NonNullable<Project['codebook']>;

  if (oa || ta) {
    const { fields: bf, documents: bd, ...baRest } = ba ?? ({} as NonNullable<Project['attributes']>);
    const { fields: of, documents: od, ...oaRest } = oa ?? { fields: [], documents: {} };
    const { fields: tf, documents: td, ...taRest } = ta ?? { fields: [], documents: {} };
    const fields = entities('field', bf as Entity[] | undefined, of as Entity[], tf as Entity[]) ?? [];
    const documents: Record<string, Record<string, DocumentValue>> = {};
    const paths = new Set([...Object.keys(od ?? {}), ...Object.keys(td ?? {})]);
    for (const path of paths) {
      const b = bd?.[path];
      const o = od?.[path];
      const t = td?.[path];
      if (o && t) {
        const m = mergeFields(b, o, t);
        documents[path] = m.value as Record<string, DocumentValue>;
        if (m.conflicts.length > 0) record('document', path, m.conflicts, o, t);
      } else {
        const only = (o ?? t) as Record<string, DocumentValue>;
        if (b && sameValue(b, only)) continue;
        documents[path] = only;
        if (b) record('document', path, ['deleted'], o ?? null, t ?? null);
      }
    }
    const rest = mergeFields(ba ? baRest : undefined, oaRest, taRest);
    for (const f of rest.conflicts) {
      fileFields.push(`attributes.${f}`);
      if ((oaRest as Obj)[f] !== undefined) fileSides.ours[`attributes.${f}`] = (oaRest as Obj)[f];
      if ((taRest as Obj)[f] !== undefined) fileSides.theirs[`attributes.${f}`] = (taRest as Obj)[f];
    }
    out.attributes = { ...(rest.value as Obj), fields: fields as unknown as NonNullable<Project['attributes']>['fields'], documents };
  }
  if (fileFields.length > 0) {
    const carried = conflicts.get('file\u0000file');
    record('file', 'file', [...new Set([...(carried?.fields ?? []), ...fileFields])], { ...(carried?.ours ?? {}), ...fileSides.ours }, { ...(carried?.theirs ?? {}), ...fileSides.theirs });
  }
  if (conflicts.size > 0) out.conflicts = [...conflicts.values()];
  return { value: out, conflicts: recorded };
}

// ---------------------------------------------------------------------------
// Git conflict markers

export interface MarkerSides {
  ours: string;
  theirs: string;
  /** Only with diff3-style markers (`|||||||`). */
  base?: string;
}

/**
 * Splits a text with git conflict markers into the two (or three) whole
 * files they stand for. Undefined when the markers are not well formed.
 */
export function splitConflictMarkers(text: string): MarkerSides | undefined {
  const ours: string[] = [];
  const theirs: string[] = [];
  const base: string[] = [];
  let diff3 = false;
  let state: 'both' | 'ours' | 'base' | 'theirs' = 'both';
  let hunks = 0;
  for (const line of text.split('\n')) {
    if (/^<{7}(?: |$)/.test(line)) {
      if (state !== 'both') return undefined;
      state = 'ours';
      hunks++;
    } else if (/^\|{7}(?: |$)/.test(line) && state === 'ours') {
      state = 'base';
      diff3 = true;
    } else if (/^={7}$/.test(line) && (state === 'ours' || state === 'base')) {
      state = 'theirs';
    } else if (/^>{7}(?: |$)/.test(line)) {
      if (state !== 'theirs') return undefined;
      state = 'both';
    } else {
      if (state === 'both' || state === 'ours') ours.push(line);
      if (state === 'both' || state === 'theirs') theirs.push(line);
      if (state === 'both' || state === 'base') base.push(line);
    }
  }
  if (state !== 'both' || hunks === 0) return undefined;
  return { ours: ours.join('\n'), theirs: theirs.join('\n'), ...(diff3 ? { base: base.join('\n') } : {}) };
}

/** Whole-file conflict markers around two (or three) versions: the driver's last resort, which keeps every byte of both. */
export function conflictMarkerText(ours: string, theirs: string, base?: string): string {
  const nl = (s: string) => (s.endsWith('\n') ? s : s + '\n');
  return `<<<<<<< ours\n${nl(ours)}${base !== undefined ? `||||||| base\n${nl(base)}` : ''}=======\n${nl(theirs)}>>>>>>> theirs\n`;
}

export function mergedSidecarText(base: Sidecar | undefined, ours: Sidecar, theirs: Sidecar): { text: string; conflicts: number } {
  const r = mergeSidecars(base, ours, theirs);
  return { text: serializeSidecar(r.value), conflicts: r.conflicts };
}

export function mergedProjectText(base: Project | undefined, ours: Project, theirs: Project): { text: string; conflicts: number } {
  const r = mergeProjects(base, ours, theirs);
  return { text: serializeProject(r.value), conflicts: r.conflicts };
}

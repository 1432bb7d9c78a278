/**
 * The one canonical serializer. Every file CMO Coder writes goes through here,
 * so that two runs over the same data give identical bytes and `git diff`
 * shows exactly what changed:
 * - UTF-8, LF, two-space indent, a final newline;
 * - fields in the fixed order of `KEY_ORDER`, unknown fields after them sorted by name;
 * - codes sorted by start, end, id; document attributes sorted by path;
 *   theories, configurations and the codebook keep the order the user gave them.
 *
 * For a canonical text t: serializeX(parseX(t)) === t.
 */
import { KEY_ORDER, PROTO_KEY, type Code, type CodeConflict, type Project, type ProjectConflict, type Sidecar } from '../model/schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, unknown>;

/** `obj` with the keys of `order` first, in that order, then the others sorted; undefined values dropped. */
export function ordered(obj: Obj, order: readonly string[], fix: (key: string, value: unknown) => unknown = (_k, v) => v): Obj {
  const out: Obj = {};
  for (const key of order) {
    if (obj[key] !== undefined) out[key] = fix(key, obj[key]);
  }
  const rest = Object.keys(obj)
    .filter((k) => !order.includes(k) && obj[k] !== undefined)
    .sort();
  for (const key of rest) out[key] = obj[key];
  return out;
}

export function compareCodes(a: Pick<Code, 'start' | 'end' | 'id'>, b: Pick<Code, 'start' | 'end' | 'id'>): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A "__proto__" key read from a file goes back out under its own name (see PROTO_KEY). */
function restoreProtoKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, PROTO_KEY)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k === PROTO_KEY ? '__proto__' : k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function stringify(value: unknown): string {
  const text = JSON.stringify(value as Json, null, 2);
  return (text.includes(JSON.stringify(PROTO_KEY)) ? JSON.stringify(value as Json, restoreProtoKeys, 2) : text) + '\n';
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalSidecar(sidecar: Sidecar): Obj {
  const code = (c: Code | null) => (c ? ordered(c, KEY_ORDER.code) : null);
  return ordered(sidecar, KEY_ORDER.sidecar, (key, value) => {
    if (key === 'codes') return [...(value as Code[])].sort(compareCodes).map(code);
    if (key === 'conflicts') {
      return [...(value as CodeConflict[])]
        .sort((a, b) => byText(a.code, b.code))
        .map((c) => ordered(c, KEY_ORDER.codeConflict, (k, v) => (k === 'ours' || k === 'theirs' ? code(v as Code | null) : v)));
    }
    if (key === 'fileConflict') return ordered(value as Obj, KEY_ORDER.fileConflict, (k, v) => (k === 'ours' || k === 'theirs' ? ordered(v as Obj, []) : v));
    return value;
  });
}

/** The key order of each kind of project entity, for conflict records. */
const ENTITY_ORDER: Record<ProjectConflict['entity'], readonly string[]> = {
  programme: KEY_ORDER.programme,
  theory: KEY_ORDER.theory,
  configuration: KEY_ORDER.configuration,
  theme: KEY_ORDER.theme,
  field: KEY_ORDER.field,
  document: [],
  file: [],
};

export function serializeSidecar(sidecar: Sidecar): string {
  return stringify(canonicalSidecar(sidecar));
}

export function serializeProject(project: Project): string {
  const each = (order: readonly string[], fix?: (key: string, value: unknown) => unknown) => (value: unknown) => (value as Obj[]).map((v) => ordered(v, order, fix));
  // Inside theories, configurations and the programme: log entries in their order of fields, stances by reference.
  const inner = (key: string, value: unknown): unknown => {
    if (key === 'log' && Array.isArray(value)) return value.map((e) => (e && typeof e === 'object' ? ordered(e as Obj, KEY_ORDER.logEntry) : e));
    if (key === 'stances' && value && typeof value === 'object') return ordered(value as Obj, []);
    return value;
  };
  return stringify(
    ordered(project, KEY_ORDER.project, (key, value) => {
      switch (key) {
        case 'programme':
          return ordered(value as Obj, KEY_ORDER.programme, inner);
        case 'theories':
          return each(KEY_ORDER.theory, inner)(value);
        case 'configurations':
          return each(KEY_ORDER.configuration, inner)(value);
        case 'codebook':
          return each(KEY_ORDER.theme)(value);
        case 'conflicts':
          return [...(value as ProjectConflict[])]
            .sort((a, b) => byText(a.entity, b.entity) || byText(a.id, b.id))
            .map((c) => ordered(c, KEY_ORDER.projectConflict, (k, v) => (k === 'ours' || k === 'theirs') && v ? ordered(v as Obj, ENTITY_ORDER[c.entity]) : v));
        case 'attributes':
          return ordered(value as Obj, KEY_ORDER.attributes, (k, v) => {
            if (k === 'fields') return each(KEY_ORDER.field)(v);
            if (k === 'documents') {
              const docs = v as Record<string, Record<string, string>>;
              const out: Obj = {};
              for (const path of Object.keys(docs).sort()) out[path] = ordered(docs[path] ?? {}, []);
              return out;
            }
            return v;
          });
        default:
          return value;
      }
    }),
  );
}

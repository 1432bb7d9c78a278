/**
 * A fast yes for the common sidecar: every code well formed, no conflicts
 * recorded. zod's `safeParse` copies every object it checks, which made it
 * the largest cost of loading a workspace (a third of `cmo check` at 200
 * articles). This check reads the parsed JSON in place and allocates
 * nothing. It is only a shortcut: anything it does not say yes to (a
 * conflict, a field out of shape, an unsafe integer) goes through the zod
 * schema as before, which gives the errors. The property test in
 * test/unit/core/model/plainSidecar.test.ts holds it to this: whatever it
 * accepts, `sidecarSchema` accepts with the same value.
 */
import { ROLES } from './roles';
import { DATE_PATTERN, FORMAT_VERSION, HEX64, ID_PATTERN, SLUG_PATTERN, type Sidecar } from './schema';

const ROLE_SET: ReadonlySet<unknown> = new Set(ROLES);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const offset = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function plainCode(c: unknown): boolean {
  if (!isObject(c)) return false;
  const { id, role, start, end, exact, prefix, suffix, tags, created } = c;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || !ROLE_SET.has(role)) return false;
  if (!offset(start) || !offset(end) || end < start) return false;
  if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') return false;
  if (!optionalString(c.section) || !optionalString(c.note) || !optionalString(c.coder)) return false;
  if (created !== undefined && (typeof created !== 'string' || !DATE_PATTERN.test(created))) return false;
  if (tags !== undefined) {
    if (!Array.isArray(tags)) return false;
    for (const t of tags) if (typeof t !== 'string' || !SLUG_PATTERN.test(t)) return false;
  }
  return true;
}

/** True when `value` is a sidecar the schema accepts unchanged and that records no conflict. */
export function isPlainSidecar(value: unknown): value is Sidecar {
  if (!isObject(value)) return false;
  const { cmo, source, sha256, codes } = value;
  if (cmo !== FORMAT_VERSION || value.conflicts !== undefined || value.fileConflict !== undefined) return false;
  if (typeof source !== 'string' || source.length === 0 || source.includes('/') || source.includes('\\') || source === '.' || source === '..') return false;
  if (typeof sha256 !== 'string' || !HEX64.test(sha256) || !Array.isArray(codes)) return false;
  for (const c of codes) if (!plainCode(c)) return false;
  return true;
}

/**
 * Disagreements, for reconciliation: what two coders did differently in one
 * article, item by item, each with a key that stays the same when the list
 * is computed again (so a settled item stays settled).
 */
import type { Code } from '../model/schema';
import { matchSpans } from './matching';

export type DisagreementKind = 'onlyA' | 'onlyB' | 'role' | 'span';

export interface Disagreement {
  /** Stable across recomputation: from the codes' ids. */
  key: string;
  path: string;
  kind: DisagreementKind;
  a?: Code;
  b?: Code;
}

/**
 * What the two coders did differently in one article, in text order:
 * - role: the same passage (Jaccard ≥ 0.5) under different roles;
 * - span: the same role on overlapping passages that do not match (Jaccard < 0.5);
 * - onlyA / onlyB: a passage only one coder coded.
 * Matched codes (same role, Jaccard ≥ 0.5) are agreements and are not listed.
 */
export function disagreements(path: string, a: readonly Code[], b: readonly Code[]): Disagreement[] {
  const sameRole = matchSpans(a, b, 0.5, (x, y) => x.role === y.role);
  const differentRole = matchSpans(sameRole.onlyA, sameRole.onlyB, 0.5);
  const overlapping = matchSpans(differentRole.onlyA, differentRole.onlyB, Number.MIN_VALUE, (x, y) => x.role === y.role);
  const out: Disagreement[] = [];
  for (const p of differentRole.pairs) out.push({ key: `${path}#${p.a.id}|${p.b.id}`, path, kind: 'role', a: p.a, b: p.b });
  for (const p of overlapping.pairs) out.push({ key: `${path}#${p.a.id}|${p.b.id}`, path, kind: 'span', a: p.a, b: p.b });
  for (const x of overlapping.onlyA) out.push({ key: `${path}#${x.id}|`, path, kind: 'onlyA', a: x });
  for (const y of overlapping.onlyB) out.push({ key: `${path}#|${y.id}`, path, kind: 'onlyB', b: y });
  const at = (d: Disagreement) => Math.min(d.a?.start ?? Infinity, d.b?.start ?? Infinity);
  return out.sort((x, y) => at(x) - at(y) || (x.key < y.key ? -1 : 1));
}


/**
 * The reconciliation record: `reconciliation.json` at the review's root, a
 * shared file in the repository where settling a disagreement writes the
 * decision (the article, both codings, accept mine / theirs / both / edit,
 * who, when, why), and where a comparison writes the agreement it found
 * before anything was settled. Both reviewers see it after a pull; a
 * comparison on either side does not list a decided item again; `cmo agree`
 * reports agreement before reconciliation (from the record) and now; it
 * exports to CSV for the methods section. Canonical, and merged by the
 * merge driver as a set of decisions.
 *
 * A decision is about a set of codes, not about whose they are: its key is
 * the article and the sorted ids of the codes involved, so the same item is
 * the same decision from either reviewer's side.
 */
import * as z from 'zod/mini';
import { csvField } from '../text/csv';
import { ordered } from '../formats/canonical';
import { FileNotFound, type FileSystem } from '../formats/fs';
import type { Code } from '../model/schema';
import { disagreements } from './disagreements';
import type { PairedCodings } from './pairing';
import type { Disagreement } from './disagreements';

export const RECONCILIATION_FILE = 'reconciliation.json';
export const DECISIONS = ['mine', 'theirs', 'both', 'edit'] as const;
export type Decision = (typeof DECISIONS)[number];

const side = z.looseObject({ id: z.string(), role: z.string(), quote: z.string(), coder: z.optional(z.string()) });
const decisionSchema = z.looseObject({
  article: z.string(),
  codes: z.array(z.string()),
  kind: z.string(),
  decision: z.enum(DECISIONS),
  by: z.optional(z.string()),
  date: z.string(),
  why: z.optional(z.string()),
  /** The coding of the reviewer who decided, and the other's, as they were. */
  mine: z.optional(side),
  theirs: z.optional(side),
  against: z.optional(z.string()),
});
const comparisonSchema = z.looseObject({
  date: z.string(),
  by: z.optional(z.string()),
  against: z.string(),
  articles: z.number(),
  kappa: z.nullable(z.number()),
  kappaCodedText: z.optional(z.nullable(z.number())),
});
export const reconciliationSchema = z.looseObject({
  cmo: z.literal(1),
  comparisons: z.optional(z.array(comparisonSchema)),
  decisions: z.array(decisionSchema),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;
export type DecisionRecord = z.infer<typeof decisionSchema>;
export type ComparisonRecord = z.infer<typeof comparisonSchema>;

export function emptyReconciliation(): Reconciliation {
  return { cmo: 1, decisions: [] };
}

/** The key of an item: its article and the sorted ids of its codes (the same from either reviewer's side). */
export function decisionKey(article: string, ids: readonly (string | undefined)[]): string {
  return `${article}#${ids.filter((x): x is string => !!x).sort().join('|')}`;
}

export const keyOfDisagreement = (d: Disagreement) => decisionKey(d.path, [d.a?.id, d.b?.id]);
export const keyOfDecision = (d: DecisionRecord) => decisionKey(d.article, d.codes);

/** The keys of decided items. */
export function decidedKeys(r: Reconciliation | undefined): Set<string> {
  return new Set((r?.decisions ?? []).map(keyOfDecision));
}

export function parseReconciliation(text: string): { ok: true; value: Reconciliation } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${RECONCILIATION_FILE} is not JSON: ${(e as Error).message}. Fix it by hand; it was not changed.` };
  }
  const r = reconciliationSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, message: `${RECONCILIATION_FILE}: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}. Fix it by hand; it was not changed.` };
  }
  return { ok: true, value: r.data };
}

const ORDER = { decision: ['article', 'codes', 'kind', 'decision', 'by', 'date', 'why', 'mine', 'theirs', 'against'], side: ['id', 'role', 'coder', 'quote'], comparison: ['date', 'by', 'against', 'articles', 'kappa', 'kappaCodedText'] };
const sortKey = (d: DecisionRecord) => `${keyOfDecision(d)}\u0000${d.date}\u0000${d.by ?? ''}`;

/** Canonical: decisions by article and codes, then date; comparisons by date; keys in a fixed order. */
export function serializeReconciliation(r: Reconciliation): string {
  const decisions = [...r.decisions].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0)).map((d) => ordered({ ...d, codes: [...d.codes].sort(), mine: d.mine && ordered(d.mine, ORDER.side), theirs: d.theirs && ordered(d.theirs, ORDER.side) }, ORDER.decision));
  const comparisons = r.comparisons && [...r.comparisons].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)).map((c) => ordered(c, ORDER.comparison));
  const { cmo: _c, comparisons: _x, decisions: _d, ...rest } = r;
  return `${JSON.stringify({ cmo: 1, ...(comparisons?.length ? { comparisons } : {}), decisions, ...rest }, null, 2)}\n`;
}

const sideOf = (c: Code | undefined) => c && { id: c.id, role: c.role, quote: c.exact, ...(c.coder ? { coder: c.coder } : {}) };

/** The record with a decision on `d` (replacing the same reviewer's earlier decision on the same item). */
export function recordDecision(r: Reconciliation | undefined, d: Disagreement, decision: Decision, meta: DecisionMeta): Reconciliation {
  return withDecision(r, decisionOn(d, decision, meta));
}

export interface DecisionMeta {
  by?: string;
  date: string;
  why?: string;
  against?: string;
}

/** A decision on `d` as the record holds it: the article, both codings, who, when, why. */
export function decisionOn(d: Disagreement, decision: Decision, meta: DecisionMeta): DecisionRecord {
  return {
    article: d.path,
    codes: [d.a?.id, d.b?.id].filter((x): x is string => !!x).sort(),
    kind: d.kind,
    decision,
    ...(meta.by ? { by: meta.by } : {}),
    date: meta.date,
    ...(meta.why ? { why: meta.why } : {}),
    ...(d.a ? { mine: sideOf(d.a) } : {}),
    ...(d.b ? { theirs: sideOf(d.b) } : {}),
    ...(meta.against ? { against: meta.against } : {}),
  };
}

/** The record with a decision put in, replacing the same reviewer's decision on the same item. */
export function withDecision(r: Reconciliation | undefined, record: DecisionRecord): Reconciliation {
  const base = withoutDecision(r ?? emptyReconciliation(), keyOfDecision(record), record.by);
  return { ...base, decisions: [...base.decisions, record] };
}

/**
 * The record without a reviewer's decision on an item: the decision no
 * longer holds (its change was undone, or could not be made). Other
 * reviewers' decisions on it stay.
 */
export function withoutDecision(r: Reconciliation, key: string, by: string | undefined): Reconciliation {
  return { ...r, decisions: r.decisions.filter((x) => !(keyOfDecision(x) === key && (x.by ?? '') === (by ?? ''))) };
}

/** The record with the agreement a comparison found, once per date, reviewer and other side. */
export function recordComparison(r: Reconciliation | undefined, c: ComparisonRecord): Reconciliation {
  const base = r ?? emptyReconciliation();
  const same = (x: ComparisonRecord) => x.date === c.date && (x.by ?? '') === (c.by ?? '') && x.against === c.against;
  // The first comparison of a day against the same side is the "before": later ones of that day do not replace it.
  if ((base.comparisons ?? []).some(same)) return base;
  return { ...base, comparisons: [...(base.comparisons ?? []), c] };
}

/**
 * Three-way merge: decisions and comparisons as sets. A decision both sides
 * made on the same item by the same reviewer: the later one (ours on a tie).
 * Nothing is lost: a decision only one side has is kept unless the other
 * side deleted it unchanged.
 */
export function mergeReconciliations(base: Reconciliation | undefined, ours: Reconciliation, theirs: Reconciliation): Reconciliation {
  const id = (d: DecisionRecord) => `${keyOfDecision(d)}\u0000${d.by ?? ''}`;
  const text = (d: unknown) => JSON.stringify(d);
  const inBase = new Map((base?.decisions ?? []).map((d) => [id(d), text(d)]));
  const o = new Map(ours.decisions.map((d) => [id(d), d]));
  const t = new Map(theirs.decisions.map((d) => [id(d), d]));
  const out: DecisionRecord[] = [];
  for (const k of new Set([...o.keys(), ...t.keys()])) {
    const x = o.get(k);
    const y = t.get(k);
    if (x && y) out.push(y.date > x.date ? y : x);
    else if (x) {
      if (!(inBase.get(k) === text(x))) out.push(x); // theirs deleted it unchanged: gone
    } else if (y) {
      if (!(inBase.get(k) === text(y))) out.push(y);
    }
  }
  const comparisons = new Map<string, ComparisonRecord>();
  for (const c of [...(ours.comparisons ?? []), ...(theirs.comparisons ?? [])]) {
    const k = `${c.date}\u0000${c.by ?? ''}\u0000${c.against}`;
    if (!comparisons.has(k)) comparisons.set(k, c);
  }
  return { ...ours, ...(comparisons.size ? { comparisons: [...comparisons.values()] } : {}), decisions: out };
}

/** The record as CSV for a methods section: one row per decision, then the agreement found before reconciliation. */
export function reconciliationToCsv(r: Reconciliation): string {
  const rows = [['article', 'kind', 'decision', 'by', 'date', 'why', 'my role', 'my quote', 'their role', 'their quote', 'their coder', 'against']];
  for (const d of JSON.parse(serializeReconciliation(r)).decisions as DecisionRecord[]) {
    rows.push([d.article, d.kind, d.decision, d.by ?? '', d.date, d.why ?? '', d.mine?.role ?? '', (d.mine?.quote ?? '').replace(/\s+/g, ' '), d.theirs?.role ?? '', (d.theirs?.quote ?? '').replace(/\s+/g, ' '), d.theirs?.coder ?? '', d.against ?? '']);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "κ before consensus = 0.62 (2026-11-24, alice against bob, 12 articles)", from the first comparison recorded. */
export function describeBefore(r: Reconciliation | undefined): string | undefined {
  const first = [...(r?.comparisons ?? [])].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))[0];
  if (!first) return undefined;
  const k = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
  return `κ before consensus = ${k(first.kappa)}${first.kappaCodedText !== undefined ? ` (${k(first.kappaCodedText)} over the text either coded)` : ''}, recorded ${first.date}${first.by ? ` by ${first.by}` : ''} against ${first.against}, ${first.articles} article(s)`;
}

export type LoadedReconciliation = { state: 'none' } | { state: 'ok'; value: Reconciliation } | { state: 'invalid'; problem: string };

/** The record of a workspace, if it has one and it parses. */
export async function loadReconciliation(fs: FileSystem): Promise<LoadedReconciliation> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(RECONCILIATION_FILE);
  } catch (e) {
    if (e instanceof FileNotFound) return { state: 'none' };
    throw e;
  }
  const r = parseReconciliation(new TextDecoder().decode(bytes));
  return r.ok ? { state: 'ok', value: r.value } : { state: 'invalid', problem: r.message };
}

/** The disagreements of paired codings not decided in the record, in article and text order. */
export function openDisagreements(paired: PairedCodings, record: Reconciliation | undefined): Disagreement[] {
  const decided = decidedKeys(record);
  return paired.pairs.flatMap((p) => disagreements(p.path, p.a, p.b).filter((d) => !decided.has(keyOfDisagreement(d))));
}

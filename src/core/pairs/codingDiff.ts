/**
 * What changed in the coding between two versions of a review (two git
 * refs, a ref and the working tree, two folders): per article, codes added,
 * removed and changed (role, span grown or shrunk, themes, memo, cites,
 * stance in a configuration), codes that only moved with the text counted
 * apart; and what changed in cmo-project.json (configurations, theories,
 * statements, the codebook). What `cmo diff` prints. A code is the same code
 * on both sides when it has the same id.
 */
import { anchorCodes } from '../anchoring/anchor';
import { sameValue } from '../formats/merge';
import { ROLE_INFO } from '../model/roles';
import type { Code, Configuration, Project, Stance, Theme, Theory } from '../model/schema';
import { PageIndex } from '../pdf/twin';
import { LineIndex } from '../text/text';
import { stanceOf } from '../theory/project';
import type { Coding } from '../workspace/load';

/** A code as the diff shows it: the code, where it is (line, and page for a PDF's twin), and its quote on that side's text. */
export interface DiffCode {
  code: Code;
  line?: number;
  page?: number;
  /** Its passage on its side's text (the stored quote for an orphan). */
  quote: string;
  orphaned: boolean;
}

export interface CodeChange {
  id: string;
  /** role, span, themes, memo, cites, coder, stance */
  fields: string[];
  before: DiffCode;
  after: DiffCode;
  /** For a span change: characters gained (negative: lost). */
  grew?: number;
  /** For a stance change: the configuration and the stances. */
  stances?: Array<{ configuration: string; before: Stance | 'absent'; after: Stance | 'absent' }>;
}

export interface ArticleDiff {
  path: string;
  added: DiffCode[];
  removed: DiffCode[];
  changed: CodeChange[];
  /** Codes that only moved with the text. */
  moved: number;
}

export interface EntityChange<T> {
  id: string;
  title: string;
  fields: string[];
  before: T;
  after: T;
}

export interface ProjectDiff {
  configurations: { added: Configuration[]; removed: Configuration[]; changed: Array<EntityChange<Configuration> & { passagesAdded: string[]; passagesRemoved: string[] }> };
  theories: { added: Theory[]; removed: Theory[]; changed: Array<EntityChange<Theory> & { configurationsAdded: string[]; configurationsRemoved: string[] }> };
  /** A configuration that left one theory and joined another. */
  moved: Array<{ configuration: string; title: string; from: string[]; to: string[]; fromTitles: string[]; toTitles: string[] }>;
  themes: { added: Theme[]; removed: Theme[]; changed: Array<EntityChange<Theme>> };
  programme?: { fields: string[] };
}

export interface CodingDiff {
  articles: ArticleDiff[];
  project: ProjectDiff;
}

const setOf = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort();
const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A code on its side's text, with its offsets kept for the "moved" test. */
type Placed = DiffCode & { start?: number; end?: number };

function placed(text: string, codes: readonly Code[]): Map<string, Placed> {
  const lines = new LineIndex(text);
  const pages = PageIndex.of(text);
  const out = new Map<string, Placed>();
  for (const r of anchorCodes(text, codes)) {
    if (r.status === 'orphaned') out.set(r.code.id, { code: r.code, quote: r.code.exact, orphaned: true });
    else out.set(r.code.id, { code: r.code, start: r.start, end: r.end, line: lines.position(r.start).line + 1, ...(pages ? { page: pages.pageAt(r.start) } : {}), quote: text.slice(r.start, r.end), orphaned: false });
  }
  return out;
}

const strip = ({ start: _s, end: _e, ...rest }: Placed): DiffCode => rest;

/** Each configuration's stance for a ref, where the ref is listed. */
function stancesOf(project: Project | undefined): Map<string, Map<string, Stance>> {
  const out = new Map<string, Map<string, Stance>>();
  for (const k of project?.configurations ?? []) {
    for (const ref of k.codes) {
      let m = out.get(ref);
      if (!m) out.set(ref, (m = new Map()));
      m.set(k.id, stanceOf(k, ref));
    }
  }
  return out;
}

export function diffCodings(a: Coding, b: Coding, projectA?: Project, projectB?: Project): CodingDiff {
  const articles: ArticleDiff[] = [];
  const stA = stancesOf(projectA);
  const stB = stancesOf(projectB);
  const paths = [...new Set([...a.articles.keys(), ...b.articles.keys()])].sort();
  for (const path of paths) {
    const x = a.articles.get(path);
    const y = b.articles.get(path);
    const before = x ? placed(x.text, x.codes) : new Map<string, Placed>();
    const after = y ? placed(y.text, y.codes) : new Map<string, Placed>();
    const d: ArticleDiff = { path, added: [], removed: [], changed: [], moved: 0 };
    for (const [id, p] of before) if (!after.has(id)) d.removed.push(strip(p));
    for (const [id, q] of after) {
      const p = before.get(id);
      if (!p) {
        d.added.push(strip(q));
        continue;
      }
      const fields: string[] = [];
      const change: Partial<CodeChange> = {};
      if (p.code.role !== q.code.role) fields.push('role');
      if (ws(p.quote) !== ws(q.quote)) {
        fields.push('span');
        change.grew = q.quote.length - p.quote.length;
      }
      if (!sameValue(setOf(p.code.tags), setOf(q.code.tags))) fields.push('themes');
      if ((p.code.note ?? '') !== (q.code.note ?? '')) fields.push('memo');
      if (!sameValue(setOf(p.code.cites), setOf(q.code.cites))) fields.push('cites');
      if ((p.code.coder ?? '') !== (q.code.coder ?? '')) fields.push('coder');
      const ref = `${path}#${id}`;
      const sa = stA.get(ref) ?? new Map<string, Stance>();
      const sb = stB.get(ref) ?? new Map<string, Stance>();
      const stances = [...new Set([...sa.keys(), ...sb.keys()])].filter((k) => sa.has(k) && sb.has(k) && sa.get(k) !== sb.get(k)).sort().map((k) => ({ configuration: k, before: sa.get(k) as Stance, after: sb.get(k) as Stance }));
      if (stances.length) {
        fields.push('stance');
        change.stances = stances;
      }
      if (fields.length) d.changed.push({ id, fields, before: strip(p), after: strip(q), ...change });
      else if (p.start !== q.start || p.end !== q.end || x?.text !== y?.text) d.moved++;
    }
    if (d.added.length || d.removed.length || d.changed.length || d.moved) articles.push(d);
  }
  return { articles, project: diffProjects(projectA, projectB) };
}

function entities<T extends { id: string }>(a: readonly T[] | undefined, b: readonly T[] | undefined) {
  const before = new Map((a ?? []).map((x) => [x.id, x]));
  const after = new Map((b ?? []).map((x) => [x.id, x]));
  return {
    added: (b ?? []).filter((x) => !before.has(x.id)),
    removed: (a ?? []).filter((x) => !after.has(x.id)),
    both: (b ?? []).filter((x) => before.has(x.id)).map((x) => [before.get(x.id) as T, x] as const),
  };
}

const changedFields = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort();

export function diffProjects(a: Project | undefined, b: Project | undefined): ProjectDiff {
  const confs = entities(a?.configurations, b?.configurations);
  const theories = entities(a?.theories, b?.theories);
  const themes = entities(a?.codebook, b?.codebook);
  const out: ProjectDiff = {
    configurations: {
      added: confs.added,
      removed: confs.removed,
      changed: confs.both
        .map(([x, y]) => {
          const fields = changedFields(x, y);
          return { id: y.id, title: y.title, fields, before: x, after: y, passagesAdded: y.codes.filter((r) => !x.codes.includes(r)), passagesRemoved: x.codes.filter((r) => !y.codes.includes(r)) };
        })
        .filter((c) => c.fields.length),
    },
    theories: {
      added: theories.added,
      removed: theories.removed,
      changed: theories.both
        .map(([x, y]) => ({ id: y.id, title: y.title, fields: changedFields(x, y), before: x, after: y, configurationsAdded: y.configurations.filter((k) => !x.configurations.includes(k)), configurationsRemoved: x.configurations.filter((k) => !y.configurations.includes(k)) }))
        .filter((c) => c.fields.length),
    },
    moved: [],
    themes: { added: themes.added, removed: themes.removed, changed: themes.both.map(([x, y]) => ({ id: y.id, title: y.name, fields: changedFields(x, y), before: x, after: y })).filter((c) => c.fields.length) },
  };
  // A configuration that left some theories and joined others moved.
  const left = new Map<string, string[]>();
  const joined = new Map<string, string[]>();
  for (const t of out.theories.changed) {
    for (const k of t.configurationsRemoved) left.set(k, [...(left.get(k) ?? []), t.id]);
    for (const k of t.configurationsAdded) joined.set(k, [...(joined.get(k) ?? []), t.id]);
  }
  for (const t of out.theories.added) for (const k of t.configurations) joined.set(k, [...(joined.get(k) ?? []), t.id]);
  for (const t of out.theories.removed) for (const k of t.configurations) left.set(k, [...(left.get(k) ?? []), t.id]);
  const titleOf = new Map([...(a?.configurations ?? []), ...(b?.configurations ?? [])].map((k) => [k.id, k.title]));
  const theoryTitle = new Map([...(a?.theories ?? []), ...(b?.theories ?? [])].map((t) => [t.id, t.title]));
  for (const [k, from] of left) {
    const to = joined.get(k);
    if (to) out.moved.push({ configuration: k, title: titleOf.get(k) ?? k, from, to, fromTitles: from.map((t) => theoryTitle.get(t) ?? t), toTitles: to.map((t) => theoryTitle.get(t) ?? t) });
  }
  const programme = changedFields(a?.programme ?? {}, b?.programme ?? {});
  if (programme.length) out.programme = { fields: programme };
  return out;
}

/** Nothing changed in the project. */
export function projectUnchanged(p: ProjectDiff): boolean {
  return !p.configurations.added.length && !p.configurations.removed.length && !p.configurations.changed.length && !p.theories.added.length && !p.theories.removed.length && !p.theories.changed.length && !p.themes.added.length && !p.themes.removed.length && !p.themes.changed.length && !p.programme;
}

const cue = (c: Code) => ROLE_INFO[c.role].letter;
const where = (d: DiffCode) => (d.orphaned ? 'orphaned' : d.page !== undefined ? `p. ${d.page}` : `line ${d.line}`);
const short = (s: string, n = 80) => {
  const t = ws(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

/** One line per change, for a terminal; `stat` gives counts per article only. */
export function formatCodingDiff(diff: CodingDiff, options: { stat?: boolean; titles?: ReadonlyMap<string, string> } = {}): string {
  const out: string[] = [];
  let totals = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const a of diff.articles) {
    totals = { added: totals.added + a.added.length, removed: totals.removed + a.removed.length, changed: totals.changed + a.changed.length, moved: totals.moved + a.moved };
    if (options.stat) {
      out.push(`${a.path}: +${a.added.length} -${a.removed.length} ~${a.changed.length}${a.moved ? ` (${a.moved} moved)` : ''}`);
      continue;
    }
    if (!a.added.length && !a.removed.length && !a.changed.length) continue;
    out.push(`${a.path}`);
    for (const c of a.added) out.push(`  + ${cue(c.code)} “${short(c.quote)}” ${where(c)} #${c.code.id}`);
    for (const c of a.removed) out.push(`  - ${cue(c.code)} “${short(c.quote)}” ${where(c)} #${c.code.id}`);
    for (const c of a.changed) {
      const what = c.fields.map((f) => {
        if (f === 'role') return `role ${ROLE_INFO[c.before.code.role].label} → ${ROLE_INFO[c.after.code.role].label}`;
        if (f === 'span') return c.grew ? `span ${c.grew > 0 ? 'grew' : 'shrank'} by ${Math.abs(c.grew)} character(s)` : 'span changed';
        if (f === 'themes') return `themes ${(c.before.code.tags ?? []).join(', ') || '(none)'} → ${(c.after.code.tags ?? []).join(', ') || '(none)'}`;
        if (f === 'stance') return (c.stances ?? []).map((s) => `stance in ${options.titles?.get(s.configuration) ?? s.configuration}: ${s.before} → ${s.after}`).join('; ');
        return f;
      });
      out.push(`  ~ ${cue(c.after.code)} “${short(c.after.quote)}” ${where(c.after)} #${c.id}: ${what.join('; ')}`);
    }
  }
  const p = diff.project;
  const proj: string[] = [];
  for (const k of p.configurations.added) proj.push(`  + configuration “${k.title}” (${k.codes.length} passage(s))`);
  for (const k of p.configurations.removed) proj.push(`  - configuration “${k.title}”`);
  for (const k of p.configurations.changed) {
    const parts = k.fields.filter((f) => f !== 'codes' && f !== 'stances').map((f) => (f === 'statement' ? `statement “${short(k.before.statement ?? '', 60)}” → “${short(k.after.statement ?? '', 60)}”` : f === 'status' ? `status ${k.before.status ?? 'initial'} → ${k.after.status ?? 'initial'}` : f));
    if (k.passagesAdded.length) parts.push(`+${k.passagesAdded.length} passage(s)`);
    if (k.passagesRemoved.length) parts.push(`-${k.passagesRemoved.length} passage(s)`);
    if (k.fields.includes('stances') && !parts.length) parts.push('stances');
    proj.push(`  ~ configuration “${k.title}”: ${parts.join('; ')}`);
  }
  for (const m of p.moved) proj.push(`  → configuration “${m.title}” moved from “${m.fromTitles.join('”, “')}” to “${m.toTitles.join('”, “')}”`);
  for (const t of p.theories.added) proj.push(`  + theory “${t.title}”`);
  for (const t of p.theories.removed) proj.push(`  - theory “${t.title}”`);
  for (const t of p.theories.changed) {
    const fields = t.fields.filter((f) => f !== 'configurations');
    if (fields.length) proj.push(`  ~ theory “${t.title}”: ${fields.join(', ')}`);
  }
  for (const t of p.themes.added) proj.push(`  + theme ${t.name}`);
  for (const t of p.themes.removed) proj.push(`  - theme ${t.name}`);
  for (const t of p.themes.changed) proj.push(`  ~ theme ${t.title}: ${t.fields.join(', ')}`);
  if (p.programme) proj.push(`  ~ programme theory: ${p.programme.fields.join(', ')}`);
  if (proj.length) out.push('cmo-project.json', ...proj);
  out.push(`${totals.added} code(s) added, ${totals.removed} removed, ${totals.changed} changed; ${totals.moved} moved with the text (no change)`);
  return `${out.join('\n')}\n`;
}

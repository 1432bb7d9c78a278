/**
 * The configuration table a realist review publishes: one row per CMO
 * configuration with its theory, status, statement and if / then / because,
 * its passages by slot, and the studies behind it by stance (supporting,
 * refuting, refining) with their appraisal. What `cmo export --format
 * configurations` writes, as CSV or (with --md) Markdown.
 */
import { ROLE_INFO, type Role } from '../model/roles';
import { STANCES, type Stance } from '../model/schema';
import { appraisalFields, configurationEvidence, describeStudy, STANCE_CUE, summariseEvidence, type Study } from '../theory/evidence';
import { stanceOf } from '../theory/project';
import type { ExportCode, ExportData } from './exportData';
import { csvField, mdCell as cell, oneLine } from './tables';

/** The columns of passages, by role; a mechanism not split into resource and reasoning has its own. */
export const PASSAGE_SLOTS = ['context', 'resource', 'reasoning', 'mechanism', 'outcome'] as const satisfies readonly Role[];
export type PassageSlot = (typeof PASSAGE_SLOTS)[number];

/** One passage of a configuration, as the table quotes it. */
export interface TablePassage {
  quote: string;
  article: string;
  /** "p. 3" for a PDF's twin, else "line 12"; "orphaned" when its text is gone. */
  place: string;
  stance: Stance;
}

/** “quote” — article, p. 3 (✗ before it when the passage refutes, ± when it refines). */
export function describePassage(p: TablePassage): string {
  return `${p.stance === 'supports' ? '' : `${STANCE_CUE[p.stance]} `}“${p.quote}” — ${p.article}, ${p.place}`;
}

export interface ConfigurationRow {
  id: string;
  title: string;
  theories: string[];
  status: string;
  statement: string;
  if: string;
  then: string;
  because: string;
  /** Passages by slot: C (context), M (resource, reasoning, mechanism), O (outcome), and theme-only ones. */
  passages: { C: number; M: number; O: number; none: number };
  /** The passages themselves, by role, in the configuration's order. */
  quotes: Record<PassageSlot, TablePassage[]>;
  studies: Record<Stance, Study[]>;
  /** "2 supporting studies (2 of high rigour), 1 refuting study…" */
  evidence: string;
  leadsTo: string[];
  /** Passages listed but not found in any sidecar. */
  missing: number;
}

export function configurationRows(data: ExportData): ConfigurationRow[] {
  const project = data.project;
  const fields = appraisalFields(project);
  const codes = new Map<string, { role: Role; cites?: readonly string[]; article: string; placed: ExportCode }>();
  for (const a of data.articles) for (const c of a.codes) codes.set(`${a.path}#${c.code.id}`, { role: c.code.role, ...(c.code.cites ? { cites: c.code.cites } : {}), article: a.path, placed: c });
  const titleOf = new Map<string, string>([...(project.theories ?? []).map((t) => [t.id, t.title] as const), ...(project.configurations ?? []).map((c) => [c.id, c.title] as const)]);
  return (project.configurations ?? []).map((conf) => {
    const passages = { C: 0, M: 0, O: 0, none: 0 };
    const quotes = Object.fromEntries(PASSAGE_SLOTS.map((r) => [r, [] as TablePassage[]])) as Record<PassageSlot, TablePassage[]>;
    let missing = 0;
    for (const ref of conf.codes) {
      const code = codes.get(ref);
      if (!code) {
        missing++;
        continue;
      }
      passages[ROLE_INFO[code.role].slot ?? 'none']++;
      const c = code.placed;
      if (code.role !== 'none') quotes[code.role].push({ quote: oneLine(c.code.exact), article: code.article, place: c.page !== undefined ? `p. ${c.page}` : c.line !== undefined ? `line ${c.line}` : 'orphaned', stance: stanceOf(conf, ref) });
    }
    const evidence = configurationEvidence(project, conf, (ref) => codes.get(ref), fields);
    return {
      id: conf.id,
      title: conf.title,
      theories: (project.theories ?? []).filter((t) => t.configurations.includes(conf.id)).map((t) => t.title),
      status: conf.status ?? 'initial',
      statement: conf.statement ?? '',
      if: conf.if ?? '',
      then: conf.then ?? '',
      because: conf.because ?? '',
      passages,
      quotes,
      studies: evidence.byStance,
      evidence: summariseEvidence(evidence, project, fields),
      leadsTo: (conf.leadsTo ?? []).map((id) => titleOf.get(id) ?? id),
      missing,
    };
  });
}

const studyList = (studies: readonly Study[]) => studies.map(describeStudy).join('; ');

export const CONFIGURATION_COLUMNS = [
  'id',
  'title',
  'theories',
  'status',
  'statement',
  'if',
  'then',
  'because',
  'context passages',
  'mechanism passages',
  'outcome passages',
  'supporting studies',
  'refuting studies',
  'refining studies',
  'supporting',
  'refuting',
  'refining',
  'leads to',
  'evidence',
  'context',
  'mechanism resource',
  'mechanism reasoning',
  'mechanism',
  'outcome',
] as const;

/**
 * RFC 4180, one row per configuration; the study columns count studies, the
 * lists name them with their appraisal; the passage columns quote each
 * passage with its article and page (or line), one per line in the cell.
 */
export function configurationsToCsv(data: ExportData, options: { bom?: boolean } = {}): string {
  const rows: string[][] = [[...CONFIGURATION_COLUMNS]];
  for (const r of configurationRows(data)) {
    rows.push([
      r.id,
      r.title,
      r.theories.join('; '),
      r.status,
      r.statement,
      r.if,
      r.then,
      r.because,
      String(r.passages.C),
      String(r.passages.M),
      String(r.passages.O),
      ...STANCES.map((s) => String(r.studies[s].length)),
      ...STANCES.map((s) => studyList(r.studies[s])),
      r.leadsTo.join('; '),
      r.evidence,
      // One passage per line in the cell, each quote on one line.
      ...PASSAGE_SLOTS.map((slot) => r.quotes[slot].map(describePassage).join('\n')),
    ]);
  }
  return (options.bom ? '\ufeff' : '') + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The same table as Markdown, for a paper's appendix or a pull request: the summary table, then each configuration's passages by role. */
export function configurationsToMarkdown(data: ExportData): string {
  const rows = configurationRows(data);
  const out = ['# CMO configurations', '', '| configuration | status | if | then | because | C / M / O passages | supporting | refuting | refining |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const parts = r.if || r.then || r.because ? [r.if, r.then, r.because] : [r.statement, '', ''];
    out.push(`| **${cell(r.title)}**${r.theories.length ? `<br>${cell(r.theories.join('; '))}` : ''} | ${r.status} | ${parts.map(cell).join(' | ')} | ${r.passages.C} / ${r.passages.M} / ${r.passages.O} | ${STANCES.map((s) => `${r.studies[s].length}${r.studies[s].length ? `: ${cell(studyList(r.studies[s]))}` : ''}`).join(' | ')} |`);
  }
  const label: Record<PassageSlot, string> = { context: 'C', resource: 'M resource', reasoning: 'M reasoning', mechanism: 'M', outcome: 'O' };
  for (const r of rows) {
    out.push('', `## ${cell(r.title)} (\`${r.id}\`)`, '');
    if (r.statement) out.push(`${cell(r.statement)}`, '');
    if (r.evidence) out.push(`Evidence: ${cell(r.evidence)}.`, '');
    const list = PASSAGE_SLOTS.flatMap((slot) => r.quotes[slot].map((p) => [slot, p] as const));
    if (!list.length) {
      out.push('No passages yet.');
      continue;
    }
    out.push('| part | quote | article | where | stance |', '|---|---|---|---|---|');
    for (const [slot, p] of list) out.push(`| ${label[slot]} | “${cell(p.quote)}” | ${cell(p.article)} | ${p.place} | ${p.stance === 'supports' ? '' : `${STANCE_CUE[p.stance]} ${p.stance}`} |`);
  }
  return `${out.join('\n')}\n`;
}

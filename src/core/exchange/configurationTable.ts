/**
 * The configuration table a realist review publishes: one row per CMO
 * configuration with its theory, status, statement and if / then / because,
 * its passages by slot, and the studies behind it by stance (supporting,
 * refuting, refining) with their appraisal. What `cmo export --format
 * configurations` writes, as CSV or (with --md) Markdown.
 */
import { ROLE_INFO, type Role } from '../model/roles';
import { STANCES, type Stance } from '../model/schema';
import { appraisalFields, configurationEvidence, describeStudy, type Study } from '../theory/evidence';
import type { ExportData } from './exportData';
import { csvField } from './tables';

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
  studies: Record<Stance, Study[]>;
  leadsTo: string[];
  /** Passages listed but not found in any sidecar. */
  missing: number;
}

export function configurationRows(data: ExportData): ConfigurationRow[] {
  const project = data.project;
  const fields = appraisalFields(project);
  const codes = new Map<string, { role: Role; cites?: readonly string[] }>();
  for (const a of data.articles) for (const c of a.codes) codes.set(`${a.path}#${c.code.id}`, { role: c.code.role, ...(c.code.cites ? { cites: c.code.cites } : {}) });
  const titleOf = new Map<string, string>([...(project.theories ?? []).map((t) => [t.id, t.title] as const), ...(project.configurations ?? []).map((c) => [c.id, c.title] as const)]);
  return (project.configurations ?? []).map((conf) => {
    const passages = { C: 0, M: 0, O: 0, none: 0 };
    let missing = 0;
    for (const ref of conf.codes) {
      const code = codes.get(ref);
      if (!code) {
        missing++;
        continue;
      }
      passages[ROLE_INFO[code.role].slot ?? 'none']++;
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
      studies: evidence.byStance,
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
] as const;

/** RFC 4180, one row per configuration; the study columns count studies, the lists name them with their appraisal. */
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
    ]);
  }
  return (options.bom ? '\ufeff' : '') + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const cell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));

/** The same table as Markdown, for a paper's appendix or a pull request. */
export function configurationsToMarkdown(data: ExportData): string {
  const out = ['# CMO configurations', '', '| configuration | status | if | then | because | C / M / O passages | supporting | refuting | refining |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of configurationRows(data)) {
    const parts = r.if || r.then || r.because ? [r.if, r.then, r.because] : [r.statement, '', ''];
    out.push(`| **${cell(r.title)}**${r.theories.length ? `<br>${cell(r.theories.join('; '))}` : ''} | ${r.status} | ${parts.map(cell).join(' | ')} | ${r.passages.C} / ${r.passages.M} / ${r.passages.O} | ${STANCES.map((s) => `${r.studies[s].length}${r.studies[s].length ? `: ${cell(studyList(r.studies[s]))}` : ''}`).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

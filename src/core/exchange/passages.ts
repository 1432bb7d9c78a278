/**
 * Retrieval: every coded passage of a workspace that matches a query (role,
 * theme with its sub-themes, configuration, theory, article, document
 * attribute, coder, orphaned, free text in quote or memo), one row per
 * passage with where it is (line, page) and what it is part of. The query of
 * `cmo passages` and of the Passages view.
 */
import { descendants } from '../codebook/themes';
import { isRole, ROLE_INFO, type Role } from '../model/roles';
import type { Project } from '../model/schema';
import type { ExportData } from './exportData';
import { csvField } from './tables';

export interface PassageQuery {
  role?: string;
  /** A theme's id or name: its passages and its sub-themes'. */
  theme?: string;
  /** A configuration's id or title. */
  configuration?: string;
  /** A theory's id or title: the passages of its configurations. */
  theory?: string;
  /** An article's workspace-relative path (or its file name). */
  article?: string;
  /** A document attribute: field id or name, and a value. */
  attribute?: { field: string; value: string };
  coder?: string;
  /** Only passages whose text is no longer found (true), or only placed ones (false). */
  orphaned?: boolean;
  /** Words in the quote or the memo, case and white space folded. */
  grep?: string;
}

export interface Passage {
  id: string;
  article: string;
  /** 1-based line of the passage's start in the article's current text; absent for an orphan. */
  line?: number;
  /** For a PDF's twin: the page. */
  page?: number;
  role: Role;
  /** Theme ids, as tagged. */
  themes: string[];
  /** Configuration ids that cite the passage. */
  configurations: string[];
  memo?: string;
  quote: string;
  coder?: string;
  orphaned: boolean;
}

/** A query that names something the project does not have: said, not silently empty. */
export class UnknownInQuery extends Error {}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The passages matching `q`, in article then text order. Throws UnknownInQuery for a role, theme, configuration, theory or attribute field the project does not have. */
export function queryPassages(data: ExportData, q: PassageQuery = {}): Passage[] {
  const project: Project = data.project;
  const role = q.role === undefined ? undefined : roleOf(q.role);
  const themeIds = q.theme === undefined ? undefined : themeAndBelow(project, q.theme);
  const configurationIds = new Set<string>();
  if (q.configuration !== undefined) {
    const c = (project.configurations ?? []).find((k) => k.id === q.configuration || fold(k.title) === fold(q.configuration as string));
    if (!c) throw new UnknownInQuery(`no configuration "${q.configuration}" in cmo-project.json (give its id or its title)`);
    configurationIds.add(c.id);
  }
  if (q.theory !== undefined) {
    const t = (project.theories ?? []).find((k) => k.id === q.theory || fold(k.title) === fold(q.theory as string));
    if (!t) throw new UnknownInQuery(`no theory "${q.theory}" in cmo-project.json (give its id or its title)`);
    for (const id of t.configurations) configurationIds.add(id);
  }
  const byConfiguration = q.configuration !== undefined || q.theory !== undefined;
  let attributeDocs: Set<string> | undefined;
  if (q.attribute) {
    const { field, value } = q.attribute;
    const f = (project.attributes?.fields ?? []).find((x) => x.id === field || fold(x.name ?? '') === fold(field));
    if (!f) throw new UnknownInQuery(`no document attribute "${field}" in cmo-project.json`);
    attributeDocs = new Set(Object.entries(project.attributes?.documents ?? {}).filter(([, values]) => values[f.id] !== undefined && fold(values[f.id] as string) === fold(value)).map(([doc]) => doc));
  }
  const grep = q.grep === undefined ? undefined : fold(q.grep);
  const out: Passage[] = [];
  for (const a of data.articles) {
    if (q.article !== undefined && a.path !== q.article && a.path.slice(a.path.lastIndexOf('/') + 1) !== q.article) continue;
    if (attributeDocs && !attributeDocs.has(a.path)) continue;
    for (const c of a.codes) {
      const code = c.code;
      if (role && code.role !== role) continue;
      if (themeIds && !(code.tags ?? []).some((t) => themeIds.has(t))) continue;
      const configurations = c.configurationIds;
      if (byConfiguration && !configurations.some((id) => configurationIds.has(id))) continue;
      if (q.coder !== undefined && fold(code.coder ?? '') !== fold(q.coder)) continue;
      const orphaned = c.start === undefined;
      if (q.orphaned !== undefined && orphaned !== q.orphaned) continue;
      if (grep && !fold(code.exact).includes(grep) && !fold(code.note ?? '').includes(grep)) continue;
      out.push({
        id: code.id,
        article: a.path,
        ...(c.line !== undefined ? { line: c.line } : {}),
        ...(c.page !== undefined ? { page: c.page } : {}),
        role: code.role,
        themes: code.tags ?? [],
        configurations,
        ...(code.note ? { memo: code.note } : {}),
        quote: code.exact,
        ...(code.coder ? { coder: code.coder } : {}),
        orphaned,
      });
    }
  }
  return out;
}

function roleOf(value: string): Role {
  const v = fold(value);
  if (isRole(v)) return v;
  const byLabel = (Object.values(ROLE_INFO) as Array<(typeof ROLE_INFO)[Role]>).find((r) => fold(r.label) === v);
  if (byLabel) return byLabel.id;
  throw new UnknownInQuery(`no role "${value}": one of context, resource, reasoning, outcome, mechanism`);
}

function themeAndBelow(project: Project, theme: string): Set<string> {
  const t = (project.codebook ?? []).find((x) => x.id === theme || fold(x.name) === fold(theme));
  if (!t) throw new UnknownInQuery(`no theme "${theme}" in the codebook of cmo-project.json (give its id or its name)`);
  return new Set([t.id, ...descendants(project, t.id)]);
}

/** RFC 4180 rows of passages (the CSV of `cmo passages --csv`). */
export const PASSAGE_COLUMNS = ['id', 'article', 'page', 'line', 'role', 'themes', 'configurations', 'memo', 'coder', 'quote'] as const;

export function passagesToCsv(passages: readonly Passage[]): string {
  const rows = [PASSAGE_COLUMNS.join(',')];
  for (const p of passages) {
    rows.push([p.id, p.article, p.page === undefined ? '' : String(p.page), p.line === undefined ? 'orphaned' : String(p.line), ROLE_INFO[p.role].label, p.themes.join('; '), p.configurations.join('; '), p.memo ?? '', p.coder ?? '', p.quote].map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** A Markdown table, quotes on one line (an appendix, a pull request comment). */
export function passagesToMarkdown(passages: readonly Passage[]): string {
  const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
  const out = [`${passages.length} passage(s)`, '', '| article | where | role | quote | themes | configurations | memo |', '|---|---|---|---|---|---|---|'];
  for (const p of passages) {
    const where = p.line === undefined ? 'orphaned' : `line ${p.line}${p.page !== undefined ? `, p. ${p.page}` : ''}`;
    out.push(`| ${cell(p.article)} | ${where} | ${ROLE_INFO[p.role].letter} ${ROLE_INFO[p.role].label} | “${cell(p.quote)}” | ${cell(p.themes.join(', '))} | ${cell(p.configurations.join(', '))} | ${cell(p.memo ?? '')} |`);
  }
  return out.join('\n') + '\n';
}

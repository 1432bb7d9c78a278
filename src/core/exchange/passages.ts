/**
 * Retrieval: every coded passage of a workspace that matches a query (role,
 * theme with its sub-themes, configuration, theory, article, document
 * attribute, coder, orphaned, free text in quote or memo), one row per
 * passage with where it is (line, page) and what it is part of. The query of
 * `cmo passages` and of the Passages view.
 */
import { descendants } from '../codebook/themes';
import { isRole, ROLE_INFO, type Role } from '../model/roles';
import { valueList, type Appraisal, type Project } from '../model/schema';
import { appraisalFields, appraisalOf, describeAppraisal } from '../theory/evidence';
import { describeAttributes } from '../codebook/attributes';
import type { ExportData } from './exportData';
import { csvField } from './tables';

export interface PassageQuery {
  role?: string;
  /** A theme's id or name: its passages and (unless `subThemes` is false) its sub-themes'. */
  theme?: string;
  /** False: only passages tagged with the theme itself (a matrix cell counts these). Default true. */
  subThemes?: boolean;
  /** A configuration's id or title. */
  configuration?: string;
  /** A theory's id or title: the passages of its configurations. */
  theory?: string;
  /** An article's workspace-relative path (or its file name). */
  article?: string;
  /** A document attribute: field id or name, and a value ("(not set)": articles without one). Several: all must hold. */
  attribute?: AttributeValue | AttributeValue[];
  coder?: string;
  /** Only passages whose text is no longer found (true), or only placed ones (false). */
  orphaned?: boolean;
  /** Only passages with a merge conflict waiting to be reconciled (true), or only those without (false). */
  conflicted?: boolean;
  /** Words in the quote or the memo, case and white space folded. */
  grep?: string;
}

export interface AttributeValue {
  field: string;
  value: string;
}

/** The value an attribute matrix shows for an article without one; as a query value it selects those articles. */
export const NOT_SET = '(not set)';

/** The attribute values a query names, none, one or several, as a list. */
export function attributesOf(q: PassageQuery): AttributeValue[] {
  return q.attribute === undefined ? [] : Array.isArray(q.attribute) ? q.attribute : [q.attribute];
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
  /** Has a merge conflict waiting to be reconciled. */
  conflicted: boolean;
  /** Its article's appraisal (relevance, rigour), when appraised. */
  appraisal?: Partial<Record<Appraisal, string>>;
}

/** A query that names something the project does not have: said, not silently empty. */
export class UnknownInQuery extends Error {}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The passages matching `q`, in article then text order. Throws UnknownInQuery for a role, theme, configuration, theory or attribute field the project does not have. */
export function queryPassages(data: ExportData, q: PassageQuery = {}): Passage[] {
  const project: Project = data.project;
  const role = q.role === undefined ? undefined : roleOf(q.role);
  const themeIds = q.theme === undefined ? undefined : themeAndBelow(project, q.theme, q.subThemes !== false);
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
  for (const { field, value } of attributesOf(q)) {
    const f = (project.attributes?.fields ?? []).find((x) => x.id === field || fold(x.name ?? '') === fold(field));
    if (!f) throw new UnknownInQuery(`no document attribute "${field}" in cmo-project.json`);
    const docs = project.attributes?.documents ?? {};
    const holds = (path: string) => {
      const values = valueList(docs[path]?.[f.id]);
      return value === NOT_SET ? values.length === 0 : values.some((v) => fold(v) === fold(value));
    };
    const these = new Set(data.articles.map((a) => a.path).filter(holds));
    attributeDocs = attributeDocs ? new Set([...attributeDocs].filter((d) => these.has(d))) : these;
  }
  const grep = q.grep === undefined ? undefined : fold(q.grep);
  const out: Passage[] = [];
  const appraisals = appraisalFields(project);
  for (const a of data.articles) {
    if (q.article !== undefined && a.path !== q.article && a.path.slice(a.path.lastIndexOf('/') + 1) !== q.article) continue;
    if (attributeDocs && !attributeDocs.has(a.path)) continue;
    const appraisal = appraisalOf(project, a.path, appraisals);
    const appraised = Object.keys(appraisal).length > 0;
    const conflictedIds = a.conflicted ? new Set(a.conflicted) : undefined;
    for (const c of a.codes) {
      const code = c.code;
      if (role && code.role !== role) continue;
      if (themeIds && !(code.tags ?? []).some((t) => themeIds.has(t))) continue;
      const configurations = c.configurationIds;
      if (byConfiguration && !configurations.some((id) => configurationIds.has(id))) continue;
      if (q.coder !== undefined && fold(code.coder ?? '') !== fold(q.coder)) continue;
      const orphaned = c.start === undefined;
      if (q.orphaned !== undefined && orphaned !== q.orphaned) continue;
      const conflicted = conflictedIds?.has(code.id) ?? false;
      if (q.conflicted !== undefined && conflicted !== q.conflicted) continue;
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
        conflicted,
        ...(appraised ? { appraisal } : {}),
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

function themeAndBelow(project: Project, theme: string, below: boolean): Set<string> {
  const t = (project.codebook ?? []).find((x) => x.id === theme || fold(x.name) === fold(theme));
  if (!t) throw new UnknownInQuery(`no theme "${theme}" in the codebook of cmo-project.json (give its id or its name)`);
  return new Set([t.id, ...(below ? descendants(project, t.id) : [])]);
}

/**
 * A quote as a list shows it: a PDF twin's page markers dropped, soft
 * hyphens dropped, a line break after a hyphen closed up (the twin's
 * layout already joined the hyphenation it could tell; what is left is a
 * real hyphen), tabs and line breaks folded to single spaces. The sidecar keeps the exact quote.
 */
export function displayQuote(quote: string): string {
  return quote
    .replace(/<!-- page \d+ -->/g, ' ')
    .replace(/\u00ad/g, '')
    .replace(/(\p{L})-\n\s*(\p{L})/gu, '$1-$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A passage as a list shows it: the quote folded for display, themes and configurations by name. */
export interface PassageRow {
  id: string;
  article: string;
  line?: number;
  page?: number;
  role: Role;
  quote: string;
  memo?: string;
  themes: string[];
  configurations: string[];
  orphaned: boolean;
  conflicted: boolean;
  /** "relevance high, rigour moderate", when the article is appraised. */
  appraisal?: string;
  /** Every attribute of the article, "Quality: good · Level of involvement: group", when it has any. */
  attributes?: string;
}

export function passageRows(project: Project, passages: readonly Passage[]): PassageRow[] {
  const described = new Map<string, string>();
  const attributesOf = (article: string) => {
    let d = described.get(article);
    if (d === undefined) described.set(article, (d = describeAttributes(project, article)));
    return d;
  };
  const themeName = new Map((project.codebook ?? []).map((t) => [t.id, t.name]));
  const confTitle = new Map((project.configurations ?? []).map((c) => [c.id, c.title]));
  return passages.map((p) => ({
    id: p.id,
    article: p.article,
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.page !== undefined ? { page: p.page } : {}),
    role: p.role,
    quote: displayQuote(p.quote),
    ...(p.memo ? { memo: p.memo } : {}),
    themes: p.themes.map((t) => themeName.get(t) ?? t),
    configurations: p.configurations.map((c) => confTitle.get(c) ?? c),
    orphaned: p.orphaned,
    conflicted: p.conflicted,
    ...(p.appraisal ? { appraisal: describeAppraisal(p.appraisal) } : {}),
    ...(attributesOf(p.article) ? { attributes: attributesOf(p.article) } : {}),
  }));
}

/** The query as words ("theme Tailoring · role Outcome · 3 articles"), for a view's title or a message. */
export function describeQuery(project: Project, q: PassageQuery): string {
  const parts: string[] = [];
  const themeName = (id: string) => (project.codebook ?? []).find((t) => t.id === id)?.name ?? id;
  if (q.role !== undefined) parts.push(`role ${isRole(q.role) ? ROLE_INFO[q.role].label : q.role}`);
  if (q.theme !== undefined) parts.push(`theme ${themeName(q.theme)}${q.subThemes === false ? ' (itself)' : ''}`);
  if (q.configuration !== undefined) parts.push(`configuration ${(project.configurations ?? []).find((c) => c.id === q.configuration)?.title ?? q.configuration}`);
  if (q.theory !== undefined) parts.push(`theory ${(project.theories ?? []).find((t) => t.id === q.theory)?.title ?? q.theory}`);
  if (q.article !== undefined) parts.push(`article ${q.article}`);
  for (const a of attributesOf(q)) {
    parts.push(`${(project.attributes?.fields ?? []).find((f) => f.id === a.field)?.name ?? a.field} = ${a.value}`);
  }
  if (q.coder !== undefined) parts.push(`coder ${q.coder}`);
  if (q.orphaned) parts.push('orphaned');
  if (q.conflicted) parts.push('in conflict');
  if (q.grep) parts.push(`“${q.grep}”`);
  return parts.length ? parts.join(' · ') : 'all passages';
}

/** RFC 4180 rows of passages (the CSV of `cmo passages --csv`). */
export const PASSAGE_COLUMNS = ['id', 'article', 'page', 'line', 'role', 'themes', 'configurations', 'memo', 'coder', 'quote', 'relevance', 'rigour'] as const;

export function passagesToCsv(passages: readonly Passage[]): string {
  const rows = [PASSAGE_COLUMNS.join(',')];
  for (const p of passages) {
    rows.push([p.id, p.article, p.page === undefined ? '' : String(p.page), p.line === undefined ? 'orphaned' : String(p.line), ROLE_INFO[p.role].label, p.themes.join('; '), p.configurations.join('; '), p.memo ?? '', p.coder ?? '', p.quote, p.appraisal?.relevance ?? '', p.appraisal?.rigour ?? ''].map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** A Markdown table, quotes on one line (an appendix, a pull request comment). */
export function passagesToMarkdown(passages: readonly Passage[]): string {
  const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
  const out = [`${passages.length} passage(s)`, '', '| article | where | role | quote | themes | configurations | memo |', '|---|---|---|---|---|---|---|'];
  for (const p of passages) {
    const where = p.line === undefined ? 'orphaned' : `line ${p.line}${p.page !== undefined ? `, p. ${p.page}` : ''}`;
    const appraisal = p.appraisal ? describeAppraisal(p.appraisal) : '';
    out.push(`| ${cell(p.article)}${appraisal ? `<br>${cell(appraisal)}` : ''} | ${where} | ${ROLE_INFO[p.role].letter} ${ROLE_INFO[p.role].label} | “${cell(p.quote)}” | ${cell(p.themes.join(', '))} | ${cell(p.configurations.join(', '))} | ${cell(p.memo ?? '')} |`);
  }
  return out.join('\n') + '\n';
}

/**
 * Cross-tabulation, one definition for `cmo matrix` and the matrices view:
 * rows and columns are each a dimension (a theme subtree, role, article,
 * configuration, theory, coder or a document attribute), and a cell counts
 * either **passages** (a coded passage that falls in both its row and its
 * column) or **articles** (an article with at least one such passage,
 * counted once per cell: "sources per activity type").
 *
 * A passage can fall in several columns of a row (a passage tagged with two
 * themes, say): it is then in each of those cells, and the row's total,
 * which counts it once, is less than the sum of its cells. Every matrix says
 * so in its `unit` and `totals`.
 *
 * Dimension specs, as `cmo matrix --rows/--cols` take them:
 *   theme              every theme, in codebook order (a passage counts under the themes it is tagged with)
 *   theme:ROOT         the children of theme ROOT (a codebook root such as "mechanisms")
 *   theme[:ROOT]+rollup   each theme also counts its descendants' passages
 *   role | article | configuration | theory | coder | attribute:FIELD
 */
import { descendants, themeTree } from '../codebook/themes';
import { ROLE_INFO, ROLES, type Role } from '../model/roles';
import { valueList, type AttributeField } from '../model/schema';
import type { ExportArticle, ExportCode, ExportData } from './exportData';
import { NOT_SET, UnknownInQuery, type PassageQuery } from './passages';
import { csvField } from './tables';

export type CountUnit = 'passages' | 'articles';

export interface DimensionSpec {
  kind: 'theme' | 'role' | 'article' | 'configuration' | 'theory' | 'coder' | 'attribute';
  /** theme: the root whose children are the categories; attribute: the field id. */
  of?: string;
  /** theme: a theme also counts the passages of its descendants. */
  rollup?: boolean;
}

/** One category of a dimension: a row or a column. */
interface Category {
  label: string;
  depth?: number;
  query: PassageQuery;
  has: (code: ExportCode, article: ExportArticle) => boolean;
}

/** The roles that some passage has, in the usual order: a table's role rows or columns. */
export function usedRoles(data: ExportData): Role[] {
  return ROLES.filter((r) => data.articles.some((a) => a.codes.some((c) => c.code.role === r)));
}

/** Whether a document is under a value of a field in a table: one of its values (a multi-valued field puts it under each), or "(not set)" when it has none. */
export function documentHolds(project: ExportData['project'], path: string, fieldId: string, value: string): boolean {
  const values = valueList(project.attributes?.documents?.[path]?.[fieldId]);
  return value === NOT_SET ? values.length === 0 : values.includes(value);
}

/** A field's values as a table lists them: its allowed values, then others in use (sorted), then "(not set)" if an article has none. */
export function attributeValues(data: ExportData, field: AttributeField | undefined, fieldId: string, articles: readonly { path: string }[] = data.articles): string[] {
  const docs = data.project.attributes?.documents ?? {};
  const used = new Set(articles.flatMap((a) => {
    const values = valueList(docs[a.path]?.[fieldId]);
    return values.length ? values : [NOT_SET];
  }));
  const declared = field?.values ?? [];
  return [...declared, ...[...used].filter((v) => !declared.includes(v) && v !== NOT_SET).sort(), ...(used.has(NOT_SET) ? [NOT_SET] : [])];
}

const SPEC = /^(theme|role|article|configuration|theory|coder|attribute)(?::([^+]+))?(\+rollup)?$/;

/** Parses `theme:mechanisms+rollup`, `attribute:quality`, `role`…; throws UnknownInQuery with what is accepted. */
export function parseDimension(text: string): DimensionSpec {
  const m = SPEC.exec(text.trim());
  const kind = m?.[1] as DimensionSpec['kind'] | undefined;
  if (!m || !kind || (m[3] && kind !== 'theme') || (kind === 'attribute' && !m[2]) || (m[2] && kind !== 'theme' && kind !== 'attribute')) {
    throw new UnknownInQuery(`"${text}" is not a dimension: use theme[:ROOT][+rollup], role, article, configuration, theory, coder or attribute:FIELD`);
  }
  return { kind, ...(m[2] ? { of: m[2] } : {}), ...(m[3] ? { rollup: true } : {}) };
}

/** The spec as text again (for titles and the JSON output). */
export function dimensionText(d: DimensionSpec): string {
  return `${d.kind}${d.of ? `:${d.of}` : ''}${d.rollup ? '+rollup' : ''}`;
}

/**
 * Documents with attributes but no coded passages (no sidecar, or an empty
 * one): they count in a table of articles by attributes, though they have
 * no passage to count.
 */
export function uncodedDocuments(data: ExportData): ExportArticle[] {
  const coded = new Set(data.articles.map((a) => a.path));
  return Object.keys(data.project.attributes?.documents ?? {})
    .filter((p) => !coded.has(p))
    .sort()
    .map((path) => ({ path, text: '', codes: [] }));
}

/** Dimensions that are about the article, not the passage. */
const articleLevel = (d: DimensionSpec) => d.kind === 'article' || d.kind === 'attribute';

function categories(data: ExportData, d: DimensionSpec, articles: readonly ExportArticle[] = data.articles): { name: string; items: Category[] } {
  const project = data.project;
  switch (d.kind) {
    case 'theme': {
      const tree = themeTree(project);
      const root = d.of === undefined ? undefined : tree.find((t) => t.theme.id === d.of || t.theme.name.toLowerCase() === d.of!.toLowerCase());
      if (d.of !== undefined && !root) throw new UnknownInQuery(`no theme "${d.of}" in the codebook of cmo-project.json`);
      const shown = root ? tree.filter((t) => t.theme.parent === root.theme.id).map((t) => ({ ...t, depth: 0 })) : tree;
      return {
        name: root ? root.theme.name : 'theme',
        items: shown.map(({ theme, depth }) => {
          const ids = d.rollup ? new Set([theme.id, ...descendants(project, theme.id)]) : new Set([theme.id]);
          return { label: theme.name, ...(d.of === undefined ? { depth } : {}), query: { theme: theme.id, subThemes: d.rollup === true }, has: (c: ExportCode) => (c.code.tags ?? []).some((t) => ids.has(t)) };
        }),
      };
    }
    case 'role': {
      return { name: 'role', items: usedRoles(data).map((r) => ({ label: ROLE_INFO[r].label, query: { role: r }, has: (c: ExportCode) => c.code.role === r })) };
    }
    case 'article':
      return { name: 'article', items: articles.map((a) => ({ label: a.path, query: { article: a.path }, has: (_c: ExportCode, art: ExportArticle) => art.path === a.path })) };
    case 'configuration':
      return { name: 'configuration', items: (project.configurations ?? []).map((k) => ({ label: k.title, query: { configuration: k.id }, has: (c: ExportCode) => c.configurationIds.includes(k.id) })) };
    case 'theory':
      return {
        name: 'theory',
        items: (project.theories ?? []).map((t) => {
          const ids = new Set(t.configurations);
          return { label: t.title, query: { theory: t.id }, has: (c: ExportCode) => c.configurationIds.some((k) => ids.has(k)) };
        }),
      };
    case 'coder': {
      const coders = [...new Set(data.articles.flatMap((a) => a.codes.map((c) => c.code.coder ?? NOT_SET)))].sort((a, b) => (a === NOT_SET ? 1 : b === NOT_SET ? -1 : a < b ? -1 : a > b ? 1 : 0));
      return { name: 'coder', items: coders.map((who) => ({ label: who, query: who === NOT_SET ? {} : { coder: who }, has: (c: ExportCode) => (c.code.coder ?? NOT_SET) === who })) };
    }
    case 'attribute': {
      const field = (project.attributes?.fields ?? []).find((f) => f.id === d.of || (f.name ?? '').toLowerCase() === d.of!.toLowerCase());
      if (!field) throw new UnknownInQuery(`no document attribute "${d.of}" in cmo-project.json`);
      return { name: field.name ?? field.id, items: attributeValues(data, field, field.id, articles).map((v) => ({ label: v, query: { attribute: { field: field.id, value: v } }, has: (_c: ExportCode, art: ExportArticle) => documentHolds(project, art.path, field.id, v) })) };
    }
  }
}

export interface CrossTab {
  title: string;
  rows: DimensionSpec;
  columns: DimensionSpec;
  count: CountUnit;
  rowLabel: string;
  columnLabels: string[];
  cells: Array<{ label: string; depth?: number; counts: number[]; /** Distinct passages (or articles) in the row: each once, whatever the columns. */ total: number; query: PassageQuery }>;
  columnTotals: number[];
  grandTotal: number;
  columnQueries: PassageQuery[];
  /** What a cell counts, in words. */
  unit: string;
  /** What the totals count, in words: once each, so they can be less than the sum of the cells. */
  totals: string;
}

/** The table of `rows` × `columns`, counting passages or articles. */
export function crossTab(data: ExportData, rows: DimensionSpec, columns: DimensionSpec, count: CountUnit = 'passages'): CrossTab {
  // Articles by what they are (attributes, the article itself): every article counts, coded or not.
  const byArticle = count === 'articles' && articleLevel(rows) && articleLevel(columns);
  const articles = byArticle ? [...data.articles, ...uncodedDocuments(data)] : data.articles;
  const r = categories(data, rows, articles);
  const c = categories(data, columns, articles);
  const counts = r.items.map(() => c.items.map(() => 0));
  const rowSets = r.items.map(() => new Set<string>());
  const colSets = c.items.map(() => new Set<string>());
  const all = new Set<string>();
  // One pass over the passages: each passage's rows and columns, then its cells.
  const seen = r.items.map(() => c.items.map(() => new Set<string>()));
  const NO_PASSAGE = [undefined as unknown as ExportCode];
  for (const article of articles) {
    // By article alone, an article is counted whether or not it has passages.
    for (const code of byArticle ? NO_PASSAGE : article.codes) {
      const key = count === 'articles' ? article.path : `${article.path}#${code.code.id}`;
      const inRows: number[] = [];
      r.items.forEach((cat, i) => cat.has(code, article) && inRows.push(i));
      if (inRows.length === 0) continue;
      const inCols: number[] = [];
      c.items.forEach((cat, j) => cat.has(code, article) && inCols.push(j));
      if (inCols.length === 0) continue;
      all.add(key);
      for (const i of inRows) {
        rowSets[i]!.add(key);
        for (const j of inCols) {
          const cell = seen[i]![j]!;
          if (cell.has(key)) continue;
          cell.add(key);
          counts[i]![j]!++;
        }
      }
      for (const j of inCols) colSets[j]!.add(key);
    }
  }
  const what = byArticle
    ? 'articles (coded or not) under both the row and the column, each counted once per cell; an article with several values of a field is under each'
    : count === 'articles'
      ? 'articles with at least one passage in both the row and the column, each counted once per cell'
      : 'coded passages in both the row and the column';
  return {
    title: `${capitalise(r.name)} × ${c.name}, ${count === 'articles' ? 'articles' : 'passages'}`,
    rows,
    columns,
    count,
    rowLabel: r.name,
    columnLabels: c.items.map((x) => x.label),
    cells: r.items.map((cat, i) => ({ label: cat.label, ...(cat.depth !== undefined ? { depth: cat.depth } : {}), counts: counts[i]!, total: rowSets[i]!.size, query: cat.query })),
    columnTotals: colSets.map((s) => s.size),
    grandTotal: all.size,
    columnQueries: c.items.map((x) => x.query),
    unit: what,
    totals: `totals count each ${count === 'articles' ? 'article' : 'passage'} once, so ${count === 'articles' ? 'an article' : 'a passage'} in several cells of a row or column makes its total less than the sum of its cells`,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** CSV: a header, one line per row with its total (each counted once), a total line; what is counted in no cell of its own. */
export function crossTabToCsv(t: CrossTab): string {
  const lines = [[t.rowLabel, ...t.columnLabels, 'total (each once)']];
  for (const r of t.cells) lines.push([r.label, ...r.counts.map(String), String(r.total)]);
  lines.push(['total (each once)', ...t.columnTotals.map(String), String(t.grandTotal)]);
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Markdown: the table, with what a cell and the totals count said under it. */
export function crossTabToMarkdown(t: CrossTab): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const out = [`## ${cell(t.title)}`, '', `| ${cell(t.rowLabel)} | ${t.columnLabels.map(cell).join(' | ')} | total |`, `|---|${t.columnLabels.map(() => '---:|').join('')}---:|`];
  for (const r of t.cells) out.push(`| ${'  '.repeat(r.depth ?? 0)}${cell(r.label)} | ${r.counts.join(' | ')} | ${r.total} |`);
  out.push(`| **total** | ${t.columnTotals.join(' | ')} | ${t.grandTotal} |`, '', `Cells: ${t.unit}. The ${t.totals}.`);
  return `${out.join('\n')}\n`;
}

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
import { themeIndent, themeParents, themes, themeTree } from '../codebook/themes';
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
}

/**
 * A dimension's categories, and the indices of those a passage (or, by
 * article, an article: `code` undefined) falls under, found by lookup: a
 * table of 5,000 article rows is as quick per passage as one of 5.
 */
interface Categories {
  name: string;
  items: Category[];
  of(code: ExportCode | undefined, article: ExportArticle): readonly number[];
}

/** Indices by key, for a dimension's lookup. */
function indexBy<K>(keys: readonly K[]): Map<K, number[]> {
  const m = new Map<K, number[]>();
  keys.forEach((k, i) => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  });
  return m;
}
const NONE: readonly number[] = [];

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

function categories(data: ExportData, d: DimensionSpec, articles: readonly ExportArticle[] = data.articles): Categories {
  const project = data.project;
  /** The rows of the codes' tags (each tag's index list, made once), merged without repeats. */
  const byTags = (rowsOf: (tag: string) => readonly number[]) => {
    const memo = new Map<string, readonly number[]>();
    return (code: ExportCode | undefined): readonly number[] => {
      const tags = code?.code.tags ?? [];
      if (tags.length === 0) return NONE;
      const one = (t: string) => memo.get(t) ?? (memo.set(t, rowsOf(t)), memo.get(t) as readonly number[]);
      if (tags.length === 1) return one(tags[0] as string);
      return [...new Set(tags.flatMap(one))];
    };
  };
  switch (d.kind) {
    case 'theme': {
      const tree = themeTree(project);
      const root = d.of === undefined ? undefined : tree.find((t) => t.theme.id === d.of || t.theme.name.toLowerCase() === d.of!.toLowerCase());
      if (d.of !== undefined && !root) throw new UnknownInQuery(`no theme "${d.of}" in the codebook of cmo-project.json`);
      const parents = themeParents(themes(project));
      const shown = root ? tree.filter((t) => parents.get(t.theme.id) === root.theme.id).map((t) => ({ ...t, depth: 0 })) : tree;
      const rowOf = new Map(shown.map((t, i) => [t.theme.id, i]));
      // Rolled up, a tag counts in its theme's row and in each shown ancestor's (up the tree's parents, cycles cut).
      const rowsOf = (tag: string): number[] => {
        if (!d.rollup) return rowOf.has(tag) ? [rowOf.get(tag) as number] : [];
        const rows: number[] = [];
        for (let t: string | null | undefined = tag; t != null; t = parents.get(t)) if (rowOf.has(t)) rows.push(rowOf.get(t) as number);
        return rows;
      };
      return {
        name: root ? root.theme.name : 'theme',
        items: shown.map(({ theme, depth }) => ({ label: theme.name, ...(d.of === undefined ? { depth } : {}), query: { theme: theme.id, subThemes: d.rollup === true } })),
        of: byTags(rowsOf),
      };
    }
    case 'role': {
      const roles = usedRoles(data);
      const at = indexBy<Role>(roles);
      return { name: 'role', items: roles.map((r) => ({ label: ROLE_INFO[r].label, query: { role: r } })), of: (c) => (c ? (at.get(c.code.role) ?? NONE) : NONE) };
    }
    case 'article': {
      const at = indexBy(articles.map((a) => a.path));
      return { name: 'article', items: articles.map((a) => ({ label: a.path, query: { article: a.path } })), of: (_c, art) => at.get(art.path) ?? NONE };
    }
    case 'configuration': {
      const confs = project.configurations ?? [];
      const at = indexBy(confs.map((k) => k.id));
      return { name: 'configuration', items: confs.map((k) => ({ label: k.title, query: { configuration: k.id } })), of: (c) => (c ? [...new Set(c.configurationIds.flatMap((k) => at.get(k) ?? []))] : NONE) };
    }
    case 'theory': {
      const theories = project.theories ?? [];
      const at = new Map<string, number[]>();
      theories.forEach((t, i) => new Set(t.configurations).forEach((k) => (at.get(k) ?? (at.set(k, []), at.get(k) as number[])).push(i)));
      return { name: 'theory', items: theories.map((t) => ({ label: t.title, query: { theory: t.id } })), of: (c) => (c ? [...new Set(c.configurationIds.flatMap((k) => at.get(k) ?? []))].sort((a, b) => a - b) : NONE) };
    }
    case 'coder': {
      const coders = [...new Set(data.articles.flatMap((a) => a.codes.map((c) => c.code.coder ?? NOT_SET)))].sort((a, b) => (a === NOT_SET ? 1 : b === NOT_SET ? -1 : a < b ? -1 : a > b ? 1 : 0));
      const at = indexBy(coders);
      return { name: 'coder', items: coders.map((who) => ({ label: who, query: who === NOT_SET ? {} : { coder: who } })), of: (c) => (c ? (at.get(c.code.coder ?? NOT_SET) ?? NONE) : NONE) };
    }
    case 'attribute': {
      const field = (project.attributes?.fields ?? []).find((f) => f.id === d.of || (f.name ?? '').toLowerCase() === d.of!.toLowerCase());
      if (!field) throw new UnknownInQuery(`no document attribute "${d.of}" in cmo-project.json`);
      const values = attributeValues(data, field, field.id, articles);
      const at = indexBy(values);
      // An article is under each of its values (documentHolds), or under "(not set)" with none.
      const of = (_c: ExportCode | undefined, art: ExportArticle): readonly number[] => {
        const held = valueList(project.attributes?.documents?.[art.path]?.[field.id]);
        return held.length ? [...new Set(held.flatMap((v) => at.get(v) ?? []))] : (at.get(NOT_SET) ?? NONE);
      };
      return { name: field.name ?? field.id, items: values.map((v) => ({ label: v, query: { attribute: { field: field.id, value: v } } })), of };
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
  const width = c.items.length;
  const counts = r.items.map(() => new Array<number>(width).fill(0));
  const rowTotals = new Array<number>(r.items.length).fill(0);
  const colTotals = new Array<number>(width).fill(0);
  let grand = 0;
  // One pass over the passages: each passage's rows and columns by lookup, then its cells. What is counted (a
  // passage, or an article) is counted once per cell, row and column: the sets of one thing at a time say so.
  const NO_PASSAGE = [undefined];
  const addAll = (cells: Set<number>, rows: Set<number>, cols: Set<number>) => {
    if (!rows.size) return;
    grand++;
    for (const cell of cells) counts[Math.floor(cell / width)]![cell % width]!++;
    for (const i of rows) rowTotals[i]!++;
    for (const j of cols) colTotals[j]!++;
  };
  for (const article of articles) {
    let cells = new Set<number>();
    let rows = new Set<number>();
    let cols = new Set<number>();
    // By article alone, an article is counted whether or not it has passages.
    const seenIds = new Set<string>();
    for (const code of byArticle ? NO_PASSAGE : article.codes) {
      if (count === 'passages') {
        // A passage id listed twice in a sidecar is one passage, as the keyed sets counted it.
        if (code && seenIds.has(code.code.id)) continue;
        if (code) seenIds.add(code.code.id);
      }
      const inRows = r.of(code, article);
      if (inRows.length === 0) continue;
      const inCols = c.of(code, article);
      if (inCols.length === 0) continue;
      for (const i of inRows) {
        rows.add(i);
        for (const j of inCols) cells.add(i * width + j);
      }
      for (const j of inCols) cols.add(j);
      if (count === 'passages') {
        addAll(cells, rows, cols);
        cells = new Set();
        rows = new Set();
        cols = new Set();
      }
    }
    if (count === 'articles') addAll(cells, rows, cols);
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
    cells: r.items.map((cat, i) => ({ label: cat.label, ...(cat.depth !== undefined ? { depth: cat.depth } : {}), counts: counts[i]!, total: rowTotals[i]!, query: cat.query })),
    columnTotals: colTotals,
    grandTotal: grand,
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
  for (const r of t.cells) out.push(`| ${themeIndent(r.depth ?? 0, '  ')}${cell(r.label)} | ${r.counts.join(' | ')} | ${r.total} |`);
  out.push(`| **total** | ${t.columnTotals.join(' | ')} | ${t.grandTotal} |`, '', `Cells: ${t.unit}. The ${t.totals}.`);
  return `${out.join('\n')}\n`;
}

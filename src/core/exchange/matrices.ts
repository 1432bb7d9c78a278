/**
 * Occurrence tables for synthesis: theme × article, role × article,
 * configuration × article, theme × role (e.g. mechanisms × process themes),
 * and articles cross-tabulated by one or two document attributes. Each is a
 * plain table the webview shows and CSV exports.
 */
import { themeTree } from '../codebook/themes';
import type { ExportData } from './exportData';
import { csvField } from './tables';
import { ROLE_INFO } from '../model/roles';
import { attributesOf, type AttributeValue, type PassageQuery } from './passages';
import { attributeValues, documentHolds, uncodedDocuments, usedRoles, type CrossTab } from './crosstab';

export interface Matrix {
  title: string;
  /** What the rows are (the header of the first column). */
  rowLabel: string;
  columns: string[];
  rows: Array<{ label: string; depth?: number; cells: number[]; /** The passages a row counts. */ query?: PassageQuery }>;
  /** What a cell counts. */
  unit: string;
  /** The passages each column counts (a cell's passages: its row's and its column's queries together). */
  columnQueries?: PassageQuery[];
  /**
   * Totals that count each passage (or article) once, where a cell may count
   * one in several columns (a cross-tabulation); absent: totals are sums.
   */
  totals?: { rows: number[]; columns: number[]; all: number; note: string };
}

/** The passages behind a cell (or a whole row or column, with the other index undefined): what the Passages view opens. */
export function cellQuery(m: Matrix, row: number | undefined, column: number | undefined): PassageQuery {
  const parts = [row === undefined ? undefined : m.rows[row]?.query, column === undefined ? undefined : m.columnQueries?.[column]].filter((q): q is PassageQuery => q !== undefined);
  const out: PassageQuery = {};
  const attributes: AttributeValue[] = [];
  for (const q of parts) {
    const { attribute: _attribute, ...rest } = q;
    Object.assign(out, rest);
    attributes.push(...attributesOf(q));
  }
  if (attributes.length) out.attribute = attributes;
  return out;
}

export type MatrixKind = 'theme-article' | 'role-article' | 'configuration-article' | 'theme-role' | 'attributes' | 'crosstab';

const total = (cells: number[]) => cells.reduce((n, x) => n + x, 0);

export function themeByArticle(data: ExportData): Matrix {
  const columns = data.articles.map((a) => a.path);
  const rows = themeTree(data.project).map(({ theme, depth }) => ({
    label: theme.name,
    depth,
    cells: data.articles.map((a) => a.codes.filter((c) => c.code.tags?.includes(theme.id)).length),
    query: { theme: theme.id, subThemes: false },
  }));
  return { title: 'Themes by article', rowLabel: 'theme', columns, rows, unit: 'coded passages tagged with the theme', columnQueries: articleQueries(data) };
}

export function roleByArticle(data: ExportData): Matrix {
  const used = usedRoles(data);
  return {
    title: 'Roles by article',
    rowLabel: 'role',
    columns: data.articles.map((a) => a.path),
    rows: used.map((r) => ({ label: ROLE_INFO[r].label, cells: data.articles.map((a) => a.codes.filter((c) => c.code.role === r).length), query: { role: r } })),
    unit: 'coded passages',
    columnQueries: articleQueries(data),
  };
}

export function configurationByArticle(data: ExportData): Matrix {
  return {
    title: 'Configurations by article',
    rowLabel: 'configuration',
    columns: data.articles.map((a) => a.path),
    rows: (data.project.configurations ?? []).map((k) => ({ label: k.title, cells: data.articles.map((a) => a.codes.filter((c) => c.configurationIds.includes(k.id)).length), query: { configuration: k.id } })),
    unit: "of the configuration's passages in the article",
    columnQueries: articleQueries(data),
  };
}

export function themeByRole(data: ExportData): Matrix {
  const used = usedRoles(data);
  const codes = data.articles.flatMap((a) => a.codes);
  return {
    title: 'Themes by role',
    rowLabel: 'theme',
    columns: used.map((r) => ROLE_INFO[r].label),
    rows: themeTree(data.project).map(({ theme, depth }) => ({ label: theme.name, depth, cells: used.map((r) => codes.filter((c) => c.code.role === r && c.code.tags?.includes(theme.id)).length), query: { theme: theme.id, subThemes: false } })),
    unit: 'coded passages with the role and the theme',
    columnQueries: used.map((r) => ({ role: r })),
  };
}

const articleQueries = (data: ExportData): PassageQuery[] => data.articles.map((a) => ({ article: a.path }));

/** Articles counted by one attribute (one column) or by two (rows × columns). */
export function attributeCrosstab(data: ExportData, rowField: string, columnField?: string): Matrix {
  const fields = data.project.attributes?.fields ?? [];
  const field = (id: string) => fields.find((f) => f.id === id);
  // Every document with attributes counts, coded or not.
  const documents = [...data.articles, ...uncodedDocuments(data)];
  const valuesOf = (id: string) => attributeValues(data, field(id), id, documents);
  const holds = (path: string, id: string, v: string) => documentHolds(data.project, path, id, v);
  const name = (id: string) => field(id)?.name ?? id;
  const rowValues = valuesOf(rowField);
  const colValues = columnField ? valuesOf(columnField) : ['articles'];
  const rows = rowValues.map((rv) => ({
    label: rv,
    // An article with several values of a field counts under each.
    cells: colValues.map((cv) => documents.filter((a) => holds(a.path, rowField, rv) && (!columnField || holds(a.path, columnField, cv))).length),
    query: { attribute: { field: rowField, value: rv } },
  }));
  return {
    title: columnField ? `Articles by ${name(rowField)} and ${name(columnField)}` : `Articles by ${name(rowField)}`,
    rowLabel: name(rowField),
    columns: colValues,
    rows,
    unit: 'articles, coded or not (one with several values of a field is under each, so a total, a sum, can count it more than once)',
    ...(columnField ? { columnQueries: colValues.map((cv) => ({ attribute: { field: columnField, value: cv } })) } : {}),
  };
}

/** A cross-tabulation (crosstab.ts) as a Matrix, for the matrices view: its totals count each passage or article once. */
export function crossTabMatrix(t: CrossTab): Matrix {
  return {
    title: t.title,
    rowLabel: t.rowLabel,
    columns: t.columnLabels,
    rows: t.cells.map((r) => ({ label: r.label, ...(r.depth !== undefined ? { depth: r.depth } : {}), cells: r.counts, query: r.query })),
    unit: t.unit,
    columnQueries: t.columnQueries,
    totals: { rows: t.cells.map((r) => r.total), columns: t.columnTotals, all: t.grandTotal, note: t.totals },
  };
}

/** The table as CSV, with a total column and row (each passage once, for a cross-tabulation). */
export function matrixToCsv(m: Matrix): string {
  const lines = [[m.rowLabel, ...m.columns, m.totals ? 'total (each once)' : 'total']];
  m.rows.forEach((r, i) => lines.push([r.label, ...r.cells.map(String), String(m.totals ? m.totals.rows[i] : total(r.cells))]));
  const colTotals = m.totals ? m.totals.columns : m.columns.map((_, i) => m.rows.reduce((n, r) => n + (r.cells[i] ?? 0), 0));
  lines.push([m.totals ? 'total (each once)' : 'total', ...colTotals.map(String), String(m.totals ? m.totals.all : total(colTotals))]);
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Matrices: occurrence tables (theme × article, role × article,
 * configuration × article, theme × role), articles by one or two
 * attributes, and any two dimensions cross-tabulated as `cmo matrix` does
 * (core crossTab: a theme subtree, role, article, configuration, theory,
 * coder or attribute; passages or articles counted), in a webview with a
 * strict CSP (text goes in by textContent), each exportable as CSV.
 */
import * as vscode from 'vscode';
import { webviewPage } from '../shared/webview';
import {
  attributeCrosstab,
  cellQuery,
  configurationByArticle,
  crossTab,
  crossTabMatrix,
  loadExportData,
  matrixToCsv,
  parseDimension,
  roleByArticle,
  themeByArticle,
  themeByRole,
  UnknownInQuery,
  type CountUnit,
  type ExportData,
  type Matrix,
  type MatrixKind,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { reviewFolder } from '../shared/folders';
import { WorkspaceFileSystem, writeExport } from '../shared/workspaceFileSystem';

export interface MatrixRequest {
  kind: MatrixKind;
  /** attributes: the row and column fields. */
  row?: string;
  column?: string;
  /** crosstab: the dimensions, as `cmo matrix --rows/--cols` take them, and what a cell counts. */
  rows?: string;
  cols?: string;
  count?: CountUnit;
}

/** The dimensions the view offers for a cross-tabulation: each codebook root with sub-themes (plain and rolled up), then the rest. */
export function dimensionChoices(data: ExportData): Array<{ spec: string; label: string }> {
  const themes = data.project.codebook ?? [];
  const roots = themes.filter((t) => !t.parent && themes.some((c) => c.parent === t.id));
  return [
    { spec: 'theme', label: 'every theme' },
    ...roots.flatMap((t) => [
      { spec: `theme:${t.id}`, label: `themes under ${t.name}` },
      { spec: `theme:${t.id}+rollup`, label: `themes under ${t.name}, with their sub-themes` },
    ]),
    { spec: 'role', label: 'role' },
    { spec: 'article', label: 'article' },
    { spec: 'configuration', label: 'configuration' },
    { spec: 'theory', label: 'theory' },
    { spec: 'coder', label: 'coder' },
    ...(data.project.attributes?.fields ?? []).map((f) => ({ spec: `attribute:${f.id}`, label: `attribute: ${f.name ?? f.id}` })),
  ];
}

export function buildMatrix(data: ExportData, r: MatrixRequest): Matrix | undefined {
  switch (r.kind) {
    case 'theme-article':
      return themeByArticle(data);
    case 'role-article':
      return roleByArticle(data);
    case 'configuration-article':
      return configurationByArticle(data);
    case 'theme-role':
      return themeByRole(data);
    case 'attributes': {
      const fields = data.project.attributes?.fields ?? [];
      const row = r.row ?? fields[0]?.id;
      return row ? attributeCrosstab(data, row, r.column || undefined) : undefined;
    }
    case 'crosstab':
      try {
        return crossTabMatrix(crossTab(data, parseDimension(r.rows ?? 'theme'), parseDimension(r.cols ?? 'role'), r.count ?? 'passages'));
      } catch (e) {
        if (e instanceof UnknownInQuery) return undefined; // a dimension the project no longer has (a deleted field): the view says so
        throw e;
      }
  }
}

export class MatricesPanel {
  private static current: MatricesPanel | undefined;
  private data: ExportData | undefined;
  private request: MatrixRequest = { kind: 'theme-article' };

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly folder: vscode.Uri,
  ) {
    panel.onDidDispose(() => (MatricesPanel.current = undefined));
    panel.webview.onDidReceiveMessage((m: { command: string; cell?: [number | null, number | null] } & Partial<MatrixRequest>) => {
      if (m.command === 'open' && m.cell) {
        void this.openCell(m.cell[0] ?? undefined, m.cell[1] ?? undefined);
        return;
      }
      if (m.command === 'ready' || m.command === 'show') {
        // "ready" is the page loading: it keeps the table asked for; "show" is the user choosing one.
        if (m.command === 'show' && m.kind) {
          this.request = { kind: m.kind, ...(m.row ? { row: m.row } : {}), ...(m.column ? { column: m.column } : {}), ...(m.rows ? { rows: m.rows } : {}), ...(m.cols ? { cols: m.cols } : {}), ...(m.count ? { count: m.count } : {}) };
        }
        void this.post();
      } else if (m.command === 'export') void this.exportCsv();
      else if (m.command === 'refresh') void this.reload().then(() => this.post());
    });
  }

  static async show(folder: vscode.Uri, request?: MatrixRequest): Promise<MatricesPanel> {
    let current = MatricesPanel.current;
    if (!current) {
      const panel = vscode.window.createWebviewPanel('cmo.matrices', 'CMO: Matrices', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: true });
      current = MatricesPanel.current = new MatricesPanel(panel, folder);
      panel.webview.html = html();
    }
    if (request) current.request = request;
    await current.reload();
    await current.post();
    current.panel.reveal();
    return current;
  }

  async reload(): Promise<void> {
    this.data = await loadExportData(new WorkspaceFileSystem(this.folder), settings().sidecarSuffix);
  }

  /** The table shown now. */
  matrix(): Matrix | undefined {
    return this.data && buildMatrix(this.data, this.request);
  }

  /** The passages behind a cell (a row's or a column's with the other undefined), in the Passages view. */
  async openCell(row: number | undefined, column: number | undefined): Promise<unknown> {
    const m = this.matrix();
    if (!m) return undefined;
    return vscode.commands.executeCommand(Commands.showPassages, cellQuery(m, row, column));
  }

  private async post(): Promise<void> {
    if (!this.data) await this.reload();
    const fields = (this.data?.project.attributes?.fields ?? []).map((f) => ({ id: f.id, name: f.name ?? f.id }));
    const dimensions = this.data ? dimensionChoices(this.data).map((d) => ({ id: d.spec, name: d.label })) : [];
    await this.panel.webview.postMessage({ type: 'matrix', request: this.request, fields, dimensions, matrix: this.matrix() ?? null });
  }

  async exportCsv(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const m = this.matrix();
    if (!m) return undefined;
    const name = m.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(this.folder, `${name}.csv`), filters: { CSV: ['csv'] } }));
    if (!uri) return undefined;
    try {
      await writeExport(uri, new TextEncoder().encode(matrixToCsv(m)));
    } catch (e) {
      void vscode.window.showErrorMessage(`CMO: ${m.title} was not exported: ${(e as Error).message}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`CMO: wrote ${m.title} to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  }
}


function html(): string {
  return webviewPage('Matrices', {
    style: `
  .bar { display: flex; gap: 0.6em; align-items: center; flex-wrap: wrap; margin: 0.8em 0; }
  select { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border); padding: 0.2em 0.4em; }
  button { font: inherit; }
  td.zero { color: var(--vscode-disabledForeground); }
  button.cell { background: none; color: var(--vscode-textLink-foreground); padding: 0; font: inherit; font-variant-numeric: tabular-nums; text-decoration: underline dotted; }
  button.cell:hover { color: var(--vscode-textLink-activeForeground); }
  tr.total td { font-weight: 600; }`,
    body: `<div class="bar">
  <label for="kind">Table</label>
  <select id="kind">
    <option value="theme-article">Themes × articles</option>
    <option value="role-article">Roles × articles</option>
    <option value="configuration-article">Configurations × articles</option>
    <option value="theme-role">Themes × roles (e.g. mechanisms × process themes)</option>
    <option value="attributes">Articles by attributes</option>
    <option value="crosstab">Any two: rows × columns (cmo matrix)</option>
  </select>
  <span id="attrs"><label for="row">rows</label> <select id="row"></select> <label for="column">columns</label> <select id="column"></select></span>
  <span id="dims"><label for="rows">rows</label> <select id="rows"></select> <label for="cols">columns</label> <select id="cols"></select>
    <label for="count">counting</label> <select id="count"><option value="passages">passages</option><option value="articles">articles (each once per cell)</option></select></span>
  <button id="export">Export CSV</button>
  <button id="refresh">Refresh</button>
</div>
<h2 id="title"></h2>
<table id="table"></table>
<p class="note" id="note"></p>
`,
    script: `(function () {
  const vscode = acquireVsCodeApi();
  const el = (id) => document.getElementById(id);
  let state = { kind: 'theme-article' };
  const send = (command) => vscode.postMessage({ command, kind: el('kind').value, row: el('row').value || undefined, column: el('column').value || undefined, rows: el('rows').value || undefined, cols: el('cols').value || undefined, count: el('count').value || undefined });
  ['kind', 'row', 'column', 'rows', 'cols', 'count'].forEach((id) => el(id).addEventListener('change', () => send('show')));
  el('export').addEventListener('click', () => send('export'));
  el('refresh').addEventListener('click', () => send('refresh'));
  function options(select, fields, value, none) {
    select.replaceChildren();
    if (none) { const o = document.createElement('option'); o.value = ''; o.textContent = '(one attribute)'; select.appendChild(o); }
    fields.forEach((f) => { const o = document.createElement('option'); o.value = f.id; o.textContent = f.name; select.appendChild(o); });
    select.value = value || (none ? '' : (fields[0] ? fields[0].id : ''));
  }
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'matrix') return;
    el('kind').value = m.request.kind;
    el('attrs').hidden = m.request.kind !== 'attributes';
    el('dims').hidden = m.request.kind !== 'crosstab';
    options(el('row'), m.fields, m.request.row, false);
    options(el('column'), m.fields, m.request.column, true);
    options(el('rows'), m.dimensions, m.request.rows || 'theme', false);
    options(el('cols'), m.dimensions, m.request.cols || 'role', false);
    el('count').value = m.request.count || 'passages';
    const t = el('table');
    t.replaceChildren();
    if (!m.matrix && m.request.kind === 'crosstab') { el('title').textContent = 'Nothing to show'; el('note').textContent = 'A dimension names what the project no longer has: choose another.'; return; }
    if (!m.matrix) { el('title').textContent = 'No attributes yet'; el('note').textContent = 'Define one with "CMO: New document attribute", then set it per article from the explorer.'; return; }
    const x = m.matrix;
    el('title').textContent = x.title;
    const head = t.insertRow();
    [x.rowLabel, ...x.columns, 'total'].forEach((h) => { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    const totals = x.columns.map(() => 0);
    // A count opens the passages behind it in the Passages view (a button: Tab reaches it, Enter opens it).
    const count = (td, c, row, column) => {
      if (c === 0) { td.textContent = '0'; td.className = 'zero'; return; }
      const b = document.createElement('button');
      b.className = 'cell';
      b.textContent = String(c);
      b.title = 'Show the passages behind this count';
      b.addEventListener('click', () => vscode.postMessage({ command: 'open', cell: [row, column] }));
      td.appendChild(b);
    };
    x.rows.forEach((r, ri) => {
      const tr = t.insertRow();
      const first = tr.insertCell();
      first.textContent = (r.depth > 12 ? '\\u2003'.repeat(12) + '(level ' + r.depth + ') ' : '\\u2003'.repeat(r.depth || 0)) + r.label;
      let sum = 0;
      r.cells.forEach((c, i) => { count(tr.insertCell(), c, ri, x.columnQueries ? i : null); sum += c; totals[i] += c; });
      count(tr.insertCell(), x.totals ? x.totals.rows[ri] : sum, ri, null);
    });
    const tr = t.insertRow();
    tr.className = 'total';
    tr.insertCell().textContent = x.totals ? 'total (each once)' : 'total';
    // Column totals may count a passage once per theme it carries, so they open nothing.
    (x.totals ? x.totals.columns : totals).forEach((c) => { tr.insertCell().textContent = String(c); });
    tr.insertCell().textContent = String(x.totals ? x.totals.all : totals.reduce((a, b) => a + b, 0));
    el('note').textContent = 'Each cell counts ' + x.unit + '.' + (x.totals ? ' The ' + x.totals.note + '.' : '') + ' Click a count (or Tab to it and press Enter) to see the passages behind it.';
  });
  vscode.postMessage({ command: 'ready' });
})();
`,
  });
}

/** "CMO: Show matrices" (also with a request, from the Themes view and tests). */
export function registerMatrices(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showMatrices, async (request?: MatrixRequest) => {
      const folder = reviewFolder();
      return folder ? MatricesPanel.show(folder, request) : undefined;
    }),
  );
}

/**
 * The Passages view (bottom panel): every coded passage of the review,
 * across articles, filtered by role, theme (with sub-themes), configuration,
 * theory, article, document attribute, coder, state (orphaned, in conflict)
 * and words in the quote or memo; grouped by article or by theme. The query
 * is core's (`queryPassages`, the same as `cmo passages`); the page script
 * (src/webview/passagesView.ts) draws only the rows in sight, so 10,000
 * passages scroll as fast as 10.
 *
 * Opened from a theme ("Show passages"), a configuration or theory, a role
 * in the status bar's tooltip, a matrix cell, or the palette. Its query and
 * grouping are kept in the workspace state, so a reload brings them back.
 * Rows open their passage in the article (selected, the article read-only
 * as always); actions on the selected rows: tag, change role, add to a
 * configuration, edit the memo.
 */
import * as vscode from 'vscode';
import {
  addCodes,
  createConfiguration,
  describeQuery,
  loadExportData,
  passageRows,
  queryPassages,
  ROLE_INFO,
  ROLES,
  themeIndent,
  themeTree,
  UnknownInQuery,
  valueList,
  type ExportData,
  type Passage,
  type PassageQuery,
  type PassageRow,
  type Role,
} from '../../core';
import { roleChoices } from '../coding/editCode';
import { revealRange } from '../coding/navigate';
import type { Session, Sessions } from '../coding/sessions';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { pickMany } from '../shared/pickMany';
import { reviewFolder } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { ProjectData } from '../shared/projectData';
import { webviewPage } from '../shared/webview';
import type { WorkspaceCaches } from '../shared/workspaceCache';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export type Grouping = 'article' | 'theme' | 'none';

export interface PassagesState {
  query: PassageQuery;
  group: Grouping;
}

/** What a row action acts on. */
export interface PassageRef {
  article: string;
  id: string;
}

const STATE_KEY = 'cmo.passages.state';
export const PASSAGES_VIEW = 'cmo.passages';

export class PassagesView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private data: ExportData | undefined;
  private loading: Promise<ExportData | undefined> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: PassagesState;
  private shown: Passage[] = [];
  private selection: PassageRef[] = [];
  /** Settles when what the page shows is current (tests wait on it). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
    files: WorkspaceFiles,
    private readonly caches: WorkspaceCaches,
  ) {
    super();
    this.state = context.workspaceState.get<PassagesState>(STATE_KEY) ?? { query: {}, group: 'article' };
    this.register(vscode.window.registerWebviewViewProvider(PASSAGES_VIEW, this, { webviewOptions: { retainContextWhenHidden: true } }));
    const changed = () => this.invalidate();
    this.register(files.onDidChangeSidecar(changed));
    this.register(files.onDidChangeProject(changed));
    this.register(files.onDidChangeOther((e) => /\.(md|txt)$/i.test(e.uri.path) && changed()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('cmo.sidecarSuffix') && changed()));
    this.onDispose(() => clearTimeout(this.timer));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', 'passagesView.js');
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview')] };
    view.webview.html = this.html(view.webview, script);
    view.webview.onDidReceiveMessage((m: Message) => void this.receive(m));
    // Hidden, it let the data go on a change (see invalidate); shown again, it catches up.
    view.onDidChangeVisibility(() => view.visible && !this.data && this.invalidate(0));
    view.onDidDispose(() => (this.view = undefined));
  }

  /** Shows the view with a query (undefined: as it was). Returns once the rows are there. */
  async show(query?: PassageQuery, group?: Grouping): Promise<Passage[]> {
    if (query) this.state = { query, group: group ?? this.state.group };
    await this.context.workspaceState.update(STATE_KEY, this.state);
    await vscode.commands.executeCommand(`${PASSAGES_VIEW}.focus`);
    await this.refresh();
    return this.shown;
  }

  /** The passages shown now, in order (for tests and the row actions). */
  rows(): Passage[] {
    return this.shown;
  }

  current(): PassagesState {
    return this.state;
  }

  private invalidate(delay = 400): void {
    this.data = undefined;
    if (!this.view?.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async load(): Promise<ExportData | undefined> {
    if (this.data) return this.data;
    const folder = reviewFolder();
    if (!folder) return undefined;
    // With the editor's cache: a change to one sidecar re-reads and re-places that article's codes, not the whole review's.
    this.loading ??= loadExportData(new WorkspaceFileSystem(folder), settings().sidecarSuffix, this.caches.of(folder)).finally(() => (this.loading = undefined));
    this.data = await this.loading;
    return this.data;
  }

  /** Runs the query and sends the rows and the choices to the page. */
  private refresh(): Promise<void> {
    const run = async () => {
      const data = await this.load();
      let error: string | undefined;
      try {
        this.shown = data ? queryPassages(data, this.state.query) : [];
      } catch (e) {
        if (!(e instanceof UnknownInQuery)) throw e;
        // A theme or configuration the query names was deleted since: say so, show nothing rather than everything.
        error = `${e.message}. Clear the filter.`;
        this.shown = [];
      }
      const shown = new Set(this.shown.map((p) => `${p.article}#${p.id}`));
      this.selection = this.selection.filter((r) => shown.has(`${r.article}#${r.id}`));
      await this.post(data, error);
    };
    this.ready = run();
    return this.ready;
  }

  private async post(data: ExportData | undefined, error?: string): Promise<void> {
    if (!this.view) return;
    const project = data?.project;
    const rows: PassageRow[] = project ? passageRows(project, this.shown) : [];
    const docs = project?.attributes?.documents ?? {};
    const choices = {
      roles: ROLES.filter((r) => r !== 'mechanism' || data?.articles.some((a) => a.codes.some((c) => c.code.role === 'mechanism'))).map((r) => ({ id: r, label: `${ROLE_INFO[r].letter} · ${ROLE_INFO[r].label}` })),
      themes: project ? themeTree(project).map(({ theme, depth }) => ({ id: theme.id, label: `${themeIndent(depth, '\u2003')}${theme.name}`, color: theme.color })) : [],
      configurations: (project?.configurations ?? []).map((c) => ({ id: c.id, label: c.title })),
      theories: (project?.theories ?? []).map((t) => ({ id: t.id, label: t.title })),
      articles: (data?.articles ?? []).map((a) => ({ id: a.path, label: a.path })),
      attributes: (project?.attributes?.fields ?? []).flatMap((f) => {
        const values = [...new Set([...(f.values ?? []), ...Object.values(docs).flatMap((d) => valueList(d[f.id]))])];
        return values.map((v) => ({ id: JSON.stringify({ field: f.id, value: v }), label: `${f.name ?? f.id} = ${v}` }));
      }),
      coders: [...new Set((data?.articles ?? []).flatMap((a) => a.codes.map((c) => c.code.coder ?? '')).filter(Boolean))].sort().map((c) => ({ id: c, label: c })),
    };
    const total = (data?.articles ?? []).reduce((n, a) => n + a.codes.length, 0);
    this.view.description = Object.keys(this.state.query).length ? `${rows.length} of ${total}` : `${total}`;
    await this.view.webview.postMessage({
      type: 'rows',
      state: this.state,
      choices,
      rows,
      total,
      description: project ? describeQuery(project, this.state.query) : 'all passages',
      themeColors: Object.fromEntries((project?.codebook ?? []).filter((t) => t.color).map((t) => [t.name, t.color])),
      roles: Object.fromEntries(ROLES.map((r) => [r, { letter: ROLE_INFO[r].letter, label: ROLE_INFO[r].label }])),
      ...(error ? { error } : {}),
      ...(data?.skipped.length ? { skipped: data.skipped.map((s) => `${s.path}: ${s.reason}`) } : {}),
      ...(reviewFolder() ? {} : { error: 'Open a folder with articles to see their passages.' }),
    });
  }

  private async receive(m: Message): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.refresh();
        return;
      case 'query':
        this.state = { query: m.query, group: m.group };
        await this.context.workspaceState.update(STATE_KEY, this.state);
        await this.refresh();
        return;
      case 'selection':
        this.selection = m.items;
        return;
      case 'open':
        await this.open(m.item, m.focus);
        return;
      case 'action':
        this.selection = m.items;
        await vscode.commands.executeCommand(ACTIONS[m.action]);
        return;
    }
  }

  /** Opens a passage in its article, selected; `focus`: move the keyboard there (else it stays in the list). */
  async open(ref: PassageRef, focus = false): Promise<vscode.TextEditor | undefined> {
    const folder = reviewFolder();
    if (!folder) return undefined;
    const uri = vscode.Uri.joinPath(folder, ...ref.article.split('/'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const code = (await this.sessions.get(doc))?.codes.get(ref.id);
    if (code?.state === 'live') return revealRange(doc, code.start, code.end, { preserveFocus: !focus, preview: true });
    void vscode.window.showWarningMessage(`CMO: the passage ${ref.id} is orphaned: its words are no longer found in ${ref.article}. The code is kept; re-attach it from the Codes view.`);
    return vscode.window.showTextDocument(doc, { preserveFocus: !focus, preview: true });
  }

  /** The rows a command acts on: given, else those selected in the view. */
  targets(given?: PassageRef[]): PassageRef[] {
    return given?.length ? given : this.selection;
  }

  /** Runs a coding change on passages, one undo step per article; returns how many were changed. */
  async editCodes(refs: PassageRef[], change: (session: Session, ids: string[]) => void): Promise<number> {
    const folder = reviewFolder();
    if (!folder) return 0;
    const byArticle = new Map<string, string[]>();
    for (const r of refs) byArticle.set(r.article, [...(byArticle.get(r.article) ?? []), r.id]);
    let n = 0;
    for (const [article, ids] of byArticle) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...article.split('/')));
      const session = await this.sessions.get(doc);
      if (!session) continue;
      const here = ids.filter((id) => session.codes.get(id));
      if (here.length && (await this.sessions.edit(session, () => change(session, here)))) n += here.length;
    }
    return n;
  }

  private html(webview: vscode.Webview, script: vscode.Uri): string {
    return webviewPage('Passages', { style: STYLE, scriptSrc: webview.asWebviewUri(script).toString(), body: `<div id="bar" role="search">
  <select id="role" aria-label="Role" title="Role"></select>
  <select id="theme" aria-label="Theme (with its sub-themes)" title="Theme (with its sub-themes)"></select>
  <select id="configuration" aria-label="Configuration" title="Configuration"></select>
  <select id="theory" aria-label="Theory" title="Theory"></select>
  <select id="article" aria-label="Article" title="Article"></select>
  <select id="attribute" aria-label="Document attribute" title="Document attribute"></select>
  <select id="coder" aria-label="Coder" title="Coder"></select>
  <select id="state" aria-label="State" title="State">
    <option value="">any state</option><option value="orphaned">orphaned</option><option value="conflicted">in a merge conflict</option><option value="placed">placed, no conflict</option>
  </select>
  <input id="grep" type="search" placeholder="Words in quote or memo" aria-label="Words in the quote or the memo">
  <select id="group" aria-label="Group by" title="Group by">
    <option value="article">by article</option><option value="theme">by theme</option><option value="none">no groups</option>
  </select>
  <button id="clear" title="Clear the filters">Clear</button>
</div>
<div id="status" role="status" aria-live="polite"></div>
<div id="actions">
  <button id="act-tag" title="Add themes to the selected passages (T)">Tag…</button>
  <button id="act-role" title="Change the role of the selected passages (R)">Role…</button>
  <button id="act-configuration" title="Add the selected passages to a configuration (K)">Add to configuration…</button>
  <button id="act-memo" title="Edit the memo of the passage (M)">Memo…</button>
  <span class="hint">↑↓ move · Shift+↑↓ or Ctrl+click select · Enter open · Ctrl+Enter open and go there</span>
</div>
<div id="list" tabindex="0" role="listbox" aria-multiselectable="true" aria-label="Passages"><div id="spacer"></div></div>
` });
  }
}

type Message =
  | { type: 'ready' }
  | { type: 'query'; query: PassageQuery; group: Grouping }
  | { type: 'selection'; items: PassageRef[] }
  | { type: 'open'; item: PassageRef; focus?: boolean }
  | { type: 'action'; action: keyof typeof ACTIONS; items: PassageRef[] };

const ACTIONS = {
  tag: 'cmo.passages.tag',
  role: 'cmo.passages.changeRole',
  configuration: 'cmo.passages.addToConfiguration',
  memo: 'cmo.passages.editMemo',
} as const;

const STYLE = `
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 0.5em; margin: 0; display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; }
  #bar, #actions { display: flex; flex-wrap: wrap; gap: 0.3em; align-items: center; padding: 0.3em 0; }
  select, input { font: inherit; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border); padding: 0.1em 0.2em; max-width: 14em; }
  input { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border-color: var(--vscode-input-border, var(--vscode-dropdown-border)); min-width: 12em; }
  select.set, input.set { border-color: var(--vscode-focusBorder); }
  button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 0.15em 0.7em; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
  :focus-visible, select:focus, input:focus, button:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .hint { color: var(--vscode-descriptionForeground); margin-left: auto; }
  #status { color: var(--vscode-descriptionForeground); padding: 0.1em 0; }
  #status.error { color: var(--vscode-errorForeground); }
  #list { flex: 1; overflow-y: auto; position: relative; outline: none; }
  #list:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  #spacer { position: relative; }
  .row { position: absolute; left: 0; right: 0; height: 40px; box-sizing: border-box; padding: 2px 6px; cursor: pointer; border-bottom: 1px solid var(--vscode-panel-border, transparent); overflow: hidden; }
  .row:hover { background: var(--vscode-list-hoverBackground); }
  .row.selected { background: var(--vscode-list-inactiveSelectionBackground); }
  #list:focus .row.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
  .row.active { outline: 1px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder)); outline-offset: -1px; }
  .line1, .line2 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; line-height: 18px; }
  .line2 { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
  .cue { display: inline-block; min-width: 1.6em; text-align: center; font-weight: 700; border-radius: 3px; margin-right: 0.4em; color: #fff; font-size: 0.85em; }
  .cue.context { background: #0072B2; } .cue.resource { background: #007A59; } .cue.reasoning { background: #9A6A00; } .cue.outcome { background: #A8487F; } .cue.mechanism { background: #B34E00; }
  .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin: 0 0.2em 0 0.5em; vertical-align: baseline; }
  .flag { margin-left: 0.5em; }
  .flag.bad { color: var(--vscode-errorForeground); }
  .group { position: absolute; left: 0; right: 0; height: 40px; box-sizing: border-box; padding: 16px 6px 2px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .group .count { font-weight: 400; color: var(--vscode-descriptionForeground); margin-left: 0.5em; }
`;

/** The commands behind the view: open it with a query, and the row actions (on the rows given, else those selected). */
export function registerPassages(context: vscode.ExtensionContext, view: PassagesView, project: ProjectData): void {
  const nothing = () => void vscode.window.showInformationMessage('CMO: select passages in the Passages view first.');
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showPassages, (query?: PassageQuery, group?: Grouping) => view.show(query && typeof query === 'object' && !(query instanceof vscode.Uri) ? query : undefined, group)),
    vscode.commands.registerCommand(Commands.passagesOfTheme, (node?: { id?: string }) => node?.id && view.show({ theme: node.id }, 'article')),
    vscode.commands.registerCommand(Commands.passagesOfTheoryItem, (node?: { kind?: string; id?: string }) => {
      if (node?.kind === 'configuration' && node.id) return view.show({ configuration: node.id }, 'article');
      if (node?.kind === 'theory' && node.id) return view.show({ theory: node.id }, 'article');
      return undefined;
    }),
    vscode.commands.registerCommand(Commands.passagesChangeRole, async (given?: PassageRef[], role?: Role) => {
      const refs = view.targets(given);
      if (!refs.length) return nothing();
      const picked =
        role ??
        (await vscode.window.showQuickPick(
          roleChoices().map((r) => ({ label: `${ROLE_INFO[r].letter}  ${ROLE_INFO[r].label}`, role: r })),
          { placeHolder: `New role for ${refs.length} passage(s)` },
        ))?.role;
      if (!picked) return 0;
      return view.editCodes(refs, (s, ids) => s.codes.setRoleOf(ids, picked));
    }),
    vscode.commands.registerCommand(Commands.passagesTag, async (given?: PassageRef[], themes?: string[]) => {
      const refs = view.targets(given);
      if (!refs.length) return nothing();
      const folder = reviewFolder();
      const p = folder && (await project.get(folder));
      if (!themes && !p?.codebook?.length) {
        void vscode.window.showInformationMessage('CMO: the codebook has no themes yet: add one in the Themes view ("New theme").');
        return 0;
      }
      const answer = themes ?? (await pickMany(themeTree(p!).map(({ theme, depth }) => ({ label: `${themeIndent(depth, '\u2003')}${theme.name}`, detail: theme.description, id: theme.id })), { placeHolder: `Themes to add to ${refs.length} passage(s) (the themes they have stay): tick with Space, or type one and press Enter` }))?.map((i) => i.id);
      if (!answer) return 0; // Escape
      const picked = answer;
      if (!picked.length) {
        void vscode.window.showInformationMessage('CMO: no theme was ticked, so no passage was tagged. Tick themes with Space (or type one and press Enter), then Enter.');
        return 0;
      }
      return view.editCodes(refs, (s, ids) => s.codes.addTagsTo(ids, picked));
    }),
    vscode.commands.registerCommand(Commands.passagesAddToConfiguration, async (given?: PassageRef[], configuration?: string) => {
      const refs = view.targets(given);
      const folder = reviewFolder();
      if (!refs.length || !folder) return nothing();
      const p = await project.get(folder);
      const NEW = '$(add) New configuration…';
      let id = configuration;
      if (!id) {
        const picked = await vscode.window.showQuickPick([...(p?.configurations ?? []).map((c) => ({ label: c.title, detail: c.statement, id: c.id })), { label: NEW, id: '' }], { placeHolder: `Add ${refs.length} passage(s) to which configuration?` });
        if (!picked) return 0;
        id = picked.id;
      }
      let newTitle: string | undefined;
      if (!id) {
        newTitle = await vscode.window.showInputBox({ title: 'New configuration', prompt: 'Its title, e.g. "Early reflection builds engagement"', validateInput: (v) => (v.trim() ? undefined : 'A configuration needs a title') });
        if (!newTitle) return 0;
      }
      const codeRefs = refs.map((r) => `${r.article}#${r.id}`);
      const next = await project.update(folder, 'Add passages to configuration', (q) => {
        if (newTitle) {
          const made = createConfiguration(q, { title: newTitle, codes: codeRefs });
          return made.project;
        }
        return addCodes(q, id as string, codeRefs);
      });
      return next ? codeRefs.length : 0;
    }),
    vscode.commands.registerCommand(Commands.passagesEditMemo, async (given?: PassageRef[]) => {
      const refs = view.targets(given);
      const folder = reviewFolder();
      if (!refs.length || !folder) return nothing();
      if (refs.length > 1) void vscode.window.showInformationMessage(`CMO: a memo belongs to one passage; editing the first of the ${refs.length} selected.`);
      const ref = refs[0] as PassageRef;
      return vscode.commands.executeCommand(Commands.editMemo, { uri: vscode.Uri.joinPath(folder, ...ref.article.split('/')).toString(), id: ref.id });
    }),
  );
}

/**
 * The Codes view: the active article's codes in text order, grouped by
 * section (Markdown headings), or by role where the article has none (a
 * plain .txt); orphaned and detached codes in a group of their own so they
 * are never out of sight. Each code shows its role letter with its themes'
 * colours beside it, and a ✎ when it has a memo. A filter (words in the
 * quote, memo or theme names) narrows the list; the selection follows the
 * cursor in the article. Clicking a code reveals its passage.
 */
import * as vscode from 'vscode';
import { excerpt, ROLE_COLOR, ROLE_INFO, ROLES, SectionIndex, type LiveCode, type Project, type Role } from '../../core';
import { Commands, ContextKeys } from '../shared/commandIds';
import { folderOf } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { ProjectData } from '../shared/projectData';
import { Refresher } from '../shared/refresh';
import type { Session, Sessions } from './sessions';

/** The role's letter in its colour, and up to three theme colours as dots down the right edge: a data URI. */
export function codeIcon(role: Role, themeColors: readonly string[]): vscode.Uri {
  const dots = themeColors.slice(0, 3).map((c, i) => `<circle cx="14" cy="${3 + i * 5}" r="2.2" fill="${c}" stroke="#8888" stroke-width="0.5"/>`).join('');
  const r = themeColors.length ? 6 : 7;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><circle cx="${r === 7 ? 8 : 6.5}" cy="8" r="${r}" fill="${ROLE_COLOR[role]}"/><text x="${r === 7 ? 8 : 6.5}" y="11.5" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="${r === 7 ? 10 : 9}" font-weight="700" text-anchor="middle" fill="#ffffff">${ROLE_INFO[role].letter}</text>${dots}</svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;base64,${btoa(svg)}`);
}

/** Code nodes carry uri and id, so commands run from the tree get the same argument as from a hover link. */
type Node = { kind: 'group'; label: string; codes: LiveCode[]; orphans: boolean; role?: Role } | { kind: 'code'; code: LiveCode; uri: string; id: string; parent?: Node };

export class CodesView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private session: Session | undefined;
  private roots: Node[] = [];
  private byId = new Map<string, Node>();
  private readonly view = this.register(vscode.window.createTreeView('cmo.codes', { treeDataProvider: this, showCollapseAll: true }));
  /** While hidden, nothing is rebuilt (a rebuild parses the article's headings); showing it catches up. */
  private readonly refresher = this.register(new Refresher(() => this.rebuild(), 250, this.view));
  /** Words the list is narrowed to (quote, memo, theme names); empty: all. */
  private filter = '';
  private project: Project | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
    private readonly projects?: ProjectData,
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor(() => void this.follow()));
    this.register(
      sessions.onDidChange((s) => {
        if (s === this.session) this.refresher.schedule();
      }),
    );
    if (projects) this.register(projects.onDidChange(() => void this.loadProject().then(() => this.refresher.schedule())));
    // The selection follows the cursor: the code under it is selected in the list (the keyboard stays in the article).
    this.register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.view.visible || e.textEditor.document !== this.session?.doc) return;
        clearTimeout(this.cursorTimer);
        this.cursorTimer = setTimeout(() => void this.selectAtCursor(e.textEditor), 150);
      }),
    );
    this.register(
      vscode.commands.registerCommand(Commands.filterCodes, async (given?: string) => {
        if (given !== undefined) return this.setFilter(given);
        const box = vscode.window.createInputBox();
        box.title = 'Filter the codes of this article';
        box.placeholder = 'Words in the quote, the memo or a theme name; empty shows all';
        box.value = this.filter;
        box.onDidChangeValue((v) => void this.setFilter(v));
        box.onDidAccept(() => box.hide());
        box.onDidHide(() => box.dispose());
        box.show();
        return undefined;
      }),
    );
    this.register(vscode.commands.registerCommand(Commands.clearCodesFilter, () => this.setFilter('')));
    this.onDispose(() => clearTimeout(this.cursorTimer));
    void this.loadProject();
    void this.follow();
  }

  private async loadProject(): Promise<void> {
    const uri = this.session?.doc.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    this.project = uri && this.projects ? await this.projects.get(uri) : undefined;
  }

  async setFilter(words: string): Promise<void> {
    this.filter = words.trim();
    void vscode.commands.executeCommand('setContext', ContextKeys.codesFiltered, !!this.filter);
    await this.refresher.now();
  }

  private matches(c: LiveCode): boolean {
    if (!this.filter) return true;
    const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ');
    const names = (c.code.tags ?? []).map((t) => this.project?.codebook?.find((x) => x.id === t)?.name ?? t);
    const hay = fold([c.code.exact, c.code.note ?? '', ...names, ROLE_INFO[c.code.role].label].join(' '));
    return fold(this.filter).split(' ').every((w) => hay.includes(w));
  }

  private async selectAtCursor(editor: vscode.TextEditor): Promise<void> {
    const s = this.session;
    if (!s || editor.document !== s.doc) return;
    const here = s.codes.at(editor.document.offsetAt(editor.selection.active));
    const code = here[here.length - 1];
    if (!code) return;
    for (const root of this.roots) this.getChildren(root);
    const node = this.byId.get(code.code.id);
    if (node && this.view.selection[0] !== node) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  private async follow(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const session = await this.sessions.get(editor.document);
    if (session && session !== this.session) {
      const folderChanged = folderOf(session.doc.uri) !== (this.session && folderOf(this.session.doc.uri));
      this.session = session;
      if (folderChanged) await this.loadProject();
      await this.refresher.now();
    }
  }

  private rebuild(): void {
    const s = this.session;
    this.byId.clear();
    this.roots = [];
    if (s) {
      const all = s.codes.all();
      const shown = all.filter((c) => this.matches(c));
      this.view.description = this.filter ? `${s.path} · “${this.filter}”: ${shown.length} of ${all.length}` : s.path;
      this.view.message = s.broken
        ? `The codes of this article do not parse (${s.sidecarPath}); see Problems.`
        : all.length === 0
          ? 'No codes yet: select a passage and press Ctrl+Alt+1…4 (Cmd+Alt on macOS): 1 Context, 2 Mechanism resource (R), 3 Mechanism reasoning (M), 4 Outcome.'
          : shown.length === 0
            ? `No code matches “${this.filter}”. Clear the filter from the view's title bar.`
            : undefined;
      const mapping = s.mapping();
      const lf = s.lfText();
      const sections = SectionIndex.forArticle(s.path, lf);
      const groups = new Map<string, LiveCode[]>();
      const loose: LiveCode[] = [];
      const NONE = '(before the first heading)';
      for (const c of shown) {
        if (c.state !== 'live') {
          loose.push(c);
          continue;
        }
        const section = sections.at(mapping.toLf(c.start)) ?? NONE;
        groups.set(section, [...(groups.get(section) ?? []), c]);
      }
      if (loose.length) this.roots.push({ kind: 'group', label: 'Orphaned: not found in the text', codes: loose, orphans: true });
      if (groups.size === 1 && groups.has(NONE)) {
        // No headings (a plain .txt): by role, in the order C, R, M, O; each group in text order.
        const codes = groups.get(NONE) ?? [];
        for (const role of ROLES) {
          const these = codes.filter((c) => c.code.role === role);
          if (these.length) this.roots.push({ kind: 'group', label: ROLE_INFO[role].label, codes: these, orphans: false, role });
        }
      } else for (const [label, codes] of groups) this.roots.push({ kind: 'group', label, codes, orphans: false });
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots;
    if (node.kind === 'group') {
      return node.codes.map((code) => {
        const child: Node = { kind: 'code', code, uri: this.session?.doc.uri.toString() ?? '', id: code.code.id, parent: node };
        this.byId.set(code.code.id, child);
        return child;
      });
    }
    return [];
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'code' ? node.parent : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.codes.length);
      item.iconPath = node.role ? vscode.Uri.joinPath(this.context.extensionUri, 'media', `role-${node.role}.svg`) : new vscode.ThemeIcon(node.orphans ? 'warning' : 'list-tree');
      item.contextValue = node.orphans ? 'cmo.group.orphans' : node.role ? 'cmo.group.role' : 'cmo.group.section';
      if (node.role) item.tooltip = `${ROLE_INFO[node.role].letter} = ${ROLE_INFO[node.role].label}`;
      return item;
    }
    const c = node.code;
    const info = ROLE_INFO[c.code.role];
    const item = new vscode.TreeItem(excerpt(c.code.exact, 80), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.session?.doc.uri.toString()}#${c.code.id}`;
    const themes = (c.code.tags ?? []).map((t) => this.project?.codebook?.find((x) => x.id === t) ?? { name: t, color: undefined });
    item.description = `${c.code.note ? '✎ ' : ''}${info.label}${themes.length ? ` · ${themes.map((t) => t.name).join(', ')}` : ''}`;
    item.iconPath = codeIcon(c.code.role, themes.map((t) => t.color).filter((x): x is string => !!x));
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${info.letter} · ${info.label}** · ${c.code.coder ?? ''} ${c.code.created ?? ''}\n\n`);
    tip.appendText(c.code.exact);
    if (c.code.note) tip.appendMarkdown('\n\n*Memo:* ').appendText(c.code.note);
    item.tooltip = tip;
    item.contextValue = `cmo.code.${c.state}`;
    const arg = { uri: this.session?.doc.uri.toString(), id: c.code.id };
    item.command = c.state === 'live' ? { command: Commands.revealCode, title: 'Reveal passage', arguments: [arg] } : { command: Commands.searchQuote, title: 'Search for the quote', arguments: [arg] };
    return item;
  }

  /** The article shown (tests, messages). */
  shownPath(): string | undefined {
    return this.session?.path;
  }

  /** The ids of the codes selected in the view (tests). */
  selectedIds(): string[] {
    return this.view.selection.flatMap((n) => (n.kind === 'code' ? [n.id] : []));
  }

  /** Settles when the view has caught up with the last change. */
  get ready(): Promise<void> {
    return this.refresher.ready;
  }

  /** Selects a code's item (from "Show in Codes view" in the hover). */
  async reveal(uri: vscode.Uri, id: string): Promise<void> {
    if (this.session?.doc.uri.toString() !== uri.toString()) {
      const session = await this.sessions.get(await vscode.workspace.openTextDocument(uri));
      if (!session) return;
      this.session = session;
      this.rebuild();
    }
    for (const root of this.roots) this.getChildren(root);
    const node = this.byId.get(id);
    if (node) await this.view.reveal(node, { select: true, focus: true, expand: true });
  }
}

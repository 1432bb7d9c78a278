/**
 * The Themes view: the codebook as a tree, with how many passages carry each
 * theme. Create, rename, describe, colour, move (drag a theme onto another,
 * or onto empty space for the top), merge and delete themes; tag passages by
 * dragging them from the Theories view onto a theme, or with "Tag the
 * passage at the cursor"; show only one theme's passages in the editor.
 * Every codebook change goes through the project's undo.
 */
import * as vscode from 'vscode';
import {
  createTheme,
  deleteTheme,
  descendants,
  describeTheme,
  importQdc,
  indexWorkspace,
  loadSidecar,
  mergeThemes,
  moveTheme,
  renameTheme,
  retag,
  saveSidecar,
  setThemeColor,
  themeTree,
  toQdc,
  withRefiNamespace,
  type Code,
  type Project,
  type Theme,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import type { Decorations } from '../coding/decorations';
import type { ProjectData, SideEffect } from '../shared/projectData';
import type { Sessions } from '../coding/sessions';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

const THEORY_MIME = 'application/vnd.code.tree.cmo.theories';
const MIME = 'application/vnd.code.tree.cmo.themes';

export interface ThemeNode {
  id: string;
}

/** A small filled circle in the theme's colour, as a data URI. */
function swatch(color: string | undefined): vscode.Uri | undefined {
  if (!color) return undefined;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="5" fill="${color}" stroke="#8888" stroke-width="1"/></svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;base64,${btoa(svg)}`);
}

export class ThemesView implements vscode.TreeDataProvider<ThemeNode>, vscode.TreeDragAndDropController<ThemeNode>, vscode.Disposable {
  readonly dragMimeTypes = [MIME];
  readonly dropMimeTypes = [MIME, THEORY_MIME];
  private readonly changed = new vscode.EventEmitter<ThemeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ThemeNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private project: Project | undefined;
  private counts = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly projectData: ProjectData,
    private readonly sessions: Sessions,
    private readonly decorations: Decorations,
  ) {
    this.view = vscode.window.createTreeView('cmo.themes', { treeDataProvider: this, dragAndDropController: this, showCollapseAll: true });
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*${settings().sidecarSuffix}`);
    this.disposables.push(
      this.view,
      watcher,
      watcher.onDidChange(() => this.schedule()),
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
      projectData.onDidChange(() => this.schedule()),
      this.view.onDidChangeVisibility((e) => e.visible && this.stale && this.schedule(0)),
    );
    this.register();
    this.schedule(0);
  }

  private folder(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** Counting passages reads every sidecar, so it waits until the view is shown (most coding happens with it collapsed). */
  private stale = true;

  private schedule(delay = 300): void {
    clearTimeout(this.timer);
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    this.ready = new Promise((resolve) => {
      this.timer = setTimeout(() => void this.refresh().then(resolve, resolve), delay);
    });
  }

  /** Reads the codebook and counts the passages of each theme. */
  async refresh(): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    this.stale = false;
    const index = await indexWorkspace(new WorkspaceFileSystem(folder), settings().sidecarSuffix);
    this.project = index.project;
    const counts = new Map<string, number>();
    for (const { code } of index.codes.values()) for (const t of code.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    this.counts = counts;
    this.changed.fire(undefined);
  }

  /** The codebook as it is now, for commands run while the view is hidden (it does not refresh then). */
  private async currentProject(): Promise<Project | undefined> {
    const folder = this.folder();
    if (this.stale && folder) this.project = await this.projectData.get(folder);
    return this.project;
  }

  /** Passages tagged with a theme (not counting sub-themes). */
  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  theme(id: string): Theme | undefined {
    return this.project?.codebook?.find((t) => t.id === id);
  }

  getChildren(node?: ThemeNode): ThemeNode[] {
    if (!this.project) return [];
    const tree = themeTree(this.project);
    if (!node) return tree.filter((x) => x.depth === 0).map((x) => ({ id: x.theme.id }));
    return tree.filter((x) => x.theme.parent === node.id && x.theme.id !== node.id).map((x) => ({ id: x.theme.id }));
  }

  getParent(node: ThemeNode): ThemeNode | undefined {
    const p = this.theme(node.id)?.parent;
    return p && this.theme(p) ? { id: p } : undefined;
  }

  getTreeItem(node: ThemeNode): vscode.TreeItem {
    const t = this.theme(node.id);
    const hasKids = this.getChildren(node).length > 0;
    const item = new vscode.TreeItem(t?.name ?? node.id, hasKids ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    const n = this.count(node.id);
    const below = [...descendants(this.project as Project, node.id)].reduce((s, id) => s + this.count(id), 0);
    item.description = below ? `${n} (+${below} below)` : String(n);
    item.tooltip = `${t?.name ?? node.id} (${node.id}): ${n} passage(s)${below ? `, ${below} more in sub-themes` : ''}${t?.description ? `\n\n${t.description}` : ''}`;
    item.iconPath = swatch(t?.color) ?? new vscode.ThemeIcon('symbol-enum');
    item.contextValue = 'cmo.theme';
    item.id = `theme:${node.id}`;
    return item;
  }

  // ---------------------------------------------------------------------------
  // Drag and drop

  handleDrag(source: readonly ThemeNode[], data: vscode.DataTransfer): void {
    data.set(MIME, new vscode.DataTransferItem(source.map((n) => n.id)));
  }

  async handleDrop(target: ThemeNode | undefined, data: vscode.DataTransfer, _token?: vscode.CancellationToken): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const themes = data.get(MIME)?.value as string[] | undefined;
    if (themes?.length) {
      await this.change('Move theme', (p) => themes.reduce((q, id) => (id === target?.id ? q : moveTheme(q, id, target?.id ?? null)), p));
      return;
    }
    const raw = data.get(THEORY_MIME)?.value;
    const items: Array<{ kind: string; ref?: string }> = Array.isArray(raw) ? raw : typeof raw === 'string' ? JSON.parse(raw) : [];
    const refs = items.filter((i) => (i.kind === 'passage' || i.kind === 'code') && i.ref).map((i) => i.ref as string);
    if (target && refs.length) await this.tagRefs(refs, target.id);
  }

  // ---------------------------------------------------------------------------
  // Changes

  private async change(label: string, fn: (p: Project) => Project, also?: SideEffect): Promise<Project | undefined> {
    const folder = this.folder();
    if (!folder) return undefined;
    const after = await this.projectData.update(folder, label, fn, true, also);
    if (after) {
      this.project = after;
      this.changed.fire(undefined);
    }
    return after;
  }

  /** Applies a change to the tags of codes in their sidecars: through the open article's session (undoable there), else on disk. */
  private async editCodes(paths: Iterable<string>, edit: (codes: Code[], article: string) => Code[]): Promise<number> {
    const folder = this.folder();
    if (!folder) return 0;
    const fs = new WorkspaceFileSystem(folder);
    const suffix = settings().sidecarSuffix;
    let changed = 0;
    for (const article of paths) {
      const session = this.sessions.all().find((s) => s.path === article);
      if (session) {
        const before = session.sidecar().codes;
        const after = edit(before, article);
        if (after === before) continue;
        await this.sessions.edit(session, () => {
          for (const c of after) {
            const old = session.codes.get(c.id);
            if (old && JSON.stringify(old.code.tags ?? []) !== JSON.stringify(c.tags ?? [])) session.codes.setTags(c.id, c.tags ?? []);
          }
        });
        changed++;
        continue;
      }
      const loaded = await loadSidecar(fs, article + suffix);
      if (loaded.state !== 'ok') continue;
      const codes = edit(loaded.value.codes, article);
      if (codes !== loaded.value.codes && (await saveSidecar(fs, article + suffix, { ...loaded.value, codes }))) changed++;
    }
    return changed;
  }

  /** The passages tagged `from`, per article, and whether each already carried `into`: enough to undo a retag exactly. */
  private async tagged(from: string, into: string | undefined): Promise<Map<string, Map<string, boolean>>> {
    const out = new Map<string, Map<string, boolean>>();
    const folder = this.folder();
    if (!folder) return out;
    const index = await indexWorkspace(new WorkspaceFileSystem(folder), settings().sidecarSuffix);
    for (const { code, article } of index.codes.values()) {
      if (!code.tags?.includes(from)) continue;
      const m = out.get(article) ?? new Map<string, boolean>();
      m.set(code.id, into !== undefined && code.tags.includes(into));
      out.set(article, m);
    }
    return out;
  }

  /**
   * Retags passages from one theme to another (or removes the tag), as a side
   * effect the project's undo reverses: undo gives each passage back exactly
   * the tags it had.
   */
  private retagging(affected: Map<string, Map<string, boolean>>, from: string, into: string | undefined): SideEffect {
    const apply = () => this.editCodes(affected.keys(), (codes) => retag(codes, from, into)).then(() => this.schedule(100));
    const restore = () =>
      this.editCodes(affected.keys(), (codes, article) => {
        const ids = affected.get(article) ?? new Map<string, boolean>();
        let touched = false;
        const out = codes.map((c) => {
          if (!ids.has(c.id)) return c;
          touched = true;
          const tags = (c.tags ?? []).filter((t) => t !== into || ids.get(c.id) === true);
          return { ...c, tags: [...new Set([...tags, from])] };
        });
        return touched ? out : codes;
      }).then(() => this.schedule(100));
    return { undo: restore, redo: apply };
  }

  /** Adds a theme to codes given by reference (`path#id`). */
  async tagRefs(refs: readonly string[], theme: string): Promise<number> {
    const byArticle = new Map<string, Set<string>>();
    for (const ref of refs) {
      const hash = ref.lastIndexOf('#');
      const set = byArticle.get(ref.slice(0, hash)) ?? new Set<string>();
      set.add(ref.slice(hash + 1));
      byArticle.set(ref.slice(0, hash), set);
    }
    const n = await this.editCodes(byArticle.keys(), (codes, article) => {
      const ids = byArticle.get(article) ?? new Set<string>();
      let touched = false;
      const out = codes.map((c) => {
        if (!ids.has(c.id) || c.tags?.includes(theme)) return c;
        touched = true;
        return { ...c, tags: [...(c.tags ?? []), theme] };
      });
      return touched ? out : codes;
    });
    this.schedule(100);
    return n;
  }

  private register(): void {
    const ask = (title: string, value = '', prompt?: string) => vscode.window.showInputBox({ title, value, prompt, validateInput: (v) => (v.trim() ? undefined : 'Type something') });
    const pickTheme = async (placeHolder: string, except?: string): Promise<string | undefined> => {
      const items = themeTree((await this.currentProject()) ?? { cmo: 1 })
        .filter((x) => x.theme.id !== except)
        .map((x) => ({ label: `${'  '.repeat(x.depth)}${x.theme.name}`, description: x.theme.id, id: x.theme.id }));
      return (await vscode.window.showQuickPick(items, { placeHolder }))?.id;
    };
    const target = (node?: ThemeNode) => node ?? this.view.selection[0];
    this.context.subscriptions.push(
      vscode.commands.registerCommand(Commands.themeNew, async (node?: ThemeNode, name?: string) => {
        const n = name ?? (await ask(node ? `New theme under "${this.theme(node.id)?.name}"` : 'New theme', '', 'Its name; it goes into the codebook in cmo-project.json'));
        if (!n) return undefined;
        let id: string | undefined;
        await this.change('New theme', (p) => {
          const r = createTheme(p, { name: n, parent: node?.id ?? null });
          id = r.id;
          return r.project;
        });
        if (id) await this.view.reveal({ id }, { select: true }).then(undefined, () => undefined);
        return id;
      }),
      vscode.commands.registerCommand(Commands.themeRename, async (node?: ThemeNode, name?: string) => {
        const t = target(node);
        if (!t) return;
        const n = name ?? (await ask('Rename theme', this.theme(t.id)?.name));
        if (n) await this.change('Rename theme', (p) => renameTheme(p, t.id, n));
      }),
      vscode.commands.registerCommand(Commands.themeDescribe, async (node?: ThemeNode, text?: string) => {
        const t = target(node);
        if (!t) return;
        const d = text ?? (await vscode.window.showInputBox({ title: `Describe "${this.theme(t.id)?.name}"`, value: this.theme(t.id)?.description ?? '', prompt: 'What the theme means, for the codebook (empty to clear)' }));
        if (d !== undefined) await this.change('Describe theme', (p) => describeTheme(p, t.id, d));
      }),
      vscode.commands.registerCommand(Commands.themeColor, async (node?: ThemeNode, color?: string) => {
        const t = target(node);
        if (!t) return;
        const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
        const c =
          color ??
          (
            await vscode.window.showQuickPick([...palette.map((p) => ({ label: p, iconPath: swatch(p) })), { label: 'Other…' }, { label: 'No colour' }], { placeHolder: 'Colour of the theme (Tableau 10; or type #rrggbb with Other…)' })
          )?.label;
        if (!c) return;
        const value = c === 'Other…' ? await vscode.window.showInputBox({ prompt: '#rrggbb', validateInput: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? undefined : 'A colour is #rrggbb') }) : c === 'No colour' ? '' : c;
        if (value !== undefined) await this.change('Colour theme', (p) => setThemeColor(p, t.id, value || undefined));
      }),
      vscode.commands.registerCommand(Commands.themeMerge, async (node?: ThemeNode, into?: string) => {
        const t = target(node);
        if (!t) return;
        const dest = into ?? (await pickTheme(`Merge "${this.theme(t.id)?.name}" into…`, t.id));
        if (!dest) return;
        const effect = this.retagging(await this.tagged(t.id, dest), t.id, dest);
        if (await this.change('Merge themes', (p) => mergeThemes(p, t.id, dest), effect)) await effect.redo();
      }),
      vscode.commands.registerCommand(Commands.themeDelete, async (node?: ThemeNode, confirmed?: boolean) => {
        const t = target(node);
        if (!t) return;
        await this.currentProject();
        const affected = await this.tagged(t.id, undefined);
        const n = [...affected.values()].reduce((sum, ids) => sum + ids.size, 0);
        const ok =
          confirmed ||
          (await vscode.window.showWarningMessage(`Delete the theme "${this.theme(t.id)?.name}"?`, { modal: true, detail: `Its sub-themes move up a level.${n ? ` ${n} passage(s) lose this tag; the passages stay.` : ''}` }, 'Delete')) === 'Delete';
        if (!ok) return;
        const effect = this.retagging(affected, t.id, undefined);
        if (await this.change('Delete theme', (p) => deleteTheme(p, t.id), effect)) await effect.redo();
      }),
      vscode.commands.registerCommand(Commands.themeFilter, async (node?: ThemeNode) => {
        const t = target(node);
        const project = await this.currentProject();
        if (!t || !project) return;
        const ids = new Set([t.id, ...descendants(project, t.id)]);
        this.decorations.setThemeFilter(ids, this.theme(t.id)?.name);
        this.view.message = `Showing only "${this.theme(t.id)?.name}" in the editor (and its sub-themes).`;
      }),
      vscode.commands.registerCommand(Commands.themeClearFilter, () => {
        this.decorations.setThemeFilter(undefined);
        this.view.message = undefined;
      }),
      vscode.commands.registerCommand(Commands.themeTagAtCursor, async (node?: ThemeNode) => {
        const t = target(node);
        const editor = vscode.window.activeTextEditor;
        const session = editor && (await this.sessions.get(editor.document));
        if (!t || !editor || !session) {
          void vscode.window.showInformationMessage('CMO: put the cursor on a coded passage in an article (or select several), then tag.');
          return 0;
        }
        const sel = editor.selection;
        const codes = session.codes.overlapping(editor.document.offsetAt(sel.start), Math.max(editor.document.offsetAt(sel.end), editor.document.offsetAt(sel.start) + 1));
        if (!codes.length) {
          void vscode.window.showInformationMessage('CMO: no coded passage at the cursor.');
          return 0;
        }
        await this.sessions.edit(session, () => {
          for (const c of codes) if (!c.code.tags?.includes(t.id)) session.codes.setTags(c.code.id, [...(c.code.tags ?? []), t.id]);
        });
        this.schedule(100);
        return codes.length;
      }),
      vscode.commands.registerCommand(Commands.codebookExport, async (target?: vscode.Uri) => {
        const folder = this.folder();
        let project = await this.currentProject();
        if (!folder || !project) return undefined;
        const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, 'codebook.qdc'), filters: { 'REFI-QDA codebook': ['qdc'] } }));
        if (!uri) return undefined;
        const r = withRefiNamespace(project);
        if (r.created) project = (await this.change('Store the REFI namespace', () => r.project)) ?? r.project;
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toQdc(project, (project.refi as { namespace: string }).namespace)));
        void vscode.window.showInformationMessage(`CMO: wrote the codebook (${project.codebook?.length ?? 0} themes) to ${vscode.workspace.asRelativePath(uri)}.`);
        return uri;
      }),
      vscode.commands.registerCommand(Commands.codebookImport, async (source?: vscode.Uri) => {
        const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'REFI-QDA codebook or project': ['qdc', 'qde'] } }))?.[0];
        if (!uri) return undefined;
        const xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        let added: string[] = [];
        await this.change('Import codebook', (p) => {
          const r = importQdc(p, xml);
          added = r.added;
          return r.project;
        });
        void vscode.window.showInformationMessage(added.length ? `CMO: added ${added.length} theme(s): ${added.join(', ')}.` : 'CMO: every theme of that codebook is already here.');
        return added;
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/**
 * The Themes view: the codebook as a tree, with how many passages carry each
 * theme. Drag a theme onto another to move it (or onto empty space for the
 * top); drop passages from the Theories view onto a theme to tag them. The
 * view shows; its commands (themeCommands.ts) act; core decides. Counting
 * reads every sidecar, so it happens only while the view is shown.
 */
import * as vscode from 'vscode';
import { descendants, indexWorkspace, moveTheme, themeTree, type Project, type Theme } from '../../core';
import { settings } from '../shared/config';
import { reviewFolder } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { ProjectData, SideEffect } from '../shared/projectData';
import { Refresher } from '../shared/refresh';
import { droppedItems, THEMES_TREE_MIME, THEORY_TREE_MIME } from '../shared/treeNodes';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import type { WorkspaceCaches } from '../shared/workspaceCache';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';
import type { Tagging } from './tagging';

export interface ThemeNode {
  kind: 'theme';
  id: string;
}

export const themeNode = (id: string): ThemeNode => ({ kind: 'theme', id });

/** A small filled circle in the theme's colour, as a data URI. */
export function swatch(color: string | undefined): vscode.Uri | undefined {
  if (!color) return undefined;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="5" fill="${color}" stroke="#8888" stroke-width="1"/></svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;base64,${btoa(svg)}`);
}

export class ThemesView extends Disposable implements vscode.TreeDataProvider<ThemeNode>, vscode.TreeDragAndDropController<ThemeNode> {
  readonly dragMimeTypes = [THEMES_TREE_MIME];
  readonly dropMimeTypes = [THEMES_TREE_MIME, THEORY_TREE_MIME];
  private readonly changed = this.register(new vscode.EventEmitter<ThemeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view = this.register(vscode.window.createTreeView('cmo.themes', { treeDataProvider: this, dragAndDropController: this, showCollapseAll: true }));
  private project: Project | undefined;
  private counts = new Map<string, number>();
  private readonly refresher = this.register(new Refresher(() => this.refresh(), 300, this.view));

  constructor(
    private readonly projectData: ProjectData,
    private readonly tagging: Tagging,
    files: WorkspaceFiles,
    private readonly caches: WorkspaceCaches,
  ) {
    super();
    this.register(files.onDidChangeSidecar(() => this.refresher.schedule()));
    this.register(projectData.onDidChange(() => this.refresher.schedule()));
    this.refresher.schedule(0);
  }

  /** Settles when the counts are current (immediately while the view is hidden). */
  get ready(): Promise<void> {
    return this.refresher.ready;
  }

  /** Recount soon (after passages were tagged). */
  schedule(delay?: number): void {
    this.refresher.schedule(delay);
  }

  folder(): vscode.Uri | undefined {
    return reviewFolder();
  }

  /** Reads the codebook and counts the passages of each theme. */
  async refresh(): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const index = await indexWorkspace(new WorkspaceFileSystem(folder), settings().sidecarSuffix, this.caches.of(folder));
    this.project = index.project;
    const counts = new Map<string, number>();
    for (const { code } of index.codes.values()) for (const t of code.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    this.counts = counts;
    this.changed.fire(undefined);
  }

  /** The codebook as it is now, also for commands run while the view is hidden (it does not refresh then). */
  async currentProject(): Promise<Project | undefined> {
    const folder = this.folder();
    if (this.refresher.stale && folder) this.project = await this.projectData.get(folder);
    return this.project;
  }

  /** Passages tagged with a theme (not counting sub-themes). */
  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  theme(id: string): Theme | undefined {
    return this.project?.codebook?.find((t) => t.id === id);
  }

  /** The selected theme, for commands run from the keyboard or the palette. */
  selected(): ThemeNode | undefined {
    return this.view.selection[0];
  }

  async reveal(id: string): Promise<void> {
    await this.view.reveal(themeNode(id), { select: true }).then(undefined, () => undefined);
  }

  /** Shows a line above the tree (the active filter), or none. */
  setMessage(message: string | undefined): void {
    this.view.message = message;
  }

  getChildren(node?: ThemeNode): ThemeNode[] {
    if (!this.project) return [];
    const tree = themeTree(this.project);
    if (!node) return tree.filter((x) => x.depth === 0).map((x) => themeNode(x.theme.id));
    return tree.filter((x) => x.theme.parent === node.id && x.theme.id !== node.id).map((x) => themeNode(x.theme.id));
  }

  getParent(node: ThemeNode): ThemeNode | undefined {
    const p = this.theme(node.id)?.parent;
    return p && this.theme(p) ? themeNode(p) : undefined;
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
    data.set(THEMES_TREE_MIME, new vscode.DataTransferItem(source.map((n) => n.id)));
  }

  async handleDrop(target: ThemeNode | undefined, data: vscode.DataTransfer, _token?: vscode.CancellationToken): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const themes = droppedItems<string>(data.get(THEMES_TREE_MIME)?.value);
    if (themes.length) {
      await this.change('Move theme', (p) => themes.reduce((q, id) => (id === target?.id ? q : moveTheme(q, id, target?.id ?? null)), p));
      return;
    }
    const items = droppedItems<{ kind: string; ref?: string }>(data.get(THEORY_TREE_MIME)?.value);
    const refs = items.filter((i) => (i.kind === 'passage' || i.kind === 'code') && i.ref).map((i) => i.ref as string);
    if (target && refs.length) await this.tagging.tagRefs(folder, refs, target.id);
  }

  /** Applies a codebook change through the project's undo; the tree follows at once. */
  async change(label: string, fn: (p: Project) => Project, also?: SideEffect): Promise<Project | undefined> {
    const folder = this.folder();
    if (!folder) return undefined;
    const after = await this.projectData.update(folder, label, fn, true, also);
    if (after) {
      this.project = after;
      this.changed.fire(undefined);
    }
    return after;
  }
}

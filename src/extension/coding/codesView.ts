/**
 * The Codes view: the active article's codes in text order, grouped by
 * section (Markdown), orphaned and detached codes in a group of their own so
 * they are never out of sight. Clicking a code reveals its passage.
 */
import * as vscode from 'vscode';
import { excerpt, ROLE_INFO, SectionIndex, type LiveCode } from '../../core';
import { Commands } from '../shared/commandIds';
import { Disposable } from '../shared/lifecycle';
import { Refresher } from '../shared/refresh';
import type { Session, Sessions } from './sessions';

/** Code nodes carry uri and id, so commands run from the tree get the same argument as from a hover link. */
type Node = { kind: 'group'; label: string; codes: LiveCode[]; orphans: boolean } | { kind: 'code'; code: LiveCode; uri: string; id: string; parent?: Node };

export class CodesView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private session: Session | undefined;
  private roots: Node[] = [];
  private byId = new Map<string, Node>();
  private readonly view = this.register(vscode.window.createTreeView('cmo.codes', { treeDataProvider: this, showCollapseAll: true }));
  /** While hidden, nothing is rebuilt (a rebuild parses the article's headings); showing it catches up. */
  private readonly refresher = this.register(new Refresher(() => this.rebuild(), 250, this.view));

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor(() => void this.follow()));
    this.register(
      sessions.onDidChange((s) => {
        if (s === this.session) this.refresher.schedule();
      }),
    );
    void this.follow();
  }

  private async follow(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const session = await this.sessions.get(editor.document);
    if (session && session !== this.session) {
      this.session = session;
      await this.refresher.now();
    }
  }

  private rebuild(): void {
    const s = this.session;
    this.byId.clear();
    this.roots = [];
    if (s) {
      this.view.description = s.path;
      this.view.message = s.broken ? `The codes of this article do not parse (${s.sidecarPath}); see Problems.` : s.codes.all().length === 0 ? 'No codes yet: select a passage and press Ctrl+Alt+1…4 (Cmd+Alt on macOS).' : undefined;
      const mapping = s.mapping();
      const lf = s.lfText();
      const sections = SectionIndex.forArticle(s.path, lf);
      const groups = new Map<string, LiveCode[]>();
      const loose: LiveCode[] = [];
      for (const c of s.codes.all()) {
        if (c.state !== 'live') {
          loose.push(c);
          continue;
        }
        const section = sections.at(mapping.toLf(c.start)) ?? '(before the first heading)';
        groups.set(section, [...(groups.get(section) ?? []), c]);
      }
      const flat = groups.size === 1 && groups.has('(before the first heading)');
      if (loose.length) this.roots.push({ kind: 'group', label: 'Orphaned: not found in the text', codes: loose, orphans: true });
      const uri = s.doc.uri.toString();
      if (flat) this.roots.push(...(groups.get('(before the first heading)') ?? []).map((code): Node => ({ kind: 'code', code, uri, id: code.code.id })));
      else for (const [label, codes] of groups) this.roots.push({ kind: 'group', label, codes, orphans: false });
      for (const root of this.roots) {
        if (root.kind === 'code') this.byId.set(root.code.code.id, root);
      }
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
      item.iconPath = new vscode.ThemeIcon(node.orphans ? 'warning' : 'list-tree');
      item.contextValue = node.orphans ? 'cmo.group.orphans' : 'cmo.group.section';
      return item;
    }
    const c = node.code;
    const info = ROLE_INFO[c.code.role];
    const item = new vscode.TreeItem(excerpt(c.code.exact, 80), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.session?.doc.uri.toString()}#${c.code.id}`;
    item.description = `${info.label}${c.code.tags?.length ? ` · ${c.code.tags.join(', ')}` : ''}`;
    item.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', `role-${c.code.role}.svg`);
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${info.label}** · ${c.code.coder ?? ''} ${c.code.created ?? ''}\n\n`);
    tip.appendText(c.code.exact);
    if (c.code.note) tip.appendMarkdown('\n\n*Memo:* ').appendText(c.code.note);
    item.tooltip = tip;
    item.contextValue = `cmo.code.${c.state}`;
    const arg = { uri: this.session?.doc.uri.toString(), id: c.code.id };
    item.command = c.state === 'live' ? { command: Commands.revealCode, title: 'Reveal passage', arguments: [arg] } : { command: Commands.searchQuote, title: 'Search for the quote', arguments: [arg] };
    return item;
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

/**
 * The Reconcile view's tree: "Compared with …" (articles → disagreements)
 * and "Merge conflicts" (articles → code conflicts, and the project file's
 * conflicts). It shows; the Reconciler acts.
 */
import * as vscode from 'vscode';
import { excerpt } from '../../core';
import { Commands } from '../shared/commandIds';
import type { WorkspaceFileSystem } from '../shared/workspaceFileSystem';
import type { Comparison } from './comparison';
import type { MergeConflicts } from './mergeConflicts';
import { roleName, type ReconcileNode, type Section } from './reconcileNodes';

export class ReconcileTree implements vscode.TreeDataProvider<ReconcileNode> {
  private readonly changed = new vscode.EventEmitter<ReconcileNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly comparison: Comparison,
    private readonly conflicts: MergeConflicts,
    private readonly folder: () => WorkspaceFileSystem | undefined,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: ReconcileNode): ReconcileNode[] {
    if (!node) {
      const out: ReconcileNode[] = [];
      if (this.comparison.target) out.push({ kind: 'section', section: 'compare' });
      if (this.conflicts.count()) out.push({ kind: 'section', section: 'conflicts' });
      return out;
    }
    if (node.kind === 'section') {
      if (node.section === 'compare') return [...this.comparison.items.keys()].sort().map((path) => ({ kind: 'article', section: 'compare', path }));
      return [
        ...[...this.conflicts.byArticle.keys()].sort().map((path): ReconcileNode => ({ kind: 'article', section: 'conflicts', path })),
        ...this.conflicts.project.map((conflict): ReconcileNode => ({ kind: 'projectConflict', conflict })),
      ];
    }
    if (node.kind === 'article') {
      if (node.section === 'compare') return (this.comparison.items.get(node.path) ?? []).map((item) => ({ kind: 'disagreement', item }));
      return (this.conflicts.byArticle.get(node.path) ?? []).map((conflict) => ({ kind: 'conflict', path: node.path, conflict }));
    }
    return [];
  }

  getParent(node: ReconcileNode): ReconcileNode | undefined {
    if (node.kind === 'disagreement') return { kind: 'article', section: 'compare', path: node.item.path };
    if (node.kind === 'conflict') return { kind: 'article', section: 'conflicts', path: node.path };
    if (node.kind === 'article') return { kind: 'section', section: node.section };
    if (node.kind === 'projectConflict') return { kind: 'section', section: 'conflicts' };
    return undefined;
  }

  /** The first item to settle in a section, preferring one article. */
  firstItem(section: Section, preferPath?: string): ReconcileNode | undefined {
    const articles = this.getChildren({ kind: 'section', section });
    const ordered = [...articles.filter((a) => a.kind === 'article' && a.path === preferPath), ...articles];
    for (const a of ordered) {
      const next = this.getChildren(a)[0];
      if (next) return next;
    }
    return undefined;
  }

  /** Every item still listed. */
  allItems(): ReconcileNode[] {
    return this.getChildren().flatMap((s) => this.getChildren(s).flatMap((a) => (a.kind === 'article' ? this.getChildren(a) : [a])));
  }

  getTreeItem(node: ReconcileNode): vscode.TreeItem {
    const E = vscode.TreeItemCollapsibleState.Expanded;
    switch (node.kind) {
      case 'section': {
        const n = { disagreements: this.comparison.count(), conflicts: this.conflicts.count() };
        const item =
          node.section === 'compare'
            ? new vscode.TreeItem(`Compared with ${this.comparison.target?.label}`, E)
            : new vscode.TreeItem('Merge conflicts', E);
        item.description = node.section === 'compare' ? `${n.disagreements} to reconcile` : `${n.conflicts} to resolve`;
        item.iconPath = new vscode.ThemeIcon(node.section === 'compare' ? 'git-compare' : 'git-merge');
        item.contextValue = `cmo.reconcile.${node.section}`;
        if (node.section === 'compare' && this.comparison.report) {
          const o = this.comparison.report.overall;
          item.tooltip = `Overall kappa ${o.kappa?.toFixed(3) ?? 'n/a'}, alpha ${o.alpha?.toFixed(3) ?? 'n/a'}; ${o.matched} codes matched. Click the graph icon for the summary.`;
        }
        return item;
      }
      case 'article': {
        const count = node.section === 'compare' ? (this.comparison.items.get(node.path)?.length ?? 0) : (this.conflicts.byArticle.get(node.path)?.length ?? 0);
        const item = new vscode.TreeItem(node.path, E);
        item.description = String(count);
        item.resourceUri = this.folder()?.uri(node.path);
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case 'disagreement': {
        const d = node.item;
        const who = d.b?.coder ?? 'theirs';
        const label = {
          role: `Role: ${roleName(d.a?.role ?? '')} (you) · ${roleName(d.b?.role ?? '')} (${who})`,
          span: `Passage: you and ${who} marked different spans (${roleName(d.a?.role ?? '')})`,
          onlyA: `Only you: ${roleName(d.a?.role ?? '')}`,
          onlyB: `Only ${who}: ${roleName(d.b?.role ?? '')}`,
        }[d.kind];
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.description = `"${excerpt((d.a ?? d.b)?.exact ?? '', 60)}"`;
        item.tooltip = [d.a ? `You (${roleName(d.a.role)}): ${excerpt(d.a.exact, 300)}` : 'You: not coded', d.b ? `${who} (${roleName(d.b.role)}): ${excerpt(d.b.exact, 300)}` : `${who}: not coded`].join('\n\n');
        item.contextValue = `cmo.disagreement.${d.kind}`;
        item.iconPath = new vscode.ThemeIcon(d.kind === 'onlyA' ? 'arrow-left' : d.kind === 'onlyB' ? 'arrow-right' : 'diff');
        item.command = { command: Commands.reconcileShow, title: 'Show both passages', arguments: [node] };
        item.id = `d:${d.key}`;
        return item;
      }
      case 'conflict': {
        const c = node.conflict;
        const code = c.ours ?? c.theirs;
        const what = c.fields.includes('deleted') ? (c.ours ? 'they deleted, you changed it' : 'you deleted, they changed it') : `both changed ${c.fields.join(', ')}`;
        const item = new vscode.TreeItem(`${roleName(code?.role ?? '')} ${c.code}: ${what}`, vscode.TreeItemCollapsibleState.None);
        if (c.fields.includes('role') && c.ours && c.theirs) item.label = `Role: ${roleName(c.ours.role)} (ours) · ${roleName(c.theirs.role)} (theirs)`;
        item.description = `"${excerpt(code?.exact ?? '', 60)}"`;
        item.contextValue = 'cmo.mergeConflict';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.command = { command: Commands.reconcileShow, title: 'Show both sides', arguments: [node] };
        item.id = `c:${node.path}#${c.code}`;
        return item;
      }
      case 'projectConflict': {
        const c = node.conflict;
        const title = (c.ours?.title ?? c.theirs?.title ?? c.ours?.name ?? c.theirs?.name ?? c.id) as string;
        const item = new vscode.TreeItem(`${c.entity === 'file' ? 'Top-level fields' : `${c.entity} "${title}"`}: ${c.fields.includes('deleted') ? 'deleted on one side, changed on the other' : `both changed ${c.fields.join(', ')}`}`, vscode.TreeItemCollapsibleState.None);
        item.description = 'cmo-project.json';
        item.tooltip = c.fields
          .filter((f) => f !== 'deleted')
          .map((f) => `${f}: ours ${shown(c.ours?.[f])} · theirs ${shown(c.theirs?.[f])}`)
          .join('\n');
        item.contextValue = 'cmo.projectConflict';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.id = `p:${c.entity}:${c.id}`;
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A conflicting value for a tooltip: text quoted, anything else as JSON, absent as such. */
function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? `"${value}"` : excerpt(JSON.stringify(value), 80);
}

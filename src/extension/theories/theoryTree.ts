/**
 * The Theories view, where theories grow: Programme theory → theories →
 * configurations → role slots → passages; "Configurations in no theory";
 * "Unassigned codes" (coded, in no configuration) by article; "Needs
 * attention" (orphaned codes, dangling references). Drag passages between
 * configurations (or from Unassigned into one) and configurations between
 * theories. Every change goes through ProjectData (atomic, undoable).
 */
import * as vscode from 'vscode';
import {
  addCodes,
  appraisalFields,
  configurationEvidence,
  excerpt,
  STANCE_CUE,
  stanceOf,
  summariseEvidence,
  indexWorkspace,
  moveCode,
  moveConfiguration,
  parseCodeRef,
  PROJECT_FILE,
  ROLE_INFO,
  serializeProject,
  unassignedCodes,
  type IndexedCode,
  type Project,
  type Role,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { reviewFolder } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { ProjectData } from '../shared/projectData';
import { Refresher } from '../shared/refresh';
import { droppedItems, THEORY_TREE_MIME } from '../shared/treeNodes';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import type { WorkspaceCaches } from '../shared/workspaceCache';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export type TheoryNode =
  | { kind: 'programme' }
  | { kind: 'theory'; id: string }
  | { kind: 'configuration'; id: string; theory?: string }
  | { kind: 'slot'; role: Role; configuration: string; theory?: string }
  | { kind: 'passage'; ref: string; configuration: string; theory?: string }
  | { kind: 'group'; which: 'loose' | 'unassigned' | 'attention' }
  | { kind: 'article'; path: string }
  | { kind: 'code'; ref: string }
  | { kind: 'problem'; uri: string; message: string; line: number };


function nodeId(n: TheoryNode): string {
  switch (n.kind) {
    case 'programme':
      return 'programme';
    case 'theory':
      return `t:${n.id}`;
    case 'configuration':
      return `k:${n.theory ?? ''}/${n.id}`;
    case 'slot':
      return `s:${n.theory ?? ''}/${n.configuration}/${n.role}`;
    case 'passage':
      return `p:${n.theory ?? ''}/${n.configuration}/${n.ref}`;
    case 'group':
      return `g:${n.which}`;
    case 'article':
      return `a:${n.path}`;
    case 'code':
      return `c:${n.ref}`;
    case 'problem':
      return `x:${n.uri}:${n.line}:${n.message}`;
  }
}

export class TheoryTree extends Disposable implements vscode.TreeDataProvider<TheoryNode>, vscode.TreeDragAndDropController<TheoryNode> {
  readonly dragMimeTypes = [THEORY_TREE_MIME];
  readonly dropMimeTypes = [THEORY_TREE_MIME];
  private readonly changed = this.register(new vscode.EventEmitter<TheoryNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view = this.register(vscode.window.createTreeView('cmo.theories', { treeDataProvider: this, dragAndDropController: this, showCollapseAll: true, canSelectMany: true }));
  private project: Project | undefined;
  private codes = new Map<string, IndexedCode>();
  /** What the tree last drew: the project as written, and the "Needs attention" problems. */
  private shownProject: string | undefined;
  private shownProblems = '[]';
  private readonly refresher = this.register(new Refresher(() => this.refresh(), 200));

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly projectData: ProjectData,
    files: WorkspaceFiles,
    private readonly caches: WorkspaceCaches,
  ) {
    super();
    this.register(files.onDidChangeSidecar(() => this.refresher.schedule()));
    this.register(projectData.onDidChange(() => this.refresher.schedule()));
    // Diagnostics only feed "Needs attention", read on demand in getChildren: redraw, do not re-read the workspace.
    this.register(
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.path.endsWith('.json'))) return;
        const shown = JSON.stringify(this.problems());
        if (shown === this.shownProblems) return;
        this.shownProblems = shown;
        this.changed.fire(undefined);
      }),
    );
    void this.refresher.now();
  }

  /** Settles when the tree's data is current: tests and reveal wait for it. */
  get ready(): Promise<void> {
    return this.refresher.ready;
  }

  /** The workspace folder the tree shows (see shared/folders.ts). */
  folder(): vscode.Uri | undefined {
    return reviewFolder();
  }

  async refresh(): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const fs = new WorkspaceFileSystem(folder);
    // One read of the project and the sidecars (ProjectData.update writes to disk before it tells anyone).
    // Only the sidecars changed since the last refresh are read again.
    const index = await indexWorkspace(fs, settings().sidecarSuffix, this.caches.of(folder));
    const project = index.project && serializeProject(index.project);
    // A redraw closes a context menu open on the tree and collapses nothing but costs a render: only when what it shows changed.
    const same = project === this.shownProject && sameCodes(index.codes, this.codes);
    this.project = index.project;
    this.codes = index.codes;
    this.shownProject = project;
    this.view.message = this.project || index.codes.size ? undefined : `No ${PROJECT_FILE} yet: code passages, then "CMO: New configuration from selection".`;
    if (same) return;
    // The redraw shows the problems of now: a diagnostics change already drawn does not draw again.
    this.shownProblems = JSON.stringify(this.problems());
    this.changed.fire(undefined);
  }

  /** "Leads to: …" for a tooltip. */
  private linksOf(x: { leadsTo?: string[] } | undefined): string[] {
    if (!x?.leadsTo?.length) return [];
    const p = this.project;
    const title = (id: string) => p?.configurations?.find((c) => c.id === id)?.title ?? p?.theories?.find((t) => t.id === id)?.title ?? id;
    return [`*Leads to:* ${x.leadsTo.map(title).join('; ')}`];
  }

  /** A code by reference, as the tree knows it. */
  code(ref: string): IndexedCode | undefined {
    return this.codes.get(ref);
  }

  getChildren(node?: TheoryNode): TheoryNode[] {
    const p = this.project;
    const confs = p?.configurations ?? [];
    const theories = p?.theories ?? [];
    if (!node) {
      const roots: TheoryNode[] = [{ kind: 'programme' }];
      const placed = new Set(theories.flatMap((t) => t.configurations));
      if (confs.some((c) => !placed.has(c.id))) roots.push({ kind: 'group', which: 'loose' });
      roots.push({ kind: 'group', which: 'unassigned' });
      if (this.problems().length) roots.push({ kind: 'group', which: 'attention' });
      return roots;
    }
    switch (node.kind) {
      case 'programme': {
        const inProgramme = p?.programme?.theories ?? [];
        // Theories outside the programme are shown too, after those in it.
        const order = [...inProgramme.filter((id) => theories.some((t) => t.id === id)), ...theories.map((t) => t.id).filter((id) => !inProgramme.includes(id))];
        return order.map((id) => ({ kind: 'theory', id }));
      }
      case 'theory':
        return (theories.find((t) => t.id === node.id)?.configurations ?? []).map((id) => ({ kind: 'configuration', id, theory: node.id }));
      case 'configuration': {
        const split = settings().mechanismSplit;
        const conf = confs.find((c) => c.id === node.id);
        const roles = new Set((conf?.codes ?? []).map((r) => this.codes.get(r)?.code.role));
        const slots: Role[] = split ? ['context', 'resource', 'reasoning', 'outcome'] : ['context', 'mechanism', 'outcome'];
        for (const r of ['resource', 'reasoning', 'mechanism'] as Role[]) if (roles.has(r) && !slots.includes(r)) slots.splice(slots.indexOf('outcome'), 0, r);
        const kids: TheoryNode[] = slots.map((role) => ({ kind: 'slot', role, configuration: node.id, theory: node.theory }));
        // Missing codes, and theme-only ones (no slot to sit in: Problems says so), directly under the configuration.
        for (const ref of conf?.codes ?? []) {
          const code = this.codes.get(ref);
          if (!code || code.code.role === 'none') kids.push({ kind: 'passage', ref, configuration: node.id, theory: node.theory });
        }
        return kids;
      }
      case 'slot': {
        const conf = confs.find((c) => c.id === node.configuration);
        return (conf?.codes ?? []).filter((ref) => this.codes.get(ref)?.code.role === node.role).map((ref) => ({ kind: 'passage', ref, configuration: node.configuration, theory: node.theory }));
      }
      case 'group':
        if (node.which === 'loose') {
          const placed = new Set(theories.flatMap((t) => t.configurations));
          return confs.filter((c) => !placed.has(c.id)).map((c) => ({ kind: 'configuration', id: c.id }));
        }
        if (node.which === 'unassigned') {
          const articles = [...new Set(this.unassigned().map((r) => this.codes.get(r)!.article))].sort();
          return articles.map((path) => ({ kind: 'article', path }));
        }
        return this.problems();
      case 'article':
        return this.unassigned()
          .filter((r) => this.codes.get(r)!.article === node.path)
          .sort((a, b) => this.codes.get(a)!.code.start - this.codes.get(b)!.code.start)
          .map((ref) => ({ kind: 'code', ref }));
      default:
        return [];
    }
  }

  private unassigned(): string[] {
    return unassignedCodes({ project: this.project, codes: this.codes });
  }

  private problems(): TheoryNode[] {
    const out: TheoryNode[] = [];
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source === 'CMO' && (d.code === 'orphaned-code' || d.code === 'dangling-reference')) out.push({ kind: 'problem', uri: uri.toString(), message: d.message, line: d.range.start.line });
      }
    }
    return out;
  }

  getParent(node: TheoryNode): TheoryNode | undefined {
    switch (node.kind) {
      case 'theory':
        return { kind: 'programme' };
      case 'configuration':
        return node.theory ? { kind: 'theory', id: node.theory } : { kind: 'group', which: 'loose' };
      case 'slot':
        return { kind: 'configuration', id: node.configuration, theory: node.theory };
      case 'passage': {
        const role = this.codes.get(node.ref)?.code.role;
        return role && role !== 'none' ? { kind: 'slot', role, configuration: node.configuration, theory: node.theory } : { kind: 'configuration', id: node.configuration, theory: node.theory };
      }
      case 'article':
        return { kind: 'group', which: 'unassigned' };
      case 'code':
        return { kind: 'article', path: this.codes.get(node.ref)?.article ?? '' };
      case 'problem':
        return { kind: 'group', which: 'attention' };
      default:
        return undefined;
    }
  }

  getTreeItem(node: TheoryNode): vscode.TreeItem {
    const p = this.project;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const None = vscode.TreeItemCollapsibleState.None;
    const item = (label: string, state: vscode.TreeItemCollapsibleState) => {
      const i = new vscode.TreeItem(label, state);
      i.id = nodeId(node);
      return i;
    };
    switch (node.kind) {
      case 'programme': {
        const i = item('Programme theory', Expanded);
        i.description = withStatement(`${(p?.theories ?? []).length} theor${(p?.theories ?? []).length === 1 ? 'y' : 'ies'}`, p?.programme?.statement);
        i.tooltip = statementTip(p?.programme?.statement, 'No programme theory statement yet: "Edit statement".');
        i.iconPath = new vscode.ThemeIcon('symbol-structure');
        i.contextValue = 'cmo.programme';
        return i;
      }
      case 'theory': {
        const t = p?.theories?.find((x) => x.id === node.id);
        const i = item(t?.title ?? `missing theory ${node.id}`, Expanded);
        i.description = withStatement(`${statusCue(t?.status)}${t?.configurations.length ?? 0} configuration(s)${p?.programme?.theories.includes(node.id) ? '' : ' · not in the programme'}`, t?.statement);
        i.tooltip = statementTip(t?.statement, 'No statement yet: "Edit statement".', this.linksOf(t), t?.status);
        i.iconPath = new vscode.ThemeIcon('symbol-class');
        i.contextValue = 'cmo.theory';
        return i;
      }
      case 'configuration': {
        const c = p?.configurations?.find((x) => x.id === node.id);
        const i = item(c?.title ?? `⚠ missing configuration ${node.id}`, Collapsed);
        // The studies behind it, by stance: "✓2 ✗1 ±2 studies".
        const evidence = c && p ? configurationEvidence(p, c, (ref) => this.codes.get(ref)?.code, appraisalFields(p)) : undefined;
        const counts = evidence ? (['supports', 'refutes', 'refines'] as const).filter((s) => evidence.byStance[s].length).map((s) => `${STANCE_CUE[s]}${evidence.byStance[s].length}`) : [];
        const parts = c && (c.if || c.then || c.because) ? [c.if && `If ${c.if}`, c.then && `then ${c.then}`, c.because && `because ${c.because}`].filter(Boolean).join(', ') : undefined;
        i.description = withStatement(`${statusCue(c?.status)}${c?.codes.length ?? 0} passage(s)${counts.length ? ` · studies ${counts.join(' ')}` : ''}`, c?.statement ?? parts);
        const summary = evidence && p ? summariseEvidence(evidence, p) : '';
        i.tooltip = statementTip(c?.statement ?? parts, 'No if … then … because … statement yet: "Edit statement".', [...(summary ? [`**Evidence:** ${summary}`] : []), ...this.linksOf(c)], c?.status);
        // A refuted or retired configuration looks it, even where the description is cut off.
        i.iconPath = new vscode.ThemeIcon(!c ? 'warning' : c.status === 'refuted' ? 'circle-slash' : c.status === 'retired' ? 'archive' : 'symbol-interface');
        i.contextValue = node.theory ? 'cmo.configuration.inTheory' : 'cmo.configuration';
        return i;
      }
      case 'slot': {
        const n = this.getChildren(node).length;
        const i = item(ROLE_INFO[node.role].label, n ? Expanded : None);
        i.description = String(n);
        i.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', `role-${node.role}.svg`);
        i.contextValue = 'cmo.slot';
        return i;
      }
      case 'passage':
      case 'code': {
        const found = this.codes.get(node.ref);
        if (!found) {
          const i = item(`⚠ missing code ${node.ref}`, None);
          i.tooltip = 'This configuration refers to a code that is not in its sidecar. Restore the code, or remove the reference.';
          i.iconPath = new vscode.ThemeIcon('warning');
          i.contextValue = node.kind === 'passage' ? 'cmo.passage.missing' : 'cmo.code.missing';
          return i;
        }
        // How the passage bears on its configuration: a cue before a refuting or refining one (in the label, so a narrow side bar shows it).
        const conf = node.kind === 'passage' ? p?.configurations?.find((x) => x.id === node.configuration) : undefined;
        const stance = conf ? stanceOf(conf, node.ref) : 'supports';
        const i = item(`${stance === 'supports' ? '' : `${STANCE_CUE[stance]} `}${excerpt(found.code.exact, 80)}`, None);
        i.description = `${stance === 'supports' ? '' : `${STANCE_CUE[stance]} ${stance} · `}${found.article.slice(found.article.lastIndexOf('/') + 1)}${found.code.section ? ` · ${found.code.section}` : ''}`;
        const tip = new vscode.MarkdownString(`**${ROLE_INFO[found.code.role].label}**${node.kind === 'passage' ? ` · ${STANCE_CUE[stance]} ${stance}` : ''} · ${found.article}\n\n`);
        tip.appendText(found.code.exact);
        if (found.code.note) tip.appendMarkdown('\n\n*Memo:* ').appendText(found.code.note);
        i.tooltip = tip;
        i.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', `role-${found.code.role}.svg`);
        i.contextValue = node.kind === 'passage' ? `cmo.passage.${stance}` : 'cmo.unassignedCode';
        const folder = this.folder();
        const parsed = parseCodeRef(node.ref);
        if (folder && !('error' in parsed)) {
          i.command = { command: Commands.revealCode, title: 'Open the passage', arguments: [{ uri: vscode.Uri.joinPath(folder, ...parsed.path.split('/')).toString(), id: parsed.id }] };
        }
        return i;
      }
      case 'group': {
        const labels = { loose: 'Configurations in no theory', unassigned: 'Unassigned codes', attention: 'Needs attention' } as const;
        const i = item(labels[node.which], node.which === 'unassigned' ? Collapsed : Expanded);
        i.description = String(node.which === 'unassigned' ? this.unassigned().length : this.getChildren(node).length);
        i.iconPath = new vscode.ThemeIcon(node.which === 'attention' ? 'warning' : node.which === 'unassigned' ? 'inbox' : 'symbol-misc');
        i.contextValue = `cmo.group.${node.which}`;
        return i;
      }
      case 'article': {
        const i = item(node.path, Collapsed);
        i.description = String(this.getChildren(node).length);
        i.iconPath = vscode.ThemeIcon.File;
        i.resourceUri = this.folder() && vscode.Uri.joinPath(this.folder()!, ...node.path.split('/'));
        return i;
      }
      case 'problem': {
        const i = item(node.message, None);
        i.iconPath = new vscode.ThemeIcon('warning');
        i.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(node.uri), { selection: new vscode.Range(node.line, 0, node.line, 0) }] };
        return i;
      }
    }
  }

  handleDrag(source: readonly TheoryNode[], data: vscode.DataTransfer): void {
    const items = source.filter((n) => n.kind === 'passage' || n.kind === 'code' || n.kind === 'configuration');
    data.set(THEORY_TREE_MIME, new vscode.DataTransferItem(items));
  }

  async handleDrop(target: TheoryNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const items = droppedItems<TheoryNode>(data.get(THEORY_TREE_MIME)?.value);
    const folder = this.folder();
    if (!folder || !target || items.length === 0) return;
    const targetConf = target.kind === 'configuration' ? target.id : target.kind === 'slot' || target.kind === 'passage' ? target.configuration : undefined;
    const targetTheory = target.kind === 'theory' ? target.id : undefined;
    await this.projectData.update(folder, 'Move in the theory tree', (project) => {
      let next = project;
      for (const item of items) {
        if ((item.kind === 'passage' || item.kind === 'code') && targetConf) {
          next = item.kind === 'passage' ? moveCode(next, item.ref, item.configuration, targetConf) : addCodes(next, targetConf, [item.ref]);
        } else if (item.kind === 'configuration' && targetTheory) {
          next = moveConfiguration(next, item.id, item.theory, targetTheory);
        }
      }
      return next;
    });
    await this.refresh();
  }

  /** Selects a node in the view (from "Reveal in theory tree" and after creating something). */
  async reveal(node: TheoryNode): Promise<void> {
    await this.ready;
    await vscode.commands.executeCommand('cmo.theories.focus');
    await this.view.reveal(node, { select: true, focus: true, expand: 2 });
  }

  /** Where a code is used: passage nodes, or its node under Unassigned codes. */
  nodesFor(ref: string): TheoryNode[] {
    const p = this.project;
    const out: TheoryNode[] = [];
    for (const c of p?.configurations ?? []) {
      if (!c.codes.includes(ref)) continue;
      const theories = (p?.theories ?? []).filter((t) => t.configurations.includes(c.id));
      if (theories.length === 0) out.push({ kind: 'passage', ref, configuration: c.id });
      for (const t of theories) out.push({ kind: 'passage', ref, configuration: c.id, theory: t.id });
    }
    return out.length ? out : this.codes.has(ref) ? [{ kind: 'code', ref }] : [];
  }
}

/** The same codes, each the very object read before (the workspace cache keeps a sidecar's codes until it changes). */
function sameCodes(a: ReadonlyMap<string, IndexedCode>, b: ReadonlyMap<string, IndexedCode>): boolean {
  if (a.size !== b.size) return false;
  for (const [ref, c] of a) {
    const d = b.get(ref);
    if (d?.code !== c.code || d.article !== c.article) return false;
  }
  return true;
}

/** "refined · " before the counts; nothing for initial. */
function statusCue(status: string | undefined): string {
  return status && status !== 'initial' ? `${status} · ` : '';
}

/** The statement where the tree shows it: after the counts, on one line ("3 passage(s) · If staff …"). */
function withStatement(counts: string, statement: string | undefined): string {
  return statement?.trim() ? `${counts} · ${excerpt(statement, 120)}` : counts;
}

/** The whole statement, as Markdown, in the tooltip, with the status and what else there is to say (evidence, links). */
function statementTip(statement: string | undefined, none: string, more: readonly string[] = [], status?: string): vscode.MarkdownString | string {
  if (!statement?.trim() && more.length === 0 && !status) return none;
  const tip = new vscode.MarkdownString();
  if (status) tip.appendMarkdown(`*Status:* ${status}\n\n`);
  if (statement?.trim()) tip.appendMarkdown(statement);
  else tip.appendText(none);
  for (const m of more) tip.appendMarkdown(`\n\n${m}`);
  return tip;
}

/**
 * The Reconcile view: what two coders did differently, one item each, and
 * the merge conflicts recorded in the workspace's files. Each item shows both
 * coders' passages together in the article (ours as coded, theirs outlined
 * and labelled) and offers accept mine, accept theirs, keep both, or edit.
 * The list shrinks as items are settled; every change goes through the
 * article's coding undo (or the project's undo).
 *
 * "Mine" is always this workspace (the working tree); "theirs" is the other
 * coding (a branch, tag, commit or folder) or, for a merge conflict, the side
 * that was merged in.
 */
import * as vscode from 'vscode';
import {
  agreementReport,
  anchorCodes,
  disagreements,
  excerpt,
  findFiles,
  isRole,
  loadCoding,
  loadProject,
  loadSidecar,
  pairCodings,
  placeCodes,
  resolveProjectConflict,
  ROLE_INFO,
  type AgreementReport,
  type Code,
  type CodeConflict,
  type Coding,
  type Disagreement,
  type FileSystem,
  type ProjectConflict,
  type Resolution,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import type { ProjectData } from '../shared/projectData';
import type { Session, Sessions } from '../coding/sessions';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export interface CompareTarget {
  label: string;
  fs: FileSystem;
  /** Stable name for remembering what was settled (e.g. "git:main", "folder:/x"). */
  key: string;
  close(): void;
}

type Node =
  | { type: 'section'; section: 'compare' | 'conflicts' }
  | { type: 'article'; section: 'compare' | 'conflicts'; path: string }
  | { type: 'disagreement'; item: Disagreement }
  | { type: 'conflict'; path: string; conflict: CodeConflict }
  | { type: 'projectConflict'; conflict: ProjectConflict };

const roleName = (r: string) => (isRole(r) ? ROLE_INFO[r].label : r);

export class Reconciler implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private folder: WorkspaceFileSystem | undefined;

  target: CompareTarget | undefined;
  private theirs: Coding | undefined;
  report: AgreementReport | undefined;
  private items = new Map<string, Disagreement[]>();
  private conflicts = new Map<string, CodeConflict[]>();
  private projectConflicts: ProjectConflict[] = [];
  private current: Node | undefined;
  private readonly theirsType: vscode.TextEditorDecorationType;
  private readonly mineType: vscode.TextEditorDecorationType;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
    private readonly project: ProjectData,
  ) {
    this.view = vscode.window.createTreeView('cmo.reconcile', { treeDataProvider: this, showCollapseAll: true });
    this.theirsType = vscode.window.createTextEditorDecorationType({
      border: '2px dashed',
      borderColor: new vscode.ThemeColor('cmo.theirsBorder'),
      overviewRulerColor: new vscode.ThemeColor('cmo.theirsBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.mineType = vscode.window.createTextEditorDecorationType({ rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed });
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{*${settings().sidecarSuffix},cmo-project.json}`);
    this.disposables.push(
      this.view,
      this.theirsType,
      this.mineType,
      watcher,
      watcher.onDidChange((uri) => this.scheduleScan(uri)),
      watcher.onDidCreate((uri) => this.scheduleScan(uri)),
      watcher.onDidDelete((uri) => this.scheduleScan(uri)),
      sessions.onDidChange((s) => this.onSession(s)),
    );
    this.folder = vscode.workspace.workspaceFolders?.[0] && new WorkspaceFileSystem(vscode.workspace.workspaceFolders[0].uri);
    void this.scan();
  }

  // ---------------------------------------------------------------------------
  // State

  private settledKey(): string {
    return `cmo.reconciled:${this.target?.key ?? ''}`;
  }
  private settled(): Set<string> {
    return new Set(this.context.workspaceState.get<string[]>(this.settledKey(), []));
  }
  private async settle(key: string): Promise<void> {
    const s = this.settled();
    s.add(key);
    await this.context.workspaceState.update(this.settledKey(), [...s]);
  }

  /** Compares the workspace with another coding and fills the list. */
  async compare(target: CompareTarget, progress?: vscode.Progress<{ message?: string }>): Promise<AgreementReport> {
    if (!this.folder) throw new Error('open a folder first');
    if (this.target !== target) this.target?.close();
    this.target = target;
    progress?.report({ message: 'reading this workspace' });
    const mine = await loadCoding(this.folder, '', settings().sidecarSuffix);
    // Unsaved coding in open articles counts as mine.
    for (const s of this.sessions.all()) {
      const article = mine.articles.get(s.path);
      if (article) article.codes = s.sidecar().codes;
    }
    progress?.report({ message: `reading ${target.label}` });
    this.theirs = await loadCoding(target.fs, '', settings().sidecarSuffix);
    progress?.report({ message: 'comparing' });
    const paired = pairCodings(mine, this.theirs);
    this.report = agreementReport(paired, true);
    const settled = this.settled();
    this.items = new Map();
    for (const p of paired.pairs) {
      const list = disagreements(p.path, p.a, p.b).filter((d) => !settled.has(d.key));
      if (list.length) this.items.set(p.path, list);
    }
    this.changed.fire(undefined);
    void vscode.commands.executeCommand('setContext', 'cmo.comparing', true);
    return this.report;
  }

  /** Recomputes one article's list from its live codes (after an action or an edit). */
  private recompute(session: Session): void {
    if (!this.theirs || !this.target) return;
    const other = this.theirs.articles.get(session.path);
    if (!other) return;
    const text = session.lfText();
    const a = session.sidecar().codes;
    const b = placeCodes(text, other.codes).placed;
    const settled = this.settled();
    const list = disagreements(session.path, a, b).filter((d) => !settled.has(d.key));
    if (list.length) this.items.set(session.path, list);
    else this.items.delete(session.path);
  }

  private readonly pendingSessions = new Map<string, ReturnType<typeof setTimeout>>();

  /** Sessions change on every keystroke: the list follows after a pause, not per key. */
  private onSession(session: Session): void {
    if (!this.items.has(session.path) && !this.theirs?.articles.has(session.path) && !session.codes.conflicts().length && !this.conflicts.has(session.path)) return;
    clearTimeout(this.pendingSessions.get(session.path));
    this.pendingSessions.set(
      session.path,
      setTimeout(() => {
        this.pendingSessions.delete(session.path);
        this.refreshSession(session);
      }, 250),
    );
  }

  private refreshSession(session: Session): void {
    if (this.items.has(session.path) || this.theirs?.articles.has(session.path)) this.recompute(session);
    const conflicts = session.codes.conflicts();
    if (conflicts.length) this.conflicts.set(session.path, [...conflicts]);
    else this.conflicts.delete(session.path);
    this.changed.fire(undefined);
  }

  private readonly pendingScans = new Map<string, ReturnType<typeof setTimeout>>();

  /** A sidecar or the project file changed: look at that one file again (after a pause), not the whole workspace. */
  private scheduleScan(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingScans.get(key));
    this.pendingScans.set(
      key,
      setTimeout(() => {
        this.pendingScans.delete(key);
        void this.scanFile(uri);
      }, 300),
    );
  }

  /** The conflicts recorded in one sidecar, from its open session if there is one, else from disk. */
  private async conflictsOf(fs: WorkspaceFileSystem, sidecarPath: string): Promise<CodeConflict[]> {
    const article = sidecarPath.slice(0, -settings().sidecarSuffix.length);
    const open = this.sessions.all().find((s) => s.path === article);
    if (open) return [...open.codes.conflicts()];
    const loaded = await loadSidecar(fs, sidecarPath);
    return loaded.state === 'ok' ? (loaded.value.conflicts ?? []) : [];
  }

  private async scanProject(fs: WorkspaceFileSystem): Promise<void> {
    const project = await loadProject(fs);
    this.projectConflicts = project.state === 'ok' ? (project.value.conflicts ?? []) : [];
  }

  private published(): void {
    void vscode.commands.executeCommand('setContext', 'cmo.hasMergeConflicts', this.conflicts.size > 0 || this.projectConflicts.length > 0);
    this.changed.fire(undefined);
  }

  private async scanFile(uri: vscode.Uri): Promise<void> {
    const fs = this.folder;
    const path = fs?.relative(uri);
    if (!fs || path === undefined) return;
    const suffix = settings().sidecarSuffix;
    if (path.endsWith(suffix)) {
      const list = await this.conflictsOf(fs, path);
      const article = path.slice(0, -suffix.length);
      if (list.length) this.conflicts.set(article, list);
      else this.conflicts.delete(article);
    } else await this.scanProject(fs);
    this.published();
  }

  /** Finds the merge conflicts recorded in every sidecar and the project file. */
  async scan(): Promise<void> {
    const fs = this.folder;
    if (!fs) return;
    const suffix = settings().sidecarSuffix;
    const next = new Map<string, CodeConflict[]>();
    for (const path of await findFiles(fs, '', (n) => n.endsWith(suffix) && n.length > suffix.length)) {
      const list = await this.conflictsOf(fs, path);
      if (list.length) next.set(path.slice(0, -suffix.length), list);
    }
    this.conflicts = next;
    await this.scanProject(fs);
    this.published();
  }

  /** Items still to settle: disagreements with the compared coding, and merge conflicts. */
  counts(): { disagreements: number; conflicts: number } {
    let d = 0;
    for (const l of this.items.values()) d += l.length;
    let c = this.projectConflicts.length;
    for (const l of this.conflicts.values()) c += l.length;
    return { disagreements: d, conflicts: c };
  }

  // ---------------------------------------------------------------------------
  // Tree

  getChildren(node?: Node): Node[] {
    if (!node) {
      const out: Node[] = [];
      if (this.target) out.push({ type: 'section', section: 'compare' });
      if (this.conflicts.size || this.projectConflicts.length) out.push({ type: 'section', section: 'conflicts' });
      return out;
    }
    if (node.type === 'section') {
      if (node.section === 'compare') return [...this.items.keys()].sort().map((path) => ({ type: 'article', section: 'compare', path }));
      return [
        ...[...this.conflicts.keys()].sort().map((path) => ({ type: 'article', section: 'conflicts', path }) as Node),
        ...this.projectConflicts.map((conflict) => ({ type: 'projectConflict', conflict }) as Node),
      ];
    }
    if (node.type === 'article') {
      if (node.section === 'compare') return (this.items.get(node.path) ?? []).map((item) => ({ type: 'disagreement', item }));
      return (this.conflicts.get(node.path) ?? []).map((conflict) => ({ type: 'conflict', path: node.path, conflict }));
    }
    return [];
  }

  getParent(node: Node): Node | undefined {
    if (node.type === 'disagreement') return { type: 'article', section: 'compare', path: node.item.path };
    if (node.type === 'conflict') return { type: 'article', section: 'conflicts', path: node.path };
    if (node.type === 'article' || node.type === 'projectConflict') return { type: 'section', section: node.type === 'article' ? node.section : 'conflicts' };
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const E = vscode.TreeItemCollapsibleState.Expanded;
    switch (node.type) {
      case 'section': {
        const n = this.counts();
        const item =
          node.section === 'compare'
            ? new vscode.TreeItem(`Compared with ${this.target?.label}`, E)
            : new vscode.TreeItem('Merge conflicts', E);
        item.description = node.section === 'compare' ? `${n.disagreements} to reconcile` : `${n.conflicts} to resolve`;
        item.iconPath = new vscode.ThemeIcon(node.section === 'compare' ? 'git-compare' : 'git-merge');
        item.contextValue = `cmo.reconcile.${node.section}`;
        if (node.section === 'compare' && this.report) {
          const o = this.report.overall;
          item.tooltip = `Overall kappa ${o.kappa?.toFixed(3) ?? 'n/a'}, alpha ${o.alpha?.toFixed(3) ?? 'n/a'}; ${o.matched} codes matched. Click the graph icon for the summary.`;
        }
        return item;
      }
      case 'article': {
        const count = node.section === 'compare' ? (this.items.get(node.path)?.length ?? 0) : (this.conflicts.get(node.path)?.length ?? 0);
        const item = new vscode.TreeItem(node.path, E);
        item.description = String(count);
        item.resourceUri = this.folder?.uri(node.path);
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
        const item = new vscode.TreeItem(`${c.entity} "${title}": ${c.fields.includes('deleted') ? 'deleted on one side, changed on the other' : `both changed ${c.fields.join(', ')}`}`, vscode.TreeItemCollapsibleState.None);
        item.description = 'cmo-project.json';
        item.tooltip = c.fields
          .filter((f) => f !== 'deleted')
          .map((f) => `${f}: ours "${String(c.ours?.[f] ?? '')}" · theirs "${String(c.theirs?.[f] ?? '')}"`)
          .join('\n');
        item.contextValue = 'cmo.projectConflict';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.id = `p:${c.entity}:${c.id}`;
        return item;
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Showing both sides

  private async openSession(path: string): Promise<{ session: Session; editor: vscode.TextEditor } | undefined> {
    if (!this.folder) return undefined;
    const doc = await vscode.workspace.openTextDocument(this.folder.uri(path));
    const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
    const session = await this.sessions.get(doc);
    return session && { session, editor };
  }

  /** Where a stored code (LF offsets, maybe from another copy of the text) is in this editor, or undefined. */
  private rangeOf(session: Session, editor: vscode.TextEditor, code: Code): vscode.Range | undefined {
    const live = session.codes.get(code.id);
    const text = session.lfText();
    let start: number;
    let end: number;
    if (live && live.state === 'live' && live.code.exact === code.exact) {
      start = live.start;
      end = live.end;
    } else {
      const r = anchorCodes(text, [code])[0];
      if (!r || r.status === 'orphaned') return undefined;
      const m = session.mapping();
      start = m.fromLf(r.start);
      end = m.fromLf(r.end);
    }
    return new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end));
  }

  /** Opens the article with both passages: ours as coded and labelled, theirs outlined and labelled. */
  async show(node: Node | undefined = this.current): Promise<void> {
    if (!node) return;
    this.current = node;
    let path: string;
    let mine: Code | undefined;
    let theirs: Code | undefined;
    let theirsWho: string;
    let mineWho = 'you';
    if (node.type === 'disagreement') {
      ({ path, a: mine, b: theirs } = node.item);
      theirsWho = node.item.b?.coder ?? this.target?.label ?? 'theirs';
    } else if (node.type === 'conflict') {
      path = node.path;
      mine = node.conflict.ours ?? undefined;
      theirs = node.conflict.theirs ?? undefined;
      theirsWho = 'theirs';
      mineWho = 'ours';
    } else return;
    const opened = await this.openSession(path);
    if (!opened) return;
    const { session, editor } = opened;
    const mineRange = mine && this.rangeOf(session, editor, mine);
    const theirsRange = theirs && this.rangeOf(session, editor, theirs);
    const label = (text: string): vscode.DecorationInstanceRenderOptions => ({
      before: { contentText: text, color: new vscode.ThemeColor('descriptionForeground'), fontStyle: 'italic', margin: '0 0.4em 0 0' },
    });
    editor.setDecorations(this.mineType, mineRange ? [{ range: mineRange, renderOptions: label(`${mineWho}: ${roleName(mine?.role ?? '')} ▸`) }] : []);
    editor.setDecorations(
      this.theirsType,
      theirsRange ? [{ range: theirsRange, hoverMessage: `${theirsWho}: ${roleName(theirs?.role ?? '')}`, renderOptions: { after: { contentText: ` ◂ ${theirsWho}: ${roleName(theirs?.role ?? '')}`, color: new vscode.ThemeColor('cmo.theirsBorder'), fontStyle: 'italic' } } }] : [],
    );
    const focus = mineRange && theirsRange ? mineRange.union(theirsRange) : (mineRange ?? theirsRange);
    if (focus) {
      editor.selection = new vscode.Selection(focus.start, focus.end);
      editor.revealRange(focus, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (theirs) void vscode.window.showWarningMessage(`CMO: their passage ("${excerpt(theirs.exact, 60)}") is not in your copy of ${path}.`);
  }

  private clearMarks(): void {
    for (const e of vscode.window.visibleTextEditors) {
      e.setDecorations(this.theirsType, []);
      e.setDecorations(this.mineType, []);
    }
  }

  // ---------------------------------------------------------------------------
  // Settling

  async resolve(how: Resolution | 'edit', given?: Node): Promise<boolean> {
    // From a button: that item; from the keyboard or the palette: the selected item, else the one shown last.
    const node = given ?? this.view.selection[0] ?? this.current;
    if (!node) {
      void vscode.window.showInformationMessage('CMO: pick an item in the Reconcile view first.');
      return false;
    }
    if (how === 'edit') {
      await this.show(node);
      void vscode.window.showInformationMessage('CMO: both passages are shown. Change your code with the CMO commands (change role, re-attach to the selection, delete); the item goes when your codes agree, or choose Accept mine to close it as it is.');
      return true;
    }
    if (node.type === 'projectConflict') {
      if (how === 'both' || !this.folder) return false;
      const c = node.conflict;
      const done = await this.project.update(this.folder.root, how === 'mine' ? 'Keep our side' : 'Take their side', (p) => resolveProjectConflict(p, c.entity, c.id, how) ?? p);
      if (done) {
        this.projectConflicts = done.conflicts ?? [];
        this.changed.fire(undefined);
      }
      return !!done;
    }
    if (node.type !== 'disagreement' && node.type !== 'conflict') return false;
    const path = node.type === 'disagreement' ? node.item.path : node.path;
    const opened = await this.openSession(path);
    if (!opened) return false;
    const { session } = opened;
    const lf = session.lfText();
    const mapping = session.mapping();
    let ok = true;
    if (node.type === 'conflict') {
      ok = await this.sessions.edit(session, () => {
        ok = session.codes.resolveConflict(node.conflict.code, how, lf, mapping);
      });
      this.refreshSession(session);
    } else {
      const d = node.item;
      if (how === 'mine' || (how === 'both' && d.kind === 'onlyA')) await this.settle(d.key);
      else if (d.kind === 'onlyA') ok = await this.sessions.edit(session, () => session.codes.delete((d.a as Code).id));
      else if (d.kind === 'onlyB' || how === 'both') {
        ok = await this.sessions.edit(session, () => {
          ok = session.codes.adopt(d.b as Code, lf, mapping) !== undefined;
        });
        if (!ok) void vscode.window.showWarningMessage(`CMO: their passage is not in your copy of ${path}, so it could not be coded here.`);
      } else {
        ok = await this.sessions.edit(session, () => {
          ok = session.codes.takeRoleAndSpan((d.a as Code).id, d.b as Code, lf, mapping);
        });
      }
      this.recompute(session);
    }
    this.clearMarks();
    this.changed.fire(undefined);
    this.current = undefined;
    await this.showNext(node);
    return ok;
  }

  /** After settling an item, the next one in the same article (or the first anywhere) is shown. */
  private async showNext(after: Node): Promise<void> {
    const section = after.type === 'conflict' ? 'conflicts' : 'compare';
    const path = after.type === 'disagreement' ? after.item.path : after.type === 'conflict' ? after.path : undefined;
    const articles = this.getChildren({ type: 'section', section });
    const ordered = [...articles.filter((a) => a.type === 'article' && a.path === path), ...articles];
    for (const a of ordered) {
      const next = this.getChildren(a)[0];
      if (next) {
        await this.view.reveal(next, { select: true, focus: false }).then(undefined, () => undefined);
        await this.show(next);
        return;
      }
    }
  }

  /** Ends the comparison: the list, the outlines and the other coding go; what was settled stays settled. */
  closeComparison(): void {
    this.target?.close();
    this.target = undefined;
    this.theirs = undefined;
    this.report = undefined;
    this.items = new Map();
    this.current = undefined;
    this.clearMarks();
    void vscode.commands.executeCommand('setContext', 'cmo.comparing', false);
    this.changed.fire(undefined);
  }

  /** Every item still listed, for tests and the summary. */
  allItems(): Node[] {
    return this.getChildren().flatMap((s) => this.getChildren(s).flatMap((a) => (a.type === 'article' ? this.getChildren(a) : [a])));
  }

  dispose(): void {
    for (const t of this.pendingScans.values()) clearTimeout(t);
    for (const t of this.pendingSessions.values()) clearTimeout(t);
    this.target?.close();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

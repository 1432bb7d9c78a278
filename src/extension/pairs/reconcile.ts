/**
 * The Reconcile view: what two coders did differently, one item each, and
 * the merge conflicts recorded in the workspace's files. Each item shows both
 * coders' passages together in the article and offers accept mine, accept
 * theirs, keep both, or edit. The list shrinks as items are settled; every
 * change goes through the article's coding undo (or the project's undo).
 *
 * "Mine" is always this workspace (the working tree); "theirs" is the other
 * coding (a branch, tag, commit or folder) or, for a merge conflict, the side
 * that was merged in. The parts: comparison.ts (the comparison's state),
 * mergeConflicts.ts (recorded conflicts), reconcileTree.ts (the tree),
 * bothSides.ts (the overlay in the editor); this file wires them and settles.
 */
import * as vscode from 'vscode';
import { decisionOn, emptyReconciliation, keyOfDecision, loadReconciliation, RECONCILIATION_FILE, recordComparison, resolveProjectConflict, serializeReconciliation, withDecision, withoutDecision, type AgreementReport, type Code, type Disagreement, type Reconciliation, type Resolution } from '../../core';
import { coderName, platform, settings, today } from '../shared/config';
import type { Session, Sessions } from '../coding/sessions';
import { reviewFolder } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import type { ProjectData } from '../shared/projectData';
import { Debouncer } from '../shared/refresh';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';
import { BothSides } from './bothSides';
import { Comparison, type CompareTarget } from './comparison';
import { MergeConflicts } from './mergeConflicts';
import type { ReconcileNode } from './reconcileNodes';
import { ReconcileTree } from './reconcileTree';

export type { CompareTarget } from './comparison';

/** Whether decisions go to reconciliation.json: the setting cmo.reconciliation.record, in a trusted workspace. */
const recording = () => settings().recordReconciliation && vscode.workspace.isTrusted;

export class Reconciler extends Disposable {
  private readonly comparison: Comparison;
  private readonly conflicts: MergeConflicts;
  private readonly tree: ReconcileTree;
  private readonly view: vscode.TreeView<ReconcileNode>;
  private readonly bothSides: BothSides;
  private readonly pending = this.register(new Debouncer());
  private current: ReconcileNode | undefined;
  /** Changes to reconciliation.json, one after another (each reads the file afresh). */
  private recordWrites: Promise<unknown> = Promise.resolve();

  constructor(
    context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
    private readonly project: ProjectData,
    files: WorkspaceFiles,
  ) {
    super();
    this.comparison = new Comparison(context.workspaceState, sessions);
    this.conflicts = new MergeConflicts(sessions);
    this.tree = this.register(new ReconcileTree(this.comparison, this.conflicts, () => this.folder()));
    this.view = this.register(vscode.window.createTreeView('cmo.reconcile', { treeDataProvider: this.tree, showCollapseAll: true }));
    this.bothSides = this.register(new BothSides((path) => this.openSession(path)));
    this.onDispose(() => this.comparison.target?.close());
    // A sidecar or the project file changed: look at that one file again (after a pause), not the whole workspace.
    const onFile = (uri: vscode.Uri) => this.pending.schedule(`file:${uri.toString()}`, 300, () => this.scanFile(uri));
    this.register(files.onDidChangeSidecar((e) => onFile(e.uri)));
    this.register(files.onDidChangeProject((e) => onFile(e.uri)));
    this.register(sessions.onDidChange((s) => this.onSession(s)));
    void this.scan();
  }

  private folder(): WorkspaceFileSystem | undefined {
    const root = reviewFolder();
    return root && new WorkspaceFileSystem(root);
  }

  get target(): CompareTarget | undefined {
    return this.comparison.target;
  }

  get report(): AgreementReport | undefined {
    return this.comparison.report;
  }

  /** Compares the workspace with another coding and fills the list. */
  async compare(target: CompareTarget, progress?: vscode.Progress<{ message?: string }>): Promise<AgreementReport> {
    const fs = this.folder();
    if (!fs) throw new Error('open a folder first');
    const report = await this.comparison.compare(fs, target, progress);
    this.tree.refresh();
    void vscode.commands.executeCommand('setContext', 'cmo.comparing', true);
    return report;
  }

  /** Sessions change on every keystroke: the list follows after a pause, not per key. */
  private onSession(session: Session): void {
    const compared = this.comparison.items.has(session.path) || this.comparison.covers(session.path);
    if (!compared && !session.codes.conflicts().length && !this.conflicts.has(session.path)) return;
    this.pending.schedule(`session:${session.path}`, 250, () => {
      if (compared) {
        this.comparison.recompute(session);
        void this.followDecisions(session.path);
      }
      this.conflicts.fromSession(session);
      this.tree.refresh();
    });
  }

  private published(): void {
    void vscode.commands.executeCommand('setContext', 'cmo.hasMergeConflicts', this.conflicts.count() > 0);
    this.tree.refresh();
  }

  private async scanFile(uri: vscode.Uri): Promise<void> {
    const fs = this.folder();
    const path = fs?.relative(uri);
    if (!fs || path === undefined) return;
    await this.conflicts.scanFile(fs, path);
    this.published();
  }

  /** Finds the merge conflicts recorded in every sidecar and the project file. */
  async scan(): Promise<void> {
    const fs = this.folder();
    if (!fs) return;
    await this.conflicts.scan(fs);
    this.published();
  }

  /** Items still to settle: disagreements with the compared coding, and merge conflicts. */
  counts(): { disagreements: number; conflicts: number } {
    return { disagreements: this.comparison.count(), conflicts: this.conflicts.count() };
  }

  getChildren(node?: ReconcileNode): ReconcileNode[] {
    return this.tree.getChildren(node);
  }

  getTreeItem(node: ReconcileNode): vscode.TreeItem {
    return this.tree.getTreeItem(node);
  }

  /** Every item still listed, for tests and the summary. */
  allItems(): ReconcileNode[] {
    return this.tree.allItems();
  }

  private async openSession(path: string): Promise<{ session: Session; editor: vscode.TextEditor } | undefined> {
    const fs = this.folder();
    if (!fs) return undefined;
    const doc = await vscode.workspace.openTextDocument(fs.uri(path));
    const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
    const session = await this.sessions.get(doc);
    return session && { session, editor };
  }

  /** Opens the article with both passages (the item given, else the one shown last). */
  async show(node: ReconcileNode | undefined = this.current): Promise<void> {
    if (!node) return;
    this.current = node;
    await this.bothSides.show(node, this.comparison.target?.label ?? 'theirs');
  }

  // ---------------------------------------------------------------------------
  // Settling

  /**
   * Changes reconciliation.json: read afresh (a pull may have brought
   * decisions since the comparison was made), changed, written. A record
   * that does not parse is not written, and the warning says why. Returns
   * whether it wrote.
   */
  private updateRecord(what: string, change: (r: Reconciliation | undefined) => Reconciliation | undefined): Promise<boolean> {
    const fs = this.folder();
    if (!fs || !recording()) return Promise.resolve(false);
    const run = async () => {
      const loaded = await loadReconciliation(fs);
      if (loaded.state === 'invalid') {
        void vscode.window.showWarningMessage(`CMO: ${what} was not recorded: ${loaded.problem}`);
        return false;
      }
      const next = change(loaded.state === 'ok' ? loaded.value : undefined);
      if (!next) return false;
      await fs.writeFile(RECONCILIATION_FILE, new TextEncoder().encode(serializeReconciliation(next)));
      return true;
    };
    const done = this.recordWrites.then(run, run);
    this.recordWrites = done.catch(() => undefined);
    return done;
  }

  /**
   * Writes a decision on a disagreement to reconciliation.json (and, with the
   * first one, the agreement this comparison found before anything was
   * settled), asking why unless `why` is given (Escape or Enter: no reason).
   * Off with cmo.reconciliation.record, and in an untrusted workspace.
   */
  private async recordDecision(d: Disagreement, how: Resolution | 'edit', why?: string): Promise<void> {
    // Checked before asking why: with recording off nothing is asked.
    const target = this.comparison.target;
    if (!recording() || !this.folder() || !target) return;
    const reason = why ?? (await vscode.window.showInputBox({ title: `CMO: Why "${how === 'mine' ? 'accept mine' : how === 'theirs' ? 'accept theirs' : how === 'both' ? 'keep both' : 'edit'}"?`, prompt: `For the shared record (${RECONCILIATION_FILE}), e.g. "we agreed this is reasoning, not resource". Optional: Enter or Escape records no reason.`, ignoreFocusOut: true }));
    const by = await coderName(platform());
    const date = today();
    const decision = decisionOn(d, how, { by, date, ...(reason?.trim() ? { why: reason.trim() } : {}), against: target.label });
    // The agreement found when the comparison was made, before this session settled anything.
    const before = this.comparison.report;
    const wrote = await this.updateRecord('the decision', (r) => {
      const record = withDecision(r, decision);
      return before ? recordComparison(record, { date, by, against: target.label, articles: before.compared.articles, kappa: before.overall.kappa, kappaCodedText: before.codedText.kappa }) : record;
    });
    if (wrote) this.comparison.decided(decision);
  }

  /**
   * A decision taken in this comparison follows its change: an undo (or a
   * change that could not be made) lists its item again and takes the
   * decision out of the record, so that no later comparison hides an item
   * still open; a redo settles it again and puts the decision back.
   */
  private async followDecisions(path: string): Promise<void> {
    const { withdraw, restore } = this.comparison.drifted(path);
    if (!withdraw.length && !restore.length) return;
    const wrote = await this.updateRecord('the undo of a decision', (r) => {
      // No record: nothing to take out, and no file is made for that.
      if (!r && !restore.length) return undefined;
      let record = r ?? emptyReconciliation();
      for (const d of withdraw) record = withoutDecision(record, keyOfDecision(d), d.by);
      for (const d of restore) record = withDecision(record, d);
      return record;
    });
    if (!wrote) return;
    this.comparison.followed(withdraw, false);
    this.comparison.followed(restore, true);
  }

  async resolve(how: Resolution | 'edit', given?: ReconcileNode, why?: string): Promise<boolean> {
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
    if (node.kind === 'projectConflict') {
      const folder = this.folder();
      if (how === 'both' || !folder) return false;
      const c = node.conflict;
      const done = await this.project.update(folder.root, how === 'mine' ? 'Keep our side' : 'Take their side', (p) => resolveProjectConflict(p, c.entity, c.id, how) ?? p);
      if (done) {
        this.conflicts.project = done.conflicts ?? [];
        this.tree.refresh();
      }
      return !!done;
    }
    if (node.kind !== 'disagreement' && node.kind !== 'conflict') return false;
    const path = node.kind === 'disagreement' ? node.item.path : node.path;
    const opened = await this.openSession(path);
    if (!opened) return false;
    const { session } = opened;
    const lf = session.lfText();
    const mapping = session.mapping();
    let ok = true;
    if (node.kind === 'conflict') {
      ok = await this.sessions.edit(session, () => {
        ok = session.codes.resolveConflict(node.conflict.code, how, lf, mapping);
      });
      this.conflicts.fromSession(session);
    } else {
      const d = node.item;
      await this.recordDecision(d, how, why);
      if (how === 'mine' || (how === 'both' && d.kind === 'onlyA')) await this.comparison.settle(d.key);
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
      this.comparison.recompute(session);
      await this.followDecisions(path);
    }
    this.bothSides.clear();
    this.published();
    this.current = undefined;
    await this.showNext(node);
    return ok;
  }

  /** After settling an item, the next one in the same article (or the first anywhere) is shown. */
  private async showNext(after: ReconcileNode): Promise<void> {
    const section = after.kind === 'conflict' ? 'conflicts' : 'compare';
    const path = after.kind === 'disagreement' ? after.item.path : after.kind === 'conflict' ? after.path : undefined;
    const next = this.tree.firstItem(section, path);
    if (!next) return;
    await this.view.reveal(next, { select: true, focus: false }).then(undefined, () => undefined);
    await this.show(next);
  }

  /** Ends the comparison: the list, the outlines and the other coding go; what was settled stays settled. */
  closeComparison(): void {
    this.comparison.close();
    this.current = undefined;
    this.bothSides.clear();
    void vscode.commands.executeCommand('setContext', 'cmo.comparing', false);
    this.tree.refresh();
  }
}

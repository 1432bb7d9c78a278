/**
 * A comparison of this workspace's coding ("mine", the working tree) with
 * another ("theirs": a branch, tag, commit or folder): the agreement report
 * and, per article, the disagreements still to settle. What was settled with
 * "accept mine" is remembered per comparison in the workspace state.
 */
import * as vscode from 'vscode';
import { agreementReport, decidedKeys, disagreements, keyOfDecision, keyOfDisagreement, loadCoding, loadReconciliation, pairCodings, placeCodes, type AgreementReport, type Coding, type DecisionRecord, type Disagreement, type FileSystem } from '../../core';
import type { Session, Sessions } from '../coding/sessions';
import { settings } from '../shared/config';

export interface CompareTarget {
  label: string;
  fs: FileSystem;
  /** Stable name for remembering what was settled (e.g. "git:main", "folder:/x"). */
  key: string;
  close(): void;
}

export class Comparison {
  target: CompareTarget | undefined;
  report: AgreementReport | undefined;
  /** Disagreements still to settle, per article path. */
  items = new Map<string, Disagreement[]>();
  private theirs: Coding | undefined;
  /**
   * Items the record had decided when this comparison was made: hidden. A
   * decision taken during it is written to the record but does not hide its
   * item here, so undoing the change brings the item back.
   */
  private decidedAtStart = new Set<string>();
  /**
   * Decisions written during this comparison, by item: one stays in force
   * while its item is settled, and no longer holds while the item is listed
   * again (its change undone, or not made).
   */
  private decidedHere = new Map<string, { decision: DecisionRecord; inForce: boolean }>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly sessions: Sessions,
  ) {}

  private settledKey(): string {
    return `cmo.reconciled:${this.target?.key ?? ''}`;
  }
  private settled(): Set<string> {
    return new Set(this.state.get<string[]>(this.settledKey(), []));
  }
  async settle(key: string): Promise<void> {
    const s = this.settled();
    s.add(key);
    await this.state.update(this.settledKey(), [...s]);
  }

  /** Settled here ("accept mine", remembered in the workspace state) or decided in the shared record. */
  private isSettled(d: Disagreement): boolean {
    return this.settled().has(d.key) || this.decidedAtStart.has(keyOfDisagreement(d));
  }

  /** Whether the other coding has this article. */
  covers(path: string): boolean {
    return !!this.theirs?.articles.has(path);
  }

  /** Compares the workspace with another coding and fills the list. */
  async compare(mineFs: FileSystem, target: CompareTarget, progress?: vscode.Progress<{ message?: string }>): Promise<AgreementReport> {
    if (this.target !== target) this.target?.close();
    this.target = target;
    progress?.report({ message: 'reading this workspace' });
    const mine = await loadCoding(mineFs, '', settings().sidecarSuffix);
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
    const loaded = await loadReconciliation(mineFs);
    // Items the shared record (reconciliation.json) decided are not listed; a record that does not parse hides none.
    this.decidedAtStart = decidedKeys(loaded.state === 'ok' ? loaded.value : undefined);
    this.decidedHere = new Map();
    this.items = new Map();
    for (const p of paired.pairs) {
      const list = disagreements(p.path, p.a, p.b).filter((d) => !this.isSettled(d));
      if (list.length) this.items.set(p.path, list);
    }
    return this.report;
  }

  /** Recomputes one article's list from its live codes (after an action or an edit). */
  recompute(session: Session): void {
    if (!this.theirs || !this.target) return;
    const other = this.theirs.articles.get(session.path);
    if (!other) return;
    const text = session.lfText();
    const b = placeCodes(text, other.codes).placed;
    const list = disagreements(session.path, session.sidecar().codes, b).filter((d) => !this.isSettled(d));
    if (list.length) this.items.set(session.path, list);
    else this.items.delete(session.path);
  }

  /** A decision written to the record during this comparison. */
  decided(decision: DecisionRecord): void {
    this.decidedHere.set(keyOfDecision(decision), { decision, inForce: true });
  }

  /**
   * Decisions of this comparison on an article's items that the coding no
   * longer bears out: in force but listed again (`withdraw`), or withdrawn
   * and settled again, by a redo (`restore`).
   */
  drifted(path: string): { withdraw: DecisionRecord[]; restore: DecisionRecord[] } {
    const listed = new Set((this.items.get(path) ?? []).map(keyOfDisagreement));
    const withdraw: DecisionRecord[] = [];
    const restore: DecisionRecord[] = [];
    for (const [key, d] of this.decidedHere) {
      if (d.decision.article !== path) continue;
      if (d.inForce && listed.has(key)) withdraw.push(d.decision);
      else if (!d.inForce && !listed.has(key)) restore.push(d.decision);
    }
    return { withdraw, restore };
  }

  /** The record now holds `inForce` for these decisions. */
  followed(decisions: readonly DecisionRecord[], inForce: boolean): void {
    for (const decision of decisions) {
      const d = this.decidedHere.get(keyOfDecision(decision));
      if (d) d.inForce = inForce;
    }
  }

  count(): number {
    let n = 0;
    for (const l of this.items.values()) n += l.length;
    return n;
  }

  /** Ends the comparison; what was settled stays settled. */
  close(): void {
    this.target?.close();
    this.target = undefined;
    this.theirs = undefined;
    this.report = undefined;
    this.items = new Map();
    this.decidedHere = new Map();
  }
}

/**
 * Both coders' passages together in the article: ours as coded, with a
 * "you: role ▸" label, theirs outlined (cmo.theirsBorder) with
 * "◂ bob: role". Their passage is placed on our text by its quote.
 */
import * as vscode from 'vscode';
import { anchorCodes, excerpt, type Code } from '../../core';
import type { Session } from '../coding/sessions';
import { Disposable } from '../shared/lifecycle';
import { roleName, type ReconcileNode } from './reconcileNodes';

export class BothSides extends Disposable {
  private readonly theirsType = this.register(
    vscode.window.createTextEditorDecorationType({
      border: '2px dashed',
      borderColor: new vscode.ThemeColor('cmo.theirsBorder'),
      overviewRulerColor: new vscode.ThemeColor('cmo.theirsBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  private readonly mineType = this.register(vscode.window.createTextEditorDecorationType({ rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed }));

  /** @param open opens an article (by path) beside, with its session */
  constructor(private readonly open: (path: string) => Promise<{ session: Session; editor: vscode.TextEditor } | undefined>) {
    super();
  }

  /** Where a stored code (LF offsets, maybe from another copy of the text) is in this editor, or undefined. */
  rangeOf(session: Session, editor: vscode.TextEditor, code: Code): vscode.Range | undefined {
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
  async show(node: ReconcileNode, theirsLabel: string): Promise<void> {
    let path: string;
    let mine: Code | undefined;
    let theirs: Code | undefined;
    let theirsWho: string;
    let mineWho = 'you';
    if (node.kind === 'disagreement') {
      ({ path, a: mine, b: theirs } = node.item);
      theirsWho = node.item.b?.coder ?? theirsLabel;
    } else if (node.kind === 'conflict') {
      path = node.path;
      mine = node.conflict.ours ?? undefined;
      theirs = node.conflict.theirs ?? undefined;
      theirsWho = 'theirs';
      mineWho = 'ours';
    } else return;
    const opened = await this.open(path);
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

  clear(): void {
    for (const e of vscode.window.visibleTextEditors) {
      e.setDecorations(this.theirsType, []);
      e.setDecorations(this.mineType, []);
    }
  }
}

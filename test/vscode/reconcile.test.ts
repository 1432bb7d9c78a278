import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { conflictMarkerText, mergeSidecars, parseSidecarText, selectorFor, serializeSidecar, type Code, type Sidecar } from '../../src/core';
import type { Api } from '../../src/extension/activate';
import type { AgreementReport } from '../../src/core';
import { cmoDiagnostics, EXTENSION_ID, file, read, root, waitFor, write } from './helpers';

const TXT = 'papers/masterson-2024.txt';
const MD = 'papers/masterson-2024.md';
const BOB_QUOTE = 'Ninety-three peer-review articles informed our programme theory development.';

async function api(): Promise<Api> {
  return (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
}
const parse = (text: string): Sidecar => {
  const r = parseSidecarText('x', text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const labels = (a: Api) => a.reconciler.allItems().map((n) => String(a.reconciler.getTreeItem(n).label));

describe('Pairs: compare, reconcile, merge conflicts', () => {
  const saved: Record<string, string> = {};
  let other: string;
  before(async () => {
    for (const p of [TXT + '.cmo.json', MD + '.cmo.json', 'THEORY.md', 'cmo-project.json']) saved[p] = await read(p);
    // Bob's copy of the workspace: he coded the first context passage as a resource, added an outcome, and did not code "c8space".
    other = mkdtempSync(path.join(tmpdir(), 'cmo-bob-'));
    cpSync(root().fsPath, other, { recursive: true });
    const text = readFileSync(path.join(other, TXT), 'utf8');
    const bob = parse(saved[TXT + '.cmo.json']!);
    const start = text.indexOf(BOB_QUOTE);
    bob.codes = [
      ...bob.codes.filter((c) => c.id !== 'c8space').map((c) => (c.id === 'c1ctx4hs' ? { ...c, role: 'resource' as const, coder: 'bob' } : c)),
      { id: 'bobcode1', role: 'outcome', ...selectorFor(text, start, start + BOB_QUOTE.length), coder: 'bob', created: '2026-11-22' },
    ];
    writeFileSync(path.join(other, TXT + '.cmo.json'), serializeSidecar(bob));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [p, t] of Object.entries(saved)) await write(p, t);
    await Promise.resolve(vscode.workspace.fs.delete(file('reconciliation.json'))).catch(() => undefined);
    rmSync(other, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 700));
  });

  it('"Compare coding with…" a folder gives per-role agreement and lists each disagreement', async () => {
    const a = await api();
    const report = await vscode.commands.executeCommand<AgreementReport>('cmo.compareWith', vscode.Uri.file(other));
    assert.ok(report, 'compare returned a report');
    assert.equal(report.compared.articles, 3);
    // Context: mine has c1ctx4hs and c8space, his has neither as context → 2 only-mine (the constructed article's two match).
    assert.deepEqual([report.roles.context!.matched, report.roles.context!.onlyA, report.roles.context!.onlyB], [3, 2, 0]);
    assert.ok(report.roles.context!.kappa! < 1 && report.roles.context!.kappa! > 0);
    assert.equal(report.articles[MD]!.kappa, 1, 'the other article is coded the same');
    assert.deepEqual(labels(a).sort(), ['Only bob: Outcome', 'Only you: Context', 'Role: Context (you) · Mechanism resource (bob)'].sort());
    assert.match(String(a.reconciler.getTreeItem(a.reconciler.getChildren()[0]!).description), /^3 to reconcile$/);
  });

  it('each item shows both passages; accept theirs, keep both and accept mine settle it and the list shrinks; undo brings it back and takes its decision out of the record, redo puts it back', async () => {
    const a = await api();
    const find = (prefix: string) => a.reconciler.allItems().find((n) => String(a.reconciler.getTreeItem(n).label).startsWith(prefix))!;
    // Role disagreement: shown in the article, the passage selected.
    await vscode.commands.executeCommand('cmo.reconcile.show', find('Role:'));
    const editor = await waitFor('the article open', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(TXT)));
    assert.equal(editor.document.getText(editor.selection), 'in the context of health and social care services and involving service-users');
    // Accept theirs: my code takes bob's role, keeps its id (configurations still point at it).
    assert.equal(await vscode.commands.executeCommand('cmo.reconcile.acceptTheirs', find('Role:'), 'we agreed it is a resource, not the context'), true);
    const session = a.sessions.peek(editor.document.uri)!;
    assert.equal(session.codes.get('c1ctx4hs')!.code.role, 'resource');
    assert.equal(labels(a).length, 2);
    // Only bob: keep both / accept theirs adds his code, with his id, on my text.
    assert.equal(await vscode.commands.executeCommand('cmo.reconcile.acceptTheirs', find('Only bob'), ''), true);
    assert.ok(session.codes.get('bobcode1'));
    assert.deepEqual(labels(a), ['Only you: Context']);
    // Only mine: accept mine keeps it, and the item is settled.
    assert.equal(await vscode.commands.executeCommand('cmo.reconcile.acceptMine', find('Only you'), 'bob missed it'), true);
    assert.deepEqual(labels(a), []);
    assert.ok(session.codes.get('c8space'));
    // On disk too.
    await waitFor('the sidecar written', async () => parse(await read(TXT + '.cmo.json')).codes.some((c) => c.id === 'bobcode1'));
    // Each decision is in the shared record, with who, when, why, both codings, and the agreement found before.
    type Decided = { kind: string; decision: string; why?: string };
    const decisions = async () => (JSON.parse(await read('reconciliation.json')).decisions as Decided[]).map((d) => [d.kind, d.decision, d.why]).sort();
    const all = [['onlyA', 'mine', 'bob missed it'], ['onlyB', 'theirs', undefined], ['role', 'theirs', 'we agreed it is a resource, not the context']].sort();
    const record = JSON.parse(await waitFor('the three decisions on record', async () => JSON.stringify(await decisions()) === JSON.stringify(all) && (await read('reconciliation.json'))));
    const role = record.decisions.find((d: { kind: string }) => d.kind === 'role');
    assert.deepEqual([role.mine.role, role.theirs.role, role.theirs.coder, role.article], ['context', 'resource', 'bob', TXT]);
    assert.equal(record.comparisons.length, 1);
    assert.ok(record.comparisons[0].kappa < 1);
    // Undo the last coding change (adding bob's code): the item comes back, and its decision leaves the record (it no longer holds).
    const withoutBobs = all.filter((d) => d[0] !== 'onlyB');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('cmo.undoCoding');
    await waitFor('the item to come back', () => labels(a).includes('Only bob: Outcome'));
    await waitFor('the undone decision out of the record', async () => JSON.stringify(await decisions()) === JSON.stringify(withoutBobs));
    // Redo: settled again, the same decision back (its reason and date as first written); undo again: out again.
    await vscode.commands.executeCommand('cmo.redoCoding');
    await waitFor('the item settled again', () => !labels(a).includes('Only bob: Outcome'));
    await waitFor('the decision back on record', async () => JSON.stringify(await decisions()) === JSON.stringify(all));
    await vscode.commands.executeCommand('cmo.undoCoding');
    await waitFor('the undone decision out of the record again', async () => labels(a).includes('Only bob: Outcome') && JSON.stringify(await decisions()) === JSON.stringify(withoutBobs));
    // Closing the comparison empties the view.
    await vscode.commands.executeCommand('cmo.reconcile.close');
    assert.equal(a.reconciler.target, undefined);
    assert.deepEqual(labels(a), []);
    // A new comparison (another day, or the co-reviewer after a pull) does not list what the record decided, but lists bob's outcome: its change was undone.
    await vscode.commands.executeCommand('cmo.compareWith', vscode.Uri.file(other));
    assert.deepEqual(labels(a), ['Only bob: Outcome']);
    await vscode.commands.executeCommand('cmo.reconcile.close');
  });

  it('a merge conflict recorded in a sidecar is listed in Problems and the view, and settled with keep both', async () => {
    const a = await api();
    const base = parse(saved[MD + '.cmo.json']!);
    const first = base.codes[0] as Code;
    const side = (role: Code['role']) => ({ ...base, codes: base.codes.map((c) => (c.id === first.id ? { ...c, role } : c)) });
    const merged = mergeSidecars(base, side('context'), side('resource')).value;
    assert.equal(merged.conflicts?.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write(MD + '.cmo.json', serializeSidecar(merged));
    await waitFor('the conflict in Problems', () => cmoDiagnostics(file(MD + '.cmo.json')).some((d) => d.code === 'merge-conflict'));
    const conflict = await waitFor('the conflict in the view', () => a.reconciler.allItems().find((n) => n.kind === 'conflict'));
    assert.match(String(a.reconciler.getTreeItem(conflict).label), /^Role: Context \(ours\) · Mechanism resource \(theirs\)$/);
    assert.equal(await vscode.commands.executeCommand('cmo.reconcile.keepBoth', conflict), true);
    const after = await waitFor('the sidecar without the conflict', async () => {
      const s = parse(await read(MD + '.cmo.json'));
      return s.conflicts === undefined && s;
    });
    assert.deepEqual(after.codes.filter((c) => c.exact === first.exact).map((c) => c.role).sort(), ['context', 'resource']);
    await waitFor('Problems cleared', () => !cmoDiagnostics(file(MD + '.cmo.json')).some((d) => d.code === 'merge-conflict'));
    await waitFor('the view cleared', () => !a.reconciler.allItems().some((n) => n.kind === 'conflict'));
  });

  it('a sidecar with git conflict markers loads (both sides merged) and the quick fix writes the merge', async () => {
    const base = parse(saved[MD + '.cmo.json']!);
    const [first, second] = base.codes as [Code, Code];
    const ours = { ...base, codes: base.codes.map((c) => (c.id === first.id ? { ...c, note: 'ours' } : c)) };
    const theirs = { ...base, codes: base.codes.filter((c) => c.id !== second.id).map((c) => (c.id === first.id ? { ...c, note: 'theirs' } : c)) };
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write(MD + '.cmo.json', conflictMarkerText(serializeSidecar(ours), serializeSidecar(theirs)));
    const d = await waitFor('the markers in Problems', () => cmoDiagnostics(file(MD + '.cmo.json')).find((x) => x.code === 'conflict-markers'));
    assert.match(d.message, /merged by id, nothing lost; 1 change/);
    await vscode.workspace.openTextDocument(file(MD + '.cmo.json'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file(MD + '.cmo.json'), new vscode.Range(d.range.start, d.range.end));
    const fix = actions.find((a) => a.title.startsWith('Write the merged file'));
    assert.ok(fix?.command, `quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), true);
    const written = await read(MD + '.cmo.json');
    assert.doesNotMatch(written, /^<{7}/m);
    const merged = parse(written);
    // Without a base, a code only one side has counts as added (kept); the note both sides set differently is a conflict.
    assert.deepEqual(merged.conflicts?.map((c) => c.code), [first.id]);
    assert.ok(merged.codes.some((c) => c.id === second.id));
    assert.equal(merged.codes.length, base.codes.length, 'no code lost');
    await write(MD + '.cmo.json', saved[MD + '.cmo.json']!);
  });
});

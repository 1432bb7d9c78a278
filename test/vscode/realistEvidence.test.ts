/**
 * The realist evidence model from the UI: a passage's stance, an article's
 * appraisal and a configuration's status are set through the real quick
 * picks (driven with the workbench's own quick-open commands), and found on
 * disk, in the Theories tree and in THEORY.md.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { Api } from '../../src/extension/activate';
import type { TheoryNode } from '../../src/extension/theories/theoryTree';
import { EXTENSION_ID, file, read, waitFor, write } from './helpers';

async function api(): Promise<Api> {
  return (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Answers the quick pick a command opens: moves the selection down `downs`
 * times and accepts, as a user with the arrow keys and Enter would. Returns
 * what the command returned.
 */
async function answer<T>(running: Thenable<T>, ...downs: number[]): Promise<T> {
  for (const n of downs) {
    await sleep(600);
    for (let i = 0; i < n; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return running;
}

const REFUTING = 'papers/masterson-2024.txt#o5align';

describe('The realist evidence model, from the UI', () => {
  let project: string;
  let report: string;
  let riverside: string;
  before(async () => {
    project = await read('cmo-project.json');
    report = await read('THEORY.md');
    riverside = await read('papers/riverside-2025.md.cmo.json');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write('cmo-project.json', project);
    await write('THEORY.md', report);
    await write('papers/riverside-2025.md.cmo.json', riverside);
    await sleep(700);
  });

  it('a passage\'s stance: picked in the Theories tree, then on disk, with a cue in the tree and THEORY.md, and in the hover', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    const node: TheoryNode = { kind: 'passage', ref: REFUTING, configuration: 'k2align0', theory: 't1eaa000' };
    assert.doesNotMatch(String(tree.getTreeItem(node).description), /refutes/);
    // supports, refutes, refines: one down is "refutes".
    const set = await answer(vscode.commands.executeCommand<string>('cmo.theories.setStance', node), 1);
    assert.equal(set, 'refutes');
    const onDisk = JSON.parse(await read('cmo-project.json'));
    assert.equal(onDisk.configurations.find((c: { id: string }) => c.id === 'k2align0').stances[REFUTING], 'refutes');
    await tree.ready;
    assert.match(String(tree.getTreeItem(node).label), /^✗ this may lead to alignment/);
    assert.match(String(tree.getTreeItem(node).description), /^✗ refutes · masterson-2024\.txt/);
    assert.equal(tree.getTreeItem(node).contextValue, 'cmo.passage.refutes');
    assert.match(String(tree.getTreeItem({ kind: 'configuration', id: 'k2align0', theory: 't1eaa000' }).description), /^refined · 6 passage\(s\) · studies ✓2 ✗2 ±2/);
    await waitFor('THEORY.md to show the stance', async () => /\| \*\*O\*\* Outcome \| ✗ \*\*refutes\*\* “this may lead to alignment/.test(await read('THEORY.md')));
    // The hover on the passage in its article says so too.
    const doc = await vscode.workspace.openTextDocument(file('papers/masterson-2024.txt'));
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('this may lead to alignment on') + 5);
    const { sessions } = await api();
    const session = await sessions.get(doc);
    const live = session?.codes.get('o5align');
    const text = await waitFor(`the hover (session ${session ? `broken=${session.broken}, o5align ${live ? `${live.start}-${live.end} ${live.state}` : 'missing'}, offset ${doc.offsetAt(at)}, dirty doc ${doc.isDirty}` : 'none'})`, async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n') || undefined;
    });
    assert.match(text, /\*In configurations:\* ✗ \*\*refutes\*\* Dialogue and documentation lead to alignment/);
  });

  it('an article\'s appraisal: "Appraise article" makes the relevance and rigour fields when missing, asks for both, and THEORY.md shows them beside its passages', async () => {
    const { project: data } = await api();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    // A review that has not appraised yet: no appraisal fields.
    await data.update(folder, 'No appraisal yet', (p) => ({ ...p, attributes: { fields: p.attributes!.fields.filter((f) => !f.appraisal), documents: Object.fromEntries(Object.entries(p.attributes!.documents).map(([k, v]) => [k, { quality: v.quality!, involvement: v.involvement! }])) } }));
    await waitFor('THEORY.md without appraisals', async () => !(await read('THEORY.md')).includes('rigour'));
    // Relevance: high (the first); rigour: high, moderate, low: two down is "low".
    await answer(vscode.commands.executeCommand('cmo.appraise', file('papers/riverside-2025.md')), 0, 2);
    const onDisk = JSON.parse(await read('cmo-project.json'));
    assert.deepEqual(onDisk.attributes.documents['papers/riverside-2025.md'], { involvement: ['group', 'governance'], quality: 'fair', relevance: 'high', rigour: 'low' });
    assert.deepEqual(
      onDisk.attributes.fields.filter((f: { appraisal?: string }) => f.appraisal),
      [
        { id: 'relevance', name: 'Relevance', appraisal: 'relevance', values: ['high', 'moderate', 'low'] },
        { id: 'rigour', name: 'Rigour', appraisal: 'rigour', values: ['high', 'moderate', 'low'] },
      ],
    );
    await waitFor('THEORY.md to show the appraisal', async () => (await read('THEORY.md')).includes('[riverside-2025.md:41](papers/riverside-2025.md?plain=1#L41)<br>relevance high, rigour low'));
    assert.match(await read('THEORY.md'), /✗ Refuting: papers\/riverside-2025\.md \(relevance high, rigour low\)/);
  });

  it('a configuration\'s status: picked in the tree, the reason logged with who and when, the heading and the refinement table in THEORY.md; undo takes it back', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    const node: TheoryNode = { kind: 'configuration', id: 'k3record', theory: 't1eaa000' };
    // initial, refined, refuted, retired: two down is "refuted". The reason comes as an argument (a one-line box).
    const set = await answer(vscode.commands.executeCommand<string>('cmo.theories.setStatus', node, undefined, 'A second forum kept shorthand minutes and still agreed.'), 2);
    assert.equal(set, 'refuted');
    const k3 = JSON.parse(await read('cmo-project.json')).configurations.find((c: { id: string }) => c.id === 'k3record');
    assert.equal(k3.status, 'refuted');
    assert.equal(k3.log.length, 1);
    assert.deepEqual([k3.log[0].change, k3.log[0].from, k3.log[0].to, k3.log[0].why], ['status', 'initial', 'refuted', 'A second forum kept shorthand minutes and still agreed.']);
    assert.match(k3.log[0].date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(k3.log[0].by, 'who: the coder name');
    await tree.ready;
    assert.match(String(tree.getTreeItem(node).description), /^refuted · 3 passage\(s\)/);
    await waitFor('THEORY.md to show the status', async () => (await read('THEORY.md')).includes('### Records written with members lead to agreement on ways of working *(refuted)*'));
    assert.match(await read('THEORY.md'), /\| Configuration \*Records written with members lead to agreement on ways of working\* \| status initial → refuted \| A second forum kept shorthand minutes and still agreed\. \|/);
    assert.equal(await vscode.commands.executeCommand('cmo.undoTheoryChange'), 'Set status: refuted');
    assert.equal(JSON.parse(await read('cmo-project.json')).configurations.find((c: { id: string }) => c.id === 'k3record').status, undefined);
  });

  it('a passage\'s cited studies (a review coding a review): set from the hover\'s command, on disk, and counted in THEORY.md\'s evidence', async () => {
    const masterson = await read('papers/masterson-2024.txt.cmo.json');
    try {
      const uri = file('papers/masterson-2024.txt').toString();
      const cites = await vscode.commands.executeCommand<string[]>('cmo.editCites', { uri, id: 'o5align' }, ['Olsson 2014', ' papers/riverside-2025.md ', '', 'Olsson 2014']);
      assert.deepEqual(cites, ['Olsson 2014', 'papers/riverside-2025.md']);
      await waitFor('the sidecar to hold them', async () => JSON.stringify(JSON.parse(await read('papers/masterson-2024.txt.cmo.json')).codes.find((c: { id: string }) => c.id === 'o5align').cites) === JSON.stringify(['Olsson 2014', 'papers/riverside-2025.md']));
      await waitFor('THEORY.md to count the cited study', async () => /✓ Supporting: Olsson 2014 \(cited\); papers\/masterson-2024\.md/.test(await read('THEORY.md')));
      assert.equal(await vscode.commands.executeCommand('cmo.undoCoding', { uri }), 'Edit cited studies');
    } finally {
      await write('papers/masterson-2024.txt.cmo.json', masterson);
    }
  });

  it('a passage coded with themes only: no role, its themes, never "unassigned", and no slot in a configuration', async () => {
    const { theories: tree } = await api();
    const doc = await vscode.workspace.openTextDocument(file('papers/riverside-2025.md'));
    const editor = await vscode.window.showTextDocument(doc);
    const quote = 'was lowest in the\nwinter months';
    const at = doc.getText().indexOf(quote);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + quote.length));
    await tree.refresh();
    const unassigned = () => tree.getTreeItem(tree.getChildren().find((n) => n.kind === 'group' && n.which === 'unassigned')!).description;
    const before = unassigned();
    const [id] = await vscode.commands.executeCommand<string[]>('cmo.codeWithThemesOnly', { tags: ['engagement'] });
    assert.ok(id);
    await vscode.commands.executeCommand('workbench.action.files.save');
    const sidecar = await waitFor('the sidecar to hold it', async () => JSON.parse(await read('papers/riverside-2025.md.cmo.json')).codes.find((c: { id: string }) => c.id === id));
    assert.deepEqual([sidecar.role, sidecar.tags, sidecar.exact], ['none', ['engagement'], quote]);
    await tree.refresh();
    assert.equal(unassigned(), before, 'a theme-only passage is never "unassigned"');
  });
  it('one change, one redraw: a stance set redraws the Theories tree once, not again for its own write on disk, THEORY.md or Problems', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    await sleep(1500);
    let redraws = 0;
    const counting = tree.onDidChangeTreeData(() => redraws++);
    try {
      const node: TheoryNode = { kind: 'passage', ref: REFUTING, configuration: 'k2align0', theory: 't1eaa000' };
      assert.equal(await vscode.commands.executeCommand<string>('cmo.theories.setStance', node, 'refutes'), 'refutes');
      await waitFor('THEORY.md to show the stance', async () => /✗ \*\*refutes\*\* “this may lead to alignment/.test(await read('THEORY.md')));
      // The file watcher's echo of the write, the report's write and the diagnostics it brings come within this.
      await sleep(2500);
      await tree.ready;
      // Each redraw closes a context menu open on the tree (a right-click just after a change did nothing).
      assert.equal(redraws, 1, `the tree was redrawn ${redraws} times`);
    } finally {
      counting.dispose();
    }
  });
});

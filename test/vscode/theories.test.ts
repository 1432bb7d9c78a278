import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { Api } from '../../src/extension/activate';
import type { TheoryNode } from '../../src/extension/theories/theoryTree';
import { EXTENSION_ID, file, read, waitFor, write } from './helpers';

const ARTICLE = 'papers/masterson-2024.txt';
const TWO_PASSAGES = 'initial reflection on intentions and assets (mechanisms) may create the initial conducive conditions for engagement';

async function api(): Promise<Api> {
  return (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
}

const label = (tree: Api['theories'], n: TheoryNode) => String(tree.getTreeItem(n).label);

describe('Theories', () => {
  let project: string;
  let report: string;
  before(async () => {
    project = await read('cmo-project.json');
    report = await read('THEORY.md');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write('cmo-project.json', project);
    await write('THEORY.md', report);
    await new Promise((r) => setTimeout(r, 700));
  });

  it('the tree shows programme → theory → configurations → role slots → passages, and unassigned codes', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    const roots = tree.getChildren();
    assert.deepEqual(roots.map((n) => label(tree, n)), ['Programme theory', 'Unassigned codes']);
    const [theory] = tree.getChildren(roots[0]);
    assert.equal(label(tree, theory!), 'Engagement, alignment and agreement');
    const confs = tree.getChildren(theory);
    assert.deepEqual(confs.map((n) => label(tree, n)), ['Reflection on intentions and assets creates conditions for engagement', 'Dialogue and documentation lead to alignment', 'Records written with members lead to agreement on ways of working']);
    const slots = tree.getChildren(confs[1]);
    assert.deepEqual(slots.map((n) => label(tree, n)), ['Context', 'Mechanism resource', 'Mechanism reasoning', 'Outcome']);
    assert.deepEqual(slots.map((n) => tree.getChildren(n).length), [1, 1, 2, 2]);
    assert.equal(tree.getTreeItem(roots[1]!).description, '6', '20 codes: 13 in configurations, 1 with themes only (never unassigned)');
  });

  it('"New configuration from selection" turns the codes under the selection into a configuration under a theory, on disk and in the tree and THEORY.md', async () => {
    const { theories: tree } = await api();
    const doc = await vscode.workspace.openTextDocument(file(ARTICLE));
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf(TWO_PASSAGES);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + TWO_PASSAGES.length));
    const id = await vscode.commands.executeCommand<string>('cmo.newConfigurationFromSelection', { title: 'Early reflection', statement: 'If … then … because …', theory: 't1eaa000' });
    assert.ok(id);
    const onDisk = JSON.parse(await read('cmo-project.json'));
    const conf = onDisk.configurations.find((c: { id: string }) => c.id === id);
    assert.deepEqual(conf.codes.sort(), ['papers/masterson-2024.txt#o3engage', 'papers/masterson-2024.txt#r2intass']);
    assert.ok(onDisk.theories[0].configurations.includes(id));
    await tree.ready;
    const theory = tree.getChildren(tree.getChildren()[0])[0]!;
    assert.ok(tree.getChildren(theory).some((n) => label(tree, n) === 'Early reflection'));
    await waitFor('THEORY.md to show it', async () => (await read('THEORY.md')).includes('### Early reflection'));
  });

  it('dragging a configuration onto another theory moves it (TreeDragAndDropController), and undo puts it back', async () => {
    const { theories: tree, project: data } = await api();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    await data.update(folder, 'New theory', (p) => ({ ...p, theories: [...p.theories!, { id: 't2part00', title: 'Interaction and partnership', configurations: [] }], programme: { ...p.programme!, theories: [...p.programme!.theories, 't2part00'] } }));
    await tree.refresh();
    const dt = new vscode.DataTransfer();
    const source: TheoryNode = { kind: 'configuration', id: 'k2align0', theory: 't1eaa000' };
    await tree.handleDrag([source], dt);
    await tree.handleDrop({ kind: 'theory', id: 't2part00' }, dt);
    const moved = JSON.parse(await read('cmo-project.json'));
    assert.deepEqual(moved.theories.find((t: { id: string }) => t.id === 't1eaa000').configurations, ['k1engage', 'k3record']);
    assert.deepEqual(moved.theories.find((t: { id: string }) => t.id === 't2part00').configurations, ['k2align0']);
    await waitFor('THEORY.md to move it', async () => /## Interaction and partnership\n\n### Dialogue and documentation lead to alignment/.test(await read('THEORY.md')));
    assert.equal(await vscode.commands.executeCommand('cmo.undoTheoryChange'), 'Move in the theory tree');
    const back = JSON.parse(await read('cmo-project.json'));
    assert.deepEqual(back.theories.find((t: { id: string }) => t.id === 't1eaa000').configurations, ['k1engage', 'k2align0', 'k3record']);
  });

  it('dragging a passage from Unassigned codes into a configuration adds it', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    const dt = new vscode.DataTransfer();
    await tree.handleDrag([{ kind: 'code', ref: 'papers/masterson-2024.txt#c8space' }], dt);
    await tree.handleDrop({ kind: 'slot', role: 'context', configuration: 'k2align0', theory: 't1eaa000' }, dt);
    const after = JSON.parse(await read('cmo-project.json'));
    assert.ok(after.configurations.find((c: { id: string }) => c.id === 'k2align0').codes.includes('papers/masterson-2024.txt#c8space'));
  });

  it('"Reveal in theory tree" finds where a code is used', async () => {
    const { theories: tree } = await api();
    await tree.refresh();
    assert.deepEqual(tree.nodesFor('papers/masterson-2024.txt#o5align'), [{ kind: 'passage', ref: 'papers/masterson-2024.txt#o5align', configuration: 'k2align0', theory: 't1eaa000' }]);
    assert.deepEqual(tree.nodesFor('papers/masterson-2024.txt#c8space'), [{ kind: 'code', ref: 'papers/masterson-2024.txt#c8space' }]);
    await vscode.commands.executeCommand('cmo.revealInTheoryTree', { uri: file(ARTICLE).toString(), id: 'o5align' });
  });
});

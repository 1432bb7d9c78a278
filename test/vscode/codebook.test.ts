import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { matrixToCsv, type Code } from '../../src/core';
import type { Api } from '../../src/extension/activate';
import type { MatricesPanel } from '../../src/extension/exchange/matricesPanel';
import { EXTENSION_ID, file, read, waitFor, write } from './helpers';

const TXT = 'papers/masterson-2024.txt';
async function api(): Promise<Api> {
  return (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
}
const codesOn = async (p: string): Promise<Code[]> => JSON.parse(await read(`${p}.cmo.json`)).codes;
const project = async () => JSON.parse(await read('cmo-project.json'));

describe('Codebook, attributes and matrices', () => {
  const saved: Record<string, string> = {};
  let tmp: string;
  before(async () => {
    for (const p of [`${TXT}.cmo.json`, 'papers/masterson-2024.md.cmo.json', 'cmo-project.json', 'THEORY.md']) saved[p] = await read(p);
    tmp = mkdtempSync(path.join(tmpdir(), 'cmo-codebook-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [p, t] of Object.entries(saved)) await write(p, t);
    rmSync(tmp, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 700));
  });

  it('the Themes view shows the codebook as a tree with passage counts', async () => {
    const { themes } = await api();
    await themes.refresh();
    const roots = themes.getChildren();
    assert.deepEqual(roots.map((n) => themes.getTreeItem(n).label), ['Engagement', 'Alignment', 'Agreement']);
    assert.deepEqual(themes.getChildren(roots[0]).map((n) => themes.getTreeItem(n).label), ['Intentions', 'Assets']);
    const all = [...(await codesOn(TXT)), ...(await codesOn('papers/masterson-2024.md')), ...(await codesOn('papers/riverside-2025.md'))];
    const engagement = all.filter((c) => c.tags?.includes('engagement')).length;
    assert.match(String(themes.getTreeItem(roots[0]!).description), new RegExp(`^${engagement}( |$)`));
  });

  it("new, rename, move by drag and drop, merge (retagging passages) and delete; undo puts each change back, with the passages' tags", async () => {
    const { themes } = await api();
    const id = await vscode.commands.executeCommand<string>('cmo.themes.new', undefined, 'Trust');
    assert.equal(id, 'trust');
    await vscode.commands.executeCommand('cmo.themes.rename', { kind: 'theme', id: 'trust' }, 'Mutual trust');
    const dt = new vscode.DataTransfer();
    dt.set('application/vnd.code.tree.cmo.themes', new vscode.DataTransferItem(['trust']));
    await themes.handleDrop({ kind: 'theme', id: 'engagement' }, dt, new vscode.CancellationTokenSource().token);
    let p = await project();
    assert.deepEqual(p.codebook.find((t: { id: string }) => t.id === 'trust'), { id: 'trust', name: 'Mutual trust', parent: 'engagement' });
    // Merge Dialogue into Documentation: the passages tagged Dialogue now carry Documentation.
    const tagsBefore = new Map((await codesOn(TXT)).map((c) => [c.id, c.tags ?? []]));
    const before = (await codesOn(TXT)).filter((c) => c.tags?.includes('dialogue')).map((c) => c.id);
    assert.ok(before.length > 0);
    await vscode.commands.executeCommand('cmo.themes.merge', { kind: 'theme', id: 'dialogue' }, 'documentation');
    p = await project();
    assert.ok(!p.codebook.some((t: { id: string }) => t.id === 'dialogue'));
    const after = await waitFor('passages retagged', async () => {
      const codes = await codesOn(TXT);
      return codes.every((c) => !c.tags?.includes('dialogue')) && codes;
    });
    for (const id of before) assert.ok(after.find((c) => c.id === id)!.tags!.includes('documentation'));
    await vscode.commands.executeCommand('cmo.themes.delete', { kind: 'theme', id: 'trust' }, true);
    assert.ok(!(await project()).codebook.some((t: { id: string }) => t.id === 'trust'));
    await vscode.commands.executeCommand('cmo.undoTheoryChange');
    assert.ok((await project()).codebook.some((t: { id: string }) => t.id === 'trust'), 'undo brings the theme back');
    // Undoing the merge brings Dialogue back, and every passage its exact tags.
    await vscode.commands.executeCommand('cmo.undoTheoryChange');
    assert.ok((await project()).codebook.some((t: { id: string }) => t.id === 'dialogue'));
    await waitFor('the passages tagged as before', async () => (await codesOn(TXT)).every((c) => JSON.stringify([...(c.tags ?? [])].sort()) === JSON.stringify([...(tagsBefore.get(c.id) ?? [])].sort())));
  });

  it('tags the passage at the cursor from the tree, and filters the highlights to one theme', async () => {
    const { sessions, decorations } = await api();
    const doc = await vscode.workspace.openTextDocument(file(TXT));
    const editor = await vscode.window.showTextDocument(doc);
    const session = (await sessions.get(doc))!;
    const target = session.codes.all().find((c) => !c.code.tags?.includes('agreement'))!;
    editor.selection = new vscode.Selection(doc.positionAt(target.start + 2), doc.positionAt(target.start + 2));
    assert.equal(await vscode.commands.executeCommand('cmo.themes.tagAtCursor', { kind: 'theme', id: 'agreement' }), 1);
    assert.ok(session.codes.get(target.code.id)!.code.tags!.includes('agreement'));
    await waitFor('the tag on disk', async () => (await codesOn(TXT)).find((c) => c.id === target.code.id)!.tags?.includes('agreement'));
    const all = [...decorations.render(editor, session).values()].flat().length;
    await vscode.commands.executeCommand('cmo.themes.filter', { kind: 'theme', id: 'agreement' });
    const shown = [...decorations.render(editor, session).values()].flat().length;
    const expected = session.codes.all().filter((c) => c.state === 'live' && c.code.tags?.some((t) => ['agreement', 'interpretation', 'understanding'].includes(t))).length;
    assert.equal(shown, expected);
    assert.ok(shown < all);
    await vscode.commands.executeCommand('cmo.themes.clearFilter');
    assert.equal([...decorations.render(editor, session).values()].flat().length, all);
  });

  it('document attributes: define a field and set an article\'s value; the matrix cross-tabulates them and exports CSV', async () => {
    const field = await vscode.commands.executeCommand<string>('cmo.attributes.define', 'Setting', ['hospital', 'community']);
    assert.equal(field, 'setting');
    await vscode.commands.executeCommand('cmo.attributes.set', file(TXT), 'setting', 'community');
    assert.equal((await project()).attributes.documents[TXT].setting, 'community');
    const panel = await vscode.commands.executeCommand<MatricesPanel>('cmo.showMatrices', { kind: 'attributes', row: 'setting', column: 'quality' });
    const m = panel.matrix()!;
    assert.equal(m.title, 'Articles by Setting and Quality');
    assert.deepEqual(m.rows.map((r) => [r.label, r.cells]), [['hospital', [0, 0, 0]], ['community', [1, 0, 0]], ['(not set)', [1, 1, 0]]]);
    const csv = vscode.Uri.file(path.join(tmp, 'setting.csv'));
    await panel.exportCsv(csv);
    assert.equal(readFileSync(csv.fsPath, 'utf8'), matrixToCsv(m));
    panel.panel.dispose();
  });

  it('a multi-valued attribute: set a list, stored in the order of the field\'s values; the matrix counts the article under each value', async () => {
    await vscode.commands.executeCommand('cmo.attributes.set', file(TXT), 'involvement', ['governance', 'individual']);
    assert.deepEqual((await project()).attributes.documents[TXT].involvement, ['individual', 'governance']);
    const panel = await vscode.commands.executeCommand<MatricesPanel>('cmo.showMatrices', { kind: 'attributes', row: 'involvement' });
    const m = panel.matrix()!;
    // masterson .md: group; masterson .txt: individual and governance; riverside: group and governance (the sample).
    assert.deepEqual(m.rows.map((r) => [r.label, r.cells]), [['individual', [1]], ['group', [2]], ['governance', [2]], ['societal', [0]]]);
    assert.match(m.unit, /under each/);
    panel.panel.dispose();
    // Two values for a one-value field: refused with a warning, the file unchanged.
    assert.equal(await vscode.commands.executeCommand('cmo.attributes.set', file(TXT), 'quality', ['good', 'poor']), undefined);
    assert.equal((await project()).attributes.documents[TXT].quality, 'good');
  });

  it('the theme × article matrix matches the sidecars', async () => {
    const panel = await vscode.commands.executeCommand<MatricesPanel>('cmo.showMatrices', { kind: 'theme-article' });
    const m = panel.matrix()!;
    assert.deepEqual(m.columns, ['papers/masterson-2024.md', TXT, 'papers/riverside-2025.md']);
    const p = await project();
    const md = await codesOn('papers/masterson-2024.md');
    const txt = await codesOn(TXT);
    const riverside = await codesOn('papers/riverside-2025.md');
    for (const row of m.rows) {
      const id = p.codebook.find((t: { name: string }) => t.name === row.label).id;
      assert.deepEqual(row.cells, [md, txt, riverside].map((codes) => codes.filter((c) => c.tags?.includes(id)).length), row.label);
    }
    panel.panel.dispose();
  });

  it('exports the codebook as a REFI-QDA .qdc', async () => {
    const out = vscode.Uri.file(path.join(tmp, 'codebook.qdc'));
    await vscode.commands.executeCommand('cmo.codebook.export', out);
    const xml = readFileSync(out.fsPath, 'utf8');
    assert.match(xml, /<CodeBook xmlns="urn:QDA-XML:codebook:1\.0"/);
    assert.match(xml, /name="Engagement"/);
  });
});

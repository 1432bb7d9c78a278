/**
 * Defects found while folding the code by domain (issue 11), each in the
 * real extension host: the sidecar suffix setting in Problems, quick fixes
 * that carry the code id, the editor's Merge as a three-way merge, and a new
 * theme from "Tag with theme" through the codebook and the project's undo.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { Api } from '../../src/extension/activate';
import { cmoDiagnostics, EXTENSION_ID, file, read, waitFor, write } from './helpers';

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

const remove = async (path: string) => vscode.workspace.fs.delete(file(path)).then(undefined, () => undefined);

describe('Layout step: defects fixed', () => {
  it('Problems follows the cmo.sidecarSuffix setting (it used the default suffix)', async () => {
    const { problems } = await api();
    const config = vscode.workspace.getConfiguration('cmo');
    const good = await read('papers/masterson-2024.txt.cmo.json');
    await write('papers/suffix.txt', await read('papers/masterson-2024.txt'));
    await write('papers/suffix.txt.codes.json', good.replace('"role": "context"', '"role": "context",,'));
    await config.update('sidecarSuffix', '.codes.json', vscode.ConfigurationTarget.Workspace);
    try {
      const result = await problems.checkAll();
      assert.ok(result.problems.some((p) => p.path === 'papers/suffix.txt.codes.json' && p.kind === 'invalid-json'), 'the .codes.json sidecar is checked');
      assert.ok(cmoDiagnostics(file('papers/suffix.txt.codes.json')).some((d) => d.code === 'invalid-json'));
    } finally {
      await config.update('sidecarSuffix', undefined, vscode.ConfigurationTarget.Workspace);
      await remove('papers/suffix.txt.codes.json');
      await remove('papers/suffix.txt');
      await problems.checkAll();
    }
  });

  it('the orphaned-code quick fixes take the code id from the diagnostic, not from its message', async () => {
    const article = 'papers/masterson-2024.txt';
    const sidecar = file(`${article}.cmo.json`);
    const original = await read(article);
    await write(article, original.replace('this may lead to a formal agreement (as an initial outcome) between those involved', 'something else entirely'));
    try {
      const diag = await waitFor('an orphaned-code warning', () => cmoDiagnostics(sidecar).find((d) => d.code === 'orphaned-code'));
      assert.equal((diag as vscode.Diagnostic & { codeId?: string }).codeId, 'o7agree');
      await vscode.workspace.openTextDocument(sidecar);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sidecar, new vscode.Range(diag.range.start, diag.range.end));
      const search = actions.find((a) => a.title.startsWith('Search the workspace'));
      assert.ok(search?.command, 'a search quick fix');
      assert.equal((search.command.arguments?.[0] as { id: string }).id, 'o7agree');
    } finally {
      await write(article, original);
    }
  });

  it("the editor's Merge (outside change with unsaved coding) merges three ways and records a conflict instead of taking ours", async () => {
    const { sessions } = await api();
    const text = await read('papers/masterson-2024.txt');
    const sidecarText = await read('papers/masterson-2024.txt.cmo.json');
    await write('papers/merge-scratch.txt', text);
    await write('papers/merge-scratch.txt.cmo.json', sidecarText.replace('"source": "masterson-2024.txt"', '"source": "merge-scratch.txt"'));
    const doc = await vscode.workspace.openTextDocument(file('papers/merge-scratch.txt'));
    await vscode.window.showTextDocument(doc);
    const session = (await sessions.get(doc))!;
    try {
      const code = session.codes.all().find((c) => c.code.role === 'context')!;
      // Unsaved text keeps the coding change in memory, as when a reviewer is mid-edit.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(doc.getText().length), ' ');
      await vscode.workspace.applyEdit(edit);
      assert.ok(await sessions.edit(session, () => session.codes.setRole(code.code.id, 'resource')));
      const disk = session.lastDiskText!.replace(new RegExp(`("id": "${code.code.id}",\\n\\s*"role": )"context"`), '$1"outcome"');
      assert.notEqual(disk, session.lastDiskText, 'their side changes the same code');
      const conflicts = sessions.mergeWithDisk(session, disk);
      assert.equal(conflicts, 1);
      const recorded = session.codes.conflicts();
      assert.equal(recorded.length, 1);
      assert.deepEqual(recorded[0]!.fields, ['role']);
      assert.equal(recorded[0]!.ours?.role, 'resource');
      assert.equal(recorded[0]!.theirs?.role, 'outcome');
    } finally {
      session.codes.dirty = false;
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The revert re-anchors and writes the scratch sidecar a moment later: remove until nothing comes back,
      // so later tests (the Passages view compares with every sidecar on disk) see the sample as it was.
      const exists = (p: string) => vscode.workspace.fs.stat(file(p)).then(() => true, () => false);
      await waitFor('the scratch files gone for good', async () => {
        await remove('papers/merge-scratch.txt.cmo.json');
        await remove('papers/merge-scratch.txt');
        await new Promise((r) => setTimeout(r, 500));
        return !(await exists('papers/merge-scratch.txt.cmo.json')) && !(await exists('papers/merge-scratch.txt'));
      });
    }
  });

  it('"Tag with theme → New theme" adds the theme through the codebook, with the project undo', async () => {
    const { sessions, project } = await api();
    const before = await read('cmo-project.json');
    const doc = await vscode.workspace.openTextDocument(file('papers/masterson-2024.txt'));
    const session = (await sessions.get(doc))!;
    // By value: the session edits its codes in place, so a kept reference would show the new tags.
    const { id } = session.codes.all()[0]!.code;
    const tags = [...(session.codes.get(id)!.code.tags ?? [])];
    try {
      await vscode.commands.executeCommand('cmo.tagWithTheme', { uri: doc.uri.toString(), id }, { tags, newTheme: 'Trust (mutual)' });
      const p = JSON.parse(await read('cmo-project.json')) as { codebook: Array<{ id: string; name: string }> };
      // The codebook's slug rule, as the Themes view gives it.
      assert.ok(p.codebook.some((t) => t.id === 'trust-mutual' && t.name === 'Trust (mutual)'), JSON.stringify(p.codebook));
      assert.ok(session.codes.get(id)?.code.tags?.includes('trust-mutual'));
      assert.equal(await vscode.commands.executeCommand('cmo.undoTheoryChange'), 'New theme');
      assert.ok(!(JSON.parse(await read('cmo-project.json')) as { codebook: Array<{ id: string }> }).codebook.some((t) => t.id === 'trust-mutual'));
      await project.get(doc.uri);
    } finally {
      await sessions.edit(session, () => session.codes.setTags(id, tags));
      await waitFor('the sidecar written back', async () => !(await read('papers/masterson-2024.txt.cmo.json')).includes('trust-mutual'));
      await write('cmo-project.json', before);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});

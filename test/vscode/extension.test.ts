import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { cmoDiagnostics, EXTENSION_ID, file, read, waitFor, write } from './helpers';

interface CheckResult {
  problems: Array<{ kind: string }>;
  sidecars: number;
  codes: number;
}

describe('CMO Coder in a real extension host', () => {
  it('activates in the sample workspace', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension installed');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command package.json contributes, and contributes every cmo.* command it registers', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = ((ext.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands ?? []).map((c) => c.command).sort();
    // View focus commands and the like are made by VS Code itself ("cmo.theories.focus"); ours are the rest.
    const viewIds = new Set(((ext.packageJSON as { contributes: { views?: Record<string, Array<{ id: string }>> } }).contributes.views ? Object.values((ext.packageJSON as { contributes: { views: Record<string, Array<{ id: string }>> } }).contributes.views).flat().map((v) => v.id) : []));
    const generated = (id: string) => [...viewIds].some((v) => id.startsWith(`${v}.`) && /\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/.test(id));
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('cmo.') && !generated(c)).sort();
    assert.ok(contributed.length > 50, `only ${contributed.length} contributed commands`);
    assert.deepEqual(contributed.filter((c) => !registered.includes(c)), [], 'contributed but not registered');
    assert.deepEqual(registered.filter((c) => !contributed.includes(c)), [], 'registered but not contributed');
  });

  it('"CMO: Check workspace" finds the sample clean', async () => {
    const result = await vscode.commands.executeCommand<CheckResult>('cmo.checkWorkspace');
    assert.equal(result.sidecars, 3);
    assert.equal(result.codes, 20);
    assert.deepEqual(result.problems, []);
  });
});

describe('Problems panel', () => {
  it('a broken sidecar written on disk gets a CMO diagnostic at its line, and is left byte-identical', async () => {
    const good = await read('papers/masterson-2024.txt.cmo.json');
    const broken = good.replace('"role": "context"', '"role": "context",,');
    const line = broken.slice(0, broken.indexOf(',,')).split('\n').length - 1;
    await write('papers/broken.txt', await read('papers/masterson-2024.txt'));
    await write('papers/broken.txt.cmo.json', broken);
    const uri = file('papers/broken.txt.cmo.json');
    try {
      const diag = await waitFor('a CMO diagnostic on the broken sidecar', () => cmoDiagnostics(uri).find((d) => d.code === 'invalid-json'));
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diag.range.start.line, line);
      assert.match(diag.message, /invalid JSON.*left exactly as it is/);
      await vscode.commands.executeCommand('cmo.checkWorkspace');
      assert.equal(await read('papers/broken.txt.cmo.json'), broken);
    } finally {
      await vscode.workspace.fs.delete(uri);
      await vscode.workspace.fs.delete(file('papers/broken.txt'));
    }
    await waitFor('the diagnostic to go once the file is deleted', () => cmoDiagnostics(uri).length === 0);
  });

  it('an article edited on disk so a passage is gone shows an orphaned code, and the sidecar is not touched', async () => {
    const article = 'papers/masterson-2024.txt';
    const sidecar = file(`${article}.cmo.json`);
    const original = await read(article);
    const sidecarBefore = await read(`${article}.cmo.json`);
    await write(article, original.replace('this may lead to a formal agreement (as an initial outcome) between those involved', 'something else entirely'));
    try {
      const diag = await waitFor('an orphaned-code warning', () => cmoDiagnostics(sidecar).find((d) => d.code === 'orphaned-code'));
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(diag.message, /o7agree/);
      assert.equal(await read(`${article}.cmo.json`), sidecarBefore);
    } finally {
      await write(article, original);
    }
    await waitFor('the orphan warning to go once the article is restored', () => !cmoDiagnostics(sidecar).some((d) => d.code === 'orphaned-code'));
  });

  it('the JSON Schema flags a hand edit of a sidecar in the editor (jsonValidation)', async () => {
    const uri = file('papers/masterson-2024.md.cmo.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('"role": "outcome"');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"role": "outcome"'.length)), '"role": "outcom"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const schema = await waitFor('a JSON Schema diagnostic from the JSON language service', () =>
        vscode.languages.getDiagnostics(uri).find((d) => d.source !== 'CMO' && /outcome|Value is not accepted/i.test(d.message)),
      );
      assert.equal(schema.range.start.line, doc.positionAt(at).line);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});

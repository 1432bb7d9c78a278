/**
 * Run in a workspace the user has not trusted (restricted mode: code-server
 * started with workspace trust on and no startup prompt; see test/e2e/run.ts).
 * CMO Coder shows the codes there and writes nothing: every command that
 * would write is tried, and every file it could touch is compared byte for
 * byte before and after.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { conflictMarkerText, parseSidecarText, serializeSidecar, type Sidecar } from '../../../src/core';
import type { Api } from '../../../src/extension/activate';
import { EXTENSION_ID, file, root } from '../helpers';

const ARTICLE = 'papers/masterson-2024.txt';
const SIDECAR = `${ARTICLE}.cmo.json`;

/** Every file of the workspace and its bytes, read with Node (not through the extension). */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = nodePath.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(nodePath.relative(root().fsPath, full), readFileSync(full, 'latin1'));
    }
  };
  walk(root().fsPath);
  return out;
}

function assertUnchanged(before: Map<string, string>, what: string): void {
  const after = snapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  assert.deepEqual(changed, [], `${what} wrote in an untrusted workspace`);
}

const settle = () => new Promise((r) => setTimeout(r, 800)); // past the sidecar writer's debounce

describe('Untrusted workspace: codes shown, nothing written', () => {
  let api: Api;
  before(async () => {
    api = (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
  });

  it('the workspace is untrusted and the article still shows its codes', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the tier must run in restricted mode');
    const doc = await vscode.workspace.openTextDocument(file(ARTICLE));
    await vscode.window.showTextDocument(doc);
    const session = (await api.sessions.get(doc))!;
    assert.ok(session.codes.all().length > 0, 'codes are loaded and shown');
  });

  it('coding a selection and "Tag with theme → New theme" change no file', async () => {
    const before = snapshot();
    const doc = await vscode.workspace.openTextDocument(file(ARTICLE));
    const editor = await vscode.window.showTextDocument(doc);
    const session = (await api.sessions.get(doc))!;
    const count = session.codes.all().length;
    const at = doc.getText().indexOf('Ninety-three');
    assert.ok(at >= 0);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + 40));
    await vscode.commands.executeCommand('cmo.codeAsContext');
    assert.equal(session.codes.all().length, count, 'no code added in memory either');
    const { id } = session.codes.all()[0]!.code;
    await vscode.commands.executeCommand('cmo.tagWithTheme', { uri: doc.uri.toString(), id }, { tags: [], newTheme: 'Untrusted theme' });
    await vscode.commands.executeCommand('cmo.themes.new', undefined, 'Another untrusted theme');
    await settle();
    assertUnchanged(before, 'coding, tagging or a new theme');
  });

  it('"Write the merged file", "Set up the merge driver", "Export coding" and "Update THEORY.md" write nothing', async () => {
    const text = readFileSync(file(SIDECAR).fsPath, 'utf8');
    const parsed = parseSidecarText(SIDECAR, text);
    assert.ok(parsed.ok);
    const base: Sidecar = parsed.value;
    const theirs = { ...base, codes: base.codes.map((c, i) => (i === 0 ? { ...c, note: 'theirs' } : c)) };
    const marked = conflictMarkerText(serializeSidecar(base), serializeSidecar(theirs));
    const theory = readFileSync(file('THEORY.md').fsPath, 'utf8');
    writeFileSync(file(SIDECAR).fsPath, marked);
    // THEORY.md made different from what the report would be, so a write would show.
    writeFileSync(file('THEORY.md').fsPath, 'stale\n');
    try {
      const before = snapshot();
      assert.equal(await vscode.commands.executeCommand('cmo.writeRecoveredMerge', file(SIDECAR)), false);
      assert.equal(await vscode.commands.executeCommand('cmo.installMergeDriver'), false);
      assert.equal(await vscode.commands.executeCommand('cmo.exportCoding', 'csv', file('export.csv')), undefined);
      assert.equal(await vscode.commands.executeCommand('cmo.exportCoding', 'qdpx', file('export.qdpx')), undefined);
      assert.equal(await vscode.commands.executeCommand('cmo.updateTheoryReport'), 0);
      await settle();
      assertUnchanged(before, 'the merge, the merge driver, an export or THEORY.md');
      assert.ok(!existsSync(file('.gitattributes').fsPath));
    } finally {
      writeFileSync(file(SIDECAR).fsPath, text);
      writeFileSync(file('THEORY.md').fsPath, theory);
    }
  });
});

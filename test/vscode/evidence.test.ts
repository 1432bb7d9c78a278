/** The evidence protected in the editor: no write through a link out of the workspace, no export over the review's own files. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { file, read, root, write } from './helpers';

describe('Evidence: writes in the editor', () => {
  it('THEORY.md linked to a file outside the workspace is not written through ("Update THEORY.md")', async () => {
    const outside = mkdtempSync(nodePath.join(tmpdir(), 'cmo-victim-'));
    const victim = nodePath.join(outside, 'victim.md');
    writeFileSync(victim, 'precious\n');
    const theory = nodePath.join(root().fsPath, 'THEORY.md');
    const before = await read('THEORY.md');
    rmSync(theory);
    symlinkSync(victim, theory);
    try {
      // Make the report differ from the victim's content, so a write would happen.
      const wrote = await vscode.commands.executeCommand<number>('cmo.updateTheoryReport');
      assert.equal(wrote, 0);
      await new Promise((r) => setTimeout(r, 1500)); // the automatic writer, too, had its chance
      assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    } finally {
      rmSync(theory, { force: true });
      await write('THEORY.md', before);
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('"Export coding" refuses a sidecar or the project file as its target, and leaves them alone', async () => {
    for (const target of ['papers/masterson-2024.txt.cmo.json', 'cmo-project.json']) {
      const before = await read(target);
      assert.equal(await vscode.commands.executeCommand('cmo.exportCoding', 'csv', file(target)), undefined, target);
      assert.equal(await read(target), before, target);
    }
  });
});

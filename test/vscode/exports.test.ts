import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as vscode from 'vscode';

describe('Exports from VS Code', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'cmo-export-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('"Export coding" writes the CSV sheet and a REFI-QDA .qdpx of the workspace', async () => {
    const csv = vscode.Uri.file(path.join(dir, 'coding.csv'));
    assert.ok(await vscode.commands.executeCommand('cmo.exportCoding', 'csv-bom', csv));
    const sheet = readFileSync(csv.fsPath, 'utf8');
    assert.ok(sheet.startsWith('\ufeffarticle,section,line,page,role,themes,configurations,theories,memo,coder,created,quote,id,relevance,rigour,cites,configuration ids\r\n'));
    assert.ok(sheet.includes(',Context,Engagement,Reflection on intentions and assets creates conditions for engagement,'));
    const qdpx = vscode.Uri.file(path.join(dir, 'coding.qdpx'));
    assert.ok(await vscode.commands.executeCommand('cmo.exportCoding', 'qdpx', qdpx));
    const files = unzipSync(readFileSync(qdpx.fsPath));
    const qde = strFromU8(files['project.qde']!);
    assert.match(qde, /<Project xmlns="urn:QDA-XML:project:1\.0"/);
    assert.ok((qde.match(/<PlainTextSelection /g) ?? []).length >= 20);
    assert.equal(Object.keys(files).filter((f) => f.startsWith('sources/')).length, 3);
    // Importing it back into the same workspace places every passage and adds nothing: they are all there.
    assert.deepEqual(await vscode.commands.executeCommand('cmo.importQdpx', qdpx), { added: 0, unplaced: 0 });
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { file, read, waitFor } from './helpers';

/** The repository's generated PDFs (test/fixtures/pdf), found from the companion's environment or this file. */
function fixture(name: string): Uint8Array {
  const dir = process.env.CMO_PDF_FIXTURES ?? path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'pdf');
  return readFileSync(path.join(dir, name));
}
/** A twin of the sample's PDF made by layout 1, and its 48 codes (test/fixtures/real-pdfs/layout1). */
function layout1(name: string): Uint8Array {
  const dir = path.join(process.env.CMO_PDF_FIXTURES ?? path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'pdf'), '..', 'real-pdfs', 'layout1');
  return readFileSync(path.join(dir, name));
}

describe('PDFs in VS Code', function () {
  this.timeout(60_000);
  const PDF = 'papers/inhost.pdf';
  const TWIN = 'papers/inhost.md';
  after(async () => {
    for (const p of [PDF, TWIN, `${TWIN}.cmo.json`]) await vscode.workspace.fs.delete(file(p)).then(undefined, () => undefined);
  });

  it('"Add article…" with a PDF in the workspace writes its Markdown twin; the PDF opens in the PDF view', async () => {
    await vscode.workspace.fs.writeFile(file(PDF), fixture('masterson-2024-two-column.pdf'));
    const result = (await vscode.commands.executeCommand('cmo.addArticle', file(PDF))) as { added: string[]; problems: string[] };
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.added, [TWIN]);
    const twin = await read(TWIN);
    assert.match(twin, /^<!-- cmo-pdf source="inhost\.pdf" sha256="[0-9a-f]{64}" pages="11" extractor="pdfjs-dist 5\.4\.624, layout 2" -->\n/);
    assert.ok(twin.includes('Ninety-three peer-review articles informed our programme theory development.'));
    await vscode.commands.executeCommand('vscode.openWith', file(PDF), 'cmo.pdfView');
    await waitFor('the PDF view in front', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputCustom && (vscode.window.tabGroups.activeTabGroup.activeTab.input as vscode.TabInputCustom).viewType === 'cmo.pdfView');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a scanned PDF is not added, and says why', async () => {
    await vscode.workspace.fs.writeFile(file('papers/scan.pdf'), fixture('scanned.pdf'));
    try {
      const result = (await vscode.commands.executeCommand('cmo.addArticle', file('papers/scan.pdf'))) as { added: string[]; problems: string[] };
      assert.deepEqual(result.added, []);
      assert.match(result.problems.join(' '), /no text layer.*OCR/);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(file('papers/scan.md'))));
    } finally {
      await vscode.workspace.fs.delete(file('papers/scan.pdf'));
    }
  });

  it('"Re-import PDFs made by an older layout" makes a layout-1 twin again and keeps its 48 codes, found or orphaned; Problems no longer says it is old', async () => {
    const twin = 'papers/co-design-synthesis.md';
    const sidecar = `${twin}.cmo.json`;
    const before = await read(twin);
    try {
      await vscode.workspace.fs.writeFile(file(twin), layout1('co-design-synthesis.md'));
      await vscode.workspace.fs.writeFile(file(sidecar), layout1('co-design-synthesis.md.cmo.json'));
      await vscode.commands.executeCommand('cmo.checkWorkspace');
      await waitFor('Problems to name the old layout', () => vscode.languages.getDiagnostics(file(twin)).some((d) => /made by layout 1 of the PDF import/.test(d.message)));
      const done = (await vscode.commands.executeCommand('cmo.reimportPdfs')) as Array<{ twin: string; reason: string; codes: { kept: number; moved: number; fuzzy: number; orphaned: number } }>;
      assert.deepEqual(done.map((d) => [d.twin, d.reason]), [[twin, 'layout']]);
      const c = done[0]!.codes;
      assert.equal(c.kept + c.moved + c.fuzzy + c.orphaned, 48);
      assert.match(await read(twin), /layout 2" -->\n/);
      const ids = (JSON.parse(await read(sidecar)) as { codes: Array<{ id: string }> }).codes.map((x) => x.id);
      assert.equal(ids.length, 48, 'every code kept in the sidecar');
      await vscode.commands.executeCommand('cmo.checkWorkspace');
      await waitFor('Problems to stop naming the old layout', () => !vscode.languages.getDiagnostics(file(twin)).some((d) => /made by layout 1/.test(d.message)));
    } finally {
      await vscode.workspace.fs.writeFile(file(twin), new TextEncoder().encode(before));
      await vscode.workspace.fs.delete(file(sidecar)).then(undefined, () => undefined);
    }
  });
});

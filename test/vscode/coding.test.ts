import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { Api } from '../../src/extension/activate';
import { cmoDiagnostics, EXTENSION_ID, file, read, waitFor, write } from './helpers';

const ARTICLE = 'papers/masterson-2024.txt';
const SENTENCE = 'In summary, the transformation from intention to agreement requires interaction in a given context.';

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

/** Opens an article; with `edit`, unlocks its text ("CMO: Edit article text"), as a reviewer must before editing it. */
async function openArticle(path = ARTICLE, edit = false): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file(path));
  const editor = await vscode.window.showTextDocument(doc);
  if (edit) assert.equal(await vscode.commands.executeCommand('cmo.editArticleText'), true);
  return editor;
}

function select(editor: vscode.TextEditor, text: string): vscode.Selection {
  const at = editor.document.getText().indexOf(text);
  assert.ok(at >= 0, `"${text.slice(0, 40)}…" is in the article`);
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + text.length));
  return editor.selection;
}

interface DiskCode {
  id: string;
  role: string;
  start: number;
  end: number;
  exact: string;
  coder?: string;
  created?: string;
}
async function diskCodes(path = ARTICLE): Promise<DiskCode[]> {
  return JSON.parse(await read(`${path}.cmo.json`)).codes;
}

/**
 * Each test starts from the sample's article and sidecar as they were, with
 * every editor closed and settings reset. Returns getters for the originals.
 */
function withCleanSample(): { readonly original: string; readonly originalSidecar: string } {
  const saved = { original: '', originalSidecar: '' };
  before(async () => {
    saved.original = await read(ARTICLE);
    saved.originalSidecar = await read(`${ARTICLE}.cmo.json`);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write(ARTICLE, saved.original);
    await write(`${ARTICLE}.cmo.json`, saved.originalSidecar);
    await vscode.workspace.getConfiguration('cmo').update('mechanismSplit', undefined, vscode.ConfigurationTarget.Workspace);
    await new Promise((r) => setTimeout(r, 300));
  });
  return saved;
}

describe('Coding in the editor', () => {
  const sample = withCleanSample();

  it('"Code selection as Context" writes the code to the sidecar on disk, with quote, LF offsets, coder and date', async () => {
    const editor = await openArticle();
    select(editor, SENTENCE);
    const ids = await vscode.commands.executeCommand<string[]>('cmo.codeAsContext');
    assert.equal(ids.length, 1);
    const { sessions } = await api();
    const session = sessions.peek(editor.document.uri)!;
    const code = await waitFor('the new code on disk', async () => (await diskCodes()).find((c) => c.id === ids[0])).catch(async (e) => {
      throw new Error(`${(e as Error).message}; session dirty=${session.codes.dirty} docDirty=${editor.document.isDirty} broken=${!!session.broken} codes=${session.codes.all().length} disk=${(await diskCodes()).length}`);
    });
    assert.equal(code.role, 'context');
    assert.equal(code.exact, SENTENCE);
    assert.equal(sample.original.slice(code.start, code.end), SENTENCE);
    assert.match(code.created ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(code.coder);
    // The others are still there, untouched.
    assert.equal((await diskCodes()).length, 9);
  });

  it('codes follow edits above them, survive the editor’s undo, and saving writes the new offsets', async () => {
    const { sessions } = await api();
    const editor = await openArticle(ARTICLE, true);
    select(editor, SENTENCE);
    const [id] = await vscode.commands.executeCommand<string[]>('cmo.codeAsOutcome');
    const session = sessions.peek(editor.document.uri)!;
    const text = () => editor.document.getText();
    const range = () => {
      const c = session.codes.get(id!)!;
      return text().slice(c.start, c.end);
    };
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'A line added by the reviewer.\n'));
    assert.equal(range(), SENTENCE);
    // Delete the passage and its neighbours, then undo: the code comes back on its words.
    const at = text().indexOf(SENTENCE);
    await editor.edit((b) => b.delete(new vscode.Range(editor.document.positionAt(at - 10), editor.document.positionAt(at + SENTENCE.length + 10))));
    assert.equal(session.codes.get(id!)!.state, 'detached');
    await vscode.commands.executeCommand('undo');
    assert.equal(session.codes.get(id!)!.state, 'live');
    assert.equal(range(), SENTENCE);
    assert.ok(await editor.document.save());
    const code = await waitFor('the shifted code on disk', async () => (await diskCodes()).find((c) => c.id === id && c.start === sample.original.indexOf(SENTENCE) + 30));
    assert.equal((await read(ARTICLE)).slice(code.start, code.end), SENTENCE);
  });

  it('coding while the article has unsaved text waits for the save, then writes', async () => {
    const editor = await openArticle(ARTICLE, true);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Unsaved.\n'));
    select(editor, SENTENCE);
    const [id] = await vscode.commands.executeCommand<string[]>('cmo.codeAsReasoning');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await read(`${ARTICLE}.cmo.json`), sample.originalSidecar, 'nothing written before the article is saved');
    await editor.document.save();
    const code = await waitFor('the code on disk after saving', async () => (await diskCodes()).find((c) => c.id === id));
    assert.equal((await read(ARTICLE)).slice(code.start, code.end), SENTENCE);
  });

  it('change role, memo (through the API the hover links call) and delete, each undoable', async () => {
    const { sessions } = await api();
    const editor = await openArticle();
    const session = (await sessions.get(editor.document))!;
    const target = session.codes.all().find((c) => c.code.id === 'c8space')!;
    await sessions.edit(session, () => session.codes.setRole('c8space', 'outcome'));
    await waitFor('the new role on disk', async () => (await diskCodes()).find((c) => c.id === 'c8space' && c.role === 'outcome'));
    await vscode.commands.executeCommand('cmo.deleteCode', { uri: editor.document.uri.toString(), id: 'c8space' });
    await waitFor('the code gone from disk', async () => !(await diskCodes()).some((c) => c.id === 'c8space'));
    assert.equal(await vscode.commands.executeCommand('cmo.undoCoding'), 'Delete code');
    await waitFor('the code back on disk', async () => (await diskCodes()).some((c) => c.id === 'c8space' && c.start === target.start));
  });

  it('deleting a passage a configuration uses: Problems warns on cmo-project.json at once (no check run), and Undo clears it', async () => {
    const { sessions } = await api();
    const editor = await openArticle();
    const session = (await sessions.get(editor.document))!;
    const at = editor.document.getText().indexOf('this may lead to alignment on, for example');
    const code = session.codes.at(at + 5)[0]!.code;
    const project = file('cmo-project.json');
    const dangling = () => cmoDiagnostics(project).find((d) => d.message.includes(`refers to code ${code.id}, which is not in ${ARTICLE}.cmo.json`));
    assert.equal(dangling(), undefined);
    await vscode.commands.executeCommand('cmo.deleteCode', { uri: editor.document.uri.toString(), id: code.id });
    const d = await waitFor('a dangling-reference warning on the project file', dangling);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(await vscode.commands.executeCommand('cmo.undoCoding'), 'Delete code');
    await waitFor('the warning gone after Undo', () => !dangling());
  });

  it('the hover shows role, themes, memo and the configurations using the code', async () => {
    const editor = await openArticle();
    const at = editor.document.getText().indexOf('this may lead to alignment on, for example');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(at + 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*Outcome\*\*/);
    assert.match(text, /Alignment as an intermediate outcome/);
    assert.match(text, /Themes:\* Alignment/);
    assert.match(text, /Dialogue and documentation lead to alignment \(Engagement, alignment and agreement\)/);
    assert.match(text, /command:cmo\.editMemo/);
  });

  it('a hand edit of the sidecar on disk reloads the codes', async () => {
    const { sessions } = await api();
    const editor = await openArticle();
    const session = (await sessions.get(editor.document))!;
    await write(`${ARTICLE}.cmo.json`, sample.originalSidecar.replace('"id": "c8space",\n      "role": "context"', '"id": "c8space",\n      "role": "reasoning"'));
    await waitFor('the session to pick up the new role', () => session.codes.get('c8space')?.code.role === 'reasoning');
  });

  it('with a broken sidecar, coding is refused, a problem is shown, and the file stays byte-identical', async () => {
    const broken = sample.originalSidecar.slice(0, 500);
    await write(`${ARTICLE}.cmo.json`, broken);
    const { sessions } = await api();
    const editor = await openArticle();
    const session = (await sessions.get(editor.document))!;
    await waitFor('the session to see the broken file', () => session.broken !== undefined);
    select(editor, SENTENCE);
    await vscode.commands.executeCommand('cmo.codeAsContext');
    await vscode.commands.executeCommand('cmo.editArticleText');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'x'));
    await editor.document.save();
    await waitFor('a CMO problem on the sidecar', () => cmoDiagnostics(file(`${ARTICLE}.cmo.json`)).some((d) => d.code === 'invalid-json'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await read(`${ARTICLE}.cmo.json`), broken);
  });
});

describe('Moving around and repairing codes', () => {
  const sample = withCleanSample();

  it('Next / Previous code select the coded passages in text order, wrapping around', async () => {
    const editor = await openArticle();
    const disk = (await diskCodes()).sort((a, b) => a.start - b.start);
    // The test before restores a broken sidecar on disk; its reload arrives through the file watcher.
    const { sessions } = await api();
    await waitFor('the codes reloaded', async () => (await sessions.get(editor.document))?.codes.all().length === disk.length).catch(async (e) => {
      const s = await sessions.get(editor.document);
      throw new Error(`${(e as Error).message}: session broken=${!!s?.broken} codes=${s?.codes.all().length} dirty=${s?.codes.dirty} disk=${disk.length}`);
    });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const selected = () => editor.document.getText(editor.selection);
    await vscode.commands.executeCommand('cmo.nextCode');
    assert.equal(selected(), disk[0]!.exact);
    await vscode.commands.executeCommand('cmo.nextCode');
    assert.equal(selected(), disk[1]!.exact);
    await vscode.commands.executeCommand('cmo.previousCode');
    assert.equal(selected(), disk[0]!.exact);
    await vscode.commands.executeCommand('cmo.previousCode');
    assert.equal(selected(), disk[disk.length - 1]!.exact, 'wraps to the last');
  });

  it('an orphaned code: "Re-attach orphaned code to selection" puts it on the selected passage, keeping its role', async () => {
    // A copy of the article whose passage for o7agree was reworded before it was ever opened: the code is orphaned.
    const copy = 'papers/reworded.txt';
    const reworded = sample.original.replace('this may lead to a formal agreement (as an initial outcome) between those involved', 'a formal agreement may follow between those involved');
    await write(copy, reworded);
    await write(`${copy}.cmo.json`, sample.originalSidecar.replace('"source": "masterson-2024.txt"', '"source": "reworded.txt"'));
    try {
      const { sessions } = await api();
      const editor = await openArticle(copy);
      const session = (await sessions.get(editor.document))!;
      assert.equal(session.codes.get('o7agree')!.state, 'orphaned');
      select(editor, 'a formal agreement may follow between those involved');
      await vscode.commands.executeCommand('cmo.reattachOrphan', { uri: editor.document.uri.toString(), id: 'o7agree' });
      const code = await waitFor('the re-attached code on disk', async () => (await diskCodes(copy)).find((c) => c.id === 'o7agree' && c.exact.startsWith('a formal agreement')));
      assert.equal(reworded.slice(code.start, code.end), 'a formal agreement may follow between those involved');
      assert.equal(code.role, 'outcome');
      assert.equal((await diskCodes(copy)).length, 8, 'no code lost or added');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file(copy));
      await vscode.workspace.fs.delete(file(`${copy}.cmo.json`));
    }
  });

  it('Undo / Redo last coding change, from the commands', async () => {
    const editor = await openArticle();
    select(editor, SENTENCE);
    const [id] = await vscode.commands.executeCommand<string[]>('cmo.codeAsContext');
    await waitFor('the code on disk', async () => (await diskCodes()).some((c) => c.id === id));
    assert.equal(await vscode.commands.executeCommand('cmo.undoCoding'), 'Code as context');
    await waitFor('the code gone from disk', async () => !(await diskCodes()).some((c) => c.id === id));
    assert.equal(await vscode.commands.executeCommand('cmo.redoCoding'), 'Code as context');
    await waitFor('the code back on disk', async () => (await diskCodes()).some((c) => c.id === id));
  });

  it('an article opens locked: typing is refused until "Edit article text", and "Lock article" locks it again', async () => {
    const { lock } = await api();
    // A copy of the sample article: the unlocked typing below leaves its coding to be rewritten on save.
    const scratch = 'papers/lock-scratch.md';
    await write(scratch, await read('papers/masterson-2024.md'));
    await write(`${scratch}.cmo.json`, (await read('papers/masterson-2024.md.cmo.json')).replace('"source": "masterson-2024.md"', '"source": "lock-scratch.md"'));
    try {
      const editor = await openArticle(scratch);
      const uri = editor.document.uri;
      await waitFor('the article locked', () => lock.isLocked(uri));
      // "Next code" leaves the passage selected and the focus in the editor: the next keystroke must not replace it.
      await vscode.commands.executeCommand('cmo.nextCode');
      assert.ok(!editor.selection.isEmpty, 'a coded passage is selected');
      await vscode.commands.executeCommand('type', { text: 'zzz' });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(editor.document.isDirty, false, 'typing changed nothing');
      assert.equal(editor.document.getText(), await read(scratch));
      assert.equal(await vscode.commands.executeCommand('cmo.editArticleText'), true);
      assert.equal(lock.isLocked(uri), false);
      // Unlocked, typing works; at the end of the text, away from every code.
      const end = editor.document.positionAt(editor.document.getText().length);
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('type', { text: 'zzz' });
      await waitFor('the typing taken', () => editor.document.isDirty && editor.document.getText().includes('zzz'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(await vscode.commands.executeCommand('cmo.lockArticle'), true);
      assert.equal(lock.isLocked(uri), true);
      await vscode.commands.executeCommand('type', { text: 'zzz' });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(editor.document.isDirty, false, 'locked again');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file(`${scratch}.cmo.json`));
      await vscode.workspace.fs.delete(file(scratch));
    }
  });

  it('a plain Markdown file without codes is not locked', async () => {
    const { lock } = await api();
    await write('notes-scratch.md', '# Notes\n\nNot an article.\n');
    try {
      const editor = await openArticle('notes-scratch.md');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(lock.isLocked(editor.document.uri), false);
      await vscode.commands.executeCommand('type', { text: 'x' });
      await waitFor('the typing taken', () => editor.document.isDirty);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await vscode.workspace.fs.delete(file('notes-scratch.md'));
    }
  });

  it('with the mechanism split off, Ctrl+Alt+2 codes a plain Mechanism (setting + keybinding when-clauses)', async () => {
    await vscode.workspace.getConfiguration('cmo').update('mechanismSplit', false, vscode.ConfigurationTarget.Workspace);
    const editor = await openArticle();
    select(editor, SENTENCE);
    const [id] = await vscode.commands.executeCommand<string[]>('cmo.codeAsMechanism');
    const code = await waitFor('the mechanism code on disk', async () => (await diskCodes()).find((c) => c.id === id));
    assert.equal(code.role, 'mechanism');
  });
});

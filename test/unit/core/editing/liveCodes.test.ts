import { strict as assert } from 'node:assert';
import { anchorCodes, emptySidecar, eolMapping, LiveCodes, normalizeNewlines, type Sidecar, type TextChange } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

const text = corpus();
const PASSAGE = 'initial reflection on intentions and assets (mechanisms)';

/** A tiny editor: applies a change to its text and tells the model, as the extension does. */
class Editor {
  constructor(
    public text: string,
    readonly codes: LiveCodes,
  ) {}
  edit(offset: number, removed: number, insert: string): void {
    const change: TextChange = { offset, removed, text: insert };
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + removed);
    this.codes.applyTextChanges([change], this.text);
  }
  range(id: string): string {
    const c = this.codes.get(id)!;
    return this.text.slice(c.start, c.end);
  }
}

function session(t = text) {
  const codes = new LiveCodes('papers/a.txt');
  codes.load(undefined, t);
  const editor = new Editor(t, codes);
  const start = t.indexOf(PASSAGE);
  const id = codes.add('resource', start, start + PASSAGE.length, t, { coder: 'alice', created: '2026-11-22' });
  return { codes, editor, id, start };
}

describe('live codes while editing', () => {
  it('codes a selection with quote and context, and marks the model dirty', () => {
    const { codes, id, start } = session();
    const c = codes.get(id)!;
    assert.equal(c.code.exact, PASSAGE);
    assert.equal(c.code.prefix, text.slice(start - 32, start));
    assert.equal(c.code.role, 'resource');
    assert.equal(codes.dirty, true);
    assert.throws(() => codes.add('context', 10, 10, text), /select the passage/);
  });

  it('changes the role of several codes, and adds themes to them, each as one undo step; an unknown id changes nothing', () => {
    const { codes, id } = session();
    const second = text.indexOf('engagement');
    const other = codes.add('context', second, second + 10, text, { tags: ['keep'] });
    codes.setRoleOf([id, other], 'outcome');
    assert.deepEqual([codes.get(id)!.code.role, codes.get(other)!.code.role], ['outcome', 'outcome']);
    codes.addTagsTo([id, other], ['tailoring', 'keep']);
    assert.deepEqual([codes.get(id)!.code.tags, codes.get(other)!.code.tags], [['tailoring', 'keep'], ['keep', 'tailoring']]);
    assert.throws(() => codes.setRoleOf([id, 'nosuch'], 'context'), /no code nosuch/);
    assert.equal(codes.get(id)!.code.role, 'outcome');
    assert.equal(codes.undo(), 'Tag with theme');
    assert.deepEqual([codes.get(id)!.code.tags, codes.get(other)!.code.tags], [undefined, ['keep']]);
    assert.equal(codes.undo(), 'Change role');
    assert.deepEqual([codes.get(id)!.code.role, codes.get(other)!.code.role], ['resource', 'context']);
  });

  it('moves codes with typing before them, and not with typing after', () => {
    const { editor, id, start } = session();
    editor.edit(0, 0, 'A new first line.\n');
    assert.equal(editor.range(id), PASSAGE);
    editor.edit(start + 18 + PASSAGE.length + 5, 0, 'later');
    assert.equal(editor.range(id), PASSAGE);
    editor.edit(10, 5, '');
    assert.equal(editor.range(id), PASSAGE);
  });

  it('does not extend a code when typing right at its start or end; does when typing inside', () => {
    const { editor, id, start } = session();
    editor.edit(start, 0, 'X');
    assert.equal(editor.range(id), PASSAGE);
    editor.edit(start + 1 + PASSAGE.length, 0, 'Y');
    assert.equal(editor.range(id), PASSAGE);
    editor.edit(start + 1 + 'initial'.length, 0, ', early');
    assert.equal(editor.range(id), 'initial, early reflection on intentions and assets (mechanisms)');
  });

  it('trims a code whose start or end is deleted', () => {
    const { editor, id, start } = session();
    editor.edit(start - 5, 5 + 'initial '.length, '');
    assert.equal(editor.range(id), 'reflection on intentions and assets (mechanisms)');
  });

  it('keeps a code whose whole passage is deleted, detached, and brings it back when the words return (undo)', () => {
    const { codes, editor, id, start } = session();
    editor.edit(start - 2, PASSAGE.length + 4, '');
    assert.equal(codes.get(id)!.state, 'detached');
    assert.equal(codes.all().length, 1);
    editor.edit(start - 2, 0, text.slice(start - 2, start + PASSAGE.length + 2));
    assert.equal(codes.get(id)!.state, 'live');
    assert.equal(editor.range(id), PASSAGE);
  });

  it('brings a detached code back when a large deletion around it is undone or reverted (the words return far from where it waited)', () => {
    const { codes, editor, id, start } = session();
    // A whole stretch of the article, the passage a thousand characters into it, deleted and put back in one edit.
    const from = Math.max(0, start - 1000);
    const to = Math.min(text.length, start + PASSAGE.length + 1000);
    editor.edit(from, to - from, '');
    assert.equal(codes.get(id)!.state, 'detached');
    editor.edit(from, 0, text.slice(from, to));
    assert.equal(codes.get(id)!.state, 'live');
    assert.equal(editor.range(id), PASSAGE);
    // The same words pasted somewhere else, even as part of a long paste, are lookalikes: the code stays detached.
    editor.edit(start - 2, PASSAGE.length + 4, '');
    const elsewhere = Math.min(start + 3000, editor.text.length);
    editor.edit(elsewhere, 0, `${'filler '.repeat(200)}${PASSAGE}${' filler'.repeat(200)}`);
    assert.equal(codes.get(id)!.state, 'detached');
  });

  it('undoes and redoes coding changes, not text edits', () => {
    const { codes, id } = session();
    codes.setRole(id, 'reasoning');
    codes.setNote(id, 'A memo');
    codes.setTags(id, ['intentions', 'assets', 'intentions']);
    assert.deepEqual(codes.get(id)!.code.tags, ['intentions', 'assets']);
    assert.equal(codes.undo(), 'Tag with theme');
    assert.equal(codes.get(id)!.code.tags, undefined);
    assert.equal(codes.undo(), 'Edit memo');
    assert.equal(codes.undo(), 'Change role');
    assert.equal(codes.get(id)!.code.role, 'resource');
    assert.equal(codes.redo(), 'Change role');
    assert.equal(codes.get(id)!.code.role, 'reasoning');
    codes.delete(id);
    assert.equal(codes.all().length, 0);
    assert.equal(codes.undo(), 'Delete code');
    assert.equal(codes.get(id)!.code.role, 'reasoning');
    // The redone role change is next: the memo and tags were undone before the delete cleared redo.
    assert.equal(codes.undo(), 'Change role');
    assert.equal(codes.get(id)!.code.role, 'resource');
    // Coding the passage was itself a change: undoing it removes the code.
    assert.equal(codes.undo(), 'Code as resource');
    assert.equal(codes.get(id), undefined);
    assert.equal(codes.undo(), undefined);
    assert.equal(codes.canRedo(), 'Code as resource');
  });

  it('handles overlapping, nested and doubly coded spans', () => {
    const { codes, editor, start } = session();
    const a = codes.add('context', start, start + 20, editor.text);
    const b = codes.add('outcome', start, start + 20, editor.text);
    const c = codes.add('reasoning', start + 5, start + 10, editor.text);
    assert.equal(codes.at(start + 7).length, 4);
    editor.edit(0, 0, '12345');
    for (const id of [a, b]) assert.equal(editor.range(id), PASSAGE.slice(0, 20));
    assert.equal(editor.range(c), PASSAGE.slice(5, 10));
  });

  it('saves to the sidecar in LF offsets from a CRLF editor, with sections and the hash', () => {
    const md = '# Title\r\n\r\n## Results\r\n\r\nThe passage here.\r\n';
    const lf = normalizeNewlines(md);
    const codes = new LiveCodes('papers/a.md');
    codes.load(undefined, lf, eolMapping(md));
    const at = md.indexOf('passage');
    const id = codes.add('outcome', at, at + 'passage'.length, md);
    const sidecar = codes.toSidecar('a.md', lf, eolMapping(md));
    const code = sidecar.codes[0]!;
    assert.equal(code.id, id);
    assert.equal(lf.slice(code.start, code.end), 'passage');
    assert.equal(code.start, lf.indexOf('passage'));
    assert.equal(code.section, 'Results');
    assert.equal(anchorCodes(lf, sidecar.codes)[0]!.status, 'kept');
  });

  it('loads a sidecar, keeps orphans exactly as they were and writes them back untouched', () => {
    const kept = codeOn(text, PASSAGE);
    const orphan = { ...codeOn(text, 'Peer review research was obtained from a prior scoping review'), id: 'orph0001', note: 'keep me' };
    const sidecar: Sidecar = { ...emptySidecar('a.txt', text), codes: [kept, orphan], xFuture: { v: 1 } } as Sidecar;
    const edited = text.replace('Peer review research was obtained from a prior scoping review', 'Something else');
    const codes = new LiveCodes('papers/a.txt');
    const results = codes.load(sidecar, edited);
    // The replaced sentence comes before the kept passage, so that one moved.
    assert.deepEqual(results.map((r) => r.status), ['moved', 'orphaned']);
    assert.equal(codes.get('orph0001')!.state, 'orphaned');
    const out = codes.toSidecar('a.txt', edited);
    assert.deepEqual(out.codes.find((c) => c.id === 'orph0001'), orphan);
    assert.deepEqual((out as Record<string, unknown>).xFuture, { v: 1 });
  });

  it('re-attaches an orphan to a selection', () => {
    const codes = new LiveCodes('papers/a.txt');
    const orphan = { ...codeOn(text, PASSAGE), id: 'orph0002' };
    codes.load({ ...emptySidecar('a.txt', text), codes: [orphan] }, 'nothing of it here');
    assert.equal(codes.get('orph0002')!.state, 'orphaned');
    codes.reattach('orph0002', 0, 7, 'nothing of it here');
    const c = codes.get('orph0002')!;
    assert.equal(c.state, 'live');
    assert.equal(c.code.exact, 'nothing');
    codes.undo();
    assert.equal(codes.get('orph0002')!.state, 'orphaned');
  });

  it('finds the next and previous code, wrapping around', () => {
    const { codes, editor, start, id } = session();
    const later = codes.add('outcome', start + 100, start + 120, editor.text);
    assert.equal(codes.next(0, 1)!.code.id, id);
    assert.equal(codes.next(start, 1)!.code.id, later);
    assert.equal(codes.next(start + 100, 1)!.code.id, id);
    assert.equal(codes.next(start, -1)!.code.id, later);
  });
});

describe('eolMapping', () => {
  it('maps CRLF editor offsets to LF offsets and back', () => {
    const crlf = 'ab\r\ncd\r\n\r\nef';
    const lf = normalizeNewlines(crlf);
    const m = eolMapping(crlf);
    for (let i = 0; i <= crlf.length; i++) {
      if (crlf[i - 1] === '\r') continue; // between \r and \n is not a real position
      const l = m.toLf(i);
      assert.equal(crlf.slice(0, i).replace(/\r/g, ''), lf.slice(0, l));
      assert.equal(m.fromLf(l), i);
    }
  });
});

describe('live codes after the text is replaced wholesale', () => {
  it('finds every code again from its quote, keeping unknown sidecar fields', () => {
    const codes = new LiveCodes('papers/a.txt');
    const c = codeOn(text, PASSAGE);
    codes.load({ ...emptySidecar('a.txt', text), codes: [c], xKeep: true } as Sidecar, text);
    const replaced = 'A preface added by someone else.\n' + text;
    const results = codes.relocate(replaced);
    assert.equal(results[0]!.status, 'moved');
    assert.equal(replaced.slice(codes.get(c.id)!.start, codes.get(c.id)!.end), PASSAGE);
    assert.equal((codes.toSidecar('a.txt', replaced) as Record<string, unknown>).xKeep, true);
  });
});

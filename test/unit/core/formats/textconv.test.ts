/** The sidecar as git diffs it (diff.cmo.textconv). */
import { strict as assert } from 'node:assert';
import { emptySidecar, selectorFor, serializeSidecar, sidecarTextconv, type Code } from '../../../../src/core';
import { corpus } from '../../../helpers/corpus';

const text = corpus();
const at = (quote: string) => {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, quote);
  return selectorFor(text, start, start + quote.length);
};

describe('sidecar textconv', () => {
  const later: Code = { id: 'o2later0', role: 'outcome', ...at('may create the initial conducive conditions for engagement'), tags: ['engagement'], note: 'two\nlines', coder: 'alice' };
  const earlier: Code = { id: 'c1first0', role: 'context', ...at('in the context of health and social care services'), cites: ['Smith 2020'] };
  const sidecar = { ...emptySidecar('a.txt', text), codes: [later, earlier] };

  it('one line per code in reading order, with role, quote, themes, cites, memo (line breaks escaped), coder and id; no offsets, no hash', () => {
    const lines = sidecarTextconv('a.txt.cmo.json', serializeSidecar(sidecar)).split('\n');
    assert.deepEqual(lines, [
      '# codes of a.txt: role, quote, themes, cites, memo, coder, id (offsets and the article\'s hash left out)',
      'C Context · “in the context of health and social care services” · cites: Smith 2020 · #c1first0',
      'O Outcome · “may create the initial conducive conditions for engagement” · themes: engagement · memo: two\\nlines · by alice · #o2later0',
      '',
    ]);
    assert.ok(!lines.join('\n').includes(sidecar.sha256));
  });

  it('the same codes moved with the text give the same lines; a conflict is a line; a file that does not parse is shown as it is', () => {
    const moved = { ...sidecar, sha256: 'f'.repeat(64), codes: sidecar.codes.map((c) => ({ ...c, start: c.start + 25, end: c.end + 25, prefix: 'other', suffix: 'context' })) };
    assert.equal(sidecarTextconv('x', serializeSidecar(moved)), sidecarTextconv('x', serializeSidecar(sidecar)));
    const conflicted = { ...sidecar, conflicts: [{ code: 'o2later0', fields: ['role'], ours: later, theirs: { ...later, role: 'context' } }] };
    assert.match(sidecarTextconv('x', serializeSidecar(conflicted as never)), /^conflict on #o2later0: role differ between ours and theirs$/m);
    const broken = '{"cmo": 1, "codes": [';
    assert.equal(sidecarTextconv('b.cmo.json', broken).split('\n')[1], broken);
    assert.match(sidecarTextconv('b.cmo.json', broken), /^# b\.cmo\.json does not parse/);
  });
});

import { strict as assert } from 'node:assert';
import { disagreements, type Code } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

describe('disagreements', () => {
  const text = corpus();
  const sentence = 'It is worthy of note that through this process the authors observed gaps in the model';
  const at = text.indexOf(sentence);
  const code = (id: string, role: Code['role'], start: number, end: number): Code => ({ ...codeOn(text, text.slice(start, end), role, start), id });

  it('finds the sentence the tests code in the corpus article', () => assert.ok(at > 0));

  it('lists nothing when both coded the same passages with the same roles', () => {
    const a = [code('a1aa', 'context', at, at + 40), code('a2aa', 'outcome', at + 50, at + 80)];
    const b = [code('b1bb', 'context', at + 2, at + 40), code('b2bb', 'outcome', at + 50, at + 80)];
    assert.deepEqual(disagreements('p.txt', a, b), []);
  });

  it('tells a role disagreement, a span disagreement and passages only one coder coded, in text order, with stable keys', () => {
    const a = [code('a1aa', 'context', at, at + 40), code('a2aa', 'outcome', at + 50, at + 60), code('a3aa', 'resource', at + 200, at + 230)];
    const b = [code('b1bb', 'reasoning', at, at + 40), code('b2bb', 'outcome', at + 55, at + 85), code('b4bb', 'context', at + 300, at + 320)];
    const list = disagreements('p.txt', a, b);
    assert.deepEqual(
      list.map((d) => [d.kind, d.a?.id, d.b?.id]),
      [
        ['role', 'a1aa', 'b1bb'],
        ['span', 'a2aa', 'b2bb'],
        ['onlyA', 'a3aa', undefined],
        ['onlyB', undefined, 'b4bb'],
      ],
    );
    assert.deepEqual(
      list.map((d) => d.key),
      ['p.txt#a1aa|b1bb', 'p.txt#a2aa|b2bb', 'p.txt#a3aa|', 'p.txt#|b4bb'],
    );
    assert.deepEqual(disagreements('p.txt', a, b), list, 'the same list when computed again');
  });
});

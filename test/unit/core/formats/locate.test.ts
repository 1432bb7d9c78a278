import { strict as assert } from 'node:assert';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { arraySpans, emptySidecar, ROLES, selectorFor, serializeSidecar, type Code } from '../../../../src/core';
import { corpus, rng } from '../../../helpers/corpus';

describe('arraySpans (locating a code without a parse tree)', () => {
  const text = corpus();
  const random = rng(9);
  const tricky = ['{', '}', '[', ']', '"', '\\', '"codes": [', '\\"}', ','];

  it('gives each code the span jsonc-parser gives it: 120 sidecars, canonical, minified and hand-formatted', () => {
    for (let n = 0; n < 120; n++) {
      const codes: Code[] = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => {
        const start = Math.floor(random() * (text.length - 300));
        const note = random() < 0.5 ? `memo ${tricky[Math.floor(random() * tricky.length)]} ${tricky[Math.floor(random() * tricky.length)]}` : undefined;
        return { id: `c${String(i).padStart(4, '0')}`, role: ROLES[i % 4]!, ...selectorFor(text, start, start + 20 + Math.floor(random() * 100)), ...(note ? { note } : {}), ...(random() < 0.3 ? { extra: { nested: [1, { deep: '}' }] } } : {}) } as Code;
      });
      const sidecar = { ...emptySidecar('a.txt', text), codes, ...(random() < 0.3 ? { before: { codes: [1, 2] } } : {}) };
      const json = [serializeSidecar(sidecar), JSON.stringify(sidecar), JSON.stringify(sidecar, null, '\t').replace(/\n/g, '\r\n')][n % 3]!;
      const spans = arraySpans(json, 'codes');
      assert.ok(spans, `case ${n}: scanned`);
      const tree = parseTree(json)!;
      codes.forEach((_, i) => {
        const node = findNodeAtLocation(tree, ['codes', i])!;
        assert.deepEqual(spans[i], [node.offset, node.offset + node.length], `case ${n}, code ${i}`);
      });
      assert.equal(spans.length, codes.length);
    }
  });

  it('gives up (so the parse tree is used) where the text is not shaped as expected', () => {
    for (const json of ['{"codes": [1, 2]}', '{"codes": ["a"]}', '{"codes": {"a": 1}}', '{"x": 1}', '{"codes": [{}], "codes": [{}]}', '{"codes": [{"a": "}"']) {
      assert.equal(arraySpans(json, 'codes'), undefined, json);
    }
    assert.deepEqual(arraySpans('{"source": "codes", "codes": [ {"a": "]"} , {} ]}', 'codes'), [
      [31, 41],
      [44, 46],
    ]);
  });
});

import { strict as assert } from 'node:assert';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { arraySpans, emptySidecar, locatePaths, ROLES, selectorFor, serializeSidecar, type Code } from '../../../../src/core';
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

describe('locatePaths (many JSON paths in one scan)', () => {
  const random = rng(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const keys = ['codes', 'configurations', 'a', 'b', 'id', 'x"y', 'k\\z', 'é', ''];
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.3) return pick([1, -2.5e3, true, false, null, 'text', '}', '{"[', 'a\\"b', '']);
    if (r < 0.65) return Array.from({ length: Math.floor(random() * 5) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 5); i > 0; i--) o[pick(keys)] = value(depth + 1);
    return o;
  };
  /** What atPath shows for a path, from jsonc-parser's tree: the node or its nearest ancestor; a property's key. */
  const expected = (json: string, path: Array<string | number>) => {
    const tree = parseTree(json)!;
    let node;
    for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target?.type === 'property' ? { offset: target.offset, length: target.children![0]!.length } : { offset: target!.offset, length: target!.length };
  };
  const randomPath = (): Array<string | number> => Array.from({ length: Math.floor(random() * 5) }, () => (random() < 0.5 ? Math.floor(random() * 4) : pick(keys)));

  it('gives every path the span the parse tree gives: 300 random documents × 20 paths, three layouts, duplicate keys', () => {
    for (let n = 0; n < 300; n++) {
      const doc = { codes: value(1), configurations: value(0), [pick(keys)]: value(1) };
      let json = [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n')][n % 3]!;
      if (n % 7 === 0) json = json.replace(/^\{/, '{"codes": [{"id": "first"}], '); // a duplicate key: the first one counts
      const paths = Array.from({ length: 20 }, randomPath);
      const spans = locatePaths(json, paths);
      assert.ok(spans, `case ${n}: scanned`);
      paths.forEach((p, i) => assert.deepEqual(spans[i], expected(json, p), `case ${n}: ${JSON.stringify(p)} in ${json.slice(0, 200)}`));
    }
  });

  it('gives up on text that is not plain JSON before the paths are found (the tree is used then)', () => {
    for (const json of ['{"a": [1, /* x */ 2]}', '{"a": [1', '{"a" 1}', '{"b": 1} x', '{"a": [1] // note\n}']) {
      assert.equal(locatePaths(json, [['a', 1]]), undefined, json);
    }
    // Once every path is found the scan stops: what follows is not read.
    assert.deepEqual(locatePaths('{"a": [1, 2] // note\n}', [['a', 1]]), [{ offset: 10, length: 1 }]);
  });

  it('locates the dangling references of a real-sized project in one pass, as the tree does', () => {
    const configurations = Array.from({ length: 400 }, (_, c) => ({ id: `conf${c}`, title: `T ${c} "q"`, codes: Array.from({ length: 60 }, (_, i) => `papers/a${c}.txt#c${i}`) }));
    const json = JSON.stringify({ cmo: 1, configurations }, null, 2);
    const paths = Array.from({ length: 2000 }, () => ['configurations', Math.floor(random() * 400), 'codes', Math.floor(random() * 60)]);
    const spans = locatePaths(json, paths)!;
    for (const [i, p] of paths.entries()) if (i % 50 === 0) assert.deepEqual(spans[i], expected(json, p));
  });
});

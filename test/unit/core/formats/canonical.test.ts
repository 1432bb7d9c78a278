import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseProjectText, parseSidecarText, ROLES, serializeProject, serializeSidecar, type Sidecar } from '../../../../src/core';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');
const read = (p: string) => readFileSync(path.join(SAMPLE, p), 'utf8');

function parsedSidecar(text: string): Sidecar {
  const r = parseSidecarText('x.md.cmo.json', text);
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r.value;
}

describe('canonical serializer', () => {
  for (const file of ['papers/masterson-2024.txt.cmo.json', 'papers/masterson-2024.md.cmo.json']) {
    it(`round-trips ${file} byte for byte`, () => {
      const text = read(file);
      assert.equal(serializeSidecar(parsedSidecar(text)), text);
    });
  }

  it('round-trips the sample project file byte for byte', () => {
    const text = read('cmo-project.json');
    const r = parseProjectText('cmo-project.json', text);
    assert.ok(r.ok);
    assert.equal(serializeProject(r.value), text);
  });

  it('orders keys, sorts codes, keeps unknown fields after the known ones', () => {
    const messy = JSON.stringify({
      codes: [
        { suffix: '', prefix: '', exact: 'bb', end: 12, start: 10, role: 'outcome', id: 'zzzz0001', xVendor: { keep: true } },
        { exact: 'aa', prefix: '', suffix: '', start: 0, end: 2, id: 'bbbb0001', role: 'context' },
        { exact: 'aaa', prefix: '', suffix: '', start: 0, end: 3, id: 'aaaa0001', role: 'context' },
        { exact: 'aa', prefix: '', suffix: '', start: 0, end: 2, id: 'aaaa0002', role: 'context' },
      ],
      sha256: 'a'.repeat(64),
      futureField: 1,
      source: 'x.md',
      cmo: 1,
    });
    const out = serializeSidecar(parsedSidecar(messy));
    assert.ok(out.endsWith('}\n') && !out.includes('\r'));
    const back = JSON.parse(out);
    assert.deepEqual(Object.keys(back), ['cmo', 'source', 'sha256', 'codes', 'futureField']);
    assert.deepEqual(back.codes.map((c: { id: string }) => c.id), ['aaaa0002', 'bbbb0001', 'aaaa0001', 'zzzz0001']);
    assert.deepEqual(Object.keys(back.codes[3]), ['id', 'role', 'start', 'end', 'exact', 'prefix', 'suffix', 'xVendor']);
    assert.deepEqual(back.codes[3].xVendor, { keep: true });
    assert.match(out, /^\{\n  "cmo": 1,\n  "source": "x.md",\n/);
  });

  it('property: serialize is a fixed point and independent of input order', () => {
    const code = fc.record(
      {
        id: fc.stringMatching(/^[a-z][a-z0-9]{7}$/),
        role: fc.constantFrom(...ROLES),
        start: fc.nat(100000),
        len: fc.nat(500),
        exact: fc.string(),
        prefix: fc.string({ maxLength: 32 }),
        suffix: fc.string({ maxLength: 32 }),
        section: fc.option(fc.string(), { nil: undefined }),
        tags: fc.option(fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { maxLength: 3 }), { nil: undefined }),
        note: fc.option(fc.string(), { nil: undefined }),
        coder: fc.option(fc.string(), { nil: undefined }),
      },
      { requiredKeys: ['id', 'role', 'start', 'len', 'exact', 'prefix', 'suffix'] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(code, { selector: (c) => c.id, maxLength: 30 }), (raw) => {
        const codes = raw.map(({ len, ...c }) => ({ ...c, end: c.start + len }));
        const sidecar: Sidecar = { cmo: 1, source: 'a.txt', sha256: '0'.repeat(64), codes };
        const once = serializeSidecar(sidecar);
        assert.equal(serializeSidecar(parsedSidecar(once)), once);
        assert.equal(serializeSidecar({ ...sidecar, codes: [...codes].reverse() }), once);
      }),
      { numRuns: 150, seed: 1122 },
    );
  });
});

import { strict as assert } from 'node:assert';
import { emptySidecar, isPlainSidecar, parseSidecarText, ROLES, selectorFor, serializeSidecar, sidecarSchema, type Code } from '../../../../src/core';
import { corpus, rng } from '../../../helpers/corpus';

/** Values that break one rule or another of the schema, or keep to it in an odd way. */
const ODD: unknown[] = [null, undefined, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'ctx', 'context', '2026-11-24', '2026-1-24', 'a/b', '..', '.', 'trust', 'Trust mutual', [], ['trust'], ['bad tag'], [1], {}, { a: 1 }, 'a'.repeat(64), 'f'.repeat(64), 'F'.repeat(64), 'abc', 'abcd', '-abc'];

describe('isPlainSidecar (the fast path of loading)', () => {
  const text = corpus();
  const random = rng(42);
  const codes: Code[] = Array.from({ length: 20 }, (_, i) => {
    const start = Math.floor(random() * (text.length - 400));
    return { id: `c${String(i).padStart(4, '0')}`, role: ROLES[i % 4]!, ...selectorFor(text, start, start + 50 + i), ...(i % 3 ? { tags: ['trust'] } : {}), ...(i % 4 ? { note: 'memo' } : {}), coder: 'ann', created: '2026-11-24' };
  });
  const valid = JSON.parse(serializeSidecar({ ...emptySidecar('masterson-2024.txt', text), codes })) as Record<string, unknown>;

  it('says yes to a well-formed sidecar, and parsing gives the same value as the schema', () => {
    assert.ok(isPlainSidecar(valid));
    const parsed = parseSidecarText('x.txt.cmo.json', JSON.stringify(valid));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, sidecarSchema.parse(valid));
  });

  it('whatever it accepts, the schema accepts with the same value: 5,000 mutated sidecars', () => {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const codeKeys = ['id', 'role', 'start', 'end', 'exact', 'prefix', 'suffix', 'section', 'tags', 'note', 'coder', 'created', 'extra'];
    const topKeys = ['cmo', 'source', 'sha256', 'codes', 'conflicts', 'fileConflict', 'extra'];
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 5000; n++) {
      const s = structuredClone(valid) as { codes: Array<Record<string, unknown>> } & Record<string, unknown>;
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        const roll = random();
        if (roll < 0.6) {
          const c = Array.isArray(s.codes) && s.codes.length ? pick(s.codes) : undefined;
          if (typeof c !== 'object' || c === null) continue;
          const key = pick(codeKeys);
          if (random() < 0.2) delete c[key];
          else c[key] = key === 'start' || key === 'end' ? pick([0, 5, 100000, -3, 2.5, 2 ** 53, '7', (c.start as number) - 1]) : pick(ODD);
        } else if (roll < 0.9) {
          const key = pick(topKeys);
          if (random() < 0.2) delete s[key];
          else s[key] = key === 'cmo' ? pick([1, 2, '1', 0]) : pick(ODD);
        } else if (Array.isArray(s.codes)) s.codes.push(pick(ODD) as Record<string, unknown>);
      }
      const fast = isPlainSidecar(s);
      const schema = sidecarSchema.safeParse(s);
      if (fast) {
        accepted++;
        assert.ok(schema.success, `accepted what the schema rejects: ${JSON.stringify(schema.error?.issues[0])}`);
        assert.deepEqual(schema.data, s);
      } else rejected++;
    }
    // Both outcomes occur, so the test says something either way.
    assert.ok(accepted > 200 && rejected > 200, `${accepted} accepted, ${rejected} rejected`);
  });

  it('leaves conflicts and errors to the schema: a conflict still loads, a bad field still names its place', () => {
    const conflicted = { ...valid, conflicts: [{ code: 'c0000', fields: ['role'], ours: (valid.codes as Code[])[0], theirs: null }] };
    assert.equal(isPlainSidecar(conflicted), false);
    const parsed = parseSidecarText('x.txt.cmo.json', JSON.stringify(conflicted, null, 2));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.conflicts?.length, 1);
    const bad = structuredClone(valid) as { codes: Array<Record<string, unknown>> };
    bad.codes[3]!.role = 'contxt';
    const broken = parseSidecarText('x.txt.cmo.json', JSON.stringify(bad, null, 2));
    assert.ok(!broken.ok);
    assert.match(broken.problems[0]!.message, /codes\[3\]\.role/);
  });
});

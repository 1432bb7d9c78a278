/** Files a hostile (or merely strange) repository can hold: deep nesting, "__proto__" keys, top-level fields both sides of a merge changed. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  checkWorkspace,
  conflictProblems,
  MAX_JSON_DEPTH,
  MemoryFileSystem,
  mergedSidecarText,
  mergeProjects,
  mergeSidecars,
  parseProjectText,
  parseSidecarText,
  resolveFileConflict,
  resolveProjectConflict,
  serializeProject,
  serializeSidecar,
  type Project,
  type Sidecar,
} from '../../../../src/core';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');
const sidecarText = readFileSync(path.join(SAMPLE, 'papers', 'masterson-2024.txt.cmo.json'), 'utf8');
const projectText = readFileSync(path.join(SAMPLE, 'cmo-project.json'), 'utf8');
const sidecar = (): Sidecar => {
  const r = parseSidecarText('a.cmo.json', sidecarText);
  assert.ok(r.ok);
  return r.value;
};
const project = (): Project => {
  const r = parseProjectText('cmo-project.json', projectText);
  assert.ok(r.ok);
  return r.value;
};

describe('hostile files', () => {
  describe('deep nesting', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const [what, parse] of [
      ['sidecar', parseSidecarText],
      ['project file', parseProjectText],
    ] as const) {
      it(`a ${what} nested 5,000 and 100,000 levels deep is an error at the first bracket too deep, not a crash`, () => {
        for (const n of [5_000, 100_000]) {
          const text = sidecarText.replace('"codes": [', `"codes": [${deep(n)},`);
          const r = parse('x.cmo.json', text);
          assert.equal(r.ok, false);
          const p = r.problems[0];
          assert.equal(p?.kind, 'too-deep');
          assert.match(p?.message ?? '', /nested more than 200 levels/);
          const before = text.indexOf('"codes": [');
          assert.equal(p?.line, text.slice(0, before).split('\n').length - 1);
        }
      });
    }

    it('deep invalid JSON (which the error locator would recurse into) is reported the same way', () => {
      const r = parseSidecarText('x.cmo.json', '{"codes": ' + deep(50_000).slice(0, -1));
      assert.equal(r.ok, false);
      assert.equal(r.problems[0]?.kind, 'too-deep');
    });

    it(`nesting up to ${MAX_JSON_DEPTH} levels in a field of a newer tool is read and written back`, () => {
      const nested = '['.repeat(MAX_JSON_DEPTH - 1) + '1' + ']'.repeat(MAX_JSON_DEPTH - 1);
      const text = sidecarText.replace('"cmo": 1,', `"cmo": 1,\n  "zzFuture": ${nested},`);
      const r = parseSidecarText('x.cmo.json', text);
      assert.ok(r.ok, JSON.stringify(r.problems[0]));
      assert.deepEqual(JSON.parse(serializeSidecar(r.value)).zzFuture, JSON.parse(nested));
    });

    it('check on a workspace holding one: exit with the problem, the other files still checked', async () => {
      const fs = new MemoryFileSystem({
        'a.txt': 'text',
        'a.txt.cmo.json': '{"cmo":1,"x":' + deep(20_000) + '}',
        'cmo-project.json': '{"cmo":1,"y":' + deep(20_000) + '}',
      });
      const result = await checkWorkspace(fs);
      assert.deepEqual(result.problems.map((p) => [p.path, p.kind]).sort(), [
        ['a.txt.cmo.json', 'too-deep'],
        ['cmo-project.json', 'too-deep'],
      ]);
    });
  });

  it('crafted repetitive text (1 MB of "abab…", 1,000 codes whose context is gone) is checked in bounded time, every code orphaned', async function () {
    // Each quote occurs 500,000 times; looking at every occurrence of every quote took 36 s.
    this.timeout(10_000);
    const article = 'ab'.repeat(500_000);
    const codes = Array.from({ length: 1000 }, (_, i) => ({ id: `rep${String(i).padStart(5, '0')}`, role: 'context' as const, start: ((i * 997) % 999_000) | 1, end: (((i * 997) % 999_000) | 1) + 20, exact: 'ab'.repeat(10), prefix: 'zz', suffix: 'yy' }));
    const fs = new MemoryFileSystem({ 'rep.txt': article, 'rep.txt.cmo.json': serializeSidecar({ cmo: 1, source: 'rep.txt', sha256: '0'.repeat(64), codes }) });
    const started = Date.now();
    const result = await checkWorkspace(fs);
    assert.equal(result.orphaned, 1000);
    console.log(`      checked in ${Date.now() - started} ms`);
  });

  it('the same with quotes changed by one letter (each piece of them found 500,000 times): bounded, orphaned', async function () {
    // 300 codes took 22 s: every text position was confirmed against every quote's pieces.
    this.timeout(10_000);
    const article = 'ab'.repeat(500_000);
    const exact = 'ababababacababababab';
    const codes = Array.from({ length: 300 }, (_, i) => ({ id: `rep${String(i).padStart(5, '0')}`, role: 'context' as const, start: ((i * 997) % 999_000) | 1, end: (((i * 997) % 999_000) | 1) + 20, exact, prefix: 'ab'.repeat(16), suffix: 'ab'.repeat(16) }));
    const fs = new MemoryFileSystem({ 'rep.txt': article, 'rep.txt.cmo.json': serializeSidecar({ cmo: 1, source: 'rep.txt', sha256: '0'.repeat(64), codes }) });
    const started = Date.now();
    assert.equal((await checkWorkspace(fs)).orphaned, 300);
    console.log(`      checked in ${Date.now() - started} ms`);
  });

  describe('"__proto__" keys', () => {
    const withProto = sidecarText.replace('"cmo": 1,', '"cmo": 1,\n  "__proto__": { "polluted": true },').replace(/("id": "[^"]+",)/, '$1\n      "__proto__": ["kept"],');

    it('are kept through read and write, at the top and in a code, and pollute nothing', () => {
      const r = parseSidecarText('x.cmo.json', withProto);
      assert.ok(r.ok, JSON.stringify(r.problems[0]));
      const out = serializeSidecar(r.value);
      const again = JSON.parse(out);
      assert.deepEqual(Object.getOwnPropertyDescriptor(again, '__proto__')?.value, { polluted: true });
      assert.deepEqual(Object.getOwnPropertyDescriptor(again.codes.find((c: object) => Object.prototype.hasOwnProperty.call(c, '__proto__')), '__proto__')?.value, ['kept']);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
      // Canonical: writing what was read gives the same bytes.
      const twice = parseSidecarText('x.cmo.json', out);
      assert.ok(twice.ok);
      assert.equal(serializeSidecar(twice.value), out);
    });

    it('survive a three-way merge', () => {
      const r = parseSidecarText('x.cmo.json', withProto);
      assert.ok(r.ok);
      const theirs = { ...r.value, codes: r.value.codes.map((c, i) => (i === 1 ? { ...c, note: 'theirs' } : c)) };
      const merged = mergedSidecarText(r.value, r.value, theirs);
      assert.equal(merged.conflicts, 0);
      assert.match(merged.text, /"__proto__": \{\n\s+"polluted": true/);
      assert.match(merged.text, /"__proto__": \[\n\s+"kept"/);
    });
  });

  describe('top-level fields changed differently on both sides', () => {
    it('a sidecar records them in fileConflict (our value in place), check reports it, and either side can be taken', () => {
      const base = sidecar();
      const ours = { ...base, source: 'ours.txt', zzTool: { v: 1 } } as Sidecar;
      const theirs = { ...base, source: 'theirs.txt', zzTool: { v: 2 } } as Sidecar;
      const r = mergeSidecars(base, ours, theirs);
      assert.equal(r.conflicts, 1);
      assert.equal(r.value.source, 'ours.txt');
      assert.deepEqual(r.value.fileConflict, { fields: ['source', 'zzTool'], ours: { source: 'ours.txt', zzTool: { v: 1 } }, theirs: { source: 'theirs.txt', zzTool: { v: 2 } } });
      const text = serializeSidecar(r.value);
      const parsed = parseSidecarText('x.cmo.json', text);
      assert.ok(parsed.ok, 'the record is schema-valid');
      const problems = conflictProblems('x.cmo.json', text, parsed.value);
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.message ?? '', /"source" was changed differently on both sides \(ours "ours\.txt", theirs "theirs\.txt"\)/);
      assert.equal(resolveFileConflict(r.value, 'theirs')?.source, 'theirs.txt');
      assert.equal(resolveFileConflict(r.value, 'mine')?.source, 'ours.txt');
      assert.equal(resolveFileConflict(r.value, 'theirs')?.fileConflict, undefined);
    });

    it('one side changing a top-level field is taken without a conflict; a sha256 difference is never one', () => {
      const base = sidecar();
      const r = mergeSidecars(base, { ...base, sha256: 'a'.repeat(64) }, { ...base, source: 'renamed.txt', sha256: 'b'.repeat(64) });
      assert.equal(r.conflicts, 0);
      assert.equal(r.value.source, 'renamed.txt');
      assert.equal(r.value.fileConflict, undefined);
    });

    it('a project records refi and unknown fields as entity "file"; theirs puts their values in place', () => {
      const base = { ...project(), refi: { namespace: '00000000-0000-4000-8000-000000000001' } } as Project;
      const ours = { ...base, refi: { namespace: '00000000-0000-4000-8000-000000000002' }, zzTool: 'a' } as Project;
      const theirs = { ...base, refi: { namespace: '00000000-0000-4000-8000-000000000003' }, zzTool: 'b' } as Project;
      const r = mergeProjects(base, ours, theirs);
      assert.equal(r.conflicts, 1);
      const c = r.value.conflicts?.find((x) => x.entity === 'file');
      assert.deepEqual(c?.fields, ['refi', 'zzTool']);
      assert.equal(r.value.refi?.namespace, '00000000-0000-4000-8000-000000000002');
      const text = serializeProject(r.value);
      const parsed = parseProjectText('cmo-project.json', text);
      assert.ok(parsed.ok, JSON.stringify(parsed.problems[0]));
      assert.match(conflictProblems('cmo-project.json', text, parsed.value)[0]?.message ?? '', /top-level field "refi" was changed differently/);
      const taken = resolveProjectConflict(r.value, 'file', 'file', 'theirs') as Project & { zzTool?: string };
      assert.equal(taken.refi?.namespace, '00000000-0000-4000-8000-000000000003');
      assert.equal(taken.zzTool, 'b');
      assert.equal(taken.conflicts, undefined);
    });
  });
});

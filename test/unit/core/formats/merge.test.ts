import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  checkSidecar,
  conflictProblems,
  mergeList,
  mergeProjects,
  mergeSidecars,
  parseProjectText,
  parseSidecarText,
  resolveCodeConflict,
  resolveProjectConflict,
  selectorFor,
  serializeProject,
  serializeSidecar,
  splitConflictMarkers,
  MemoryFileSystem,
  type Code,
  type Project,
  type Sidecar,
} from '../../../../src/core';
import { corpus, rng } from '../../../helpers/corpus';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');
const sampleSidecar = (): Sidecar => {
  const r = parseSidecarText('papers/masterson-2024.txt.cmo.json', readFileSync(path.join(SAMPLE, 'papers', 'masterson-2024.txt.cmo.json'), 'utf8'));
  assert.ok(r.ok);
  return r.value;
};
const sampleProject = (): Project => {
  const r = parseProjectText('cmo-project.json', readFileSync(path.join(SAMPLE, 'cmo-project.json'), 'utf8'));
  assert.ok(r.ok);
  return r.value;
};
const text = readFileSync(path.join(SAMPLE, 'papers', 'masterson-2024.txt'), 'utf8');

function newCode(id: string, quote: string, role: Code['role'], coder: string): Code {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, quote);
  return { id, role, ...selectorFor(text, start, start + quote.length), coder, created: '2026-11-22' };
}
const edit = (s: Sidecar, f: (codes: Code[]) => Code[]): Sidecar => ({ ...s, codes: f(structuredClone(s.codes)) });
const ids = (s: Sidecar) => s.codes.map((c) => c.id).sort();
/** The merged text must parse and be canonical. */
function roundTrips(s: Sidecar): void {
  const t = serializeSidecar(s);
  const r = parseSidecarText('x.cmo.json', t);
  assert.ok(r.ok, JSON.stringify(r.problems));
  assert.equal(serializeSidecar(r.value), t);
}

describe('merge: sidecars, three-way by id', () => {
  const base = sampleSidecar();
  const [first, second] = base.codes as [Code, Code];

  it('keeps codes added on both sides and merges different fields of one code without conflict', () => {
    const ours = edit(base, (codes) => [...codes.map((c) => (c.id === first.id ? { ...c, role: 'outcome' as const } : c)), newCode('ours0001', 'Ninety-three peer-review articles', 'context', 'alice')]);
    const theirs = edit(base, (codes) => [...codes.filter((c) => c.id !== second.id).map((c) => (c.id === first.id ? { ...c, note: 'their memo', tags: [...(c.tags ?? []), 'alignment'] } : c)), newCode('thrs0001', 'six mechanisms', 'resource', 'bob')]);
    const r = mergeSidecars(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(r.value.conflicts, undefined);
    assert.deepEqual(ids(r.value), [...ids(base).filter((id) => id !== second.id), 'ours0001', 'thrs0001'].sort());
    const merged = r.value.codes.find((c) => c.id === first.id)!;
    assert.equal(merged.role, 'outcome');
    assert.equal(merged.note, 'their memo');
    assert.deepEqual(merged.tags, ['engagement', 'alignment']);
    roundTrips(r.value);
  });

  it('records a conflict when both sides change the same field, keeps both, and resolves each way', async () => {
    const ours = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'outcome' as const, note: 'mine' } : c)));
    const theirs = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'resource' as const, coder: 'bob' } : c)));
    const r = mergeSidecars(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    assert.deepEqual(r.value.conflicts?.map((c) => [c.code, c.fields]), [[first.id, ['role']]]);
    assert.equal(r.value.conflicts?.[0]?.theirs?.role, 'resource');
    const merged = r.value.codes.find((c) => c.id === first.id)!;
    assert.deepEqual([merged.role, merged.note, merged.coder], ['outcome', 'mine', 'bob']);
    roundTrips(r.value);
    // Listed as a problem, with the code's id, by check and in Problems.
    const t = serializeSidecar(r.value);
    const problems = conflictProblems('a.cmo.json', t, r.value);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.kind, 'merge-conflict');
    assert.equal(problems[0]!.codeId, first.id);
    assert.match(problems[0]!.message, /changed differently on both sides \(role\)/);
    assert.ok(problems[0]!.line > 5, 'points at the conflict record');
    const fs = new MemoryFileSystem({ 'papers/masterson-2024.txt': text });
    const checked = await checkSidecar(fs, 'papers/masterson-2024.txt.cmo.json', { state: 'ok', path: 'papers/masterson-2024.txt.cmo.json', value: r.value, text: t, problems: [] });
    assert.ok(checked.problems.some((p) => p.kind === 'merge-conflict' && p.severity === 'error'));

    const mine = resolveCodeConflict(r.value, first.id, 'mine')!;
    assert.equal(mine.conflicts, undefined);
    assert.equal(mine.codes.find((c) => c.id === first.id)!.role, 'outcome');
    const theirsWay = resolveCodeConflict(r.value, first.id, 'theirs')!;
    const t1 = theirsWay.codes.find((c) => c.id === first.id)!;
    assert.deepEqual([t1.role, t1.note, t1.coder], ['resource', 'mine', 'bob'], 'only the conflicting field is taken from theirs');
    const both = resolveCodeConflict(r.value, first.id, 'both')!;
    assert.equal(both.codes.length, base.codes.length + 1);
    assert.deepEqual(both.codes.filter((c) => c.exact === first.exact).map((c) => c.role).sort(), ['outcome', 'resource']);
    for (const s of [mine, theirsWay, both]) roundTrips(s);
  });

  it('keeps a code deleted on one side and changed on the other, as a conflict', () => {
    const ours = edit(base, (codes) => codes.filter((c) => c.id !== first.id));
    const theirs = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, note: 'still matters' } : c)));
    const r = mergeSidecars(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    assert.equal(r.value.codes.find((c) => c.id === first.id)?.note, 'still matters');
    assert.deepEqual(r.value.conflicts?.[0]?.fields, ['deleted']);
    assert.equal(r.value.conflicts?.[0]?.ours, null);
    assert.equal(resolveCodeConflict(r.value, first.id, 'mine')!.codes.some((c) => c.id === first.id), false, 'mine: our deletion stands');
    assert.equal(resolveCodeConflict(r.value, first.id, 'theirs')!.codes.some((c) => c.id === first.id), true);
  });

  it('does not conflict when both sides re-anchored the same quote to different offsets', () => {
    const ours = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, start: c.start + 5, end: c.end + 5 } : c)));
    const theirs = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, start: c.start + 9, end: c.end + 9 } : c)));
    const r = mergeSidecars(base, ours, theirs);
    assert.equal(r.conflicts, 0);
    assert.equal(r.value.codes.find((c) => c.id === first.id)!.start, first.start + 5);
  });

  it('merges lists as sets', () => {
    assert.deepEqual(mergeList(['a', 'b', 'c'], ['a', 'c', 'd'], ['b', 'c', 'e', 'a']), ['a', 'c', 'd', 'e']);
    assert.deepEqual(mergeList(undefined, ['x'], ['y', 'x']), ['x', 'y']);
  });

  it('property: random independent edits on two branches keep every code of both, and the file parses', () => {
    const article = corpus();
    const quoteAt = (random: () => number) => {
      const start = Math.floor(random() * (article.length - 300));
      return selectorFor(article, start, start + 20 + Math.floor(random() * 200));
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const random = rng(seed);
        const roles = ['context', 'resource', 'reasoning', 'outcome'] as const;
        const mk = (id: string, coder: string): Code => ({ id, role: roles[Math.floor(random() * 4)]!, ...quoteAt(random), coder, created: '2026-11-22' });
        const baseCodes = Array.from({ length: 12 }, (_, i) => mk(`base${i}`, 'alice'));
        const b: Sidecar = { cmo: 1, source: 'a.txt', sha256: '0'.repeat(64), codes: baseCodes };
        const branch = (who: string): Sidecar => {
          const codes: Code[] = [];
          for (const c of baseCodes) {
            const roll = random();
            if (roll < 0.15) continue; // deleted
            if (roll < 0.3) codes.push({ ...c, role: roles[Math.floor(random() * 4)]! });
            else if (roll < 0.4) codes.push({ ...c, note: `${who} ${Math.floor(random() * 3)}` });
            else if (roll < 0.5) codes.push({ ...c, ...quoteAt(random) });
            else if (roll < 0.6) codes.push({ ...c, tags: [`t${Math.floor(random() * 3)}`] });
            else codes.push(c);
          }
          const added = Math.floor(random() * 6);
          for (let i = 0; i < added; i++) codes.push(mk(`${who}${seed}x${i}`, who));
          return { ...b, codes };
        };
        const o = branch('ours');
        const t = branch('them');
        const r = mergeSidecars(b, o, t);
        roundTrips(r.value);
        const merged = new Set(r.value.codes.map((c) => c.id));
        const baseById = new Map(baseCodes.map((c) => [c.id, c]));
        const changed = (c: Code) => JSON.stringify(c) !== JSON.stringify(baseById.get(c.id));
        for (const [side, other] of [[o, t], [t, o]] as const) {
          const otherIds = new Set(other.codes.map((c) => c.id));
          for (const c of side.codes) {
            // Every code of both is kept, unless the other side deleted it and this side never touched it.
            const deletedThereUntouchedHere = baseById.has(c.id) && !otherIds.has(c.id) && !changed(c);
            assert.equal(merged.has(c.id), !deletedThereUntouchedHere, `code ${c.id}`);
          }
        }
        // Every conflict names a code that is in the file.
        for (const c of r.value.conflicts ?? []) assert.ok(merged.has(c.code));
        // Merging a branch with itself changes nothing.
        assert.equal(serializeSidecar(mergeSidecars(b, o, o).value), serializeSidecar(o));
      }),
      { numRuns: 150 },
    );
  });
});

describe('merge: git conflict markers are recovered, not rejected', () => {
  const base = sampleSidecar();
  const [first] = base.codes as [Code];
  const ours = edit(base, (codes) => [...codes.map((c) => (c.id === first.id ? { ...c, role: 'outcome' as const } : c)), newCode('ours0001', 'Ninety-three peer-review articles', 'context', 'alice')]);
  const theirs = edit(base, (codes) => [...codes.map((c) => (c.id === first.id ? { ...c, role: 'resource' as const } : c)), newCode('thrs0001', 'six mechanisms', 'resource', 'bob')]);

  for (const style of ['merge', 'diff3'] as const) {
    it(`from git merge-file (${style} style): both sides merged by id, the conflict recorded`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cmo-markers-'));
      const files = { o: serializeSidecar(ours), b: serializeSidecar(base), t: serializeSidecar(theirs) };
      for (const [k, v] of Object.entries(files)) writeFileSync(path.join(dir, k), v);
      let marked: string;
      try {
        marked = execFileSync('git', ['merge-file', '-p', ...(style === 'diff3' ? ['--diff3'] : []), 'o', 'b', 't'], { cwd: dir, encoding: 'utf8' });
        assert.fail('expected git merge-file to report a conflict');
      } catch (e) {
        marked = (e as { stdout: string }).stdout;
      }
      assert.match(marked, /^<<<<<<< /m);
      const sides = splitConflictMarkers(marked)!;
      assert.equal(sides.ours, files.o);
      assert.equal(sides.theirs, files.t);
      if (style === 'diff3') assert.equal(sides.base, files.b);
      const r = parseSidecarText('a.cmo.json', marked);
      assert.ok(r.ok, JSON.stringify(r.problems));
      assert.deepEqual(ids(r.value), [...ids(base), 'ours0001', 'thrs0001'].sort());
      assert.equal(r.problems[0]?.kind, 'conflict-markers');
      assert.equal(r.problems[0]?.severity, 'error');
      assert.match(r.problems[0]!.message, /merged by id, nothing lost; 1 change/);
      // With the base (diff3), the role change is a real conflict; without it, too (no base: any difference conflicts).
      assert.deepEqual(r.value.conflicts?.map((c) => c.code), [first.id]);
    });
  }

  it('still refuses markers whose sides do not parse, naming the side', () => {
    const r = parseSidecarText('a.cmo.json', '<<<<<<< ours\n{"cmo": 1,\n=======\n{}\n>>>>>>> theirs\n');
    assert.equal(r.ok, false);
    assert.match(r.problems[0]!.message, /our side \(between <<<<<<< and =======\) does not parse/);
  });
});

describe('merge: project file', () => {
  const base = sampleProject();
  it('adds configurations from both sides, merges a theory\'s list, and records a title conflict', () => {
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.configurations!.push({ id: 'kours001', title: 'Ours', codes: [] });
    ours.theories![0]!.configurations.push('kours001');
    theirs.configurations!.push({ id: 'kthrs001', title: 'Theirs', codes: ['papers/masterson-2024.txt#c8space'] });
    theirs.theories![0]!.configurations.push('kthrs001');
    ours.configurations![0]!.title = 'Our title';
    theirs.configurations![0]!.title = 'Their title';
    theirs.configurations![1]!.statement = 'Their statement';
    const r = mergeProjects(base, ours, theirs);
    assert.equal(r.conflicts, 1);
    const p = r.value;
    assert.deepEqual(p.theories![0]!.configurations, ['k1engage', 'k2align0', 'k3record', 'kours001', 'kthrs001']);
    assert.deepEqual(p.configurations!.map((c) => c.id), ['k1engage', 'k2align0', 'k3record', 'kours001', 'kthrs001']);
    assert.equal(p.configurations![0]!.title, 'Our title');
    assert.equal(p.configurations![1]!.statement, 'Their statement');
    assert.deepEqual(p.conflicts?.map((c) => [c.entity, c.id, c.fields]), [['configuration', 'k1engage', ['title']]]);
    const text = serializeProject(p);
    const parsed = parseProjectText('cmo-project.json', text);
    assert.ok(parsed.ok);
    assert.equal(serializeProject(parsed.value), text);
    assert.match(conflictProblems('cmo-project.json', text, p)[0]!.message, /configuration "Our title" \(k1engage\) was changed differently on both sides \(title\)/);
    const resolved = resolveProjectConflict(p, 'configuration', 'k1engage', 'theirs')!;
    assert.equal(resolved.configurations![0]!.title, 'Their title');
    assert.equal(resolved.conflicts, undefined);
  });

  it('merges the evidence model by id: stances passage by passage, logs as sets, links as sets; a status both changed is a recorded conflict', () => {
    const k2 = (p: Project) => p.configurations!.find((c) => c.id === 'k2align0')!;
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    const R1 = 'papers/masterson-2024.txt#r4dialog';
    const R2 = 'papers/masterson-2024.txt#o5align';
    k2(ours).stances![R1] = 'refines';
    k2(theirs).stances![R2] = 'refutes';
    k2(ours).log!.push({ date: '2026-11-25', by: 'alice', change: 'note', why: 'ours' });
    k2(theirs).log!.push({ date: '2026-11-24', by: 'ben', change: 'note', why: 'theirs' });
    ours.configurations![0]!.leadsTo = ['k2align0', 'k3record'];
    ours.theories![0]!.status = 'refined';
    theirs.theories![0]!.status = 'refuted';
    ours.configurations![2]!.status = 'retired';
    const r = mergeProjects(base, ours, theirs);
    const m = r.value;
    assert.deepEqual(k2(m).stances, { ...k2(base).stances, [R1]: 'refines', [R2]: 'refutes' });
    assert.deepEqual(k2(m).log!.map((e) => e.why), [k2(base).log![0]!.why, k2(base).log![1]!.why, 'theirs', 'ours'], 'oldest first, none lost');
    assert.deepEqual(m.configurations![0]!.leadsTo, ['k2align0', 'k3record']);
    assert.equal(m.configurations![2]!.status, 'retired');
    assert.equal(r.conflicts, 1);
    assert.deepEqual(m.conflicts?.map((c) => [c.entity, c.id, c.fields]), [['theory', 't1eaa000', ['status']]]);
    assert.equal(m.theories![0]!.status, 'refined', 'ours held, both kept in the record');
    // Both sides giving one passage different stances: recorded, not guessed.
    const o2 = structuredClone(base);
    const t2 = structuredClone(base);
    k2(o2).stances![R1] = 'refutes';
    k2(t2).stances![R1] = 'refines';
    const r2 = mergeProjects(base, o2, t2);
    assert.deepEqual(r2.value.conflicts?.map((c) => [c.entity, c.id, c.fields]), [['configuration', 'k2align0', ['stances']]]);
    assert.equal(k2(r2.value).stances![R1], 'refutes');
    const text = serializeProject(r2.value);
    assert.ok(parseProjectText('cmo-project.json', text).ok);
  });

  it('merges a passage\'s cited studies as a set', () => {
    const b = sampleSidecar();
    const first = b.codes[0]!.id;
    const o = edit(b, (codes) => codes.map((c) => (c.id === first ? { ...c, cites: ['Olsson 2014'] } : c)));
    const t = edit(b, (codes) => codes.map((c) => (c.id === first ? { ...c, cites: ['papers/reed-2019.pdf'] } : c)));
    const r = mergeSidecars(b, o, t);
    assert.equal(r.conflicts, 0);
    assert.deepEqual(r.value.codes.find((c) => c.id === first)!.cites, ['Olsson 2014', 'papers/reed-2019.pdf']);
  });

  it('merges document attributes per field', () => {
    const withAttrs = (docs: Record<string, Record<string, string>>): Project => ({ ...base, attributes: { fields: [{ id: 'quality', values: ['good', 'fair', 'poor'] }], documents: docs } });
    const b = withAttrs({ 'papers/a.md': { quality: 'fair' } });
    const o = withAttrs({ 'papers/a.md': { quality: 'good' }, 'papers/b.md': { quality: 'poor' } });
    const t = withAttrs({ 'papers/a.md': { quality: 'fair', level: 'group' } });
    const r = mergeProjects(b, o, t);
    assert.equal(r.conflicts, 0);
    assert.deepEqual(r.value.attributes?.documents, { 'papers/a.md': { quality: 'good', level: 'group' }, 'papers/b.md': { quality: 'poor' } });
  });
});

describe('merge: reconciling in the editor model (LiveCodes)', () => {
  it('settles a recorded conflict each way, writes it out, and undoes it', async () => {
    const { LiveCodes } = await import('../../../../src/core');
    const base = sampleSidecar();
    const [first] = base.codes as [Code];
    const ours = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'outcome' as const } : c)));
    const theirs = edit(base, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'resource' as const } : c)));
    const merged = mergeSidecars(base, ours, theirs).value;
    const live = new LiveCodes('papers/masterson-2024.txt');
    live.load(merged, text);
    assert.equal(live.conflicts().length, 1);
    assert.equal(live.resolveConflict(first.id, 'both', text), true);
    assert.equal(live.conflicts().length, 0);
    const saved = live.toSidecar('masterson-2024.txt', text);
    assert.equal(saved.conflicts, undefined);
    assert.deepEqual(saved.codes.filter((c) => c.exact === first.exact).map((c) => c.role).sort(), ['outcome', 'resource']);
    assert.equal(live.undo(), 'Keep both sides');
    assert.equal(live.conflicts().length, 1);
    assert.equal(live.toSidecar('masterson-2024.txt', text).conflicts?.length, 1);
    live.resolveConflict(first.id, 'theirs', text);
    assert.equal(live.get(first.id)!.code.role, 'resource');
    // Their code from a comparison, adopted with its id; and a role + span taken over.
    const bob = newCode('bobcode1', 'Ninety-three peer-review articles', 'outcome', 'bob');
    assert.equal(live.adopt(bob, text), 'bobcode1');
    assert.equal(live.get('bobcode1')!.start, bob.start);
    assert.equal(live.takeRoleAndSpan(first.id, { ...bob, role: 'context' }, text), true);
    assert.deepEqual([live.get(first.id)!.code.role, live.get(first.id)!.start], ['context', bob.start]);
  });
});

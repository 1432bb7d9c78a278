import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { addCodedText, charTable, cohenKappa, compareCodings, emptyLabelTable, labelKappa, matchSpans, percentAgreement, unitizedAlpha, type UnitCode } from '../../../../src/core';
import { corpus, rng } from '../../../helpers/corpus';

/** "0011…" → spans of the 1s. */
function spansOf(bits: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of bits.matchAll(/1+/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const close = (actual: number | null, expected: number, tolerance: number, what: string) => {
  assert.ok(actual !== null, `${what} is n/a`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);
};

describe('agreement: published vectors (../shared/agreement-vectors.md)', () => {
  it('1. character-level Cohen kappa = 5/13 (Krippendorff 1995, DKPro)', () => {
    const A = '001111111100001111110000';
    const B = '000011110000000110000000';
    const t = charTable(24, spansOf(A), spansOf(B));
    assert.deepEqual(t, { n: 24, a: 14, b: 6, both: 6 });
    close(cohenKappa(t), 5 / 13, 1e-12, 'kappa');
    close(percentAgreement(t), 16 / 24, 1e-12, 'percent');
  });

  it('2. unitized alpha: alpha_c = 0.7286, alpha_k = 1, overall 0.8587 (Krippendorff 2004 p. 254)', () => {
    // Continuum [150, 450): offsets shifted so that it starts at 0.
    const u = (start: number, length: number) => ({ start: start - 150, end: start - 150 + length });
    const c = unitizedAlpha([{ length: 300, a: [u(225, 70), u(370, 30)], b: [u(220, 80), u(355, 20), u(400, 20)] }]);
    close(c.observed, 0.0144, 0.00005, 'D_o(c)');
    close(c.expected, 0.0532, 0.00005, 'D_e(c)');
    close(c.alpha, 0.7286, 0.00005, 'alpha_c');
    const k = unitizedAlpha([{ length: 300, a: [u(180, 60), u(300, 50)], b: [u(180, 60), u(300, 50)] }]);
    assert.equal(k.observed, 0);
    assert.equal(k.alpha, 1);
    // Overall as the same study through the report, categories c and k.
    const code = (id: string, role: string, start: number, length: number): UnitCode => ({ id, role, ...u(start, length) });
    const report = compareCodings([
      {
        path: 'krippendorff.txt',
        length: 300,
        a: [code('a1', 'c', 225, 70), code('a2', 'c', 370, 30), code('a3', 'k', 180, 60), code('a4', 'k', 300, 50)],
        b: [code('b1', 'c', 220, 80), code('b2', 'c', 355, 20), code('b3', 'c', 400, 20), code('b4', 'k', 180, 60), code('b5', 'k', 300, 50)],
      },
    ]);
    close(report.categories.c?.alpha ?? null, 0.7286, 0.00005, 'report alpha_c');
    assert.equal(report.categories.k?.alpha, 1);
    close(report.overall.alpha, 0.8587, 0.0005, 'overall alpha');
    // c: a1~b1 (Jaccard 70/80) match; a2 (370–400) vs b2 (355–375) is 5/45 and vs b3 none.
    assert.deepEqual([report.categories.c?.matched, report.categories.c?.onlyA, report.categories.c?.onlyB], [1, 1, 2]);
    assert.deepEqual([report.categories.k?.matched, report.categories.k?.onlyA, report.categories.k?.onlyB], [2, 0, 0]);
  });

  it('says n/a when nobody coded anything, and counts the untouched text', () => {
    const t = charTable(100, [], []);
    assert.equal(cohenKappa(t), null);
    assert.equal(unitizedAlpha([{ length: 100, a: [], b: [] }]).alpha, null);
    const r = compareCodings([{ path: 'x', length: 100, a: [{ id: 'a', role: 'context', start: 10, end: 20 }], b: [] }]);
    assert.equal(r.overall.codedNeither, 90);
    assert.equal(r.overall.kappa, 0);
  });
});

describe('agreement: code matching', () => {
  it('matches one to one, best Jaccard first, at 0.5 or more', () => {
    const a = [{ start: 0, end: 10 }, { start: 100, end: 110 }];
    const b = [{ start: 0, end: 9 }, { start: 1, end: 10 }, { start: 104, end: 112 }];
    const m = matchSpans(a, b);
    // 0–10 ties with 0–9 and 1–10 (0.9 each): the first listed wins; 100–110 vs 104–112 is 6/12, just enough.
    assert.deepEqual(m.pairs.map((p) => [p.a.start, p.b.start, p.jaccard]), [[0, 0, 0.9], [100, 104, 0.5]]);
    assert.deepEqual(m.onlyB, [{ start: 1, end: 10 }]);
    assert.equal(matchSpans([{ start: 0, end: 10 }], [{ start: 5, end: 16 }]).pairs.length, 0); // 5/16
  });

  it('a coding agrees with itself completely (property)', () => {
    const text = corpus();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 1, max: 400 }), fc.constantFrom('context', 'resource', 'reasoning', 'outcome')), { minLength: 1, maxLength: 60 }), (raw) => {
        const codes: UnitCode[] = raw.map(([start, len, role], i) => ({ id: `c${i}`, role, start, end: Math.min(text.length, start + len) }));
        const r = compareCodings([{ path: 'a.txt', length: text.length, a: codes, b: codes }]);
        assert.equal(r.overall.kappa, 1);
        assert.equal(r.overall.alpha, 1);
        assert.equal(r.overall.percent, 1);
        assert.equal(r.overall.onlyA + r.overall.onlyB, 0);
        assert.equal(r.overall.matched, codes.filter((c) => c.end > c.start).length);
      }),
      { numRuns: 60 },
    );
  });
});

describe('agreement: cross-check against NLTK (Debian python3-nltk)', () => {
  const python = '/usr/bin/python3';
  let available = true;
  try {
    execFileSync(python, ['-c', 'import nltk.metrics.agreement'], { stdio: 'ignore' });
  } catch {
    available = false;
  }

  it('per-role character kappa equals nltk AnnotationTask.kappa() on random codings of the corpus article', function () {
    if (!available) {
      if (process.env.CMO_SKIP_REFERENCE === '1') this.skip();
      assert.fail('NLTK is not installed: run `apt-get install python3-nltk` (.ci/run does), or set CMO_SKIP_REFERENCE=1 to skip this cross-check.');
    }
    const text = corpus().slice(0, 6000);
    const random = rng(42);
    const roles = ['context', 'resource', 'reasoning', 'outcome'];
    const coding = (prefix: string): UnitCode[] =>
      Array.from({ length: 25 }, (_, i) => {
        const start = Math.floor(random() * text.length);
        return { id: `${prefix}${i}`, role: roles[Math.floor(random() * roles.length)] as string, start, end: Math.min(text.length, start + 20 + Math.floor(random() * 300)) };
      });
    const a = coding('a');
    const b = coding('b');
    const ours = compareCodings([{ path: 'a.txt', length: text.length, a, b }]);
    const bits = (codes: UnitCode[], role: string) => {
      const v = new Array<number>(text.length).fill(0);
      for (const c of codes) if (c.role === role) for (let i = c.start; i < c.end; i++) v[i] = 1;
      return v.join('');
    };
    const input = JSON.stringify(roles.map((role) => [role, bits(a, role), bits(b, role)]));
    const script = `
import json, sys
from nltk.metrics.agreement import AnnotationTask
out = {}
for role, x, y in json.loads(sys.stdin.read()):
    data = [('A', i, x[i]) for i in range(len(x))] + [('B', i, y[i]) for i in range(len(y))]
    out[role] = AnnotationTask(data).kappa()
print(json.dumps(out))`;
    const theirs = JSON.parse(execFileSync(python, ['-c', script], { input, encoding: 'utf8' })) as Record<string, number>;
    for (const role of roles) close(ours.categories[role]?.kappa ?? null, theirs[role] as number, 1e-9, `kappa(${role})`);
    // Pooled over roles: the same as nltk on the four 0/1 vectors laid end to end.
    const pooled = JSON.stringify([['all', roles.map((r) => bits(a, r)).join(''), roles.map((r) => bits(b, r)).join('')]]);
    const all = JSON.parse(execFileSync(python, ['-c', script], { input: pooled, encoding: 'utf8' })) as Record<string, number>;
    close(ours.overall.kappa, all.all as number, 1e-9, 'pooled kappa');
    // Over the coded text only: each character either coder coded, labelled with the roles covering it.
    const labels = (codes: UnitCode[]) => {
      const sets = Array.from({ length: text.length }, () => new Set<string>());
      for (const c of codes) for (let i = c.start; i < c.end; i++) sets[i]!.add(c.role);
      return sets.map((x) => [...x].sort().join('+') || 'none');
    };
    const la = labels(a);
    const lb = labels(b);
    const keep = la.map((x, i) => x !== 'none' || lb[i] !== 'none');
    const labelScript = `
import json, sys
from nltk.metrics.agreement import AnnotationTask
x, y = json.loads(sys.stdin.read())
print(json.dumps(AnnotationTask([('A', i, v) for i, v in enumerate(x)] + [('B', i, v) for i, v in enumerate(y)]).kappa()))`;
    const nltkCoded = JSON.parse(execFileSync(python, ['-c', labelScript], { input: JSON.stringify([la.filter((_, i) => keep[i]), lb.filter((_, i) => keep[i])]), encoding: 'utf8' })) as number;
    const table = emptyLabelTable();
    addCodedText(table, a, b);
    const coded = labelKappa(table);
    assert.equal(coded.characters, keep.filter(Boolean).length);
    close(coded.kappa, nltkCoded, 1e-9, 'kappa over coded text');
  });
});

describe('agreement over the coded text only', () => {
  it('leaves untouched text out: by hand, 10 characters both coded context and 10 only B coded outcome give kappa 1/3; identical codings give 1 whatever the text around', () => {
    const t = emptyLabelTable();
    addCodedText(t, [{ id: 'a', role: 'context', start: 0, end: 10 }], [{ id: 'b', role: 'context', start: 0, end: 10 }, { id: 'c', role: 'outcome', start: 50, end: 60 }]);
    const r = labelKappa(t);
    assert.equal(r.characters, 20);
    assert.equal(r.percent, 0.5);
    close(r.kappa, 1 / 3, 1e-12, 'kappa');
    const same = emptyLabelTable();
    const codes: UnitCode[] = [{ id: 'x', role: 'context', start: 5, end: 40 }, { id: 'y', role: 'outcome', start: 30, end: 70 }];
    addCodedText(same, codes, codes);
    assert.deepEqual(labelKappa(same), { kappa: 1, percent: 1, characters: 65 });
    // All text would say 0.9 agreement for a 1,000-character article where the coders share nothing but silence.
    const apart = emptyLabelTable();
    addCodedText(apart, [{ id: 'a', role: 'context', start: 0, end: 50 }], [{ id: 'b', role: 'context', start: 500, end: 550 }]);
    assert.equal(percentAgreement(charTable(1000, [{ start: 0, end: 50 }], [{ start: 500, end: 550 }])), 0.9);
    assert.equal(labelKappa(apart).percent, 0);
  });
});

/** The shared reconciliation record (reconciliation.json). */
import { strict as assert } from 'node:assert';
import { decidedKeys, describeBefore, disagreements, keyOfDisagreement, mergeReconciliations, parseReconciliation, recordComparison, recordDecision, reconciliationToCsv, serializeReconciliation, withDecision, withoutDecision, type Code } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

const text = corpus();
const Q = 'in the context of health and social care services and involving service-users';
const mine: Code = { ...codeOn(text, Q, 'context'), id: 'alice001', coder: 'alice' };
const theirs: Code = { ...codeOn(text, Q, 'outcome'), id: 'bob00001', coder: 'bob' };

describe('reconciliation record', () => {
  it('a decision is keyed by the article and the codes, the same from either reviewer\'s side; the same reviewer deciding again replaces it', () => {
    const [fromAlice] = disagreements('a.txt', [mine], [theirs]);
    const [fromBob] = disagreements('a.txt', [theirs], [mine]);
    assert.equal(fromAlice!.kind, 'role');
    assert.equal(keyOfDisagreement(fromAlice!), keyOfDisagreement(fromBob!));
    let r = recordDecision(undefined, fromAlice!, 'mine', { by: 'alice', date: '2026-11-24', why: 'the study describes the setting', against: 'bob (1234567)' });
    assert.ok(decidedKeys(r).has(keyOfDisagreement(fromBob!)));
    r = recordDecision(r, fromAlice!, 'theirs', { by: 'alice', date: '2026-11-25' });
    assert.deepEqual(r.decisions.map((d) => [d.decision, d.date, d.why]), [['theirs', '2026-11-25', undefined]]);
    r = recordDecision(r, fromBob!, 'mine', { by: 'bob', date: '2026-11-25' });
    assert.equal(r.decisions.length, 2, 'each reviewer\'s decision is kept');
    assert.deepEqual(r.decisions[0]!.mine, { id: 'alice001', role: 'context', quote: Q, coder: 'alice' });
  });

  it('a decision withdrawn (its change undone) leaves the item open, other reviewers\' decisions on it kept; put back, it is the same decision', () => {
    const [d] = disagreements('a.txt', [mine], [theirs]);
    const other = disagreements('b.txt', [mine], [])[0]!;
    const key = keyOfDisagreement(d!);
    let r = recordDecision(undefined, other, 'mine', { by: 'alice', date: '2026-11-24' });
    r = recordDecision(r, d!, 'theirs', { by: 'alice', date: '2026-11-24', why: 'an outcome after all' });
    r = recordDecision(r, d!, 'mine', { by: 'bob', date: '2026-11-24' });
    const alices = r.decisions.find((x) => x.by === 'alice' && x.article === 'a.txt')!;
    const withdrawn = withoutDecision(r, key, 'alice');
    assert.deepEqual(withdrawn.decisions.map((x) => [x.article, x.by]), [['b.txt', 'alice'], ['a.txt', 'bob']]);
    assert.ok(decidedKeys(withdrawn).has(key), 'bob\'s decision still decides it');
    assert.ok(!decidedKeys(withoutDecision(withdrawn, key, 'bob')).has(key), 'with no decision left the item is open again');
    const back = withDecision(withdrawn, alices);
    assert.deepEqual(back.decisions.find((x) => x.by === 'alice' && x.article === 'a.txt'), alices);
    assert.equal(back.decisions.length, 3);
  });

  it('canonical text that parses back; a file that does not parse says so and where', () => {
    const [d] = disagreements('a.txt', [mine], [theirs]);
    const r = recordComparison(recordDecision(undefined, d!, 'both', { by: 'alice', date: '2026-11-24' }), { date: '2026-11-24', by: 'alice', against: 'bob', articles: 3, kappa: 0.62, kappaCodedText: 0.41 });
    const text2 = serializeReconciliation(r);
    const back = parseReconciliation(text2);
    assert.ok(back.ok);
    assert.equal(serializeReconciliation(back.value), text2);
    assert.match(text2, /^\{\n  "cmo": 1,\n  "comparisons": \[/);
    const bad = parseReconciliation('{"cmo": 1, "decisions": [{"article": "a.txt"}]}');
    assert.ok(!bad.ok);
    assert.match(bad.message, /^reconciliation\.json: decisions\.0\.codes: .*Fix it by hand; it was not changed\.$/);
    // The first comparison of a day against the same side is the "before"; a later one does not replace it.
    const again = recordComparison(r, { date: '2026-11-24', by: 'alice', against: 'bob', articles: 3, kappa: 0.9 });
    assert.equal(again.comparisons!.length, 1);
    assert.equal(describeBefore(again), 'κ before consensus = 0.62 (0.41 over the text either coded), recorded 2026-11-24 by alice against bob, 3 article(s)');
  });

  it('merges as a set: both sides\' decisions kept, the later of the same reviewer\'s two on one item, one deleted unchanged on a side stays deleted', () => {
    const [d] = disagreements('a.txt', [mine], [theirs]);
    const other = disagreements('b.txt', [mine], [])[0]!;
    const base = recordDecision(undefined, other, 'mine', { by: 'alice', date: '2026-11-20' });
    const ours = recordDecision(base, d!, 'mine', { by: 'alice', date: '2026-11-24' });
    const theirsSide = recordDecision({ ...base, decisions: [] }, d!, 'theirs', { by: 'alice', date: '2026-11-25' });
    const merged = mergeReconciliations(base, ours, theirsSide);
    assert.deepEqual(merged.decisions.map((x) => [x.article, x.decision]), [['a.txt', 'theirs']], 'b.txt was deleted on their side and not changed on ours');
    const both = mergeReconciliations(undefined, ours, recordDecision(undefined, d!, 'both', { by: 'bob', date: '2026-11-24' }));
    assert.equal(both.decisions.length, 3);
  });

  it('exports to CSV for a methods section, one row per decision, quotes on one line', () => {
    const [d] = disagreements('a.txt', [mine], [theirs]);
    const csv = reconciliationToCsv(recordDecision(undefined, d!, 'mine', { by: 'alice', date: '2026-11-24', why: 'setting, not outcome', against: 'bob' }));
    assert.deepEqual(csv.split('\r\n'), ['article,kind,decision,by,date,why,my role,my quote,their role,their quote,their coder,against', `a.txt,role,mine,alice,2026-11-24,"setting, not outcome",context,${Q},outcome,${Q},bob,bob`, '']);
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  addCodes,
  createConfiguration,
  createTheory,
  danglingReferences,
  deleteConfiguration,
  deleteTheory,
  emptyProject,
  moveCode,
  moveConfiguration,
  parseProjectText,
  ProjectError,
  removeCode,
  renameConfiguration,
  serializeProject,
  setConfigurationStatement,
  setProgrammeStatement,
  addLogNote,
  appraisalOf,
  configurationEvidence,
  describeAppraisal,
  refine,
  refinementHistory,
  reviseLogNote,
  renderHistoryText,
  setLeadsTo,
  setStance,
  stanceOf,
  summariseEvidence,
  type Project,
} from '../../../../src/core';

const sample = (): Project => {
  const r = parseProjectText('cmo-project.json', readFileSync(path.join(__dirname, '..', '..', '..', '..', 'sample', 'cmo-project.json'), 'utf8'));
  assert.ok(r.ok);
  return r.value;
};

describe('project model', () => {
  it('creates a configuration from passages under a theory, and leaves the input alone', () => {
    const before = sample();
    const frozen = serializeProject(before);
    const { project, id } = createConfiguration(before, { title: ' Shared records ', statement: 'If … then … because …', codes: ['papers/a.md#x1', 'papers/a.md#x1', 'papers/b.txt#y2'], theory: 't1eaa000' });
    assert.equal(serializeProject(before), frozen, 'pure');
    const conf = project.configurations!.find((c) => c.id === id)!;
    assert.equal(conf.title, 'Shared records');
    assert.deepEqual(conf.codes, ['papers/a.md#x1', 'papers/b.txt#y2']);
    assert.ok(project.theories![0]!.configurations.includes(id));
    assert.ok(parseProjectText('cmo-project.json', serializeProject(project)).ok, 'still valid');
  });

  it('moves a configuration between theories; a configuration may sit under several', () => {
    const { project: p1, id: t2 } = createTheory(sample(), { title: 'Interaction and partnership' });
    assert.deepEqual(p1.programme!.theories, ['t1eaa000', t2]);
    const moved = moveConfiguration(p1, 'k2align0', 't1eaa000', t2);
    assert.deepEqual(moved.theories!.find((t) => t.id === 't1eaa000')!.configurations, ['k1engage', 'k3record']);
    assert.deepEqual(moved.theories!.find((t) => t.id === t2)!.configurations, ['k2align0']);
    const both = moveConfiguration(moved, 'k1engage', undefined, t2);
    assert.ok(both.theories!.every((t) => t.configurations.includes('k1engage')));
  });

  it('moves and removes code references without touching anything else', () => {
    const p = sample();
    const moved = moveCode(p, 'papers/masterson-2024.txt#r4dialog', 'k2align0', 'k1engage');
    assert.ok(!moved.configurations![1]!.codes.includes('papers/masterson-2024.txt#r4dialog'));
    assert.ok(moved.configurations![0]!.codes.includes('papers/masterson-2024.txt#r4dialog'));
    const removed = removeCode(p, 'k1engage', 'papers/masterson-2024.txt#c1ctx4hs');
    assert.equal(removed.configurations![0]!.codes.length, 4);
    assert.deepEqual(addCodes(removed, 'k1engage', ['papers/masterson-2024.txt#c1ctx4hs']).configurations![0]!.codes.length, 5);
  });

  it('deleting a configuration removes it from theories; deleting a theory removes it from the programme; nothing else goes', () => {
    const p = deleteConfiguration(sample(), 'k2align0');
    assert.deepEqual(p.theories![0]!.configurations, ['k1engage', 'k3record']);
    assert.equal(p.configurations!.length, 2);
    assert.equal(p.configurations![0]!.leadsTo, undefined, 'a link to the deleted configuration goes with it');
    const q = deleteTheory(p, 't1eaa000');
    assert.deepEqual(q.programme!.theories, []);
    assert.equal(q.configurations!.length, 2, 'its configurations stay');
  });

  it('edits titles and statements, and refuses empty titles and unknown ids', () => {
    let p = renameConfiguration(sample(), 'k1engage', 'Early reflection');
    p = setConfigurationStatement(p, 'k1engage', '');
    assert.equal(p.configurations![0]!.title, 'Early reflection');
    assert.equal(p.configurations![0]!.statement, undefined);
    p = setProgrammeStatement(emptyProject(), 'It works when…');
    assert.deepEqual(p.programme, { statement: 'It works when…', theories: [] });
    assert.throws(() => renameConfiguration(sample(), 'k1engage', '  '), ProjectError);
    assert.throws(() => renameConfiguration(sample(), 'nope0000', 'x'), /no configuration nope0000/);
    assert.throws(() => createConfiguration(sample(), { title: '' }), ProjectError);
  });

  it('reports dangling references without dropping them', () => {
    const p = { ...sample(), programme: { theories: ['t1eaa000', 'tgone000'] } };
    const known = new Set(['papers/masterson-2024.txt#c1ctx4hs']);
    const d = danglingReferences(p, (ref) => known.has(ref));
    assert.deepEqual(d.filter((x) => x.kind === 'theory'), [{ holder: 'programme', ref: 'tgone000', kind: 'theory' }]);
    assert.equal(d.filter((x) => x.kind === 'code').length, 13);
    assert.deepEqual(p.programme.theories, ['t1eaa000', 'tgone000']);
    const linked = { ...p, configurations: p.configurations!.map((c) => (c.id === 'k3record' ? { ...c, leadsTo: ['kgone000'] } : c)) };
    assert.deepEqual(danglingReferences(linked, () => true), [{ holder: 'programme', ref: 'tgone000', kind: 'theory' }, { holder: 'k3record', ref: 'kgone000', kind: 'link' }]);
  });
});

describe('the evidence model', () => {
  const REFUTING = 'papers/riverside-2025.md#o5noalig';
  const SUPPORTING = 'papers/masterson-2024.txt#r4dialog';

  it('a passage supports by default; a stance is set, cleared back to supports, kept when the passage moves, dropped when it is removed', () => {
    const p = sample();
    const k2 = () => (q: Project) => q.configurations!.find((c) => c.id === 'k2align0')!;
    assert.equal(stanceOf(k2()(p), SUPPORTING), 'supports');
    assert.equal(stanceOf(k2()(p), REFUTING), 'refutes');
    const refined = setStance(p, 'k2align0', SUPPORTING, 'refines');
    assert.equal(k2()(refined).stances![SUPPORTING], 'refines');
    const back = setStance(refined, 'k2align0', SUPPORTING, 'supports');
    assert.ok(!(SUPPORTING in k2()(back).stances!), 'supports is the default: stored as no entry');
    assert.equal(serializeProject(back), serializeProject(p));
    assert.throws(() => setStance(p, 'k1engage', REFUTING, 'refutes'), /has no passage/);
    const moved = moveCode(p, REFUTING, 'k2align0', 'k3record');
    assert.equal(moved.configurations!.find((c) => c.id === 'k3record')!.stances![REFUTING], 'refutes');
    assert.ok(!(REFUTING in (k2()(moved).stances ?? {})));
    const removed = removeCode(p, 'k2align0', REFUTING);
    assert.ok(!(REFUTING in (k2()(removed).stances ?? {})));
  });

  it('a status or statement change is logged with who, when, from, to and why; a first draft is not', () => {
    const note = { date: '2026-11-24', by: 'carol', why: 'A second negative case.' };
    let p = refine(sample(), { kind: 'configuration', id: 'k3record' }, { status: 'refuted' }, note);
    const k3 = () => p.configurations!.find((c) => c.id === 'k3record')!;
    assert.equal(k3().status, 'refuted');
    assert.deepEqual(k3().log, [{ date: '2026-11-24', by: 'carol', change: 'status', from: 'initial', to: 'refuted', why: 'A second negative case.' }]);
    p = refine(p, { kind: 'configuration', id: 'k3record' }, { statement: 'A first statement' }, note);
    assert.equal(k3().log!.length, 1, 'setting a statement for the first time is drafting, not refining');
    p = refine(p, { kind: 'configuration', id: 'k3record' }, { statement: 'A second statement', because: '' }, { date: '2026-11-25' });
    assert.deepEqual(k3().log!.slice(1), [
      { date: '2026-11-25', change: 'statement', from: 'A first statement', to: 'A second statement' },
      { date: '2026-11-25', change: 'because', from: 'members writing the record in plain words during the meeting can check what was decided' },
    ]);
    p = refine(p, { kind: 'configuration', id: 'k3record' }, { status: 'initial' }, note);
    assert.equal(k3().status, undefined, 'initial is the default: stored as no status');
    p = refine(p, { kind: 'theory', id: 't1eaa000' }, { status: 'retired' });
    assert.equal(p.theories![0]!.status, 'retired');
    assert.equal(p.theories![0]!.log, undefined, 'no note, no log');
    assert.throws(() => refine(p, { kind: 'theory', id: 't1eaa000' }, { if: 'x' }), ProjectError);
    assert.throws(() => refine(p, { kind: 'programme' }, { status: 'refined' }), ProjectError);
    p = addLogNote(p, { kind: 'programme' }, { date: '2026-11-26', by: 'alice', why: 'Retroduction: engagement may be context.' });
    // Saved again from its editor tab: the same note, revised, not a second one.
    p = reviseLogNote(p, { kind: 'programme' }, { date: '2026-11-26', by: 'alice', why: 'Retroduction: engagement may be context.' }, 'Retroduction: engagement may be the context of alignment.');
    assert.deepEqual(p.programme!.log, [{ date: '2026-11-26', by: 'alice', change: 'note', why: 'Retroduction: engagement may be the context of alignment.' }]);
    const history = refinementHistory(p);
    assert.deepEqual(history.map((e) => [e.date, e.kind, e.change]), [
      ['2026-11-23', 'configuration', 'statement'],
      ['2026-11-23', 'configuration', 'status'],
      ['2026-11-24', 'configuration', 'status'],
      ['2026-11-24', 'configuration', 'status'],
      ['2026-11-25', 'configuration', 'statement'],
      ['2026-11-25', 'configuration', 'because'],
      ['2026-11-26', 'programme', 'note'],
    ]);
    const text = renderHistoryText(history);
    assert.match(text, /^2026-11-24 carol: configuration “Records written with members lead to agreement on ways of working” \(k3record\): status initial → refuted\n {2}why: A second negative case\.$/m);
    assert.match(text, /^2026-11-26 alice: programme theory: note\n {2}why: Retroduction/m);
  });

  it('links: a configuration or theory leads to others; not to itself or to nothing', () => {
    const p = setLeadsTo(sample(), { kind: 'theory', id: 't1eaa000' }, ['k1engage', 'k1engage']);
    assert.deepEqual(p.theories![0]!.leadsTo, ['k1engage']);
    assert.throws(() => setLeadsTo(p, { kind: 'configuration', id: 'k1engage' }, ['k1engage']), /itself/);
    assert.throws(() => setLeadsTo(p, { kind: 'configuration', id: 'k1engage' }, ['kgone000']), /no configuration or theory/);
    assert.equal(setLeadsTo(p, { kind: 'configuration', id: 'k1engage' }, []).configurations![0]!.leadsTo, undefined);
  });

  it('the studies behind a configuration, by stance, with cited studies and appraisals; summarised', () => {
    const p = sample();
    const cites = new Map([['papers/riverside-2025.md#m9forwho', ['papers/masterson-2024.txt', 'Olsson 2014']]]);
    const k2 = p.configurations!.find((c) => c.id === 'k2align0')!;
    const e = configurationEvidence(p, k2, (ref) => ({ cites: cites.get(ref) ?? [] }));
    assert.deepEqual(e.byStance.supports.map((s) => s.study), ['papers/masterson-2024.md', 'papers/masterson-2024.txt']);
    assert.deepEqual(e.byStance.refutes.map((s) => [s.study, s.appraisal]), [['papers/riverside-2025.md', { relevance: 'high', rigour: 'moderate' }]]);
    assert.deepEqual(e.byStance.refines.map((s) => [s.study, s.cited]), [['Olsson 2014', true], ['papers/masterson-2024.txt', true], ['papers/riverside-2025.md', false]]);
    assert.equal(summariseEvidence(e, p), '2 supporting studies (2 of high rigour), 1 refuting study, 3 refining studies (1 of high rigour)');
    // Appraisal fields by meaning, else by id; a twin takes its PDF's values.
    const byId: Project = { ...p, attributes: { fields: [{ id: 'rigor', values: ['strong', 'weak'] }], documents: { 'papers/x.pdf': { rigor: 'strong' } } } };
    assert.deepEqual(appraisalOf(byId, 'papers/x.md'), { rigour: 'strong' });
    assert.equal(describeAppraisal({ relevance: 'high', rigour: 'low' }), 'relevance high, rigour low');
  });
});

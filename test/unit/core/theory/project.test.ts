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
    assert.deepEqual(moved.theories!.find((t) => t.id === 't1eaa000')!.configurations, ['k1engage']);
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
    assert.equal(removed.configurations![0]!.codes.length, 2);
    assert.deepEqual(addCodes(removed, 'k1engage', ['papers/masterson-2024.txt#c1ctx4hs']).configurations![0]!.codes.length, 3);
  });

  it('deleting a configuration removes it from theories; deleting a theory removes it from the programme; nothing else goes', () => {
    const p = deleteConfiguration(sample(), 'k2align0');
    assert.deepEqual(p.theories![0]!.configurations, ['k1engage']);
    assert.equal(p.configurations!.length, 1);
    const q = deleteTheory(p, 't1eaa000');
    assert.deepEqual(q.programme!.theories, []);
    assert.equal(q.configurations!.length, 1, 'its configurations stay');
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
    assert.equal(d.filter((x) => x.kind === 'code').length, 5);
    assert.deepEqual(p.programme.theories, ['t1eaa000', 'tgone000']);
  });
});

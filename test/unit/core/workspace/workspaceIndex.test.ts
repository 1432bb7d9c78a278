import { strict as assert } from 'node:assert';
import { readSidecars, indexWorkspace, MemoryFileSystem, serializeProject, serializeSidecar, sha256Hex, unassignedCodes, type Code } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

describe('workspace index', () => {
  const text = corpus();
  const a: Code = { ...codeOn(text, 'co-design and co-production can occur at different times', 'context'), id: 'ctx1aaaa' };
  const b: Code = { ...codeOn(text, 'the trusting relationship between the researcher and contributors', 'outcome'), id: 'out1aaaa' };
  const fs = new MemoryFileSystem({
    'papers/a.txt': text,
    'papers/a.txt.cmo.json': serializeSidecar({ cmo: 1, source: 'a.txt', sha256: sha256Hex(text), codes: [a, b] }),
    'papers/broken.txt.cmo.json': '{ not json',
    'papers/.cmo.json': '{}',
    'node_modules/x.txt.cmo.json': '{}',
    'cmo-project.json': serializeProject({ cmo: 1, configurations: [{ id: 'k1aaaaaa', title: 'K', codes: ['papers/a.txt#ctx1aaaa'] }] }),
  });

  it('indexes every code of every sidecar that parses by path#id, with the project', async () => {
    const index = await indexWorkspace(fs);
    assert.deepEqual([...index.codes.keys()], ['papers/a.txt#ctx1aaaa', 'papers/a.txt#out1aaaa']);
    assert.equal(index.codes.get('papers/a.txt#out1aaaa')?.article, 'papers/a.txt');
    assert.equal(index.project?.configurations?.[0]?.title, 'K');
    assert.deepEqual(unassignedCodes(index), ['papers/a.txt#out1aaaa']);
  });

  it('the one sidecar walk: sidecars only (not a bare suffix, not node_modules), broken ones as invalid', async () => {
    const files = await readSidecars(fs);
    assert.deepEqual(
      files.map((f) => [f.path, f.article, f.loaded.state]),
      [
        ['papers/a.txt.cmo.json', 'papers/a.txt', 'ok'],
        ['papers/broken.txt.cmo.json', 'papers/broken.txt', 'invalid'],
      ],
    );
  });
});

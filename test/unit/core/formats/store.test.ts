import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { anchorCodes, emptySidecar, loadSidecar, MemoryFileSystem, reanchoredSidecar, saveSidecar, serializeSidecar, sha256Hex, type Sidecar } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

const text = corpus();

describe('store', () => {
  it('writes canonical text, and does not rewrite an unchanged file', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': text });
    const sidecar: Sidecar = { ...emptySidecar('a.txt', text), codes: [codeOn(text, 'six mechanisms')] };
    assert.equal(await saveSidecar(fs, 'a.txt.cmo.json', sidecar), true);
    assert.equal(fs.text('a.txt.cmo.json'), serializeSidecar(sidecar));
    assert.equal(await saveSidecar(fs, 'a.txt.cmo.json', structuredClone(sidecar)), false);
    assert.equal(fs.writes, 1);
    const loaded = await loadSidecar(fs, 'a.txt.cmo.json');
    assert.equal(loaded.state, 'ok');
  });

  it('reports a missing sidecar as missing, not as an error', async () => {
    assert.equal((await loadSidecar(new MemoryFileSystem(), 'x.cmo.json')).state, 'missing');
  });

  it('re-anchoring updates found codes and the hash, and leaves orphans exactly as they were', () => {
    const kept = codeOn(text, 'six mechanisms (intention, assets, dialogue');
    const moving = codeOn(text, 'Ninety-three peer-review articles informed our programme theory development.');
    const doomed = codeOn(text, 'Peer review research was obtained from a prior scoping review');
    const sidecar: Sidecar = { ...emptySidecar('a.txt', text), codes: [kept, moving, doomed] };
    const edited = text.replace(/Peer review research was obtained[^.]*\./, '').replace('Ninety-three peer-review', 'Ninety-three (93) peer-review');
    const results = anchorCodes(edited, sidecar.codes);
    // The deleted sentence comes first in the text, so the third code shifts left.
    assert.deepEqual(results.map((r) => r.status), ['moved', 'fuzzy', 'orphaned']);
    const next = reanchoredSidecar('a.txt', edited, sidecar, results);
    assert.equal(next.sha256, sha256Hex(edited));
    const byId = new Map(next.codes.map((c) => [c.id, c]));
    assert.equal(byId.get(doomed.id), doomed, 'orphan is the very same object');
    const moved = byId.get(moving.id)!;
    assert.equal(edited.slice(moved.start, moved.end), moved.exact);
    assert.match(moved.exact, /Ninety-three \(93\) peer-review/);
    assert.equal(byId.get(kept.id)!.start, edited.indexOf('six mechanisms (intention'));
  });

  it('hashes the LF text as UTF-8, as Node does', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const s of ['é', text, '🩺 emoji\n']) assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'));
  });
});

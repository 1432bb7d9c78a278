import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeFile, loadSidecar, locate, locator, MemoryFileSystem, parseCodeRef, parseProjectText, parseSidecarText, saveSidecar, WriteRefused, type ProblemKind } from '../../../../src/core';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');
const good = readFileSync(path.join(SAMPLE, 'papers/masterson-2024.txt.cmo.json'), 'utf8');
const goodProject = readFileSync(path.join(SAMPLE, 'cmo-project.json'), 'utf8');
const FILE = 'papers/a.txt.cmo.json';

/** Parses through the store (bytes in), checks the problem, then tries to save over the file and checks nothing changed. */
async function hostile(content: string | Uint8Array, kind: ProblemKind, line?: number, column?: number) {
  const fs = new MemoryFileSystem({ [FILE]: content });
  const before = Buffer.from(await fs.readFile(FILE));
  const loaded = await loadSidecar(fs, FILE);
  assert.equal(loaded.state, 'invalid');
  if (loaded.state !== 'invalid') return;
  const p = loaded.problems[0]!;
  assert.equal(p.kind, kind, p.message);
  assert.equal(p.severity, 'error');
  assert.equal(p.path, FILE);
  if (line !== undefined) assert.equal(p.line + 1, line, `line of: ${p.message}`);
  if (column !== undefined) assert.equal(p.column + 1, column, `column of: ${p.message}`);
  assert.match(p.message, /left exactly as it is|restore|Fix|Update|Resolve/i, 'says what to do');
  await assert.rejects(saveSidecar(fs, FILE, { cmo: 1, source: 'a.txt', sha256: '0'.repeat(64), codes: [] }), WriteRefused);
  assert.equal(fs.writes, 0);
  assert.deepEqual(Buffer.from(await fs.readFile(FILE)), before);
  return p;
}

describe('hostile sidecars: a clear error, and the file stays byte-identical', () => {
  it('truncated file', async () => {
    const p = await hostile(good.slice(0, 700), 'invalid-json');
    assert.match(p!.message, /cut short|closing|not closed/);
  });

  it('wrong types, pointing at the offending value', async () => {
    const bad = good.replace('"start": ', '"start": "oops", "was": ');
    const line = bad.slice(0, bad.indexOf('"start"')).split('\n').length;
    const p = await hostile(bad, 'schema', line, 7);
    assert.match(p!.message, /codes\[0\]\.start/);
  });

  it('an unknown role', async () => {
    const p = await hostile(good.replace('"role": "context"', '"role": "contxt"'), 'schema');
    assert.match(p!.message, /role.*context/);
  });

  it('50 MB of data', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    const p = await hostile(big, 'too-large');
    assert.match(p!.message, /50\.0 MB/);
  });

  it('git conflict markers that are not well formed, at the marker line', async () => {
    const lines = good.split('\n');
    lines.splice(8, 0, '<<<<<<< HEAD', '      "role": "outcome",', '=======', '      "role": "context",');
    await hostile(lines.join('\n'), 'conflict-markers', 9, 1);
  });

  it('git conflict markers whose sides parse: recovered by merging both, still an error, nothing written on load', async () => {
    const lines = good.split('\n');
    lines.splice(7, 1, '<<<<<<< HEAD', '      "role": "outcome",', '=======', '      "role": "resource",', '>>>>>>> theirs');
    const fs = new MemoryFileSystem({ [FILE]: lines.join('\n') });
    const loaded = await loadSidecar(fs, FILE);
    assert.equal(loaded.state, 'ok');
    if (loaded.state !== 'ok') return;
    assert.equal(loaded.problems[0]?.kind, 'conflict-markers');
    assert.equal(loaded.problems[0]?.severity, 'error');
    assert.equal(loaded.problems[0]?.line, 7);
    assert.equal(loaded.value.codes[0]?.role, 'outcome');
    assert.equal(loaded.value.conflicts?.[0]?.theirs?.role, 'resource');
    assert.equal(fs.writes, 0);
  });

  it('conflict markers are marked recoverable only when both sides parse (what the quick fix offers to write)', () => {
    const lines = good.split('\n');
    lines.splice(7, 1, '<<<<<<< HEAD', '      "role": "outcome",', '=======', '      "role": "resource",', '>>>>>>> theirs');
    const recovered = parseSidecarText(FILE, lines.join('\n'));
    assert.equal(recovered.problems.find((p) => p.kind === 'conflict-markers')?.recoverable, true);
    lines.splice(10, 1, '      "role": resource,');
    const broken = parseSidecarText(FILE, lines.join('\n'));
    assert.equal(broken.ok, false);
    assert.equal(broken.problems.find((p) => p.kind === 'conflict-markers')?.recoverable, undefined);
  });

  it('a newer format version', async () => {
    const p = await hostile(good.replace('"cmo": 1', '"cmo": 2'), 'unknown-version', 2, 3);
    assert.match(p!.message, /newer CMO Coder.*Update/);
  });

  it('a source with a path in it (..)', async () => {
    const p = await hostile(good.replace('"source": "masterson-2024.txt"', '"source": "../../etc/passwd"'), 'schema');
    assert.match(p!.message, /file name, without a folder/);
  });

  it('not UTF-8', async () => {
    await hostile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not-utf8');
  });

  it('an array instead of an object', async () => {
    await hostile('[1, 2, 3]\n', 'schema');
  });

  it('two codes with one id', async () => {
    const parsed = JSON.parse(good);
    parsed.codes[1].id = parsed.codes[0].id;
    await hostile(JSON.stringify(parsed, null, 2), 'duplicate-id');
  });

  it('an empty file', async () => {
    await hostile('', 'invalid-json', 1, 1);
  });

  it('accepts a byte-order mark', () => {
    assert.ok(parseSidecarText(FILE, '\ufeff' + good).ok);
  });

  it('decodeFile refuses oversize input before decoding', () => {
    const r = decodeFile('x', new Uint8Array(17 * 1024 * 1024));
    assert.ok('problems' in r);
  });
});

describe('project file', () => {
  it('reports references that leave the workspace', () => {
    const bad = goodProject.replace('"papers/masterson-2024.txt#c1ctx4hs"', '"../outside.md#c1ctx4hs"');
    const r = parseProjectText('cmo-project.json', bad);
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.kind === 'bad-reference')!;
    assert.match(p.message, /inside the workspace/);
    assert.equal(p.line + 1, bad.slice(0, bad.indexOf('../outside')).split('\n').length);
  });

  it('reports a theory that points at a missing configuration, without failing the parse', () => {
    const r = parseProjectText('cmo-project.json', goodProject.replace('"k3record"\n', '"k9gone00"\n'));
    assert.ok(r.ok);
    assert.equal(r.problems[0]!.kind, 'dangling-reference');
  });

  it('parses code references', () => {
    assert.deepEqual(parseCodeRef('papers/a.md#c7f3k9q2'), { path: 'papers/a.md', id: 'c7f3k9q2' });
    for (const bad of ['nohash', '#id', 'a.md#', '/abs/a.md#x', 'C:/a.md#x', 'a\\b.md#x', 'a/../b.md#x']) assert.ok('error' in parseCodeRef(bad), bad);
  });
});

describe('locating problems after parsing', () => {
  it('one locator per file gives the positions one parse per look-up gives', () => {
    const text = readFileSync(path.join(SAMPLE, 'papers', 'masterson-2024.txt.cmo.json'), 'utf8');
    const at = locator('x.cmo.json', text);
    const paths: Array<Array<string | number>> = [['source'], ['sha256'], ['codes', 0], ['codes', 3, 'tags'], ['codes', 99], ['nothing', 'here'], ['codes', 1, 'exact']];
    for (const p of paths) assert.deepEqual(at(p), locate('x.cmo.json', text, p), JSON.stringify(p));
    assert.ok(at(['codes', 1]).line > at(['codes', 0]).line);
  });
});

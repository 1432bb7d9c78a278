/**
 * Cross-tabulation on a fixture workspace built from the corpus article:
 * every expected count below was made by hand from the tags listed here.
 */
import { strict as assert } from 'node:assert';
import { crossTab, crossTabToCsv, crossTabToMarkdown, loadExportData, MemoryFileSystem, parseDimension, serializeProject, serializeSidecar, sha256Hex, UnknownInQuery, type Code, type Project } from '../../../../src/core';
import { codeOn, corpus } from '../../../helpers/corpus';

const text = corpus();
const Q = [
  'in the context of health and social care services and involving service-users',
  'initial reflection on intentions and assets (mechanisms)',
  'may create the initial conducive conditions for engagement (as an initial outcome)',
  'When there is iterative interaction with dialogue and documentation (mechanisms)',
  'this may lead to alignment on, for example, ways of working (as an initial outcome)',
];
const code = (id: string, quote: string, tags: string[]): Code => ({ ...codeOn(text, quote, 'resource'), id, tags });

// Mechanisms × process themes, the shape of a realist synthesis's table; "how" has a sub-theme for the roll-up.
const project: Project = {
  cmo: 1,
  codebook: [
    { id: 'mechanisms', name: 'Mechanisms', parent: null },
    { id: 'intentions', name: 'Intentions', parent: 'mechanisms' },
    { id: 'assets', name: 'Assets', parent: 'mechanisms' },
    { id: 'dialogue', name: 'Dialogue', parent: 'mechanisms' },
    { id: 'process', name: 'Process', parent: null },
    { id: 'why', name: 'Why', parent: 'process' },
    { id: 'how', name: 'How', parent: 'process' },
    { id: 'how-design', name: 'How: design', parent: 'how' },
    { id: 'what', name: 'What', parent: 'process' },
  ],
};
const articles: Record<string, Code[]> = {
  'papers/a.txt': [code('a1aaaaaa', Q[0]!, ['intentions', 'why']), code('a2aaaaaa', Q[1]!, ['assets', 'how']), code('a3aaaaaa', Q[2]!, ['intentions', 'how-design']), code('a4aaaaaa', Q[3]!, ['dialogue', 'what', 'why'])],
  'papers/b.txt': [code('b1bbbbbb', Q[0]!, ['intentions', 'why']), code('b2bbbbbb', Q[4]!, ['intentions', 'why'])],
  'papers/c.txt': [code('c1cccccc', Q[0]!, ['dialogue']), code('c2cccccc', Q[1]!, ['assets', 'what'])],
};
const files: Record<string, string> = { 'cmo-project.json': serializeProject(project) };
for (const [path, codes] of Object.entries(articles)) {
  files[path] = text;
  files[`${path}.cmo.json`] = serializeSidecar({ cmo: 1, source: path.slice(path.lastIndexOf('/') + 1), sha256: sha256Hex(text), codes });
}
const data = () => loadExportData(new MemoryFileSystem(files));
const M = parseDimension('theme:mechanisms');
const P = parseDimension('theme:process');

describe('cross-tabulation (cmo matrix, the matrices view)', () => {
  it('mechanisms × process themes, counting articles: each article once per cell, as counted by hand', async () => {
    const t = crossTab(await data(), M, P, 'articles');
    assert.deepEqual(t.columnLabels, ['Why', 'How', 'What']);
    assert.deepEqual(
      t.cells.map((r) => [r.label, r.counts, r.total]),
      [
        ['Intentions', [2, 0, 0], 2], // a1 and b1, b2 (b once); a3 is "How: design", not "How"
        ['Assets', [0, 1, 1], 2],
        ['Dialogue', [1, 0, 1], 1],
      ],
    );
    assert.deepEqual([t.columnTotals, t.grandTotal], [[2, 1, 2], 3]);
    assert.match(t.unit, /^articles with at least one passage in both the row and the column, each counted once per cell$/);
  });

  it('the same counting passages: a double-coded passage is in two cells, and the totals count it once and say so', async () => {
    const t = crossTab(await data(), M, P, 'passages');
    assert.deepEqual(
      t.cells.map((r) => [r.label, r.counts, r.total]),
      [
        ['Intentions', [3, 0, 0], 3],
        ['Assets', [0, 1, 1], 2],
        ['Dialogue', [1, 0, 1], 1], // a4 is tagged Why and What: in both cells, once in the row's total
      ],
    );
    assert.deepEqual([t.columnTotals, t.grandTotal], [[4, 1, 2], 6]);
    assert.match(t.totals, /each passage once/);
    const csv = crossTabToCsv(t).split('\r\n');
    assert.equal(csv[0], 'Mechanisms,Why,How,What,total (each once)');
    assert.equal(csv[3], 'Dialogue,1,0,1,1');
    assert.match(crossTabToMarkdown(t), /Cells: coded passages in both the row and the column\. The totals count each passage once/);
  });

  it('+rollup: a theme also counts its sub-themes\' passages', async () => {
    const t = crossTab(await data(), M, parseDimension('theme:process+rollup'), 'articles');
    assert.deepEqual(t.cells[0]!.counts, [2, 1, 0], 'a3 (How: design) now counts under How');
  });

  it('articles, roles and attributes as dimensions; unknown names are said, not guessed', async () => {
    const d = await data();
    const byArticle = crossTab(d, parseDimension('theme'), parseDimension('article'), 'passages');
    assert.deepEqual(byArticle.columnLabels, ['papers/a.txt', 'papers/b.txt', 'papers/c.txt']);
    assert.deepEqual(byArticle.cells.find((r) => r.label === 'Intentions')!.counts, [2, 2, 0]);
    assert.equal(byArticle.cells.find((r) => r.label === 'Mechanisms')!.depth, 0);
    assert.deepEqual(crossTab(d, parseDimension('role'), P, 'articles').cells.map((r) => [r.label, r.counts]), [['Mechanism resource', [2, 1, 2]]]);
    for (const bad of ['themes', 'role:x', 'attribute', 'article+rollup']) assert.throws(() => parseDimension(bad), UnknownInQuery, bad);
    assert.throws(() => crossTab(d, parseDimension('theme:nope'), P), /no theme "nope"/);
    assert.throws(() => crossTab(d, parseDimension('attribute:quality'), P), /no document attribute "quality"/);
  });
});

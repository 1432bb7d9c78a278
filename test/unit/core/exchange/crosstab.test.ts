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

  it('activities × IAP2 positions (a narrative review\'s chart): a passage coded with two positions counts in both cells, as the label says; counting articles, each article once per cell', async () => {
    const iap2: Project = {
      cmo: 1,
      codebook: [
        { id: 'activity', name: 'Activity', parent: null },
        { id: 'consultation', name: 'Consultation', parent: 'activity' },
        { id: 'co-design', name: 'Co-design', parent: 'activity' },
        { id: 'position', name: 'IAP2 position', parent: null },
        { id: 'consult', name: 'Consult', parent: 'position' },
        { id: 'involve', name: 'Involve', parent: 'position' },
        { id: 'collaborate', name: 'Collaborate', parent: 'position' },
      ],
    };
    // By hand: x1 is consultation at consult AND involve (double-coded); x2 co-design at collaborate; y1 consultation at consult; y2 consultation at involve.
    const sources: Record<string, Code[]> = {
      'x.txt': [code('x1xxxxxx', Q[0]!, ['consultation', 'consult', 'involve']), code('x2xxxxxx', Q[1]!, ['co-design', 'collaborate'])],
      'y.txt': [code('y1yyyyyy', Q[2]!, ['consultation', 'consult']), code('y2yyyyyy', Q[3]!, ['consultation', 'involve'])],
    };
    const fs: Record<string, string> = { 'cmo-project.json': serializeProject(iap2) };
    for (const [path, codes] of Object.entries(sources)) {
      fs[path] = text;
      fs[`${path}.cmo.json`] = serializeSidecar({ cmo: 1, source: path, sha256: sha256Hex(text), codes });
    }
    const d = await loadExportData(new MemoryFileSystem(fs));
    const passages = crossTab(d, parseDimension('theme:activity'), parseDimension('theme:position'), 'passages');
    assert.deepEqual(passages.cells.map((r) => [r.label, r.counts, r.total]), [['Consultation', [2, 2, 0], 3], ['Co-design', [0, 0, 1], 1]]);
    assert.match(passages.unit, /coded passages in both the row and the column/);
    assert.match(passages.totals, /a passage in several cells of a row or column makes its total less than the sum of its cells/);
    assert.deepEqual([passages.columnTotals, passages.grandTotal], [[2, 2, 1], 4]);
    const sources2 = crossTab(d, parseDimension('theme:activity'), parseDimension('theme:position'), 'articles');
    assert.deepEqual(sources2.cells.map((r) => [r.label, r.counts, r.total]), [['Consultation', [2, 2, 0], 2], ['Co-design', [0, 0, 1], 1]]);
    assert.match(sources2.title, /articles$/);
  });

  it('attributes: a multi-valued field counts an article under each of its values; an article with attributes but no sidecar counts in a table of articles by attributes', async () => {
    const withAttrs: Project = {
      ...project,
      attributes: {
        fields: [
          { id: 'levels', name: 'Levels', multiple: true, values: ['individual', 'group', 'governance'] },
          { id: 'design', name: 'Design', values: ['qualitative', 'mixed'] },
        ],
        documents: {
          'papers/a.txt': { levels: ['individual', 'group', 'governance'], design: 'qualitative' },
          'papers/b.txt': { levels: ['group'], design: 'mixed' },
          'papers/uncoded.txt': { levels: ['group', 'governance'], design: 'qualitative' },
        },
      },
    };
    const d = await loadExportData(new MemoryFileSystem({ ...files, 'cmo-project.json': serializeProject(withAttrs), 'papers/uncoded.txt': text }));
    const t = crossTab(d, parseDimension('attribute:levels'), parseDimension('attribute:design'), 'articles');
    // By hand: individual a (qualitative); group a, uncoded (qualitative), b (mixed); governance a, uncoded (qualitative); c has none.
    assert.deepEqual(t.cells.map((r) => [r.label, r.counts, r.total]), [['individual', [1, 0, 0], 1], ['group', [2, 1, 0], 3], ['governance', [2, 0, 0], 2], ['(not set)', [0, 0, 1], 1]]);
    assert.deepEqual(t.columnLabels, ['qualitative', 'mixed', '(not set)']);
    assert.equal(t.grandTotal, 4, 'a, b, c and the uncoded article, each once');
    assert.match(t.unit, /articles \(coded or not\)/);
    // Against passages, the uncoded article has nothing to count.
    const byTheme = crossTab(d, parseDimension('attribute:levels'), M, 'articles');
    assert.deepEqual(byTheme.cells.map((r) => [r.label, r.counts]), [['individual', [1, 1, 1]], ['group', [2, 1, 1]], ['governance', [1, 1, 1]], ['(not set)', [0, 1, 1]]]);
  });
});

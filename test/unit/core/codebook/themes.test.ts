import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  attributeCrosstab,
  configurationByArticle,
  createTheme,
  defineField,
  describeAttributes,
  deleteTheme,
  importQdc,
  loadExportData,
  matrixToCsv,
  mergeThemes,
  moveTheme,
  parseProjectText,
  renameTheme,
  retag,
  roleByArticle,
  serializeProject,
  setAttribute,
  themeByArticle,
  themeByRole,
  themeTree,
  toQdc,
  type Project,
  type Sidecar,
} from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');
const project = (): Project => {
  const r = parseProjectText('cmo-project.json', readFileSync(path.join(SAMPLE, 'cmo-project.json'), 'utf8'));
  assert.ok(r.ok);
  return r.value;
};
const sidecars = (): Sidecar[] => ['masterson-2024.txt', 'masterson-2024.md', 'riverside-2025.md'].map((f) => JSON.parse(readFileSync(path.join(SAMPLE, 'papers', `${f}.cmo.json`), 'utf8')));

describe('codebook: themes', () => {
  it('creates, renames, moves (no cycles), merges (retagging codes) and deletes (children move up)', () => {
    let p = project();
    const made = createTheme(p, { name: 'Power sharing', parent: 'engagement', color: '#123456' });
    p = made.project;
    assert.equal(made.id, 'power-sharing');
    assert.equal(createTheme(p, { name: 'Power sharing' }).id, 'power-sharing-2');
    p = renameTheme(p, 'power-sharing', 'Sharing power');
    assert.equal(p.codebook!.find((t) => t.id === 'power-sharing')!.name, 'Sharing power');
    assert.throws(() => moveTheme(p, 'engagement', 'power-sharing'), /under itself or one of its own sub-themes/);
    p = moveTheme(p, 'power-sharing', 'alignment');
    assert.equal(p.codebook!.find((t) => t.id === 'power-sharing')!.parent, 'alignment');
    // Merge Intentions into Assets: codes tagged intentions now carry assets, once.
    const merged = mergeThemes(p, 'intentions', 'assets');
    assert.ok(!merged.codebook!.some((t) => t.id === 'intentions'));
    const codes = sidecars()[0]!.codes;
    const tagged = codes.filter((c) => c.tags?.includes('intentions'));
    assert.ok(tagged.length > 0);
    const after = retag(codes, 'intentions', 'assets');
    for (const c of after) assert.ok(!c.tags?.includes('intentions'));
    assert.ok(after.filter((c) => c.tags?.includes('assets')).length >= tagged.length);
    assert.ok(after.every((c) => new Set(c.tags ?? []).size === (c.tags ?? []).length), 'no tag twice');
    assert.equal(retag(codes, 'nobody', 'x'), codes, 'unchanged when nothing carries the tag');
    // Delete Engagement: its children go to the top.
    const deleted = deleteTheme(p, 'engagement');
    assert.equal(deleted.codebook!.find((t) => t.id === 'assets')!.parent, null);
    assert.deepEqual(themeTree(p).slice(0, 3).map((x) => [x.theme.id, x.depth]), [['engagement', 0], ['intentions', 1], ['assets', 1]]);
  });

  it('round-trips the codebook through a REFI-QDA .qdc file', () => {
    const p = project();
    const qdc = toQdc(p, '3f0c2a61-8d4e-4b7a-9c55-0e6b1d2f7a90');
    assert.match(qdc, /<CodeBook xmlns="urn:QDA-XML:codebook:1\.0"/);
    const back = importQdc({ cmo: 1 }, qdc);
    assert.equal(back.added.length, p.codebook!.length);
    const shape = (q: Project) => (q.codebook ?? []).map((t) => [t.id, t.name, t.parent ?? null, t.description ?? null, t.color ?? null]);
    assert.deepEqual(shape(back.project), shape(p));
    // Importing it again adds nothing.
    assert.deepEqual(importQdc(back.project, qdc).added, []);
  });
});

describe('document attributes', () => {
  it('defines a field, sets values from its list, refuses others, and clears', () => {
    let p = project();
    const f = defineField(p, { name: 'Setting', values: ['hospital', 'community', 'community'] });
    p = f.project;
    assert.deepEqual(p.attributes!.fields.find((x) => x.id === 'setting')!.values, ['hospital', 'community']);
    p = setAttribute(p, 'papers/masterson-2024.txt', 'setting', 'community');
    assert.equal(p.attributes!.documents['papers/masterson-2024.txt']!.setting, 'community');
    assert.throws(() => setAttribute(p, 'papers/masterson-2024.txt', 'setting', 'school'), /not one of Setting's values/);
    p = setAttribute(p, 'papers/masterson-2024.txt', 'setting', undefined);
    assert.equal(p.attributes!.documents['papers/masterson-2024.txt']!.setting, undefined);
    // The file stays canonical and valid.
    assert.ok(parseProjectText('cmo-project.json', serializeProject(p)).ok);
  });

  it('a multi-valued field holds a list (in the order of its values), refuses a value outside them; a single-valued one refuses a list; the parser warns at the value\'s line; a document\'s attributes in words', () => {
    let p = defineField(project(), { name: 'Levels', values: ['individual', 'group', 'governance', 'societal'], multiple: true }).project;
    assert.equal(p.attributes!.fields.find((f) => f.id === 'levels')!.multiple, true);
    p = setAttribute(p, 'papers/riverside-2025.md', 'levels', ['governance', 'individual', 'governance']);
    assert.deepEqual(p.attributes!.documents['papers/riverside-2025.md']!.levels, ['individual', 'governance']);
    assert.throws(() => setAttribute(p, 'papers/riverside-2025.md', 'levels', ['group', 'school']), /"school" is not one of Levels's values/);
    assert.throws(() => setAttribute(p, 'papers/riverside-2025.md', 'quality', ['good', 'fair']), /Quality holds one value, not 2/);
    assert.equal(describeAttributes(p, 'papers/riverside-2025.md'), 'Quality: fair · Level of involvement: group, governance · Relevance: high · Rigour: moderate · Levels: individual, governance');
    assert.equal(describeAttributes(p, 'papers/nothing.md'), '');
    p = setAttribute(p, 'papers/riverside-2025.md', 'levels', []);
    assert.equal(p.attributes!.documents['papers/riverside-2025.md']!.levels, undefined, 'an empty list clears it');
    // Hand-edited: a list for a single-valued field, and a value outside a multi-valued field's.
    const text = serializeProject({ ...p, attributes: { ...p.attributes!, documents: { ...p.attributes!.documents, 'papers/masterson-2024.md': { quality: ['good', 'poor'], levels: ['group', 'school'] } } } });
    const parsed = parseProjectText('cmo-project.json', text);
    assert.ok(parsed.ok);
    const messages = parsed.problems.map((x) => `${x.line + 1}: ${x.message}`); // lines are 0-based in problems
    const lineOf = (s: string) => text.split('\n').findIndex((l) => l.includes(s)) + 1;
    assert.ok(messages.some((m) => m.startsWith(`${lineOf('"quality": [')}:`) && /has 2 values for Quality, which holds one/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /"school" is not one of Levels's values/.test(m)), messages.join('\n'));
  });
});

describe('matrices', () => {
  it('theme × article counts match the sidecars; role, configuration and theme × role tables add up', async () => {
    const data = await loadExportData(new NodeFileSystem(SAMPLE));
    const m = themeByArticle(data);
    assert.deepEqual(m.columns, ['papers/masterson-2024.md', 'papers/masterson-2024.txt', 'papers/riverside-2025.md']);
    const [md, txt, riverside] = [sidecars()[1]!, sidecars()[0]!, sidecars()[2]!];
    for (const row of m.rows) {
      const id = data.project.codebook!.find((t) => t.name === row.label)!.id;
      assert.deepEqual(row.cells, [md, txt, riverside].map((s) => s.codes.filter((c) => c.tags?.includes(id)).length), row.label);
    }
    const roles = roleByArticle(data);
    assert.equal(roles.rows.reduce((n, r) => n + r.cells.reduce((a, b) => a + b, 0), 0), 20);
    assert.ok(roles.rows.some((r) => r.label === 'Theme only'), 'theme-only passages count like any other');
    const confs = configurationByArticle(data);
    assert.deepEqual(confs.rows.map((r) => r.cells), [[0, 3, 2], [1, 2, 3], [0, 0, 3]]);
    const tr = themeByRole(data);
    assert.ok(tr.columns.includes('Mechanism resource'));
    const csv = matrixToCsv(m);
    assert.match(csv.split('\r\n')[0]!, /^theme,papers\/masterson-2024\.md,papers\/masterson-2024\.txt,papers\/riverside-2025\.md,total$/);
    assert.match(csv, /\r\ntotal,/);
  });

  it('cross-tabulates articles by one or two attributes, with (not set)', async () => {
    const data = await loadExportData(new NodeFileSystem(SAMPLE));
    const one = attributeCrosstab(data, 'quality');
    assert.deepEqual(one.rows.map((r) => [r.label, r.cells]), [['good', [2]], ['fair', [1]], ['poor', [0]]]);
    data.project = setAttribute(data.project, 'papers/masterson-2024.md', 'involvement', 'individual');
    const two = attributeCrosstab(data, 'quality', 'involvement');
    assert.deepEqual(two.columns, ['individual', 'group', 'governance', 'societal']);
    assert.deepEqual(two.rows[0], { label: 'good', cells: [1, 1, 0, 0], query: { attribute: { field: 'quality', value: 'good' } } });
    assert.deepEqual(two.rows[1]?.cells, [0, 1, 1, 0], 'riverside (fair) is at two levels: it counts under both');
    data.project = setAttribute(data.project, 'papers/masterson-2024.md', 'quality', undefined);
    assert.deepEqual(attributeCrosstab(data, 'quality').rows.map((r) => r.label), ['good', 'fair', 'poor', '(not set)']);
  });
});

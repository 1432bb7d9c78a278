/** Exports of sample/ (CSV, Markdown, REFI-QDA), checked against golden files, the REFI-QDA XSD and an import back. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { codePointOffset, type WorkspaceCache, importQdc, importQdpx, importQdpxIntoWorkspace, loadExportData, MemoryFileSystem, qdpxOfWorkspace, serializeProject, type Project, selectorFor, serializeSidecar, toCsv, toMarkdown, toQdpx, toRefiProject, utf16Offset, emptySidecar, type Code } from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';
import { cmo as cmoIn, requireBuiltCli } from '../../../helpers/cli';
import { codeOn, corpus } from '../../../helpers/corpus';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');
const XSD = path.join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd');
const NS = '3f0c2a61-8d4e-4b7a-9c55-0e6b1d2f7a90';

const sampleData = () => loadExportData(new NodeFileSystem(path.join(ROOT, 'sample')));

/** libxml2's own schema validation (xmllint, compiled to WebAssembly: no Debian package to install). */
async function xmllint(file: string): Promise<{ ok: boolean; out: string }> {
  const r = await validateXML({ xml: { fileName: path.basename(file), contents: readFileSync(file, 'utf8') }, schema: { fileName: path.basename(XSD), contents: readFileSync(XSD, 'utf8') } });
  return { ok: r.valid, out: r.rawOutput };
}

describe('exports: CSV and Markdown', () => {
  it('the CSV of sample/ is the golden file: one row per coded passage, RFC 4180, read back by Python\'s csv module', async () => {
    const csv = toCsv(await sampleData());
    assert.equal(csv, readFileSync(path.join(GOLDEN, 'sample.csv'), 'utf8'));
    const r = spawnSync('/usr/bin/python3', ['-c', 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))'], { input: csv, encoding: 'utf8' });
    const rows = JSON.parse(r.stdout) as string[][];
    assert.equal(rows.length, 1 + 20, 'a header and 20 passages');
    assert.ok(rows.every((row) => row.length === 17));
    assert.ok(rows.every((row) => !/[\r\n\t]/.test(row[11]!)), 'every quote on one line');
    const byId = new Map(rows.slice(1).map((row) => [row[12], row]));
    const c1 = byId.get('c1ctx4hs')!;
    assert.deepEqual([c1[0], c1[3], c1[4], c1[5], c1[6], c1[7], c1[9]], ['papers/masterson-2024.txt', '', 'Context', 'Engagement', 'Reflection on intentions and assets creates conditions for engagement', 'Engagement, alignment and agreement', 'alice']);
    assert.equal(c1[11], 'in the context of health and social care services and involving service-users');
    assert.deepEqual([c1[13], c1[14]], ['high', 'high'], 'the article\'s appraisal: relevance, rigour');
    // The evidence model in the sheet: a refuting passage says so beside the configuration; a passage's cited studies.
    const refuting = byId.get('o5noalig')!;
    assert.equal(refuting[6], 'Dialogue and documentation lead to alignment (refutes)');
    assert.deepEqual([refuting[13], refuting[14]], ['high', 'moderate']);
    assert.equal(byId.get('m9forwho')![15], 'papers/masterson-2024.txt');
    assert.equal(byId.get('n4attend')![4], 'Theme only');
    assert.equal(byId.get('c6shorth')![16], 'k2align0; k3record', 'configuration ids beside the titles');
  });

  it('quotes what needs quoting, and the BOM option adds one', async () => {
    const data = await sampleData();
    const first = data.articles[0]!.codes[0]!;
    first.code = { ...first.code, note: 'a memo, with "quotes"\nand a line break' };
    const csv = toCsv(data, { bom: true });
    assert.ok(csv.startsWith('\ufeffarticle,'));
    assert.ok(csv.includes('"a memo, with ""quotes""\nand a line break"'));
    assert.ok(csv.endsWith('\r\n'));
    const md = toMarkdown(data);
    assert.match(md, /^## papers\/masterson-2024\.md$/m);
    assert.match(md, /\| 25 \| O Outcome \| “is important for supporting meaningful engagement/);
  });
});

describe('exports: REFI-QDA .qdpx', () => {
  it('validates against the REFI-QDA project XSD and matches the golden project.qde; repeated exports are identical bytes', async () => {
    const data = await sampleData();
    const refi = toRefiProject(data, NS, 'sample');
    assert.equal(refi.xml, readFileSync(path.join(GOLDEN, 'sample.qde'), 'utf8'));
    const dir = mkdtempSync(path.join(tmpdir(), 'cmo-qde-'));
    writeFileSync(path.join(dir, 'project.qde'), refi.xml);
    const v = await xmllint(path.join(dir, 'project.qde'));
    assert.ok(v.ok, v.out);
    const zip = toQdpx(refi);
    assert.deepEqual(toQdpx(toRefiProject(await sampleData(), NS, 'sample')), zip);
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files).sort(), ['project.qde', ...refi.sources.map((s) => s.path)].sort());
    assert.ok(Object.keys(files).every((f) => f === 'project.qde' || /^sources\/[0-9a-f-]{36}\.txt$/.test(f)));
    for (const s of refi.sources) assert.ok(!strFromU8(files[s.path]!).includes('\r'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a hostile project still gives valid XML (markup and control characters in names and memos)', async () => {
    const data = await sampleData();
    data.project = { ...data.project, codebook: [...(data.project.codebook ?? []), { id: 'evil', name: '<b>"&\u0001', parent: null }] };
    data.articles[0]!.codes[0]!.code = { ...data.articles[0]!.codes[0]!.code, note: ']]> <x/> & \u0007', tags: ['evil'] };
    const dir = mkdtempSync(path.join(tmpdir(), 'cmo-qde-'));
    writeFileSync(path.join(dir, 'project.qde'), toRefiProject(data, NS, 'x<y').xml);
    const v = await xmllint(path.join(dir, 'project.qde'));
    assert.ok(v.ok, v.out);
    rmSync(dir, { recursive: true, force: true });
  });

  it('positions are code points; an article with characters outside the BMP converts both ways', () => {
    const text = 'Emoji 😀 before, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 here, then the coded passage.';
    const at = text.indexOf('the coded passage');
    assert.equal(codePointOffset(text, at), at - 8);
    assert.equal(utf16Offset(text, codePointOffset(text, at)), at);
  });

  it('lossless round trip: export sample/, import into an empty workspace, export again: the same .qdpx bytes and the same cmo-project.json', async () => {
    const original = new NodeFileSystem(path.join(ROOT, 'sample'));
    const first = qdpxOfWorkspace(await loadExportData(original), 'sample');
    assert.equal(first.newProject, undefined, 'the sample keeps its namespace');
    const empty = new MemoryFileSystem();
    const r = await importQdpxIntoWorkspace(empty, first.bytes);
    assert.deepEqual([r.unplaced, r.unmatchedSources, r.refused, r.kept, r.project.lost], [[], [], [], [], []]);
    assert.deepEqual(r.created, ['papers/masterson-2024.md', 'papers/masterson-2024.txt', 'papers/riverside-2025.md']);
    assert.deepEqual(r.projectAdded, { configurations: 3, theories: 1, fields: 4, documents: 3, programme: true });
    assert.equal(strFromU8(await empty.readFile('cmo-project.json')), readFileSync(path.join(ROOT, 'sample', 'cmo-project.json'), 'utf8'));
    for (const a of r.created) assert.equal(strFromU8(await empty.readFile(a)), readFileSync(path.join(ROOT, 'sample', a), 'utf8').replace(/\r\n?/g, '\n'), a);
    // Cited studies and theme-only passages come back in the sidecars.
    const riverside = JSON.parse(strFromU8(await empty.readFile('papers/riverside-2025.md.cmo.json'))) as { codes: Code[] };
    assert.deepEqual(riverside.codes.find((c) => c.id === 'm9forwho')?.cites, ['papers/masterson-2024.txt']);
    assert.equal(riverside.codes.find((c) => c.id === 'n4attend')?.role, 'none');
    const second = qdpxOfWorkspace(await loadExportData(empty), 'sample');
    assert.ok(Buffer.from(second.bytes).equals(Buffer.from(first.bytes)), 'byte-identical .qdpx');
    // Importing it again adds nothing and lists nothing as kept: everything is there and the same.
    const again = await importQdpxIntoWorkspace(empty, first.bytes);
    assert.deepEqual([again.added, again.created, again.kept, again.projectAdded], [[], [], [], { configurations: 0, theories: 0, fields: 0, documents: 0, programme: false }]);
  });

  it('a .qdpx from another tool (no CMO Coder note) still gives configurations from notes and links, theories from sets, the programme, attributes and coloured themes, and lists what it cannot give', async () => {
    const refi = toRefiProject(await sampleData(), NS, 'sample');
    const xml = refi.xml.replace(/\n    <Note [^\n]*name="CMO Coder project"[\s\S]*?<\/Note>/, '').replace(/\n  <NoteRef [^\n]*\/>/, '');
    assert.ok(!xml.includes('CMO Coder project'));
    const empty = new MemoryFileSystem();
    const r = await importQdpxIntoWorkspace(empty, toQdpx({ ...refi, xml }));
    assert.deepEqual([r.unplaced, r.unmatchedSources], [[], []]);
    assert.equal(r.project.lost.length, 1);
    assert.match(r.project.lost[0]!, /no "CMO Coder project" note .* status, if\/then\/because, stances .* cannot come back/);
    const p = JSON.parse(strFromU8(await empty.readFile('cmo-project.json'))) as Project;
    assert.deepEqual(p.configurations!.map((k) => [k.title, k.codes.length]), [['Reflection on intentions and assets creates conditions for engagement', 5], ['Dialogue and documentation lead to alignment', 6], ['Records written with members lead to agreement on ways of working', 3]]);
    assert.equal(p.configurations![1]!.statement, 'If interaction is iterative (C), then dialogue and documentation that every member can read and shape (M) lead to alignment on ways of working (O), because shared records make agreements visible to all.');
    assert.equal(p.configurations![2]!.statement, undefined, 'a note that only repeats the title is no statement');
    assert.deepEqual(p.theories!.map((t) => [t.title, t.configurations.length]), [['Engagement, alignment and agreement', 3]]);
    assert.equal(p.theories![0]!.configurations[1], p.configurations![1]!.id);
    assert.deepEqual(p.programme?.theories, [p.theories![0]!.id]);
    assert.match(p.programme?.statement ?? '', /^Co-design and co-production work/);
    assert.deepEqual(p.codebook!.map((t) => [t.id, t.parent, t.color]).slice(0, 3), [['engagement', null, '#4e79a7'], ['intentions', 'engagement', '#76b7b2'], ['assets', 'engagement', '#59a14f']]);
    assert.deepEqual(p.attributes!.fields.map((f) => [f.id, f.name, f.values.join('|')]), [['quality', 'Quality', 'good|fair|poor'], ['level-of-involvement', 'Level of involvement', 'individual|group|governance|societal'], ['relevance', 'Relevance', 'high|moderate|low'], ['rigour', 'Rigour', 'high|moderate|low']]);
    // Without the note, a multi-valued field's values are one text, as REFI-QDA holds them.
    assert.deepEqual(p.attributes!.documents['papers/riverside-2025.md'], { quality: 'fair', 'level-of-involvement': 'group; governance', relevance: 'high', rigour: 'moderate' });
    // The passages a configuration links to are the imported codes.
    const ref = p.configurations![0]!.codes[0]!;
    const [file, id] = ref.split('#');
    assert.ok((JSON.parse(strFromU8(await empty.readFile(`${file}.cmo.json`))) as { codes: Code[] }).codes.some((c) => c.id === id), ref);
  });

  it('importing into a workspace with its own project keeps its configurations and values, adds what it lacks, and lists what it kept', async () => {
    const original = new NodeFileSystem(path.join(ROOT, 'sample'));
    const bytes = qdpxOfWorkspace(await loadExportData(original), 'sample').bytes;
    const mine: Project = { cmo: 1, configurations: [{ id: 'k1engage', title: 'My own k1', codes: [] }], attributes: { fields: [{ id: 'quality', values: [] }], documents: { 'papers/riverside-2025.md': { quality: 'poor' } } } };
    const fs = new MemoryFileSystem({ 'cmo-project.json': serializeProject(mine) });
    const r = await importQdpxIntoWorkspace(fs, bytes);
    const p = JSON.parse(strFromU8(await fs.readFile('cmo-project.json'))) as Project;
    assert.deepEqual(p.configurations!.map((k) => k.title), ['My own k1', 'Dialogue and documentation lead to alignment', 'Records written with members lead to agreement on ways of working']);
    assert.equal(p.attributes!.documents['papers/riverside-2025.md']!.quality, 'poor');
    assert.equal(p.attributes!.documents['papers/riverside-2025.md']!.rigour, 'moderate');
    assert.ok(r.kept.includes('configuration k1engage ("Reflection on intentions and assets creates conditions for engagement"): this workspace\'s is kept'), r.kept.join('\n'));
    assert.ok(r.kept.some((k) => /papers\/riverside-2025\.md: quality is "poor" here, "fair" in the file/.test(k)));
  });

  it('round trip: export sample/, import into a copy without codes: every code comes back the same', async () => {
    const data = await sampleData();
    const zip = toQdpx(toRefiProject(data, NS, 'sample'));
    const articles = new Map(data.articles.map((a) => [a.path, { text: a.text, codes: [] as Code[] }]));
    const result = importQdpx(zip, articles, data.project.codebook ?? []);
    assert.deepEqual(result.unplaced, []);
    assert.deepEqual(result.unmatchedSources, []);
    assert.deepEqual(result.newThemes, []);
    const fields = (c: Code) => ({ id: c.id, role: c.role, start: c.start, end: c.end, exact: c.exact, tags: c.tags, note: c.note, coder: c.coder, created: c.created });
    for (const a of data.articles) {
      const back = (result.codes.get(a.path) ?? []).map(fields).sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1));
      const original = a.codes.map((c) => fields({ ...c.code })).sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1));
      assert.deepEqual(back, original, a.path);
    }
    // Importing into the full workspace adds nothing: every passage is there already.
    const full = new Map(data.articles.map((a) => [a.path, { text: a.text, codes: a.codes.map((c) => c.code) }]));
    assert.equal(importQdpx(zip, full, data.project.codebook ?? []).codes.size, 0);
  });

  it('import reports what it cannot place: another text, a passage without a role, a source with no article', async () => {
    const text = 'Context first. Then a mechanism. Then an outcome.';
    const other = 'A different article altogether.';
    const code: Code = { id: 'cctx0001', role: 'context', ...selectorFor(text, 0, 14) };
    const fs = new MemoryFileSystem({ 'a.txt': text, 'a.txt.cmo.json': serializeSidecar({ ...emptySidecar('a.txt', text), codes: [code] }), 'b.txt': other, 'b.txt.cmo.json': serializeSidecar(emptySidecar('b.txt', other)) });
    const data = await loadExportData(fs);
    const refi = toRefiProject(data, NS, 'x');
    // A passage coded with a theme only (no role), as another tool would write it.
    const xml = refi.xml.replace('</TextSource>', `  <PlainTextSelection guid="00000000-0000-4000-8000-000000000001" name="foreign" startPosition="15" endPosition="32"><Coding guid="00000000-0000-4000-8000-000000000002"><CodeRef targetGUID="00000000-0000-4000-8000-000000000003"/></Coding></PlainTextSelection>\n    </TextSource>`);
    const zip = toQdpx({ ...refi, xml });
    const target = new Map([['a.txt', { text: 'Preface. ' + text, codes: [] as Code[] }]]);
    const r = importQdpx(zip, target, []);
    assert.deepEqual((r.codes.get('a.txt') ?? []).map((c) => [c.id, c.start, c.exact]), [['cctx0001', 9, 'Context first.']], 'placed by its quote on a changed text');
    assert.deepEqual(r.unplaced.map((u) => u.selection), ['foreign']);
    assert.deepEqual(r.unmatchedSources, ['b.txt']);
  });
});

describe('REFI-QDA import of hostile files', () => {
  const sample = async () => {
    const data = await sampleData();
    const refi = toRefiProject(data, NS, 'sample');
    const articles = new Map(data.articles.map((a) => [a.path, { text: a.text, codes: [] as Code[] }]));
    return { data, refi, articles };
  };

  it('a zip bomb is refused before it is inflated; an entry the project does not use is never inflated', async () => {
    const { refi, articles } = await sample();
    const files = unzipSync(toQdpx(refi));
    // 40 MB of zeros compresses to about 40 KB.
    const bomb = new Uint8Array(40 * 1024 * 1024);
    const limits = { entryBytes: 16 * 1024 * 1024, totalBytes: 64 * 1024 * 1024 };
    const unused = zipSync({ ...files, 'junk/bomb.bin': bomb });
    assert.ok(unused.byteLength < 1024 * 1024);
    assert.ok(importQdpx(unused, articles, [], limits).codes.size > 0, 'the bomb beside the project is ignored');
    const source = Object.keys(files).find((f) => f.startsWith('sources/')) as string;
    const used = zipSync({ ...files, [source]: bomb });
    assert.throws(() => importQdpx(used, articles, [], limits), /sources\/.* would inflate to 40 MB, over the 16 MB per file .* it was not unpacked/);
  });

  it('malformed XML is an error naming the line, not an import', async () => {
    const { refi, articles } = await sample();
    const broken = toQdpx({ ...refi, xml: refi.xml.replace('</Sources>', '</Source>') });
    assert.throws(() => importQdpx(broken, articles, []), /project\.qde is not well-formed XML: .*\(line \d+, column \d+\); nothing was imported/);
    assert.throws(() => importQdc({ cmo: 1 }, '<CodeBook><Codes><Code name="a"></Codes></CodeBook>'), /the codebook \(.qdc\) is not well-formed XML: .*line 1/);
  });

  it('positions outside the source (negative, past its end, reversed) are listed, never clamped into a code; a position that is not a number breaks the schema and refuses the file', async () => {
    const { refi, articles } = await sample();
    let n = 0;
    const xml = refi.xml.replace(/startPosition="\d+" endPosition="\d+"/g, (m) => {
      const bad = [['-5', '10'], ['0', '1000000000000'], ['30', '20']][n++];
      return bad ? `startPosition="${bad[0]}" endPosition="${bad[1]}"` : m;
    });
    const r = importQdpx(toQdpx({ ...refi, xml }), articles, []);
    assert.equal(r.unplaced.length, 3, JSON.stringify(r.unplaced));
    for (const u of r.unplaced) assert.match(u.reason, /are not a passage of the source's \d+ characters/);
    const notNumber = xml.replace('startPosition="30"', 'startPosition="x"');
    const line = notNumber.slice(0, notNumber.indexOf('startPosition="x"')).split('\n').length;
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: notNumber }), articles, []), new RegExp(`does not follow the REFI-QDA project schema .*nothing was imported:\\n  line ${line}, column \\d+: startPosition="x" on <PlainTextSelection> is not an integer$`, 's'));
  });

  it('a file that breaks the schema is refused with each problem\'s line and column: a missing attribute, an element out of place, a bad GUID, a foreign root', async () => {
    const { refi, articles } = await sample();
    const lineOf = (xml: string, s: string) => xml.slice(0, xml.indexOf(s)).split('\n').length;
    const noGuid = refi.xml.replace(/<TextSource guid="[^"]+"/, '<TextSource');
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: noGuid }), articles, []), new RegExp(`line ${lineOf(noGuid, '<TextSource')}, column 5: <TextSource> needs the attribute guid`));
    const misplaced = refi.xml.replace('  <Sources>', '  <Description>early</Description>\n  <Sources>');
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: misplaced }), articles, []), new RegExp(`line ${lineOf(misplaced, '<Sources>')}, column 3: <Sources> is not allowed after <Description> in <Project>`));
    const badGuid = refi.xml.replace(/(<Code guid=")[^"]+/, '$1not-a-guid');
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: badGuid }), articles, []), /guid="not-a-guid" on <Code> is not a GUID/);
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: '<?xml version="1.0"?>\n<Codebook xmlns="urn:QDA-XML:codebook:1.0"/>' }), articles, []), /line 2, column 1: the root element is <Codebook>, not <Project>/);
    assert.throws(() => importQdpx(toQdpx({ ...refi, xml: '<!DOCTYPE x [<!ENTITY a "aaaa">]><Project name="x"/>' }), articles, []), /a DOCTYPE is refused.*\(line 1, column 1\)/);
  });
});

describe('cmo export / import (CLI)', function () {
  let dir: string;
  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-export-'));
    cpSync(path.join(ROOT, 'sample'), path.join(dir, 'sample'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const cmo = (args: string[]) => cmoIn(args, dir);

  it('cmo export --format qdpx sample: validates, and cmo import puts every code back into emptied sidecars', async () => {
    const r = cmo(['export', 'sample', '--format', 'qdpx', '--out', 'sample.qdpx']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /3 source\(s\), 20 coded passage\(s\)/);
    const files = unzipSync(readFileSync(path.join(dir, 'sample.qdpx')));
    writeFileSync(path.join(dir, 'project.qde'), files['project.qde']!);
    const v = await xmllint(path.join(dir, 'project.qde'));
    assert.ok(v.ok, v.out);
    const sidecars = ['sample/papers/masterson-2024.txt.cmo.json', 'sample/papers/masterson-2024.md.cmo.json', 'sample/papers/riverside-2025.md.cmo.json'];
    const before = sidecars.map((s) => readFileSync(path.join(dir, s), 'utf8'));
    for (const s of sidecars) {
      const j = JSON.parse(readFileSync(path.join(dir, s), 'utf8'));
      writeFileSync(path.join(dir, s), JSON.stringify({ ...j, codes: [] }, null, 2) + '\n');
    }
    const imported = cmo(['import', 'sample.qdpx', 'sample']);
    assert.equal(imported.code, 0, imported.out + imported.err);
    assert.match(imported.err, /added 20 code\(s\); 0 passage\(s\) not placed/);
    // Every sidecar byte for byte: theme-only passages come back as such, cited studies from the CMO Coder note.
    sidecars.forEach((s, i) => assert.equal(readFileSync(path.join(dir, s), 'utf8'), before[i], `${s} byte for byte`));
    const withoutCites = (text: string) => (JSON.parse(text) as { codes: Code[] }).codes.map(({ cites: _c, ...c }) => c);
    assert.equal(withoutCites(before[2]!).find((c) => c.id === 'n4attend')!.role, 'none');
  });

  it('a first import: cmo import X.qdpx into an empty folder writes its articles, codes and project, and cmo check passes; a folder that does not exist is named and nothing is written', () => {
    assert.equal(cmo(['export', 'sample', '--format', 'qdpx', '--out', 'out/new/sample.qdpx']).code, 0, 'an --out folder not made yet is made');
    mkdirSync(path.join(dir, 'empty'));
    const r = cmo(['import', 'out/new/sample.qdpx', 'empty']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /papers\/riverside-2025\.md: made from the source/);
    assert.match(r.out, /papers\/riverside-2025\.md: 9 code\(s\) added/);
    assert.match(r.err, /added 20 code\(s\); 0 passage\(s\) not placed; 0 source\(s\) without an article/);
    for (const f of ['papers/masterson-2024.txt', 'papers/riverside-2025.md.cmo.json', 'cmo-project.json']) assert.ok(existsSync(path.join(dir, 'empty', f)), f);
    const check = cmo(['check', 'empty']);
    assert.equal(check.code, 0, check.out + check.err);
    assert.match(check.out + check.err, /3 sidecar\(s\), 20 code\(s\)/);
    const missing = cmo(['import', 'out/new/sample.qdpx', 'not-there']);
    assert.equal(missing.code, 2);
    assert.equal(missing.err, 'cmo import: not-there is not a folder.\n');
    assert.ok(!existsSync(path.join(dir, 'not-there')));
  });

  it('cmo export --format configurations: one row per configuration with its status, parts, passages by slot and studies by stance with their appraisal', () => {
    const r = cmo(['export', 'sample', '--format', 'configurations']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, readFileSync(path.join(GOLDEN, 'sample-configurations.csv'), 'utf8'), 'the golden file (test/fixtures/make-golden.ts)');
    assert.equal(cmo(['export', 'sample', '--format', 'configurations', '--md']).out, readFileSync(path.join(GOLDEN, 'sample-configurations.md'), 'utf8'));
    const rows = JSON.parse(spawnSync('/usr/bin/python3', ['-c', 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))'], { input: r.out, encoding: 'utf8' }).stdout) as string[][];
    const header = rows[0]!;
    const byId = new Map(rows.slice(1).map((row) => [row[0], Object.fromEntries(header.map((h, i) => [h, row[i]]))]));
    assert.deepEqual([...byId.keys()], ['k1engage', 'k2align0', 'k3record']);
    const k2 = byId.get('k2align0')!;
    assert.deepEqual([k2.status, k2.if, k2['context passages'], k2['mechanism passages'], k2['outcome passages']], ['refined', 'interaction is iterative', '1', '3', '2']);
    assert.deepEqual([k2['supporting studies'], k2['refuting studies'], k2['refining studies']], ['2', '1', '2']);
    assert.equal(k2.refuting, 'papers/riverside-2025.md (relevance high, rigour moderate)');
    assert.equal(k2.refining, 'papers/masterson-2024.txt (cited; relevance high, rigour high); papers/riverside-2025.md (relevance high, rigour moderate)');
    assert.equal(byId.get('k1engage')!['leads to'], 'Dialogue and documentation lead to alignment');
    // Passages by part: quote, article, page or line; a refuting one marked.
    assert.equal(k2.context, '✗ “they were written in clinical shorthand” — papers/riverside-2025.md, line 43');
    assert.deepEqual(k2['mechanism reasoning']!.split('\n').map((l) => l.replace(/“.*”/, 'Q')), ['Q — papers/masterson-2024.md, line 130', '± Q — papers/riverside-2025.md, line 52']);
    assert.equal(k2['mechanism resource']!.split('\n').length, 1);
    assert.equal(k2.evidence, '2 supporting studies (2 of high rigour), 1 refuting study, 2 refining studies (1 of high rigour)');
    const md = cmo(['export', 'sample', '--format', 'configurations', '--md']);
    assert.match(md.out, /^\| \*\*Dialogue and documentation lead to alignment\*\*<br>Engagement, alignment and agreement \| refined \| interaction is iterative \| .* \| 1 \/ 3 \/ 2 \| 2: .* \| 1: papers\/riverside-2025\.md \(relevance high, rigour moderate\) \| 2: /m);
  });

  it('cmo export --format csv prints the sheet; --format is required', () => {
    const r = cmo(['export', 'sample', '--format', 'csv']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, readFileSync(path.join(GOLDEN, 'sample.csv'), 'utf8'));
    assert.equal(cmo(['export', 'sample']).code, 2);
  });
});

describe('exports: loaded with the editor\'s cache (the Passages view)', () => {
  it('gives what a fresh read gives; a sidecar or article changed, its entries deleted as the editor does, is read and placed again alone', async () => {
    const text = corpus();
    const other = text.slice(20_000, 60_000);
    const sidecar = (path: string, article: string, codes: Code[]) => serializeSidecar({ ...emptySidecar(path, article), codes });
    const a1 = codeOn(text, 'co-design and co-production can occur at different times', 'context');
    const a2 = codeOn(text, 'the trusting relationship between the researcher and contributors', 'outcome');
    const b1 = { ...codeOn(other, other.slice(1_000, 1_090), 'resource'), id: 'bcode001' };
    const fs = new MemoryFileSystem({ 'a.txt': text, 'a.txt.cmo.json': sidecar('a.txt', text, [a1]), 'b.txt': other, 'b.txt.cmo.json': sidecar('b.txt', other, [b1]) });
    const cache: WorkspaceCache = { sidecars: new Map(), texts: new Map(), placed: new Map() };
    assert.deepEqual(await loadExportData(fs, undefined, cache), await loadExportData(fs));
    const placedA = cache.placed!.get('a.txt')!.result;
    const placedB = cache.placed!.get('b.txt')!.result;
    // A code added to a.txt: its sidecar's entry goes (as the file watcher makes the editor do); b.txt is not placed again.
    await fs.writeFile('a.txt.cmo.json', new TextEncoder().encode(sidecar('a.txt', text, [a1, a2])));
    cache.sidecars.delete('a.txt.cmo.json');
    const second = await loadExportData(fs, undefined, cache);
    assert.deepEqual(second, await loadExportData(fs));
    assert.deepEqual(second.articles.map((x) => x.codes.length), [2, 1]);
    assert.notEqual(cache.placed!.get('a.txt')!.result, placedA);
    assert.equal(cache.placed!.get('b.txt')!.result, placedB, 'b.txt was not placed again');
    // b.txt's text edited above its code: text and sidecar entries go; its code is placed again, on its words.
    const edited = `A line added at the top.\n${other}`;
    await fs.writeFile('b.txt', new TextEncoder().encode(edited));
    cache.texts.delete('b.txt');
    cache.sidecars.delete('b.txt.cmo.json');
    const third = await loadExportData(fs, undefined, cache);
    assert.deepEqual(third, await loadExportData(fs));
    const b = third.articles.find((x) => x.path === 'b.txt')!.codes[0]!;
    assert.equal(edited.slice(b.start, b.end), b1.exact);
    assert.equal(b.start, b1.start + 25);
  });
});

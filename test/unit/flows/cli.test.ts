/** The built `cmo` binary, run as a user runs it, on copies of sample/. Needs `npm run build` first (npm test does it). */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cmo, requireBuiltCli, ROOT } from '../../helpers/cli';
import { reextract } from '../../helpers/corpus';
import type { Project } from '../../../src/core';

describe('cmo CLI', function () {
  let dir: string;
  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-cli-'));
    cpSync(path.join(ROOT, 'sample'), path.join(dir, 'sample'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('check sample: exit 0', () => {
    const r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /3 sidecar\(s\), 20 code\(s\), project file: 0 error\(s\), 0 warning\(s\)/);
  });

  it('check: a broken sidecar exits 1 naming file, line and column, and stays byte-identical', () => {
    const file = path.join(dir, 'sample/papers/masterson-2024.md.cmo.json');
    const broken = readFileSync(file, 'utf8').replace('"role": "reasoning"', '"role": "reasoning",,');
    writeFileSync(file, broken);
    const line = broken.slice(0, broken.indexOf(',,')).split('\n').length;
    const r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^sample/papers/masterson-2024\\.md\\.cmo\\.json:${line}:\\d+: error: invalid JSON`, 'm'));
    assert.equal(readFileSync(file, 'utf8'), broken);
  });

  it('check --json gives counts and problems', () => {
    const file = path.join(dir, 'sample/cmo-project.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('masterson-2024.md#m1interx', 'masterson-2024.md#gone0000'));
    assert.equal(cmo(['check', 'sample'], dir).code, 1, 'THEORY.md is stale now');
    cmo(['report', 'sample'], dir);
    const r = cmo(['check', 'sample', '--json'], dir);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.equal(j.codes, 20);
    assert.equal(j.warnings, 1);
    assert.equal(j.problems[0].kind, 'dangling-reference');
    assert.equal(cmo(['check', 'sample', '--strict'], dir).code, 1);
  });

  it('check validates the evidence model with path:line:col: a bad status is an error, a stray stance or link a warning, an incomplete configuration a warning under --strict', () => {
    const file = path.join(dir, 'sample/cmo-project.json');
    const good = readFileSync(file, 'utf8');
    const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    const badStatus = good.replace('"status": "refined"', '"status": "done"');
    writeFileSync(file, badStatus);
    let r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf(badStatus, '"done"')}:\\d+: error: .*status`, 'm'));
    assert.equal(readFileSync(file, 'utf8'), badStatus, 'a file that does not parse is never written');
    // A stance for a passage the configuration does not list, and a link to nothing.
    const stray = good.replace('"papers/riverside-2025.md#c6shorth": "refutes"', '"papers/riverside-2025.md#gone0000": "refutes"').replace('"leadsTo": [\n        "k3record"', '"leadsTo": [\n        "kgone000"');
    writeFileSync(file, stray);
    cmo(['report', 'sample'], dir);
    r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf(stray, '"papers/riverside-2025.md#gone0000"')}:\\d+: warning: configuration "Dialogue and documentation lead to alignment" gives a stance for papers/riverside-2025.md#gone0000`, 'm'));
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf(stray, '"kgone000"')}:\\d+: warning: "Dialogue and documentation lead to alignment" leads to "kgone000"`, 'm'));
    // A configuration with no outcome passage: silent by default, a warning (and exit 1) with --strict.
    const project = JSON.parse(good) as Project;
    const k3 = project.configurations!.find((c) => c.id === 'k3record')!;
    k3.codes = k3.codes.filter((ref) => !ref.endsWith('#o8agreed'));
    k3.codes.push('papers/riverside-2025.md#n4attend');
    writeFileSync(file, JSON.stringify(project, null, 2) + '\n');
    cmo(['report', 'sample'], dir);
    r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /no outcome passage/);
    assert.match(r.out, /warning: configuration "Records written with members lead to agreement on ways of working" lists papers\/riverside-2025\.md#n4attend, a passage coded with themes only/);
    r = cmo(['check', 'sample', '--strict'], dir);
    assert.equal(r.code, 1);
    const text = readFileSync(file, 'utf8');
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf(text, '"title": "Records written')}:\\d+: warning: configuration "Records written with members lead to agreement on ways of working" has no outcome passage\\.`, 'm'));
  });

  it('matrix: rows × columns as Markdown, CSV or JSON; --count articles; a name the project lacks exits 2', () => {
    const json = cmo(['matrix', 'sample', '--rows', 'theme:engagement+rollup', '--cols', 'attribute:rigour', '--count', 'articles', '--json'], dir);
    assert.equal(json.code, 0, json.err);
    const t = JSON.parse(json.out);
    assert.deepEqual([t.rows, t.columns, t.count, t.columnLabels], ['theme:engagement+rollup', 'attribute:rigour', 'articles', ['high', 'moderate', 'low']]);
    // Intentions: the Masterson text (rigour high) and the constructed article (moderate), each once.
    assert.deepEqual(t.cells.map((r: { label: string; counts: number[] }) => [r.label, r.counts]), [['Intentions', [1, 1, 0]], ['Assets', [1, 1, 0]]]);
    const md = cmo(['matrix', 'sample', '--rows', 'role', '--cols', 'article'], dir);
    assert.match(md.out, /^\| role \| papers\/masterson-2024\.md \| papers\/masterson-2024\.txt \| papers\/riverside-2025\.md \| total \|$/m);
    assert.match(md.out, /^\| Theme only \| 0 \| 0 \| 1 \| 1 \|$/m);
    const bad = cmo(['matrix', 'sample', '--rows', 'theme:nope', '--cols', 'role'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no theme "nope"/);
    assert.equal(cmo(['matrix', 'sample', '--rows', 'role'], dir).code, 2);
  });

  it('check validates document attributes: a value outside its field\'s values, a field not defined, a document not in the workspace; each a located warning', () => {
    const file = path.join(dir, 'sample/cmo-project.json');
    const project = JSON.parse(readFileSync(file, 'utf8')) as Project;
    const docs = project.attributes!.documents;
    docs['papers/riverside-2025.md']!.rigour = 'excellent';
    docs['papers/riverside-2025.md']!.setting = 'community';
    docs['papers/gone-2019.pdf'] = { quality: 'good' };
    const text = JSON.stringify(project, null, 2) + '\n';
    writeFileSync(file, text);
    cmo(['report', 'sample'], dir);
    const r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf('"excellent"')}:\\d+: warning: papers/riverside-2025\\.md: "excellent" is not one of Rigour's values \\(high, moderate, low\\)`, 'm'));
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf('"setting"')}:\\d+: warning: papers/riverside-2025\\.md has a value for "setting", which is not a field`, 'm'));
    assert.match(r.out, new RegExp(`^sample/cmo-project\\.json:${lineOf('"papers/gone-2019.pdf"')}:\\d+: warning: attributes are set for papers/gone-2019\\.pdf, which is not in the workspace`, 'm'));
    assert.equal(cmo(['check', 'sample', '--strict'], dir).code, 1);
  });

  it('report --history lists the refinement log, oldest first', () => {
    const r = cmo(['report', 'sample', '--history'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^2026-11-23 alice: configuration “Dialogue and documentation lead to alignment” \(k2align0\): statement revised\n {2}was: If interaction is iterative \(C\), then dialogue and documentation \(M\)/);
    assert.match(r.out, /^2026-11-23 alice: configuration “Dialogue and documentation lead to alignment” \(k2align0\): status initial → refined\n {2}why: Refined after the Riverside negative case/m);
    assert.equal(readFileSync(path.join(dir, 'sample/THEORY.md'), 'utf8'), readFileSync(path.join(ROOT, 'sample/THEORY.md'), 'utf8'), '--history writes nothing');
  });

  it('anchor: finds every code again after a re-extraction, and --write stores it', () => {
    const article = path.join(dir, 'sample/papers/masterson-2024.txt');
    writeFileSync(article, reextract(readFileSync(article, 'utf8')));
    const dry = cmo(['anchor', 'sample/papers/masterson-2024.txt', '--json'], dir);
    assert.equal(dry.code, 0, dry.err);
    const report = JSON.parse(dry.out);
    assert.equal(report.orphaned, 0);
    assert.equal(report.kept + report.moved + report.fuzzy, 8);
    assert.ok(report.fuzzy > 0);
    const sidecar = article + '.cmo.json';
    const before = readFileSync(sidecar, 'utf8');
    assert.equal(readFileSync(sidecar, 'utf8'), before, 'dry run writes nothing');

    const wrote = cmo(['anchor', 'sample/papers/masterson-2024.txt', '--write'], dir);
    assert.equal(wrote.code, 0, wrote.err);
    assert.match(wrote.out, /0 orphaned/);
    assert.match(wrote.out, /wrote sample\/papers\/masterson-2024\.txt\.cmo\.json/);
    const again = JSON.parse(cmo(['anchor', 'sample/papers/masterson-2024.txt', '--json'], dir).out);
    assert.equal(again.kept, 8);
    // New positions mean new line links in THEORY.md: report again, as after any change.
    assert.match(cmo(['report', 'sample'], dir).out, /wrote/);
    assert.equal(cmo(['check', 'sample'], dir).code, 0);
    assert.match(cmo(['anchor', 'sample/papers/masterson-2024.txt', '--write'], dir).out, /already up to date/);
  });

  it('anchor: an orphan is reported and kept as it was on --write', () => {
    const article = path.join(dir, 'sample/papers/masterson-2024.txt');
    writeFileSync(article, readFileSync(article, 'utf8').replace('this may lead to a formal agreement (as an initial outcome) between those involved', 'the rest is silence'));
    const sidecar = article + '.cmo.json';
    const orphanBefore = JSON.parse(readFileSync(sidecar, 'utf8')).codes.find((c: { id: string }) => c.id === 'o7agree');
    const r = cmo(['anchor', 'sample/papers/masterson-2024.txt', '--write'], dir);
    assert.match(r.out, /1 orphaned/);
    assert.match(r.out, /orphaned o7agree/);
    const orphanAfter = JSON.parse(readFileSync(sidecar, 'utf8')).codes.find((c: { id: string }) => c.id === 'o7agree');
    assert.deepEqual(orphanAfter, orphanBefore);
    const check = cmo(['check', 'sample'], dir);
    assert.match(check.out, /warning: orphaned outcome code o7agree/);
  });

  it('anchor: refuses a broken sidecar and leaves it alone', () => {
    const sidecar = path.join(dir, 'sample/papers/masterson-2024.txt.cmo.json');
    writeFileSync(sidecar, '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n');
    const r = cmo(['anchor', 'sample/papers/masterson-2024.txt', '--write'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /masterson-2024\.txt\.cmo\.json:1:1: error: unresolved git merge conflict/);
    assert.equal(readFileSync(sidecar, 'utf8'), '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n');
  });

  it('report --check passes on the sample, fails after a hand edit of the project file, passes again after report', () => {
    assert.equal(cmo(['report', 'sample', '--check'], dir).code, 0);
    const project = path.join(dir, 'sample/cmo-project.json');
    writeFileSync(project, readFileSync(project, 'utf8').replace('"title": "Dialogue and documentation lead to alignment"', '"title": "Shared records lead to alignment"'));
    const stale = cmo(['report', 'sample', '--check'], dir);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /sample\/THEORY\.md is stale.*Run "cmo report sample"/);
    const before = readFileSync(path.join(dir, 'sample/THEORY.md'), 'utf8');
    assert.equal(readFileSync(path.join(dir, 'sample/THEORY.md'), 'utf8'), before, '--check writes nothing');
    assert.match(cmo(['report', 'sample'], dir).out, /wrote sample\/THEORY\.md/);
    assert.match(readFileSync(path.join(dir, 'sample/THEORY.md'), 'utf8'), /### Shared records lead to alignment/);
    assert.equal(cmo(['report', 'sample', '--check'], dir).code, 0);
  });

  it('check fails when the committed THEORY.md is stale, like a lockfile', () => {
    const report = path.join(dir, 'sample/THEORY.md');
    writeFileSync(report, readFileSync(report, 'utf8').replace('Early', 'Earlyish') + '\nA hand edit.\n');
    const r = cmo(['check', 'sample'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^sample\/THEORY\.md:1:1: error: sample\/THEORY\.md is stale|^sample\/THEORY\.md:1:1: error: THEORY\.md is stale/m);
  });

  it('help, version and usage errors', () => {
    assert.match(cmo(['--help'], dir).out, /cmo check \[DIR\]/);
    assert.equal(cmo([], dir).code, 2);
    assert.match(cmo(['--version'], dir).out, /^\d+\.\d+\.\d+/);
    const bad = cmo(['frobnicate'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown command "frobnicate"/);
    const badFlag = cmo(['check', '--nope'], dir);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.err, /Usage: cmo check/);
    assert.match(cmo(['check', 'nowhere'], dir).err, /nowhere is not a folder/);
  });
});

/**
 * The pair workflow end to end with real git: two reviewers code sample/ on
 * two branches, `cmo agree main bob` compares them without a checkout, and
 * `git merge` runs `cmo merge` as the merge driver. Needs `npm run build`.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSidecarText, recordComparison, recordDecision, selectorFor, serializeReconciliation, serializeSidecar, type Code, type Sidecar } from '../../../src/core';
import { CLI, requireBuiltCli, ROOT } from '../../helpers/cli';

const TXT = 'sample/papers/masterson-2024.txt';
const SIDECAR = TXT + '.cmo.json';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-22T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-22T10:00:00Z' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const git = (args: string[], cwd: string) => {
  const r = run('git', args, cwd);
  assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.out}${r.err}`);
  return r.out;
};
const cmo = (args: string[], cwd: string) => run(process.execPath, [CLI, ...args], cwd);

function readSidecar(dir: string): Sidecar {
  const r = parseSidecarText(SIDECAR, readFileSync(path.join(dir, SIDECAR), 'utf8'));
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r.value;
}
function writeSidecar(dir: string, f: (codes: Code[], text: string) => Code[]): void {
  const s = readSidecar(dir);
  const text = readFileSync(path.join(dir, TXT), 'utf8');
  writeFileSync(path.join(dir, SIDECAR), serializeSidecar({ ...s, codes: f(s.codes, text) }));
}
function codeOn(text: string, id: string, quote: string, role: Code['role'], coder: string): Code {
  const start = text.indexOf(quote);
  assert.ok(start >= 0);
  return { id, role, ...selectorFor(text, start, start + quote.length), coder, created: '2026-11-22' };
}

/** Cohen's kappa per row from NLTK (Debian python3-nltk); undefined only when CMO_SKIP_REFERENCE=1 and it is missing. */
function referenceKappas(rows: Array<[string, string, string]>): Record<string, number> | undefined {
  const script = `
import json, sys
from nltk.metrics.agreement import AnnotationTask
out = {}
for name, x, y in json.loads(sys.stdin.read()):
    out[name] = AnnotationTask([('A', i, x[i]) for i in range(len(x))] + [('B', i, y[i]) for i in range(len(y))]).kappa()
print(json.dumps(out))`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(rows), encoding: 'utf8' });
  if (r.status !== 0) {
    if (process.env.CMO_SKIP_REFERENCE === '1') return undefined;
    assert.fail(`NLTK reference failed (apt-get install python3-nltk, or CMO_SKIP_REFERENCE=1): ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

describe('pairs of reviewers with real git: agree and the merge driver', function () {
  this.timeout(60_000);
  let dir: string;
  let first: Code;
  let second: Code;
  let third: Code;

  before(requireBuiltCli);
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-git-'));
    cpSync(path.join(ROOT, 'sample'), path.join(dir, 'sample'), { recursive: true });
    git(['init', '-q', '-b', 'main'], dir);
    git(['config', 'user.name', 'Alice'], dir);
    git(['config', 'user.email', 'alice@example.org'], dir);
    const installed = cmo(['merge', '--install'], dir);
    assert.equal(installed.code, 0, installed.err);
    assert.match(readFileSync(path.join(dir, '.gitattributes'), 'utf8'), /^\*\.cmo\.json merge=cmo$/m);
    assert.match(git(['config', 'merge.cmo.driver'], dir), /cli\.js' merge %O %A %B %P/);
    git(['add', '-A'], dir);
    git(['commit', '-q', '-m', 'sample'], dir);
    [first, second, third] = readSidecar(dir).codes as [Code, Code, Code];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Bob codes on his branch; Alice codes on main. */
  function codeTwoBranches(conflicting: boolean): void {
    git(['checkout', '-q', '-b', 'bob'], dir);
    writeSidecar(dir, (codes, text) => [
      ...codes.map((c) => (c.id === first.id ? { ...c, role: conflicting ? ('resource' as const) : c.role, note: 'bob: this is the context' } : c)),
      codeOn(text, 'bobcode1', 'Ninety-three peer-review articles informed our programme theory development', 'outcome', 'bob'),
    ]);
    git(['commit', '-q', '-am', 'bob codes'], dir);
    git(['checkout', '-q', 'main'], dir);
    writeSidecar(dir, (codes, text) => [
      ...codes.filter((c) => c.id !== third.id).map((c) => (c.id === first.id && conflicting ? { ...c, role: 'outcome' as const } : c.id === second.id ? { ...c, tags: ['alignment'] } : c)),
      codeOn(text, 'alicec01', 'six mechanisms', 'resource', 'alice'),
    ]);
    git(['commit', '-q', '-am', 'alice codes'], dir);
  }

  it('cmo agree main bob: per-role kappa and alpha from git refs, no checkout; JSON as documented', () => {
    codeTwoBranches(true);
    const head = git(['rev-parse', 'HEAD'], dir);
    const text = cmo(['agree', 'main', 'bob'], path.join(dir, 'sample'));
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /A = main \([0-9a-f]{7}\):sample and B = bob/);
    assert.match(text.out, /^Context +[\d.]+% +[-\d.]+ +[-\d.]+ /m);
    assert.match(text.out, /Untouched text: 99\.\d% of those were coded by neither coder/);
    const r = cmo(['agree', 'main', 'bob', '--json', '--by', 'article'], path.join(dir, 'sample'));
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    for (const key of ['percent', 'kappa', 'alpha', 'matched', 'onlyA', 'onlyB']) assert.ok(key in json.overall && key in json.roles.context && key in json.articles['papers/masterson-2024.txt'], key);
    // Each side's codes by role, from git itself: the same id on the same quote matches; the rest is one side's only.
    const side = (ref: string) => (JSON.parse(git(['show', `${ref}:${SIDECAR}`], dir)) as Sidecar).codes.filter((c) => c.start < c.end);
    const [a, b] = [side('main'), side('bob')];
    for (const role of ['context', 'resource', 'reasoning', 'outcome']) {
      const inA = new Set(a.filter((c) => c.role === role).map((c) => c.id));
      const inB = new Set(b.filter((c) => c.role === role).map((c) => c.id));
      const both = [...inA].filter((id) => inB.has(id)).length;
      const stats = json.articles['papers/masterson-2024.txt'].roles[role] ?? { matched: 0, onlyA: 0, onlyB: 0 };
      assert.deepEqual([stats.matched, stats.onlyA, stats.onlyB], [both, inA.size - both, inB.size - both], role);
    }
    assert.equal(json.roles.resource.onlyA, 1, "Alice's new resource code");
    // The same figures from NLTK on per-character vectors (the .md article is identical on both branches, so it adds the same to both).
    const article = readFileSync(path.join(dir, TXT), 'utf8');
    const bits = (codes: Code[], role: string) => {
      const v = new Array<number>(article.length).fill(0);
      for (const c of codes) if (c.role === role) for (let i = c.start; i < c.end; i++) v[i] = 1;
      return v.join('');
    };
    const nltk = referenceKappas(['context', 'resource', 'outcome'].map((role) => [role, bits(a, role), bits(b, role)]));
    if (nltk) {
      const perArticle = json.articles['papers/masterson-2024.txt'].roles;
      for (const role of ['context', 'resource', 'outcome']) assert.ok(Math.abs(perArticle[role].kappa - (nltk[role] as number)) < 1e-9, `${role}: ${perArticle[role].kappa} vs NLTK ${nltk[role]}`);
    }
    assert.equal(git(['rev-parse', 'HEAD'], dir), head, 'nothing checked out or committed');
    assert.equal(git(['status', '--porcelain'], dir), '');
  });

  it('git merge with the driver: clean when the reviewers changed different things, every code kept, canonical output', () => {
    codeTwoBranches(false);
    const r = run('git', ['merge', '--no-edit', 'bob'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    const text = readFileSync(path.join(dir, SIDECAR), 'utf8');
    assert.doesNotMatch(text, /^<{7}/m);
    const merged = readSidecar(dir);
    assert.equal(serializeSidecar(merged), text, 'canonical');
    const ids = merged.codes.map((c) => c.id);
    assert.ok(ids.includes('bobcode1') && ids.includes('alicec01'), 'both reviewers\' new codes');
    assert.ok(!ids.includes(third.id), 'Alice deleted a code Bob did not touch');
    const f = merged.codes.find((c) => c.id === first.id)!;
    assert.equal(f.note, 'bob: this is the context');
    assert.deepEqual(merged.codes.find((c) => c.id === second.id)!.tags, ['alignment']);
    assert.equal(merged.conflicts, undefined);
    // The report quotes codes, so it is regenerated after a merge (VS Code does it on its own).
    assert.equal(cmo(['report', 'sample'], dir).code, 0);
    const check = cmo(['check', 'sample'], dir);
    assert.equal(check.code, 0, check.out + check.err);
  });

  it('git merge with the driver: a role changed on both sides is recorded, the file parses, check lists it', () => {
    codeTwoBranches(true);
    const r = run('git', ['merge', '--no-edit', 'bob'], dir);
    assert.notEqual(r.code, 0, 'git stops for the conflict');
    assert.match(r.err + r.out, /conflict\(s\) recorded in the file/);
    const text = readFileSync(path.join(dir, SIDECAR), 'utf8');
    assert.doesNotMatch(text, /^<{7}/m, 'no text markers');
    const merged = readSidecar(dir);
    assert.ok(merged.codes.some((c) => c.id === 'bobcode1') && merged.codes.some((c) => c.id === 'alicec01'));
    assert.equal(merged.codes.find((c) => c.id === first.id)!.role, 'outcome', 'our side stands until reconciled');
    assert.deepEqual(merged.conflicts?.map((c) => [c.code, c.fields, c.ours?.role, c.theirs?.role]), [[first.id, ['role'], 'outcome', 'resource']]);
    const check = cmo(['check', 'sample'], dir);
    assert.equal(check.code, 1);
    assert.match(check.out, new RegExp(`error: merge conflict: outcome code ${first.id} .* changed differently on both sides \\(role\\)`));
  });

  it('without the driver, git writes markers; cmo merge --fix recovers both sides', () => {
    // A fresh clone: .gitattributes is committed, the driver in .git/config is not.
    git(['config', '--remove-section', 'merge.cmo'], dir);
    codeTwoBranches(true);
    const r = run('git', ['merge', '--no-edit', 'bob'], dir);
    assert.notEqual(r.code, 0);
    // git without a driver for merge=cmo falls back to its text merge.
    const marked = readFileSync(path.join(dir, SIDECAR), 'utf8');
    assert.match(marked, /^<{7}/m);
    const fixed = cmo(['merge', '--fix', SIDECAR], dir);
    assert.equal(fixed.code, 0, fixed.err);
    const merged = readSidecar(dir);
    assert.ok(merged.codes.some((c) => c.id === 'bobcode1') && merged.codes.some((c) => c.id === 'alicec01'));
    assert.equal(merged.conflicts?.length, 1);
  });

  it('git diff through the textconv: a line typed at the top of the article and re-anchored changes nothing in the sidecar\'s diff; a role change is exactly one line', () => {
    assert.match(readFileSync(path.join(dir, '.gitattributes'), 'utf8'), /^\*\.cmo\.json diff=cmo$/m);
    assert.match(git(['config', 'diff.cmo.textconv'], dir), /cli\.js' textconv\n$/);
    const text = readFileSync(path.join(dir, TXT), 'utf8');
    writeFileSync(path.join(dir, TXT), `A line typed at the top.\n${text}`);
    const anchored = cmo(['anchor', TXT, '--write'], dir);
    assert.equal(anchored.code, 0, anchored.out + anchored.err);
    // Every code's offsets, the hash and some contexts changed on disk...
    const raw = git(['diff', '--no-ext-diff', '--no-textconv', '--stat', '--', SIDECAR], dir);
    assert.match(raw, /1 file changed, \d+ insertions/);
    // ...and the diff a reviewer reads has nothing in it.
    assert.equal(git(['diff', '--', SIDECAR], dir), '');
    git(['commit', '-q', '-am', 'a line at the top'], dir);
    writeSidecar(dir, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'resource' as const } : c)));
    const diff = git(['diff', '--', SIDECAR], dir);
    const changed = diff.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    assert.deepEqual(changed.map((l) => l.slice(0, 14)), ['-C Context · “', '+R Mechanism r']);
    assert.ok(changed.every((l) => l.endsWith(`#${first.id}`)), diff);
  });

  it('cmo diff HEAD: text inserted above coded passages and re-anchored is 0 coding changes and "N moved"; a role change and a refuted passage are exactly those changes; --json as documented', () => {
    const text = readFileSync(path.join(dir, TXT), 'utf8');
    writeFileSync(path.join(dir, TXT), `A line typed at the top.\n${text}`);
    assert.equal(cmo(['anchor', TXT, '--write'], dir).code, 0);
    const moved = cmo(['diff', 'HEAD'], path.join(dir, 'sample'));
    assert.equal(moved.code, 0, moved.err);
    const total = readSidecar(dir).codes.length;
    assert.match(moved.out, new RegExp(`^0 code\\(s\\) added, 0 removed, 0 changed; ${total} moved with the text \\(no change\\)$`, 'm'));
    assert.doesNotMatch(moved.out, /cmo-project\.json/);
    git(['commit', '-q', '-am', 'a line at the top'], dir);
    writeSidecar(dir, (codes) => codes.map((c) => (c.id === first.id ? { ...c, role: 'resource' as const } : c)));
    // A role change is exactly that change.
    const roleOnly = cmo(['diff'], path.join(dir, 'sample')).out.split('\n').filter((l) => /^  [-+~→] /.test(l));
    assert.deepEqual(roleOnly.map((l) => l.replace(/“.*”/, 'Q')), [`  ~ R Q line 14 #${first.id}: role Context → Mechanism resource`]);
    const projectPath = path.join(dir, 'sample', 'cmo-project.json');
    const project = JSON.parse(readFileSync(projectPath, 'utf8'));
    const k1 = project.configurations.find((k: { id: string }) => k.id === 'k1engage');
    k1.stances = { [`papers/masterson-2024.txt#${first.id}`]: 'refutes' };
    writeFileSync(projectPath, JSON.stringify(project, null, 2) + '\n');
    const r = cmo(['diff'], path.join(dir, 'sample'));
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    const changes = lines.filter((l) => /^  [-+~→] /.test(l));
    assert.deepEqual(changes.map((l) => l.replace(/“.*”/, 'Q')), [
      `  ~ R Q line 14 #${first.id}: role Context → Mechanism resource; stance in Reflection on intentions and assets creates conditions for engagement: supports → refutes`,
      '  ~ configuration Q: stances',
    ]);
    assert.match(r.out, /^0 code\(s\) added, 0 removed, 1 changed; 0 moved with the text \(no change\)$/m);
    assert.match(r.out, /^Agreement of A and B: kappa 0\.\d+ over all text, 0\.\d+ over the text either coded, in 3 article\(s\) both coded/m);
    const json = JSON.parse(cmo(['diff', 'HEAD', '--json'], path.join(dir, 'sample')).out);
    const article = json.articles.find((a: { path: string }) => a.path === 'papers/masterson-2024.txt');
    assert.deepEqual([article.added, article.removed, article.changed.map((c: { id: string; fields: string[] }) => [c.id, c.fields])], [[], [], [[first.id, ['role', 'stance']]]]);
    assert.equal(article.changed[0].before.code.role, 'context');
    assert.equal(article.changed[0].after.code.role, 'resource');
    assert.deepEqual(json.project.configurations.changed.map((k: { id: string; fields: string[] }) => [k.id, k.fields]), [['k1engage', ['stances']]]);
  });

  it('cmo report --diff main on a branch that moved one configuration and refuted one passage prints both and nothing else (golden file)', () => {
    const projectPath = path.join(dir, 'sample', 'cmo-project.json');
    const edit = (f: (p: { theories: Array<{ id: string; title: string; configurations: string[] }>; configurations: Array<{ id: string; stances?: Record<string, string> }> }) => void) => {
      const p = JSON.parse(readFileSync(projectPath, 'utf8'));
      f(p);
      writeFileSync(projectPath, JSON.stringify(p, null, 2) + '\n');
    };
    edit((p) => p.theories.push({ id: 't2record', title: 'Records and agreement', configurations: [] }));
    git(['commit', '-q', '-am', 'a second theory'], dir);
    git(['checkout', '-q', '-b', 'feature'], dir);
    edit((p) => {
      p.theories[0]!.configurations = p.theories[0]!.configurations.filter((k) => k !== 'k3record');
      p.theories[1]!.configurations.push('k3record');
      p.configurations.find((k) => k.id === 'k3record')!.stances = { 'papers/riverside-2025.md#o8agreed': 'refutes' };
    });
    git(['commit', '-q', '-am', 'move k3, refute o8'], dir);
    const r = cmo(['report', '--diff', 'main'], path.join(dir, 'sample'));
    assert.equal(r.code, 0, r.err);
    const golden = path.join(ROOT, 'test', 'fixtures', 'golden', 'report-diff.md');
    const got = r.out.replace(/\([0-9a-f]{7}\)/, '(COMMIT)');
    // After a deliberate change to the report: CMO_WRITE_GOLDEN=1 npx mocha --grep 'report --diff', then read the diff.
    if (process.env.CMO_WRITE_GOLDEN === '1') writeFileSync(golden, got);
    assert.equal(got, readFileSync(golden, 'utf8'));
    // Nothing changed: one line says so.
    const same = cmo(['report', '--diff', 'feature'], path.join(dir, 'sample'));
    assert.match(same.out, /^No change to configurations, theories or the codebook\.$/m);
  });

  it('a reconciliation decision recorded on one branch is honoured by a comparison on the other after a merge; cmo agree reports kappa before consensus and now; the record exports to CSV', () => {
    codeTwoBranches(true);
    // Alice (main) compares with bob: the role both changed on the first code is a disagreement.
    const listed = (out: string) => out.split('\n').filter((l) => l.startsWith('papers/masterson-2024.txt: role:'));
    const before = cmo(['agree', 'main', 'bob', '--list'], path.join(dir, 'sample'));
    assert.equal(before.code, 0, before.err);
    assert.equal(listed(before.out).length, 1, before.out);
    // She settles it in VS Code: the extension writes this record (core's recordDecision, as here).
    const record = recordReconciliation(dir, 'main', 'bob', 'mine', 'we agreed this passage is the context');
    git(['add', 'sample/reconciliation.json'], dir);
    git(['commit', '-q', '-m', 'reconcile'], dir);
    // Bob merges main: the record comes with it (merge driver for reconciliation.json), and his comparison with main no longer lists the item.
    git(['checkout', '-q', 'bob'], dir);
    const merged = run('git', ['merge', '-q', '--no-edit', 'main'], dir);
    void merged; // the first code conflicts (both changed its role): recorded by the driver, not by markers
    assert.ok(readFileSync(path.join(dir, 'sample', 'reconciliation.json'), 'utf8').includes('we agreed this passage is the context'));
    const after = cmo(['agree', '.', 'main', '--list'], path.join(dir, 'sample'));
    assert.equal(after.code, 0, after.err);
    assert.deepEqual(listed(after.out), [], after.out);
    // It is the record that settles it: against main before the record (same coding), without the file here, the item is listed.
    const recordPath = path.join(dir, 'sample', 'reconciliation.json');
    const kept = readFileSync(recordPath, 'utf8');
    rmSync(recordPath);
    assert.equal(listed(cmo(['agree', '.', 'main~1', '--list'], path.join(dir, 'sample')).out).length, 1);
    writeFileSync(recordPath, kept);
    assert.match(after.out, new RegExp(`^Reconciliation: κ before consensus = ${record.kappa.toFixed(2).replace('.', '\\.')} .*recorded 2026-11-24 by alice against bob.*; now kappa = [\\d.]+ .* 1 decision\\(s\\) recorded, \\d+ disagreement\\(s\\) open\\.$`, 'm'));
    const csv = cmo(['export', '--format', 'reconciliation'], path.join(dir, 'sample'));
    assert.equal(csv.code, 0, csv.err);
    assert.match(csv.out.split('\r\n')[1]!, /^papers\/masterson-2024\.txt,role,mine,alice,2026-11-24,we agreed this passage is the context,outcome,/);
    assert.match(csv.err, /κ before consensus = /);
  });
});

/** What the Reconcile view writes when Alice (on `mine`) settles her first disagreement with `theirs`: the decision and the kappa found before. */
function recordReconciliation(dir: string, mine: string, theirs: string, how: 'mine' | 'theirs' | 'both', why: string): { kappa: number } {
  const json = JSON.parse(cmo(['agree', mine, theirs, '--json', '--list'], path.join(dir, 'sample')).out);
  const item = json.reconciliation.items[0];
  const code = (x: { id: string; role: string; quote: string }, coder: string) => ({ id: x.id, role: x.role, exact: x.quote, coder }) as unknown as Code;
  const d = { key: '', path: item.article, kind: item.kind, a: code(item.a, 'alice'), b: code(item.b, 'bob') };
  let r = recordDecision(undefined, d, how, { by: 'alice', date: '2026-11-24', why, against: theirs });
  r = recordComparison(r, { date: '2026-11-24', by: 'alice', against: theirs, articles: json.compared.articles, kappa: json.overall.kappa, kappaCodedText: json.codedText.kappa });
  writeFileSync(path.join(dir, 'sample', 'reconciliation.json'), serializeReconciliation(r));
  return { kappa: json.overall.kappa };
}


/** `cmo passages` (the built CLI): the same passages as the sidecars hold, filtered as asked. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Code, Passage, Project } from '../../../src/core';
import { generateWorkspace } from '../../bench/workspace';
import { cmo, requireBuiltCli, ROOT } from '../../helpers/cli';

/** A row of `cmo passages --json`: core's Passage. */
type Row = Passage;

/** What the sidecars under `dir` carry, one row per code, as `cmo passages --json` should give it (configurations from the project). */
function fromSidecars(dir: string): Row[] {
  const project = JSON.parse(readFileSync(path.join(dir, 'cmo-project.json'), 'utf8')) as Project;
  const rows: Row[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.cmo.json')) {
        const article = p.slice(0, -'.cmo.json'.length);
        const sidecar = JSON.parse(readFileSync(path.join(dir, p), 'utf8')) as { codes: Code[]; conflicts?: Array<{ code: string }> };
        for (const c of sidecar.codes) {
          const configurations = (project.configurations ?? []).filter((k) => k.codes.includes(`${article}#${c.id}`)).map((k) => k.id);
          const conflicted = (sidecar.conflicts ?? []).some((x) => x.code === c.id);
          // The article's appraisal, straight from the project's attributes (the sample marks its relevance and rigour fields).
          const doc = project.attributes?.documents[article] ?? {};
          const appraisal = { ...(typeof doc.relevance === 'string' ? { relevance: doc.relevance } : {}), ...(typeof doc.rigour === 'string' ? { rigour: doc.rigour } : {}) };
          rows.push({ id: c.id, article, role: c.role, themes: c.tags ?? [], configurations, ...(c.note ? { memo: c.note } : {}), quote: c.exact, ...(c.coder ? { coder: c.coder } : {}), orphaned: false, conflicted, ...(Object.keys(appraisal).length ? { appraisal } : {}) });
        }
      }
    }
  };
  walk('');
  return rows;
}

const key = (r: Row) => `${r.article}#${r.id}`;
/** The CLI's rows without what the sidecars cannot say by themselves (line, page, orphaned), sorted like `fromSidecars`'s. */
function comparable(rows: Row[]): Row[] {
  return rows.map(({ line: _line, orphaned: _orphaned, ...r }) => ({ ...r, orphaned: false }) as Row).sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
const passages = (args: string[], cwd: string) => {
  const r = cmo(['passages', ...args, '--json'], cwd);
  assert.equal(r.code, 0, r.err);
  return (JSON.parse(r.out) as { passages: Row[] }).passages;
};

describe('cmo passages (built CLI)', function () {
  this.timeout(120_000);
  before(requireBuiltCli);

  it('on the sample: every passage the sidecars hold, with its configurations; each line holds its quote', () => {
    const all = passages(['sample'], ROOT);
    assert.deepEqual(comparable(all), comparable(fromSidecars(path.join(ROOT, 'sample'))));
    assert.equal(all.length, 20);
    for (const p of all) {
      const text = readFileSync(path.join(ROOT, 'sample', p.article), 'utf8').split('\n');
      assert.ok(text[(p.line as number) - 1]!.includes(p.quote.split('\n')[0]!.slice(0, 20)), `${p.id} on line ${p.line}`);
    }
  });

  it('a theme takes in its sub-themes; filters combine; nothing matching is an empty result, exit 0', () => {
    const sample = path.join(ROOT, 'sample');
    const project = JSON.parse(readFileSync(path.join(sample, 'cmo-project.json'), 'utf8')) as Project;
    const under = new Set(['engagement', ...(project.codebook ?? []).filter((t) => t.parent === 'engagement').map((t) => t.id)]);
    const expected = fromSidecars(sample).filter((r) => r.themes.some((t) => under.has(t)));
    assert.ok(expected.some((r) => !r.themes.includes('engagement')), 'a passage tagged only with a sub-theme counts');
    assert.deepEqual(comparable(passages(['sample', '--theme', 'Engagement'], ROOT)), comparable(expected));
    const outcomes = passages(['sample', '--theme', 'engagement', '--role', 'Outcome'], ROOT);
    assert.deepEqual(outcomes.map((p) => p.id).sort(), expected.filter((r) => r.role === 'outcome').map((r) => r.id).sort());
    const conf = project.configurations![0]!;
    assert.deepEqual(passages(['sample', '--configuration', conf.title], ROOT).map((p) => `${p.article}#${p.id}`).sort(), [...conf.codes].sort());
    assert.deepEqual(passages(['sample', '--grep', 'FORMAL  agreement'], ROOT).map((p) => p.id), ['o7agree']);
    assert.deepEqual(passages(['sample', '--grep', 'no such words anywhere'], ROOT), []);
    const empty = cmo(['passages', 'sample', '--grep', 'no such words anywhere', '--json'], ROOT);
    assert.equal(empty.code, 0);
    assert.deepEqual(JSON.parse(empty.out), { passages: [] });
    const csv = cmo(['passages', 'sample', '--theme', 'engagement', '--csv'], ROOT).out.trimEnd().split('\r\n');
    assert.equal(csv[0], 'id,article,page,line,role,themes,configurations,memo,coder,quote,relevance,rigour');
    assert.equal(csv.length, 1 + expected.length);
    const bad = cmo(['passages', 'sample', '--theme', 'nosuch'], ROOT);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no theme "nosuch"/);
  });

  it('on a generated 200-article review (10,000 passages): the same passages as its sidecars, orphans marked, themes and configurations as the sidecars and project say', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmo-passages-'));
    try {
      generateWorkspace(dir, 200, 50);
      const all = passages([dir], ROOT);
      const expected = fromSidecars(dir);
      assert.deepEqual(comparable(all), comparable(expected));
      assert.equal(all.length, 10_000);
      assert.ok(expected.some((r) => r.configurations.length > 0) && expected.some((r) => r.themes.length > 0), 'the comparison covers themes and configurations');
      const orphans = passages([dir, '--orphaned'], ROOT);
      assert.ok(orphans.length > 0, 'the edited articles leave some orphans');
      assert.deepEqual(orphans, all.filter((p) => p.orphaned));
      const theme = expected.find((r) => r.themes.length)!.themes[0]!;
      assert.deepEqual(comparable(passages([dir, '--theme', theme], ROOT)), comparable(expected.filter((r) => r.themes.includes(theme))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

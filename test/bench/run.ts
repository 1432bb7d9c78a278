/**
 * npm run bench: the performance budgets (listed in the README's Benchmarks
 * section: open, re-anchor, keystroke, workspace load, agreement, `cmo check`
 * and `cmo report` at 200 and 1,000 articles, activation, bundle size). Each
 * row prints its median and the ratio to a baseline measured in the same run,
 * because absolute times on shared machines drift.
 *
 * `npm run bench -- --json` prints one JSON object instead (the table's rows,
 * each with `ok`), for scripts; progress goes to stderr. `--quick` leaves out
 * the 1,000-article rows.
 */
import { createHash } from 'node:crypto';
import search from 'approx-string-match';
import type { Code, Project, Role, WorkspaceCache } from '../../src/core';
import { shippedCore } from './shippedCore';
import { activationRows, type SizeRow } from './activation';
import { cliScaleRows } from './cliScale';
import { pdfImportRows } from './pdfImport';
import { exchangeRows } from './exchange';
import { bigArticle, driftCase, editText, manyCodes, sidecarText } from './fixtures';
import { rng } from '../helpers/corpus';
import { json, ok, print, time, timeAsync, type Row } from './harness';

// The rows time core as it ships (bundled, minified), not the sources through tsx: see shippedCore.ts.
const { agreementReport, anchorCodes, createConfiguration, loadCoding, loadExportData, queryPassages, pairCodings, createTheory, emptySidecar, indexWorkspace, LineIndex, LiveCodes, MemoryFileSystem, unassignedCodes, parseSidecarText, ROLES, selectorFor, serializeProject, serializeSidecar, sha256Hex, useSha256 } = shippedCore();
const asJson = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
/** Progress and context lines: stdout for the table, stderr when stdout is JSON. */
const log = (s: string) => (asJson ? process.stderr : process.stdout).write(`${s}\n`);

useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));

const text = bigArticle();
const codes = manyCodes(text);
const sidecar = sidecarText('big.md', text, codes);
const repeated = bigArticle(500_000, 1, false);
const repeatedCodes = manyCodes(repeated);
log(`article ${(text.length / 1000).toFixed(0)} K chars, ${codes.length} codes, sidecar ${(sidecar.length / 1000).toFixed(0)} KB`);

const rows: Row[] = [];

// 1. Open: parse + validate the sidecar, hash the article, anchor every code, compute editor ranges.
{
  const open = () => {
    const parsed = parseSidecarText('big.md.cmo.json', sidecar);
    if (!parsed.ok) throw new Error('sidecar did not parse');
    const unchanged = parsed.value.sha256 === sha256Hex(text);
    const anchored = anchorCodes(text, parsed.value.codes);
    const lines = new LineIndex(text);
    let sum = 0;
    for (const a of anchored) sum += lines.position(a.start).line + lines.position(a.end).line;
    if (!unchanged || sum === 0) throw new Error('unexpected');
  };
  const baseline = time(() => JSON.parse(sidecar));
  rows.push({ name: 'open 500 KB article, 2,000 codes (parse, anchor, ranges)', budgetMs: 50, medianMs: time(open), baselineName: 'bare JSON.parse', baselineMs: baseline });
}

// 2. Re-anchor after 5 % of the article changed (and the same on an article whose paragraphs repeat: a stress case, no budget).
for (const [label, article, articleCodes, budget] of [
  ['re-anchor 2,000 codes after 5 % of the article changed', text, codes, 50],
  ['  the same, article of 8 repeated copies (stress)', repeated, repeatedCodes, undefined],
] as const) {
  const edited = editText(article);
  const result = anchorCodes(edited, articleCodes);
  const counts = { kept: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  for (const r of result) counts[r.status]++;
  const ours = time(() => anchorCodes(edited, articleCodes), 9, 2);
  // Baseline: the approx-string-match reference, as Hypothesis uses it: each quote searched over the whole text with up to min(256, len/2) errors.
  const sample = articleCodes.filter((_, i) => i % 40 === 0);
  const naiveSample = time(() => {
    for (const c of sample) search(edited, c.exact, Math.min(256, Math.floor(c.exact.length / 2)));
  }, 3, 1);
  const naive = (naiveSample / sample.length) * articleCodes.length;
  rows.push({
    name: label,
    budgetMs: budget,
    medianMs: ours,
    baselineName: 'approx-string-match over the whole text per code',
    baselineMs: naive,
    note: `[${counts.kept} kept, ${counts.moved} moved, ${counts.fuzzy} fuzzy, ${counts.orphaned} orphaned; baseline extrapolated from ${sample.length} codes]`,
  });
}

// 2b. The drift case: a long messy extraction re-extracted with paragraphs gone (no budget of its own; the unit test holds it to 0 intact passages orphaned).
for (const bytes of [500_000, 2_000_000]) {
  const drift = driftCase(bytes, bytes === 500_000 ? 5 : 6);
  const results = anchorCodes(drift.after, drift.codes);
  const lost = results.filter((r) => drift.intact.has(r.code.id) && r.status === 'orphaned').length;
  const ours = time(() => anchorCodes(drift.after, drift.codes), 5, 1);
  const baseline = time(() => {
    for (const c of drift.codes.slice(0, 100)) drift.after.indexOf(c.exact);
  }, 5, 1) * (drift.codes.length / 100);
  rows.push({
    name: `  re-anchor a ${bytes / 1e6} MB messy re-extraction, 4.5 % of paragraphs gone (drift)`,
    medianMs: ours,
    baselineName: 'one indexOf of each quote over the text',
    baselineMs: baseline,
    note: `[${drift.codes.length} codes, ${drift.intact.size} still in the text: ${lost} of them orphaned]`,
  });
}

// 3. A keystroke in that article: ranges shifted, per-role range lists for the decorations rebuilt.
{
  const parsed = parseSidecarText('big.md.cmo.json', sidecar);
  if (!parsed.ok) throw new Error('sidecar did not parse');
  const live = new LiveCodes('big.md');
  live.load(parsed.value, text);
  let current = text;
  let at = Math.floor(text.length / 3);
  const keystroke = () => {
    // One character typed a third of the way in, then the next one after it.
    current = current.slice(0, at) + 'x' + current.slice(at);
    live.applyTextChanges([{ offset: at, removed: 0, text: 'x' }], () => current);
    at++;
    const byRole = new Map<Role, Array<[number, number]>>(ROLES.map((r) => [r, []]));
    for (const c of live.all()) if (c.state === 'live') byRole.get(c.code.role)?.push([c.start, c.end]);
  };
  const ours = time(keystroke, 200, 20);
  // Baseline: the naive approach, re-anchoring every code on every keystroke.
  const naive = time(() => anchorCodes(current, parsed.value.codes), 5, 1);
  rows.push({ name: 'a keystroke in that article (ranges shifted, decorations rebuilt)', budgetMs: 2, medianMs: ours, baselineName: 're-anchoring all codes per keystroke', baselineMs: naive });
}

// 4. Load a workspace of 200 articles × 500 codes and build the theory tree's data.
async function scale(): Promise<void> {
  const articles = 200;
  const perArticle = 500;
  const small = bigArticle(60_000, 9);
  const files: Record<string, string> = {};
  const refs: string[] = [];
  for (let a = 0; a < articles; a++) {
    const path = `papers/a${String(a).padStart(3, '0')}.txt`;
    const codes: Code[] = [];
    for (let i = 0; i < perArticle; i++) {
      const start = (i * 113 + a * 7) % (small.length - 300);
      codes.push({ id: `c${String(a).padStart(3, '0')}${String(i).padStart(3, '0')}`, role: ROLES[i % 4]!, ...selectorFor(small, start, start + 80 + (i % 150)), coder: 'bench' });
    }
    files[`${path}.cmo.json`] = serializeSidecar({ ...emptySidecar(path, small), codes });
    refs.push(...codes.filter((_, i) => i % 10 === 0).map((c) => `${path}#${c.id}`));
  }
  let project: Project = { cmo: 1 };
  for (let t = 0; t < 10; t++) {
    const th = createTheory(project, { title: `Theory ${t}` });
    project = th.project;
    for (let k = 0; k < 20; k++) project = createConfiguration(project, { title: `Configuration ${t}.${k}`, codes: refs.slice((t * 20 + k) * 50, (t * 20 + k + 1) * 50), theory: th.id }).project;
  }
  files['cmo-project.json'] = serializeProject(project);
  const fs = new MemoryFileSystem(files);
  const texts = Object.entries(files).map(([, t]) => t);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  // Files arrive as bytes, on disk and in the editor: the baseline decodes them too.
  const encoded = texts.map((t) => new TextEncoder().encode(t));
  const build = async () => {
    // What the theory tree is built from: every sidecar parsed and validated, the project, and who uses which code.
    const index = await indexWorkspace(fs);
    if (unassignedCodes(index).length === 0 || index.codes.size !== articles * perArticle) throw new Error('unexpected');
  };
  const buildMs = await timeAsync(build);
  const decoder = new TextDecoder();
  const baseline = time(() => {
    for (const b of encoded) JSON.parse(decoder.decode(b));
  }, 7, 1);
  rows.push({ name: `load 200 articles × 500 codes, build the theory tree (${(bytes / 1e6).toFixed(0)} MB)`, budgetMs: 1000, maxRatio: 3, medianMs: buildMs, baselineName: 'bare UTF-8 decode + JSON.parse of the same files', baselineMs: baseline, note: '[the files as bytes, as they come from disk; decoding is about half the baseline]' });
}

// 4b. Retrieval: every passage of 200 (and 1,000) articles × 50 codes, as the Passages view and `cmo passages` load them; a filter change on
// the loaded data; and the view's reload after one sidecar changed, with the editor's cache (only that article read and placed again).
async function retrieval(): Promise<void> {
  const perArticle = 50;
  const bases = Array.from({ length: 8 }, (_, i) => bigArticle(60_000, 30 + i));
  const themes = ['tailoring', 'trust', 'capacity', 'engagement', 'power'];
  for (const articles of quick ? [200] : [200, 1000]) {
    const files: Record<string, string> = {};
    const refs: string[] = [];
    const sidecarOf = new Map<string, { article: string; codes: Code[] }>();
    for (let a = 0; a < articles; a++) {
      const path = `papers/a${String(a).padStart(4, '0')}.txt`;
      const article = bases[a % bases.length]!;
      const codes: Code[] = [];
      for (let i = 0; i < perArticle; i++) {
        const start = (i * 1117 + a * 7) % (article.length - 300);
        codes.push({ id: `c${String(i).padStart(3, '0')}`, role: ROLES[i % 4]!, ...selectorFor(article, start, start + 80 + (i % 150)), tags: [themes[(i + a) % themes.length]!], ...(i % 7 === 0 ? { note: `memo ${i}: why this passage matters` } : {}), coder: i % 2 ? 'alice' : 'bob' });
      }
      files[path] = article;
      files[`${path}.cmo.json`] = serializeSidecar({ ...emptySidecar(path, article), codes });
      sidecarOf.set(path, { article, codes });
      refs.push(...codes.filter((_, i) => i % 5 === 0).map((c) => `${path}#${c.id}`));
    }
    let project: Project = { cmo: 1, codebook: themes.map((id) => ({ id, name: id })) };
    for (let k = 0; k * 40 < refs.length; k++) project = createConfiguration(project, { title: `Configuration ${k}`, codes: refs.slice(k * 40, (k + 1) * 40) }).project;
    files['cmo-project.json'] = serializeProject(project);
    const fs = new MemoryFileSystem(files);
    const encoded = Object.entries(files).map(([name, t]) => [name, new TextEncoder().encode(t)] as const);
    const passages = (articles * perArticle).toLocaleString('en');
    let loaded: Awaited<ReturnType<typeof loadExportData>> | undefined;
    const all = await timeAsync(async () => {
      loaded = await loadExportData(fs);
      if (queryPassages(loaded, {}).length !== articles * perArticle) throw new Error('unexpected');
    }, articles > 200 ? 3 : 7);
    const decoder = new TextDecoder();
    const baseline = time(() => {
      for (const [name, b] of encoded) {
        const t = decoder.decode(b);
        if (name.endsWith('.json')) JSON.parse(t);
      }
    }, articles > 200 ? 3 : 7, 1);
    rows.push({ name: `load and query all ${passages} passages of ${articles.toLocaleString('en')} articles (Passages view, cmo passages)`, budgetMs: articles === 200 ? 1000 : undefined, medianMs: all, baselineName: 'bare UTF-8 decode of the articles + JSON.parse of the sidecars', baselineMs: baseline });
    if (articles === 200) {
      const data = loaded!;
      const filter = time(() => {
        if (queryPassages(data, { theme: 'trust', grep: 'why this' }).length === 0) throw new Error('unexpected');
      });
      const everything = time(() => queryPassages(data, {}));
      rows.push({ name: `  then a filter change (theme + words) over the ${passages} loaded passages`, budgetMs: 50, medianMs: filter, baselineName: 'listing all 10,000 unfiltered', baselineMs: everything });
    }
    // The view open while a reviewer codes: one sidecar written, its cache entry gone (the file watcher), the view reloads.
    const cache: WorkspaceCache = { sidecars: new Map(), texts: new Map(), placed: new Map() };
    await loadExportData(fs, undefined, cache);
    let n = 0;
    const reload = await timeAsync(async () => {
      const path = `papers/a${String((n++ * 37) % articles).padStart(4, '0')}.txt`;
      const { article, codes } = sidecarOf.get(path)!;
      const more = [...codes, { ...codes[0]!, id: `x${String(n).padStart(6, '0')}`, role: 'outcome' as const }];
      await fs.writeFile(`${path}.cmo.json`, new TextEncoder().encode(serializeSidecar({ ...emptySidecar(path, article), codes: more })));
      cache.sidecars.delete(`${path}.cmo.json`);
      const data = await loadExportData(fs, undefined, cache);
      if (queryPassages(data, {}).length < articles * perArticle + 1) throw new Error('unexpected');
    }, articles > 200 ? 5 : 7);
    rows.push({ name: `  the view again after one code was added (${articles.toLocaleString('en')} articles, the editor's cache)`, medianMs: reload, baselineName: 'the full load above', baselineMs: all, note: '[only the changed article read and placed again]' });
  }
}

// 5. Agreement for 200 article pairs: two coders' sidecars read from memory, paired, compared (kappa, alpha, matching per role).
async function agreement(): Promise<void> {
  const articles = 200;
  const article = bigArticle(50_000, 11);
  for (const [perArticle, budget] of [[100, 1000], [500, undefined]] as const) {
    const random = rng(perArticle);
    const sideA: Record<string, string> = {};
    const sideB: Record<string, string> = {};
    for (let a = 0; a < articles; a++) {
      const path = `papers/a${String(a).padStart(3, '0')}.txt`;
      sideA[path] = sideB[path] = article;
      const codesA: Code[] = [];
      const codesB: Code[] = [];
      for (let i = 0; i < perArticle; i++) {
        const start = Math.floor(random() * (article.length - 400));
        const code: Code = { id: `c${a}x${i}`, role: ROLES[i % 4]!, ...selectorFor(article, start, start + 60 + Math.floor(random() * 200)) };
        codesA.push(code);
        // B agrees on most passages, shifts some boundaries, recodes some, and codes some of its own.
        const roll = random();
        if (roll < 0.6) codesB.push(code);
        else if (roll < 0.75) codesB.push({ ...code, ...selectorFor(article, start + 10, code.end + 15) });
        else if (roll < 0.85) codesB.push({ ...code, role: ROLES[(i + 1) % 4]! });
        else {
          const s2 = Math.floor(random() * (article.length - 400));
          codesB.push({ ...code, id: `b${a}x${i}`, ...selectorFor(article, s2, s2 + 100) });
        }
      }
      sideA[`${path}.cmo.json`] = serializeSidecar({ ...emptySidecar(path, article), codes: codesA });
      sideB[`${path}.cmo.json`] = serializeSidecar({ ...emptySidecar(path, article), codes: codesB });
    }
    const fsA = new MemoryFileSystem(sideA);
    const fsB = new MemoryFileSystem(sideB);
    let report: ReturnType<typeof agreementReport> | undefined;
    const run = async () => {
      report = agreementReport(pairCodings(await loadCoding(fsA), await loadCoding(fsB)), true);
    };
    const runMs = await timeAsync(run);
    if (!report || report.compared.articles !== articles) throw new Error('unexpected');
    // Baseline: the naive approach, as reference tools take it: one 0/1 array per role and character, then count.
    const pairs = pairCodings(await loadCoding(fsA), await loadCoding(fsB)).pairs;
    const naive = time(() => {
      for (const p of pairs) {
        for (const role of ROLES) {
          const x = new Uint8Array(p.length);
          const y = new Uint8Array(p.length);
          for (const c of p.a) if (c.role === role) x.fill(1, c.start, c.end);
          for (const c of p.b) if (c.role === role) y.fill(1, c.start, c.end);
          let both = 0;
          for (let i = 0; i < p.length; i++) both += x[i]! & y[i]!;
          if (both < 0) throw new Error('unreachable');
        }
      }
    }, 5, 1);
    rows.push({
      name: `agreement for 200 article pairs, ${perArticle} codes a side each${budget ? '' : ' (stress)'}`,
      budgetMs: budget,
      medianMs: runMs,
      baselineName: 'per-character 0/1 arrays, kappa only, after reading',
      baselineMs: naive,
      note: `[reading both sides, pairing, kappa, alpha and matching per role and theme; overall kappa ${report.overall.kappa?.toFixed(3)}]`,
    });
  }
}

const sizes: SizeRow[] = [];
void scale()
  .then(retrieval)
  .then(agreement)
  .then(() => exchangeRows(rows, log))
  .then(() => pdfImportRows(rows, log))
  .then(() => cliScaleRows(rows, log, quick ? [200] : [200, 1000]))
  .then(() => activationRows(rows, sizes))
  .then(() => {
    const sizeOk = (s: SizeRow) => s.kb <= s.budgetKb;
    if (asJson) {
      const out = JSON.parse(json(rows)) as { rows: unknown[] };
      out.rows.push(...sizes.map((s) => ({ name: s.name, median_ms: null, budget_ms: null, ratio: null, ratio_budget: null, size_kb: s.kb, budget_kb: s.budgetKb, ok: sizeOk(s) })));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      print(rows);
      for (const s of sizes) console.log(`${s.name.padEnd(66)}${`${s.kb} KB`.padStart(11)}${`${sizeOk(s) ? ' ok' : ' OVER'} <${s.budgetKb} KB`.padStart(15)}`);
      console.log('');
    }
    // A missed budget is a finding, not a crash: the exit code says so for scripts.
    if (!rows.every(ok) || !sizes.every(sizeOk)) process.exitCode = 1;
  });

import { existsSync } from 'node:fs';
import { readBounded } from '../../node/boundedRead';
import * as nodePath from 'node:path';
import { overLimit, printablePath, describeBefore, loadReconciliation, RECONCILIATION_FILE, reconciliationToCsv, configurationsToCsv, configurationsToMarkdown, exportTargetProblem, importQdpxIntoWorkspace, loadExportData, PROJECT_FILE, qdpxOfWorkspace, ThemesTooDeep, saveProject, sidecarPathFor, toCsv, toMarkdown } from '../../core';
import { writeInside } from '../../node/safeWrite';
import { args, CliError, folderArg, type Io } from '../io';
import { NodeFileSystem, processLimits } from '../nodeFileSystem';

const USAGE = 'cmo export [DIR] --format csv|md|configurations|reconciliation|qdpx [--md] [--out FILE [--force]] [--bom] [--skip-broken]';
const IMPORT_USAGE = 'cmo import FILE.qdpx [DIR] [--dry-run]';

export const EXPORT_HELP = `  cmo export [DIR] --format csv|md|configurations|reconciliation|qdpx [--md] [--out FILE [--force]] [--bom] [--skip-broken]
      csv: a data-extraction sheet, one row per coded passage (article,
      section, line, page, role, themes, configurations (with "(refutes)"
      or "(refines)" where the passage does), theories, memo, coder,
      created, quote (on one line: a PDF's tabs and line breaks folded;
      the sidecar keeps it exact), id, relevance, rigour, cites,
      configuration ids), RFC 4180; --bom adds a UTF-8 byte order mark for
      spreadsheet software. md: the same as Markdown tables.
      configurations: the configuration table, one row per CMO
      configuration (theories, status, statement, if / then / because,
      C / M / O passage counts, supporting / refuting / refining studies,
      counted and named with their appraisal, leads to, the evidence in
      words, then its passages by part: context, mechanism resource,
      mechanism reasoning, mechanism, outcome, each as “quote” — article,
      page or line, one per line in the cell, ✗ / ± where it refutes or
      refines); CSV, or Markdown with --md (a summary table, then each
      configuration's passages). reconciliation: the decisions of
      reconciliation.json as CSV (article, kind, decision, by, date, why,
      both codings), and the kappa before consensus on stderr. qdpx: a
      REFI-QDA project (project.qde and sources/) for NVivo, ATLAS.ti,
      MAXQDA and others; positions in code points; configurations are
      notes linked to their passages, theories sets, attributes variables,
      and a "CMO Coder project" note holds the rest (status, stances,
      logs…) so that cmo import gives it all back; the first qdpx export
      stores a namespace GUID in cmo-project.json so later exports are
      identical. Default --out: stdout for csv and md, DIR/<folder>.qdpx.
      A sidecar that does not parse (or has no article) stops the export
      with exit 1; --skip-broken leaves it out and says so on stderr.
      --out never overwrites a sidecar, the project file, a coded article
      or anything in .git/; nor, without --force, reconciliation.json, a
      PDF, THEORY.md, a README, .gitattributes or .gitignore (exit 2).
  cmo import FILE.qdpx [DIR] [--dry-run]
      Place a REFI-QDA project's coded passages on the matching articles
      (by source name, else identical text); a source with no article
      becomes one (its name, .txt added unless .md or .txt). Its themes
      (with colours) join the codebook; its configurations (notes linked to
      passages), theories (sets), programme theory (the project's
      description) and attributes (variables) join cmo-project.json where
      no entry has the same id (this workspace's are kept, and listed). A
      CMO Coder export imports without loss (its "CMO Coder project" note
      holds what REFI-QDA has no element for); from another tool, what
      cannot come back is listed. project.qde is validated against the
      QDA-XML 1.0 schema and refused, with each problem's line and column,
      when it breaks it. Passages without a CMO role, or not in the
      article, are listed, not guessed. --dry-run writes nothing.
`;

/** Refuses an --out the review's own files are at (core's exportTargetProblem): exit 2, nothing written. */
export function guardTarget(shown: string, out: string, force: boolean, own?: string): void {
  const refused = exportTargetProblem(shown, existsSync(sidecarPathFor(out)), undefined, { exists: existsSync(out), force, ...(own ? { own } : {}) });
  if (refused) throw new CliError(refused, 2);
}

export async function runExport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { format: { type: 'string' }, md: { type: 'boolean' }, out: { type: 'string' }, bom: { type: 'boolean' }, 'skip-broken': { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  const format = values.format;
  if (!format || !['csv', 'qdpx', 'md', 'configurations', 'reconciliation'].includes(format)) throw new CliError(`--format is csv, md, configurations, reconciliation or qdpx.\nUsage: ${USAGE}`);
  const { dir } = folderArg(positionals, io, USAGE);
  const fs = new NodeFileSystem(dir);
  if (format === 'reconciliation') {
    const loaded = await loadReconciliation(fs);
    if (loaded.state === 'none') throw new CliError(`no ${RECONCILIATION_FILE} in ${dir}: it is written when a disagreement is settled in VS Code's Reconcile view.`, 1);
    if (loaded.state === 'invalid') throw new CliError(loaded.problem, 1);
    const record = loaded.value;
    const text = (values.bom ? '\ufeff' : '') + reconciliationToCsv(record);
    if (values.out) guardTarget(values.out, nodePath.resolve(io.cwd, values.out), values.force === true);
    if (values.out) await writeInside(nodePath.resolve(io.cwd, values.out), text, dir);
    else io.out(text);
    const before = describeBefore(record);
    if (before) io.err(`${before}\n`);
    return 0;
  }
  const data = await loadExportData(fs).catch((e: Error) => {
    throw new CliError(e.message, 1);
  });
  if (data.skipped.length && !values['skip-broken']) {
    for (const s of data.skipped) io.err(`${s.path}: ${s.reason}\n`);
    throw new CliError(`${data.skipped.length} sidecar(s) cannot be used (see above), so nothing was exported: their passages would be missing. Fix them ("cmo check" lists every problem), or add --skip-broken to export without them.`, 1);
  }
  for (const s of data.skipped) io.err(`warning: left out (--skip-broken): ${s.path}: ${s.reason}\n`);
  const out = values.out ? nodePath.resolve(io.cwd, values.out) : undefined;
  if (out) guardTarget(values.out as string, out, values.force === true);
  if (format === 'csv' || format === 'md' || format === 'configurations') {
    const bom = values.bom === true;
    const text = format === 'csv' ? toCsv(data, { bom }) : format === 'md' ? toMarkdown(data) : values.md ? configurationsToMarkdown(data) : configurationsToCsv(data, { bom });
    if (out) await writeInside(out, text);
    else io.out(text);
    return 0;
  }
  let q: ReturnType<typeof qdpxOfWorkspace>;
  try {
    q = qdpxOfWorkspace(data, nodePath.basename(dir));
  } catch (e) {
    if (e instanceof ThemesTooDeep) throw new CliError(e.message, 1);
    throw e;
  }
  if (q.newProject) {
    await saveProject(fs, q.newProject);
    io.err(`note: stored a REFI namespace GUID in ${PROJECT_FILE} (commit it, so every export of this review has the same GUIDs)\n`);
  }
  for (const s of q.skipped) io.err(`warning: ${s.article}#${s.id} left out: ${s.reason}\n`);
  const file = out ?? nodePath.join(dir, `${nodePath.basename(dir)}.qdpx`);
  await writeInside(file, q.bytes, out ? nodePath.dirname(file) : dir);
  io.err(`wrote ${nodePath.relative(io.cwd, file) || file}: ${q.sources} source(s), ${q.passages} coded passage(s)\n`);
  return 0;
}

export async function runImport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, IMPORT_USAGE);
  if (values.help) {
    io.out(`Usage: ${IMPORT_USAGE}\n`);
    return 0;
  }
  const [file, ...rest] = positionals;
  if (!file) throw new CliError(`which .qdpx?\nUsage: ${IMPORT_USAGE}`);
  const { dir } = folderArg(rest, io, IMPORT_USAGE);
  let result;
  try {
    const limits = processLimits();
    const archive = await readBounded(nodePath.resolve(io.cwd, file), { shown: file, maxBytes: limits.archiveBytes, tooLarge: (size) => overLimit(file, size, 'archiveBytes', limits) });
    result = await importQdpxIntoWorkspace(new NodeFileSystem(dir), archive, { dryRun: values['dry-run'] === true });
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`, 1);
  }
  for (const a of result.newArticles) io.out(`${printablePath(a.path)}: ${values['dry-run'] ? 'would be made' : 'made'} from the source "${a.source}"\n`);
  for (const a of result.added) io.out(`${printablePath(a.path)}: ${values['dry-run'] ? `${a.count} code(s) to add` : `${a.count} code(s) added`}\n`);
  for (const r of result.refused) io.err(`error: ${r.path} does not parse, so nothing was added to it: ${r.reason}\n`);
  const added = result.added.reduce((n, a) => n + a.count, 0);
  if (result.newThemes.length) io.out(`codebook: ${result.newThemes.length} new theme(s): ${result.newThemes.map((t) => t.name).join(', ')}\n`);
  for (const u of result.unplaced) io.out(`not placed: ${u.source} ${u.selection}: ${u.reason}\n`);
  for (const s of result.unmatchedSources) io.out(`no matching article: ${s}\n`);
  const p = result.projectAdded;
  const gained = [p.configurations && `${p.configurations} configuration(s)`, p.theories && `${p.theories} theory(ies)`, p.programme && 'the programme theory', p.fields && `${p.fields} attribute field(s)`, p.documents && `attributes of ${p.documents} document(s)`].filter(Boolean);
  if (gained.length) io.out(`cmo-project.json: ${values['dry-run'] ? 'would gain' : 'gained'} ${gained.join(', ')}\n`);
  for (const k of result.kept) io.out(`kept: ${k}\n`);
  for (const l of result.project.lost) io.out(`not in the file: ${l}\n`);
  io.err(`${values['dry-run'] ? 'would add' : 'added'} ${added} code(s); ${result.unplaced.length} passage(s) not placed; ${result.unmatchedSources.length} source(s) without an article\n`);
  return result.unplaced.length || result.unmatchedSources.length || result.refused.length ? 1 : 0;
}

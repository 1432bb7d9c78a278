import { readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { emptySidecar, findFiles, importQdpx, loadArticle, loadCoding, loadExportData, loadProject, loadSidecar, PROJECT_FILE, saveProject, saveSidecar, sidecarPathFor, toCsv, toMarkdown, toQdpx, toRefiProject, withRefiNamespace, type Project } from '../../core';
import { args, CliError, folderArg, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo export [DIR] --format csv|qdpx|md [--out FILE] [--bom]';
const IMPORT_USAGE = 'cmo import FILE.qdpx [DIR] [--dry-run]';

export const EXPORT_HELP = `  cmo export [DIR] --format csv|qdpx|md [--out FILE] [--bom]
      csv: a data-extraction sheet, one row per coded passage (article,
      section, line, role, themes, configurations, theories, memo, coder,
      created, quote, id), RFC 4180; --bom adds a UTF-8 byte order mark for
      spreadsheet software. md: the same as Markdown tables. qdpx: a
      REFI-QDA project (project.qde and sources/) for NVivo, ATLAS.ti,
      MAXQDA and others; positions in code points; the first qdpx export
      stores a namespace GUID in cmo-project.json so later exports are
      identical. Default --out: stdout for csv and md, DIR/<folder>.qdpx.
  cmo import FILE.qdpx [DIR] [--dry-run]
      Place a REFI-QDA project's coded passages on the matching articles
      (by source name, else identical text) and add its themes to the
      codebook. Passages without a CMO role, or not in the article, are
      listed, not guessed. --dry-run writes nothing.
`;

export async function runExport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { format: { type: 'string' }, out: { type: 'string' }, bom: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  const format = values.format;
  if (!format || !['csv', 'qdpx', 'md'].includes(format)) throw new CliError(`--format is csv, qdpx or md.\nUsage: ${USAGE}`);
  const { dir } = folderArg(positionals, io, USAGE);
  const fs = new NodeFileSystem(dir);
  const data = await loadExportData(fs).catch((e: Error) => {
    throw new CliError(e.message, 1);
  });
  for (const s of data.skipped) io.err(`warning: ${s.path} left out: ${s.reason}\n`);
  const out = values.out ? nodePath.resolve(io.cwd, values.out) : undefined;
  if (format === 'csv' || format === 'md') {
    const text = format === 'csv' ? toCsv(data, { bom: values.bom === true }) : toMarkdown(data);
    if (out) writeFileSync(out, text);
    else io.out(text);
    return 0;
  }
  const { project, created } = withRefiNamespace(data.project);
  if (created) {
    await saveProject(fs, project);
    io.err(`note: stored a REFI namespace GUID in ${PROJECT_FILE} (commit it, so every export of this review has the same GUIDs)\n`);
  }
  const refi = toRefiProject({ ...data, project }, (project.refi as { namespace: string }).namespace, nodePath.basename(dir));
  for (const s of refi.skipped) io.err(`warning: ${s.article}#${s.id} left out: ${s.reason}\n`);
  const file = out ?? nodePath.join(dir, `${nodePath.basename(dir)}.qdpx`);
  writeFileSync(file, toQdpx(refi));
  const codes = data.articles.reduce((n, a) => n + a.codes.length, 0) - refi.skipped.length;
  io.err(`wrote ${nodePath.relative(io.cwd, file) || file}: ${data.articles.length} source(s), ${codes} coded passage(s)\n`);
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
  const fs = new NodeFileSystem(dir);
  const loaded = await loadProject(fs);
  if (loaded.state === 'invalid') throw new CliError(`${PROJECT_FILE} does not parse: ${loaded.problems[0]?.message ?? ''}`, 1);
  const project: Project = loaded.state === 'ok' ? loaded.value : { cmo: 1 };
  const coding = await loadCoding(fs);
  // Articles without a sidecar can take codes too.
  const articles = new Map([...coding.articles].map(([p, a]) => [p, { text: a.text, codes: a.codes }]));
  for (const path of await findFiles(fs, '', (n) => /\.(md|txt)$/i.test(n))) {
    if (articles.has(path)) continue;
    const a = await loadArticle(fs, path);
    if ('text' in a) articles.set(path, { text: a.text, codes: [] });
  }
  let result;
  try {
    result = importQdpx(readFileSync(nodePath.resolve(io.cwd, file)), articles, project.codebook ?? []);
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`, 1);
  }
  let added = 0;
  for (const [path, codes] of result.codes) {
    added += codes.length;
    io.out(`${path}: ${codes.length} code(s) to add\n`);
    if (values['dry-run']) continue;
    const sidecarPath = sidecarPathFor(path);
    const current = await loadSidecar(fs, sidecarPath);
    if (current.state === 'invalid') {
      io.err(`error: ${sidecarPath} does not parse, so nothing was added to it: ${current.problems[0]?.message ?? ''}\n`);
      continue;
    }
    const base = current.state === 'ok' ? current.value : emptySidecar(path, (articles.get(path) as { text: string }).text);
    await saveSidecar(fs, sidecarPath, { ...base, codes: [...base.codes, ...codes] });
  }
  if (result.newThemes.length) {
    io.out(`codebook: ${result.newThemes.length} new theme(s): ${result.newThemes.map((t) => t.name).join(', ')}\n`);
    if (!values['dry-run']) await saveProject(fs, { ...project, codebook: [...(project.codebook ?? []), ...result.newThemes] });
  }
  for (const u of result.unplaced) io.out(`not placed: ${u.source} ${u.selection}: ${u.reason}\n`);
  for (const s of result.unmatchedSources) io.out(`no matching article: ${s}\n`);
  io.err(`${values['dry-run'] ? 'would add' : 'added'} ${added} code(s); ${result.unplaced.length} passage(s) not placed; ${result.unmatchedSources.length} source(s) without an article\n`);
  return result.unplaced.length || result.unmatchedSources.length ? 1 : 0;
}

import * as nodePath from 'node:path';
import { anchorCodes, formatProblem, loadArticle, loadSidecar, reanchoredSidecar, saveSidecar, sidecarPathFor, summarize, WriteRefused } from '../../core';
import { args, CliError, type Io } from '../io';
import { workspaceRootOf } from '../../node/safeWrite';
import { NodeFileSystem, processLimits } from '../nodeFileSystem';

const USAGE = 'cmo anchor ARTICLE [--write] [--json]';

export async function runAnchor(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { write: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`name one article.\nUsage: ${USAGE}`);
  const articleArg = positionals[0] as string;
  const abs = nodePath.resolve(io.cwd, articleArg);
  const workspace = await workspaceRootOf(nodePath.dirname(abs));
  const fs = new NodeFileSystem(nodePath.dirname(abs), workspace, processLimits(), workspace);
  const article = nodePath.basename(abs);
  const sidecarPath = sidecarPathFor(article);
  const sidecarArg = articleArg + '.cmo.json';

  const text = await loadArticle(fs, article);
  if ('missing' in text) throw new CliError(`${articleArg}: no such article.`, 1);
  if ('error' in text) throw new CliError(`${articleArg}: ${text.error}`, 1);
  const loaded = await loadSidecar(fs, sidecarPath);
  if (loaded.state === 'missing') throw new CliError(`${articleArg} has no sidecar (${sidecarArg}): nothing to anchor.`, 1);
  if (loaded.state === 'invalid') {
    for (const p of loaded.problems) io.err(formatProblem(p, sidecarArg) + '\n');
    throw new CliError(`${sidecarArg} does not parse; nothing was anchored or written.`, 1);
  }
  const results = anchorCodes(text.text, loaded.value.codes);
  const report = summarize(results);
  let wrote = false;
  if (values.write) {
    try {
      wrote = await saveSidecar(fs, sidecarPath, reanchoredSidecar(article, text.text, loaded.value, results));
    } catch (e) {
      if (e instanceof WriteRefused) throw new CliError(e.message, 1);
      throw e;
    }
  }
  if (values.json) {
    io.out(JSON.stringify({ kept: report.kept, moved: report.moved, fuzzy: report.fuzzy, orphaned: report.orphaned, ...(values.write ? { written: wrote } : {}), codes: report.codes }, null, 2) + '\n');
  } else {
    io.out(`${articleArg}: ${report.kept} kept, ${report.moved} moved, ${report.fuzzy} fuzzy, ${report.orphaned} orphaned\n`);
    for (const r of results) {
      if (r.status === 'kept') continue;
      const quote = r.code.exact.replace(/\s+/g, ' ').slice(0, 60);
      io.out(`  ${r.status.padEnd(8)} ${r.code.id} ${r.code.role} ${r.code.start}-${r.code.end} → ${r.start}-${r.end}${r.score !== undefined ? ` (score ${r.score})` : ''} "${quote}"\n`);
    }
    if (values.write) io.out(wrote ? `wrote ${sidecarArg}\n` : `${sidecarArg} already up to date\n`);
    else if (report.moved + report.fuzzy > 0) io.out(`(dry run: add --write to store the new positions)\n`);
  }
  return 0;
}

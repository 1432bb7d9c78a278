import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadReportData, REPORT_FILE, renderReport } from '../../core';
import { args, CliError, folderArg, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo report [DIR] [--out FILE] [--check]';

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  const { dirArg, dir } = folderArg(positionals, io, USAGE);
  const outArg = values.out ?? nodePath.join(dirArg, REPORT_FILE);
  const out = nodePath.resolve(io.cwd, outArg);
  const fs = new NodeFileSystem(dir);
  const { data, problems } = await loadReportData(fs);
  if (!data) {
    for (const p of problems) io.err(`${nodePath.join(dirArg, p)}\n`);
    throw new CliError('the project file does not parse, so no report was made; fix it first (see above).', 1);
  }
  for (const p of problems) io.err(`warning: skipped ${nodePath.join(dirArg, p)}\n`);
  const report = renderReport(data);
  let current: string | undefined;
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    current = undefined;
  }
  if (values.check) {
    if (current === report) {
      io.out(`${outArg} is up to date.\n`);
      return 0;
    }
    io.err(`${outArg} is ${current === undefined ? 'missing' : 'stale: it does not match cmo-project.json and the sidecars'}. Run "cmo report${dirArg === '.' ? '' : ` ${dirArg}`}" and commit the result.\n`);
    return 1;
  }
  if (current === report) {
    io.out(`${outArg} already up to date.\n`);
    return 0;
  }
  // The report is written with the same atomic write as every other file.
  await new NodeFileSystem(nodePath.dirname(out)).writeFile(nodePath.basename(out), new TextEncoder().encode(report));
  io.out(`wrote ${outArg} (${data.articles.length} article(s), ${(data.project.configurations ?? []).length} configuration(s), ${(data.project.theories ?? []).length} theor${(data.project.theories ?? []).length === 1 ? 'y' : 'ies'}).\n`);
  return 0;
}

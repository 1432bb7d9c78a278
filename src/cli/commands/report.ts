import * as nodePath from 'node:path';
import { agreementReport, diffCodings, formatProblem, joinPath, pairCodings, renderTheoryDiff, loadProject, PROJECT_FILE, refinementHistory, renderHistoryText, loadReportData, REPORT_FILE, renderReport } from '../../core';
import { args, CliError, folderArg, shownUnder, type Io } from '../io';
import { isInside } from '../../node/safeWrite';
import { NodeFileSystem, readLimitedSync } from '../nodeFileSystem';
import { comparableSide, openSide } from './agree';
import { guardTarget } from './export';

/** `cmo report --diff BASE`: the Markdown a CI job posts on a pull request. */
async function theoryDiff(baseArg: string, dir: string, agreement: boolean, io: Io): Promise<number> {
  const base = openSide(baseArg, dir);
  try {
    const here = { fs: new NodeFileSystem(dir), label: 'this folder', close() {} };
    const [a, b] = await Promise.all([comparableSide(base, 'the base'), comparableSide(here, 'this branch')]);
    const diff = diffCodings(a.coding, b.coding, a.project, b.project);
    io.out(renderTheoryDiff(diff, a, b, base.label));
    if (agreement) {
      const r = agreementReport(pairCodings(a.coding, b.coding));
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
      io.out(`Agreement of this branch with ${base.label}: kappa ${f(r.overall.kappa)} over all text, ${f(r.codedText.kappa)} over the text either coded (${r.compared.articles} article(s)).\n`);
    }
    return 0;
  } finally {
    base.close();
  }
}

const USAGE = 'cmo report [DIR] [--out FILE [--force]] [--check] [--skip-broken] | cmo report [DIR] --history [--json] | cmo report [DIR] --diff BASE [--agreement]';

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, force: { type: 'boolean' }, check: { type: 'boolean' }, 'skip-broken': { type: 'boolean' }, history: { type: 'boolean' }, json: { type: 'boolean' }, diff: { type: 'string' }, agreement: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  const { dirArg, dir } = folderArg(positionals, io, USAGE);
  if (values.history) return history(new NodeFileSystem(dir), dirArg, values.json === true, io);
  if (values.diff !== undefined) return theoryDiff(values.diff, dir, values.agreement === true, io);
  const outArg = values.out ?? shownUnder(dirArg, REPORT_FILE);
  const out = nodePath.resolve(io.cwd, outArg);
  if (values.out !== undefined && !values.check) guardTarget(values.out, out, values.force === true, REPORT_FILE);
  const fs = new NodeFileSystem(dir);
  const { data, problems } = await loadReportData(fs);
  if (!data) {
    for (const p of problems) io.err(`${shownUnder(dirArg, p)}\n`);
    throw new CliError('the project file does not parse, so no report was made; fix it first (see above).', 1);
  }
  if (problems.length && !values['skip-broken']) {
    for (const p of problems) io.err(`${shownUnder(dirArg, p)}\n`);
    const one = problems.length === 1;
    throw new CliError(`${one ? 'a file' : `${problems.length} files`} (above) cannot be used, so no report was made: ${one ? 'its' : 'their'} passages would be missing from it or have no links (a sidecar that does not parse, an article that cannot be read). Fix ${one ? 'it' : 'them'} ("cmo check" lists every problem), or add --skip-broken to report without ${one ? 'it' : 'them'}.`, 1);
  }
  for (const p of problems) io.err(`warning: left out (--skip-broken): ${shownUnder(dirArg, p)}\n`);
  const report = renderReport(data);
  let current: string | undefined;
  try {
    current = new TextDecoder().decode(readLimitedSync(out, dir));
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
  // Atomic, and never through a link out of the review folder (or, for an --out elsewhere, out of its own folder).
  await new NodeFileSystem(nodePath.dirname(out), isInside(dir, out) ? dir : nodePath.dirname(out)).writeFile(nodePath.basename(out), new TextEncoder().encode(report));
  io.out(`wrote ${outArg} (${data.articles.length} article(s), ${(data.project.configurations ?? []).length} configuration(s), ${(data.project.theories ?? []).length} theor${(data.project.theories ?? []).length === 1 ? 'y' : 'ies'}).\n`);
  return 0;
}

/** `cmo report --history`: the refinement log of the programme, its theories and configurations, oldest first. Writes nothing. */
async function history(fs: NodeFileSystem, dirArg: string, json: boolean, io: Io): Promise<number> {
  const loaded = await loadProject(fs, joinPath('', PROJECT_FILE));
  if (loaded.state === 'missing') throw new CliError(`no ${shownUnder(dirArg, PROJECT_FILE)}: nothing has been refined yet.`, 1);
  if (loaded.state !== 'ok') {
    for (const p of loaded.problems) io.err(`${formatProblem(p, shownUnder(dirArg, p.path))}\n`);
    throw new CliError('the project file does not parse, so its history cannot be read; fix it first (see above).', 1);
  }
  const entries = refinementHistory(loaded.value);
  io.out(json ? `${JSON.stringify(entries, null, 2)}\n` : renderHistoryText(entries));
  return 0;
}

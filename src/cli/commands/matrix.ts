/** `cmo matrix`: the cross-tabulations of the matrices view, for scripts and appendices. A thin adapter over core's crossTab. */
import { crossTab, crossTabToCsv, crossTabToMarkdown, dimensionText, loadExportData, parseDimension, UnknownInQuery, type CountUnit } from '../../core';
import { args, CliError, folderArg, shownUnder, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo matrix [DIR] --rows SPEC --cols SPEC [--count passages|articles] [--csv|--json|--md]';

export const MATRIX_HELP = `  ${USAGE}
      A table of rows × columns over the coded passages under DIR (default .).
      SPEC is one of: theme (every theme), theme:ROOT (the children of theme
      ROOT, such as two roots of the codebook for mechanisms × process
      themes), with +rollup a theme also counting its sub-themes' passages;
      role, article, configuration, theory, coder, attribute:FIELD.
      --count passages (default): a cell counts the passages in both its row
      and its column (a passage tagged twice is in two cells). --count
      articles: an article with at least one such passage, once per cell
      ("sources per activity type"). Totals count each passage (article)
      once, and say so. Default output: Markdown; --csv, --json.
      Exit 2 when a SPEC names what the project does not have.
`;

export async function runMatrix(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { rows: { type: 'string' }, cols: { type: 'string' }, count: { type: 'string' }, csv: { type: 'boolean' }, json: { type: 'boolean' }, md: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (!values.rows || !values.cols) throw new CliError(`--rows and --cols are both needed.\nUsage: ${USAGE}`);
  if (values.count !== undefined && values.count !== 'passages' && values.count !== 'articles') throw new CliError(`--count is passages or articles, not "${values.count}".\nUsage: ${USAGE}`);
  if ([values.json, values.csv, values.md].filter(Boolean).length > 1) throw new CliError(`one of --csv, --json, --md.\nUsage: ${USAGE}`);
  const { dirArg, dir } = folderArg(positionals, io, USAGE);
  let rows;
  let cols;
  try {
    rows = parseDimension(values.rows);
    cols = parseDimension(values.cols);
  } catch (e) {
    if (e instanceof UnknownInQuery) throw new CliError(`${e.message}.\nUsage: ${USAGE}`, 2);
    throw e;
  }
  const data = await loadExportData(new NodeFileSystem(dir)).catch((e: Error) => {
    throw new CliError(e.message, 1);
  });
  for (const s of data.skipped) io.err(`warning: left out: ${shownUnder(dirArg, s.path)}: ${s.reason}\n`);
  let table;
  try {
    table = crossTab(data, rows, cols, (values.count ?? 'passages') as CountUnit);
  } catch (e) {
    if (e instanceof UnknownInQuery) throw new CliError(`${e.message}.`, 2);
    throw e;
  }
  if (values.json) {
    const { rows: r, columns: c, ...rest } = table;
    io.out(`${JSON.stringify({ ...rest, rows: dimensionText(r), columns: dimensionText(c) }, null, 2)}\n`);
  } else if (values.csv) io.out(crossTabToCsv(table));
  else io.out(crossTabToMarkdown(table));
  return 0;
}

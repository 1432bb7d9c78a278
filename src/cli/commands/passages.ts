import { displayQuote, loadExportData, passagesToCsv, passagesToMarkdown, queryPassages, ROLE_INFO, UnknownInQuery, type PassageQuery } from '../../core';
import { args, CliError, folderArg, shownUnder, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo passages [DIR] [--role R] [--theme ID] [--configuration ID] [--theory ID] [--article PATH] [--attribute FIELD=VALUE]... [--coder NAME] [--orphaned] [--conflicted] [--grep TEXT] [--json|--csv|--md]';

export const PASSAGES_HELP = `  ${USAGE}
      Every coded passage under DIR (default .) that matches all the filters
      given: a role (context, resource, reasoning, outcome, mechanism, or its
      label), a theme (id or name; its sub-themes count), a configuration or
      a theory (id or title), an article (path or file name), a document
      attribute value (repeat --attribute for several; VALUE "(not set)"
      for articles without one), a coder, orphaned passages only, passages
      in a merge conflict only, words in the quote or memo. One line per
      passage: article:line, page for a PDF's twin, role, quote, id.
      --json prints {"passages":[{"id","article","line","page","role",
      "themes","configurations","memo","quote","coder","orphaned",
      "conflicted","appraisal"}]}; --csv and --md a sheet (with the
      article's relevance and rigour). Exit 0, also when nothing
      matches; 2 when a filter names what the project does not have.
`;

export async function runPassages(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(
    argv,
    {
      role: { type: 'string' },
      theme: { type: 'string' },
      configuration: { type: 'string' },
      theory: { type: 'string' },
      article: { type: 'string' },
      attribute: { type: 'string', multiple: true },
      coder: { type: 'string' },
      orphaned: { type: 'boolean' },
      conflicted: { type: 'boolean' },
      grep: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      md: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if ([values.json, values.csv, values.md].filter(Boolean).length > 1) throw new CliError(`one of --json, --csv, --md.\nUsage: ${USAGE}`);
  const { dirArg, dir } = folderArg(positionals, io, USAGE);
  const query: PassageQuery = {};
  for (const key of ['role', 'theme', 'configuration', 'theory', 'article', 'coder', 'grep'] as const) if (values[key] !== undefined) query[key] = values[key];
  if (values.orphaned) query.orphaned = true;
  if (values.conflicted) query.conflicted = true;
  if (values.attribute !== undefined) {
    query.attribute = values.attribute.map((a) => {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new CliError(`--attribute takes FIELD=VALUE (e.g. --attribute rigour=high), not "${a}".\nUsage: ${USAGE}`);
      return { field: a.slice(0, eq), value: a.slice(eq + 1) };
    });
  }
  const data = await loadExportData(new NodeFileSystem(dir)).catch((e: Error) => {
    throw new CliError(e.message, 1);
  });
  for (const s of data.skipped) io.err(`warning: left out: ${shownUnder(dirArg, s.path)}: ${s.reason}\n`);
  let passages;
  try {
    passages = queryPassages(data, query);
  } catch (e) {
    if (e instanceof UnknownInQuery) throw new CliError(`${e.message}.`, 2);
    throw e;
  }
  if (values.json) io.out(JSON.stringify({ passages }, null, 2) + '\n');
  else if (values.csv) io.out(passagesToCsv(passages));
  else if (values.md) io.out(passagesToMarkdown(passages));
  else {
    for (const p of passages) {
      const where = `${shownUnder(dirArg, p.article)}:${p.line ?? 'orphaned'}${p.page !== undefined ? ` (p. ${p.page})` : ''}`;
      io.out(`${where}: ${ROLE_INFO[p.role].letter} “${displayQuote(p.quote)}” ${p.id}\n`);
    }
    io.err(`${passages.length} passage(s)\n`);
  }
  return 0;
}

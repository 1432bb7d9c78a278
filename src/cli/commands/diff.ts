import { agreementReport, diffCodings, formatCodingDiff, pairCodings } from '../../core';
import { args, CliError, type Io } from '../io';
import { comparableSide, openSide } from './agree';

const USAGE = 'cmo diff [A] [B] [--json] [--stat]';

export const DIFF_HELP = `  cmo diff [A] [B] [--json] [--stat]
      What changed in the coding between A and B, each a folder or a git
      branch, tag or commit (REF:path for a folder in it); B defaults to the
      working folder, A to HEAD. Per article: codes added (+), removed (-)
      and changed (~: role, span grown or shrunk by N characters, themes,
      memo, cites, coder, stance in a configuration), each with its role
      letter, quote, line (or page) and id; codes that only moved with the
      text are counted, not listed. Then cmo-project.json: configurations
      added, removed, changed (statement old → new, status, passages) or
      moved between theories; theories; themes; the programme theory. Then
      the agreement of A and B (kappa over all text) when both have codes.
      --stat: counts per article. --json: {"articles":[{"path","added",
      "removed","changed":[{"id","fields","before","after"}],"moved"}],
      "project":{…},"agreement":{…}}. Exit 0.
`;

export async function runDiff(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' }, stat: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 2) throw new CliError(`at most two sides.\nUsage: ${USAGE}`);
  const [aArg = 'HEAD', bArg = '.'] = positionals;
  const a = openSide(aArg, io.cwd);
  const b = openSide(bArg, io.cwd);
  try {
    const [{ coding: codingA, project: projectA }, { coding: codingB, project: projectB }] = await Promise.all([comparableSide(a, 'A'), comparableSide(b, 'B')]);
    const diff = diffCodings(codingA, codingB, projectA, projectB);
    const paired = pairCodings(codingA, codingB);
    const report = paired.pairs.some((p) => p.a.length && p.b.length) ? agreementReport(paired) : undefined;
    if (values.json) {
      const agreement = report ? { kappa: report.overall.kappa, kappaCodedText: report.codedText.kappa, alpha: report.overall.alpha, percent: report.overall.percent, articles: report.compared.articles } : null;
      io.out(`${JSON.stringify({ a: a.label, b: b.label, ...diff, agreement }, null, 2)}\n`);
      return 0;
    }
    const titles = new Map([...(projectA.configurations ?? []), ...(projectB.configurations ?? [])].map((k) => [k.id, k.title]));
    io.out(`Coding changes from A = ${a.label} to B = ${b.label}\n`);
    io.out(formatCodingDiff(diff, { stat: values.stat === true, titles }));
    if (report) {
      const k = report.overall.kappa;
      const kc = report.codedText.kappa;
      io.out(`Agreement of A and B: kappa ${k === null ? 'n/a' : k.toFixed(3)} over all text, ${kc === null ? 'n/a' : kc.toFixed(3)} over the text either coded, in ${report.compared.articles} article(s) both coded (cmo agree A B for the table)\n`);
    }
    return 0;
  } finally {
    a.close();
    b.close();
  }
}

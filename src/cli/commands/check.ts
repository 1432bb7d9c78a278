import { checkWorkspace, formatProblem, loadReconciliation, RECONCILIATION_FILE } from '../../core';
import { args, folderArg, shownUnder, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo check [DIR] [--json] [--strict]';

export async function runCheck(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  const { dirArg, dir } = folderArg(positionals, io, USAGE);
  const fs = new NodeFileSystem(dir);
  const result = await checkWorkspace(fs, values.strict === true ? { completeness: 'warning' } : {});
  // The team's reconciliation record: a truncated or hand-broken one would lose its decisions at the next write.
  const record = await loadReconciliation(fs).catch((e: Error) => ({ state: 'invalid' as const, problem: `${RECONCILIATION_FILE} could not be read: ${e.message}` }));
  if (record.state === 'invalid') result.problems.push({ path: RECONCILIATION_FILE, line: 0, column: 0, severity: 'error', kind: 'schema', message: record.problem });
  const display = (p: string) => shownUnder(dirArg, p);
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.filter((p) => p.severity === 'warning').length;
  const failed = errors > 0 || (values.strict === true && warnings > 0);
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          ok: !failed,
          sidecars: result.sidecars,
          codes: result.codes,
          orphaned: result.orphaned,
          project: result.project,
          errors,
          warnings,
          problems: result.problems.map((p) => ({ ...p, path: display(p.path), line: p.line + 1, column: p.column + 1, endLine: p.endLine === undefined ? undefined : p.endLine + 1, endColumn: p.endColumn === undefined ? undefined : p.endColumn + 1 })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const p of result.problems) io.out(formatProblem(p, display(p.path)) + '\n');
    const summary = `${result.sidecars} sidecar(s), ${result.codes} code(s)${result.project ? ', project file' : ', no project file'}: ${errors} error(s), ${warnings} warning(s)${result.orphaned ? `, ${result.orphaned} orphaned code(s)` : ''}`;
    (failed ? io.err : io.out)(`${summary}\n`);
  }
  return failed ? 1 : 0;
}

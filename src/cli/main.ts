/** `cmo`: CMO Coder on the command line, for CI and pull requests. A thin adapter: the work is in core. */
import { createHash } from 'node:crypto';
import { useSha256 } from '../core';
import { AGREE_HELP, runAgree } from './commands/agree';
import { runAnchor } from './commands/anchor';
import { EXPORT_HELP, runExport, runImport } from './commands/export';
import { MERGE_HELP, runMerge, runTextconv } from './commands/merge';
import { DIFF_HELP, runDiff } from './commands/diff';
import { runCheck } from './commands/check';
import { runReport } from './commands/report';
import { IMPORT_PDF_HELP, importWorker, runImportPdf } from './commands/importPdf';
import { isMainThread, workerData } from 'node:worker_threads';
import { PASSAGES_HELP, runPassages } from './commands/passages';
import { MATRIX_HELP, runMatrix } from './commands/matrix';
import { OutsideWorkspace } from '../node/safeWrite';
import { CliError, type Io } from './io';

declare const CMO_VERSION: string;
const version = typeof CMO_VERSION === 'string' ? CMO_VERSION : 'dev';

export const HELP: string = `cmo ${version}: CMO Coder on the command line

Usage:
  cmo check [DIR] [--json] [--strict]
      Validate every sidecar (*.cmo.json) and cmo-project.json under DIR
      (default: .), re-anchor every code against its article in memory, and
      follow every reference. Writes nothing. Prints one
      "path:line:col: severity: message" per problem.
      Exit 1 on any error (with --strict, on any warning too), else 0.

  cmo anchor ARTICLE [--write] [--json]
      Re-anchor ARTICLE's sidecar against the article's current text and
      report how many codes were kept in place, moved (exact quote found
      elsewhere), matched fuzzily, or orphaned. With --write, store the new
      positions, quotes and sha256; orphaned codes are kept as they were.

  cmo report [DIR] [--out FILE [--force]] [--check] [--skip-broken]
      Write THEORY.md (default DIR/THEORY.md): the programme theory, its
      theories and configurations with each quote, its article, section and
      a link to its line, a Mermaid diagram and counts; GitHub renders it in
      a pull request. Same data, same bytes. With --check, write nothing and
      exit 1 when the file is missing or stale (for CI). A sidecar that does
      not parse, or a cited article that cannot be read, stops it (exit 1);
      --skip-broken reports without it and says so on stderr. --out never
      overwrites a sidecar, the project file or a coded article, nor,
      without --force, reconciliation.json, a PDF or a README (exit 2).

  cmo report [DIR] --history [--json]
      Print the refinement log: each change of status, statement or
      if / then / because of the programme, its theories and configurations
      (who, when, from, to, why), and each note, oldest first. Writes
      nothing. Git history stays the record of who changed which bytes.

  cmo report [DIR] --diff BASE [--agreement]
      Print, as Markdown for a pull-request comment, what this folder
      changed in the theory against BASE (a git branch, tag or commit, or a
      folder): configurations added, removed or moved between theories,
      statements and if / then / because (before → after), status,
      passages added or removed with their quotes, stances, new refinement
      log entries, theories, themes, and the coding changes in one line.
      --agreement adds the agreement of this folder's coding with BASE's.

${AGREE_HELP}
${MERGE_HELP}
${DIFF_HELP}
${EXPORT_HELP}
${IMPORT_PDF_HELP}
${PASSAGES_HELP}
${MATRIX_HELP}
  cmo help | --help | -h       this text
  cmo --version                the version

Files: see README.md (sidecar <article>.cmo.json, project cmo-project.json).
Writes are atomic and never follow a symbolic link out of the workspace.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'anchor':
        return await runAnchor(rest, io);
      case 'passages':
        return await runPassages(rest, io);
      case 'matrix':
        return await runMatrix(rest, io);
      case 'import-pdf':
        return await runImportPdf(rest, io);
      case 'report':
        return await runReport(rest, io);
      case 'agree':
        return await runAgree(rest, io);
      case 'merge':
        return await runMerge(rest, io);
      case 'diff':
        return await runDiff(rest, io);
      case 'textconv':
        return await runTextconv(rest, io);
      case 'export':
        return await runExport(rest, io);
      case 'import':
        return await runImport(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.out(version + '\n');
        return 0;
      default:
        io.err(`cmo: unknown command "${command}". Run "cmo --help" for the list.\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`cmo ${command}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof OutsideWorkspace) {
      io.err(`cmo ${command}: ${e.message}\n`);
      return 1;
    }
    const system = systemFailure(e);
    if (system) {
      io.err(`cmo ${command}: ${system}\n`);
      return 1;
    }
    io.err(`cmo ${command}: unexpected failure: ${(e as Error).stack ?? String(e)}\nPlease report this; no file was changed by the failed step.\n`);
    return 3;
  }
}

/** What to tell a person about an operating-system error (a file that cannot be read or written), or undefined for a bug. */
export function systemFailure(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return undefined;
  const where = err.path ?? 'a file';
  const what: Record<string, string> = {
    EACCES: 'permission denied. Check that you may read and write it (and its folder), then run the command again',
    EPERM: 'the operating system refused the operation. Check the file\'s permissions and that no other program holds it, then run the command again',
    EIO: 'input/output error: the disk or network drive failed. Check the drive, then run the command again',
    ENOSPC: 'no space left on the device. Free some space, then run the command again',
    EDQUOT: 'disk quota exceeded. Free some space, then run the command again',
    EROFS: 'the file system is read-only. Run the command where you can write',
    EISDIR: 'is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'no such file or folder',
    EMFILE: 'too many open files. Close some programs (or raise "ulimit -n"), then run the command again',
    ELOOP: 'too many levels of symbolic links',
    EBUSY: 'the file is busy. Close the program holding it, then run the command again',
  };
  return `${where}: ${what[err.code] ?? (err.message || 'failed')} (${err.code}). Files are written whole or not at all, so nothing was left half written.`;
}

if (require.main === module && !isMainThread && (workerData as { cmoWorker?: string } | undefined)?.cmoWorker === 'import-pdf') {
  // A thread of `cmo import-pdf` reading PDFs in parallel (this same file, run as a worker).
  useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));
  importWorker();
} else if (require.main === module) {
  // `cmo … | head` closes the pipe early: stop printing, finish the work, no stack trace.
  let stdoutClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
  });
  void main(process.argv.slice(2), {
    out: (s) => {
      if (!stdoutClosed) process.stdout.write(s);
    },
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) } : {}),
  }).then((code) => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.exitCode = code;
  });
}

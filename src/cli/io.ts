/** What a CLI command may touch of its process: output streams and the working folder. */
import { statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Progress of long work ("[3/12] papers/x.pdf"), where someone watches (stderr is a terminal); else absent. */
  progress?(line: string): void;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** parseArgs with errors that read as usage errors. */
export function args<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\nUsage: ${usage}`);
  }
}

/** The one optional folder argument of check and report: as given (for messages) and resolved. */
export function folderArg(positionals: string[], io: Io, usage: string): { dirArg: string; dir: string } {
  if (positionals.length > 1) throw new CliError(`one folder at a time.\nUsage: ${usage}`);
  const dirArg = positionals[0] ?? '.';
  const dir = nodePath.resolve(io.cwd, dirArg);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${dirArg} is not a folder.`);
  return { dirArg, dir };
}

/** A workspace-relative path (or `path:line:col: message`) as the user named its folder: `dirArg/path`, kept verbatim (no path normalisation). */
export function shownUnder(dirArg: string, path: string): string {
  const dir = dirArg.split(nodePath.sep).join('/').replace(/(.)\/+$/, '$1');
  return dir === '.' ? path : dir === '/' ? `/${path}` : `${dir}/${path}`;
}

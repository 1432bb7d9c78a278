/**
 * How much CMO Coder reads at most, and the error when a file is over it or
 * is no file at all. A review's repository takes pull requests: a committed
 * link to /dev/zero, a FIFO named like an article, or a PDF that inflates to
 * gigabytes must end in a clear message, not in a hang or an exhausted
 * memory. Hosts read through these limits (src/node/boundedRead.ts for Node,
 * the extension's workspace file system); the CLI takes them from the
 * environment (CMO_MAX_FILE_MB, CMO_MAX_PDF_MB, CMO_MAX_PDF_PAGES,
 * CMO_MAX_PDF_INFLATED_MB, CMO_MAX_ARCHIVE_MB), the extension from its
 * `cmo.limits.*` settings.
 */

export interface Limits {
  /** An article, a sidecar, the project file, a report, a .qdc: read whole. */
  fileBytes: number;
  /** A PDF to import. */
  pdfBytes: number;
  /** Its pages. */
  pdfPages: number;
  /** What its compressed streams may inflate to, together. */
  pdfInflatedBytes: number;
  /** A .qdpx archive to import. */
  archiveBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = {
  fileBytes: 64 * MB,
  pdfBytes: 256 * MB,
  pdfPages: 5000,
  pdfInflatedBytes: 512 * MB,
  archiveBytes: 512 * MB,
};

/** Where each limit is set, for the message that names it. */
export const LIMIT_SETTINGS: Record<keyof Limits, { env: string; setting: string; unit: 'MB' | 'pages' }> = {
  fileBytes: { env: 'CMO_MAX_FILE_MB', setting: 'cmo.limits.fileMegabytes', unit: 'MB' },
  pdfBytes: { env: 'CMO_MAX_PDF_MB', setting: 'cmo.limits.pdfMegabytes', unit: 'MB' },
  pdfPages: { env: 'CMO_MAX_PDF_PAGES', setting: 'cmo.limits.pdfPages', unit: 'pages' },
  pdfInflatedBytes: { env: 'CMO_MAX_PDF_INFLATED_MB', setting: 'cmo.limits.pdfInflatedMegabytes', unit: 'MB' },
  archiveBytes: { env: 'CMO_MAX_ARCHIVE_MB', setting: 'cmo.limits.archiveMegabytes', unit: 'MB' },
};

/** A read refused: a file over a limit, no regular file, or one reached through a link out of the workspace. */
export class ReadRefused extends Error {
  constructor(
    readonly path: string,
    /** Why, without the path. */
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ReadRefused';
  }
}

/** Which limit a file is read under: a PDF's, a .qdpx's, or any other file's. */
export function limitFor(path: string): 'pdfBytes' | 'archiveBytes' | 'fileBytes' {
  return /\.pdf$/i.test(path) ? 'pdfBytes' : /\.qdpx$/i.test(path) ? 'archiveBytes' : 'fileBytes';
}

/** The end of a limit's message: how it is raised. */
export function raiseHint(limit: keyof Limits): string {
  const s = LIMIT_SETTINGS[limit];
  return `If it is meant to be this large, raise the limit (${s.env} for the cmo command, the setting ${s.setting} in VS Code).`;
}

/** The words of a limit's message: its size, and where it is raised. */
export function overLimit(path: string, size: number, limit: keyof Limits, limits: Limits): ReadRefused {
  const s = LIMIT_SETTINGS[limit];
  const shown = (n: number) => (s.unit === 'MB' ? `${Number.isInteger(n / MB) ? n / MB : (n / MB).toFixed(n < MB ? 2 : 1)} MB` : `${n} pages`);
  return new ReadRefused(path, `${shown(size)}, over the limit of ${shown(limits[limit])}, so it was not read. ${raiseHint(limit)}`);
}

/** Limits from the environment's CMO_MAX_* variables (numbers in MB or pages), the rest the defaults. */
export function limitsFrom(env: Record<string, string | undefined>): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_SETTINGS) as Array<keyof Limits>) {
    const s = LIMIT_SETTINGS[key];
    const v = Number(env[s.env]);
    if (env[s.env] !== undefined && Number.isFinite(v) && v > 0) out[key] = s.unit === 'MB' ? Math.round(v * MB) : Math.floor(v);
  }
  return out;
}

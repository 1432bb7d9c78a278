/** Settings, read in one place. */
import * as vscode from 'vscode';
import { DEFAULT_LIMITS, DEFAULT_SIDECAR_SUFFIX, type FileSystem, type Limits, type PdfExtractor } from '../../core';
import { reviewFolder } from './folders';

/** A read-only view of another coding (a git commit's files), to compare with. */
export interface OtherCoding {
  fs: FileSystem;
  label: string;
  close(): void;
}

/** Git, where the host can run it (the desktop); absent on the web. */
export interface GitAccess {
  refs(folder: vscode.Uri): Promise<Array<{ name: string; kind: 'branch' | 'remote' | 'tag'; subject: string }> | undefined>;
  /** The workspace folder as it is in a commit; undefined when `ref` is not a commit. */
  open(folder: vscode.Uri, ref: string): Promise<OtherCoding | undefined>;
  /** Sets up the merge driver; `suffix` is the sidecar suffix in force (cmo.sidecarSuffix). */
  installMergeDriver(folder: vscode.Uri, suffix: string): Promise<{ top: string; addedAttributes: number }>;
  mergeDriverInstalled(folder: vscode.Uri, suffix: string): Promise<boolean | undefined>;
}

export interface Platform {
  /** git's user.name for the workspace, where the host can ask git (desktop); undefined on the web. */
  gitUserName(folder: vscode.Uri): Promise<string | undefined>;
  /**
   * A safe write for file: URIs, where the host has Node: never through a
   * symbolic link out of `root`, atomic (temp file, fsync, rename). VS Code's
   * own rename with overwrite deletes the target first, so it is not atomic;
   * without this, writes fall back to it (the web).
   */
  writeFileSafely?(root: vscode.Uri, uri: vscode.Uri, data: Uint8Array): Promise<void>;
  git?: GitAccess;
  /**
   * A bounded read for file: URIs, where the host has Node: a regular file
   * only, inside `root` once links are resolved, within `maxBytes` (else
   * `tooLarge(size)`'s error). Without it (the web), reads check the file's
   * type and size by `workspace.fs.stat` first.
   */
  readFileSafely?(root: vscode.Uri, uri: vscode.Uri, maxBytes: number, tooLarge: (size: number) => Error, shown: string): Promise<Uint8Array>;
  /** Reads a PDF's text (pdf.js), where the host can load it (desktop); undefined: PDFs cannot be imported here. */
  pdf?: PdfExtractor;
  /** Where PDFs are imported from their view's pages (the web): core's layout analysis, bundled in that host only. */
  layoutPdf?: PdfExtractor['layout'];
}

let current: Platform = { gitUserName: async () => undefined };
export function setPlatform(p: Platform): void {
  current = p;
}
export function platform(): Platform {
  return current;
}

export function settings() {
  const c = vscode.workspace.getConfiguration('cmo');
  const suffix = c.get<string>('sidecarSuffix', DEFAULT_SIDECAR_SUFFIX);
  return {
    coder: c.get<string>('coder', '').trim(),
    mechanismSplit: c.get<boolean>('mechanismSplit', true),
    sidecarSuffix: /^\.[\w.-]*json$/.test(suffix) ? suffix : DEFAULT_SIDECAR_SUFFIX,
    gutterLetters: c.get<boolean>('gutterLetters', true),
    recordReconciliation: c.get<boolean>('reconciliation.record', true),
  };
}

/** The read limits (core's limits.ts) from the `cmo.limits.*` settings; the defaults where unset. */
export function limits(): Limits {
  const c = vscode.workspace.getConfiguration('cmo.limits');
  const mb = (key: string, fallback: number) => Math.max(1, c.get<number>(key, fallback / 1048576)) * 1048576;
  return {
    fileBytes: mb('fileMegabytes', DEFAULT_LIMITS.fileBytes),
    pdfBytes: mb('pdfMegabytes', DEFAULT_LIMITS.pdfBytes),
    pdfPages: Math.max(1, c.get<number>('pdfPages', DEFAULT_LIMITS.pdfPages)),
    pdfInflatedBytes: mb('pdfInflatedMegabytes', DEFAULT_LIMITS.pdfInflatedBytes),
    archiveBytes: mb('archiveMegabytes', DEFAULT_LIMITS.archiveBytes),
  };
}

let cachedGitName: string | undefined | null = null;
let askedName: Promise<string | undefined> | undefined;

/**
 * Who is coding: the cmo.coder setting, else git's user.name, else the OS
 * user, else (in the browser, where there is neither) the name the reviewer
 * gives when first asked, saved as their cmo.coder; "coder" when they decline.
 * Without it two reviewers coding in github.dev would both sign "coder".
 */
export async function coderName(platform: Platform): Promise<string> {
  const configured = settings().coder;
  if (configured) return configured;
  if (cachedGitName === null) {
    const folder = reviewFolder();
    cachedGitName = folder ? await platform.gitUserName(folder).catch(() => undefined) : undefined;
  }
  const known = cachedGitName || (typeof process !== 'undefined' ? process.env?.USER || process.env?.USERNAME : undefined);
  if (known) return known;
  // Asked once a session, however many codes are made meanwhile.
  askedName ??= askCoderName();
  return (await askedName) || 'coder';
}

async function askCoderName(): Promise<string | undefined> {
  const name = (
    await vscode.window.showInputBox({
      title: 'CMO: your name on the codes you make',
      prompt: 'Saved as your cmo.coder setting, so that your co-reviewer can tell your codes from theirs. Escape: sign them "coder".',
      placeHolder: 'e.g. Alice Smith',
      ignoreFocusOut: true,
    })
  )?.trim();
  if (name) await vscode.workspace.getConfiguration('cmo').update('coder', name, vscode.ConfigurationTarget.Global).then(undefined, () => undefined);
  return name;
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

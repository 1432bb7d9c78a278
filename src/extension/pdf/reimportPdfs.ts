/**
 * CMO: Re-import PDFs made by an older layout — every twin of the review that
 * an older layout of the import made, or whose PDF changed, made again from
 * its PDF, and its codes anchored on the new text and saved (core
 * reimportTwin): found where their words are now, or kept and orphaned (in
 * Problems and the Codes view), never dropped. Desktop (pdf.js runs in the
 * host); in the browser a PDF is imported again from its own view.
 */
import * as vscode from 'vscode';
import { reimportTwin, staleTwins, type ReimportedTwin } from '../../core';
import { Commands } from '../shared/commandIds';
import { limits, settings, type Platform } from '../shared/config';
import { UntrustedWrite, WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export function registerReimportPdfs(context: vscode.ExtensionContext, platform: Platform): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.reimportPdfs, () => reimportPdfs(platform)));
}

/** What the command did, for tests: each twin re-imported, with its codes found and orphaned. */
export async function reimportPdfs(platform: Platform): Promise<ReimportedTwin[] | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(new UntrustedWrite('the PDF twins').message);
    return undefined;
  }
  const extractor = platform.pdf;
  if (!extractor) {
    void vscode.window.showInformationMessage('CMO: in the browser a PDF is imported again from its own view: open it and press "Import it here" above its pages.');
    return undefined;
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => new WorkspaceFileSystem(f.uri));
  const stale = (await Promise.all(folders.map(async (fs) => (await staleTwins(fs)).map((t) => ({ fs, t }))))).flat();
  if (!stale.length) {
    void vscode.window.showInformationMessage('CMO: every PDF twin is up to date: nothing to re-import.');
    return [];
  }
  const done: ReimportedTwin[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'CMO: re-importing PDFs', cancellable: true }, async (progress, token) => {
    for (const [i, { fs, t }] of stale.entries()) {
      if (token.isCancellationRequested) break;
      progress.report({ message: `${i + 1} of ${stale.length}: ${t.pdf}`, increment: 100 / stale.length });
      done.push(await reimportTwin(fs, t, extractor, { suffix: settings().sidecarSuffix, limits: limits() }));
    }
  });
  const failed = done.filter((r) => r.imported.error);
  const found = done.reduce((n, r) => n + (r.codes ? r.codes.kept + r.codes.moved + r.codes.fuzzy : 0), 0);
  const orphaned = done.reduce((n, r) => n + (r.codes?.orphaned ?? 0), 0);
  const problems = [...failed.map((r) => r.imported.error as string), ...done.flatMap((r) => (r.problem ? [r.problem] : []))];
  const summary = `CMO: ${done.length - failed.length} PDF twin(s) re-imported; their codes: ${found} found in the new text, ${orphaned} orphaned (kept: see Problems, re-attach or delete them).`;
  if (problems.length) void vscode.window.showWarningMessage(`${summary} ${problems.join(' ')}`);
  else void vscode.window.showInformationMessage(summary);
  return done;
}

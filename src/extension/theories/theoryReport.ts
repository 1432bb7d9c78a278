/**
 * Keeps THEORY.md (setting cmo.theoryReport.file) in step with the project
 * and the sidecars, as `cmo report` would write it, so that a pull request
 * always carries a current report and `cmo report --check` passes. Only in
 * folders with a cmo-project.json, only when trusted, only when the text
 * changed; setting cmo.theoryReport.update = "off" turns it off.
 */
import * as vscode from 'vscode';
import { loadReportData, PROJECT_FILE, renderReport, type WorkspaceCache } from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import type { ProjectData } from '../shared/projectData';
import { Refresher } from '../shared/refresh';
import type { WorkspaceFiles } from '../shared/workspaceFiles';
import type { WorkspaceCaches } from '../shared/workspaceCache';
import { UntrustedWrite, WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export function reportSettings() {
  const c = vscode.workspace.getConfiguration('cmo.theoryReport');
  const file = c.get<string>('file', 'THEORY.md').trim() || 'THEORY.md';
  return { file: file.replace(/^\/+/, ''), update: c.get<'onChange' | 'off'>('update', 'onChange') };
}

/** A report not written because a file it needs does not parse (Problems lists it). */
export class ReportBlocked extends Error {}

/**
 * Writes the report of a folder if it changed; returns whether it wrote.
 * Throws `ReportBlocked` when the project file or a sidecar does not parse:
 * a report without that sidecar's passages would silently lose them.
 */
export async function writeReport(folder: vscode.Uri, cache?: WorkspaceCache): Promise<boolean> {
  const fs = new WorkspaceFileSystem(folder);
  if (!(await fs.stat(PROJECT_FILE))) return false;
  // With the editor's cache, only the sidecars and cited articles changed since the last report are read.
  const { data, problems } = await loadReportData(fs, '', settings().sidecarSuffix, cache);
  if (!data || problems.length) throw new ReportBlocked(`${reportSettings().file} was not updated: ${problems[0] ?? 'a file does not parse'}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. Fix it (see Problems) and it is written again.`);
  const report = renderReport(data);
  const { file } = reportSettings();
  const current = await fs.readFile(file).then((b) => new TextDecoder().decode(b), () => undefined);
  if (current === report) return false;
  await fs.writeFile(file, new TextEncoder().encode(report));
  return true;
}

export function registerTheoryReport(context: vscode.ExtensionContext, project: ProjectData, files: WorkspaceFiles, caches: WorkspaceCaches): void {
  const writeAll = () => {
    if (reportSettings().update === 'off' || !vscode.workspace.isTrusted) return;
    // Automatic: a blocked report is left as it is (Problems shows why); anything else is logged.
    for (const f of vscode.workspace.workspaceFolders ?? []) void writeReport(f.uri, caches.of(f.uri)).catch((e) => e instanceof ReportBlocked || console.error('CMO: THEORY.md not written:', e));
  };
  const refresher = new Refresher(writeAll, 500);
  context.subscriptions.push(
    refresher,
    files.onDidChangeSidecar(() => refresher.schedule()),
    project.onDidChange(() => refresher.schedule()),
    vscode.commands.registerCommand(Commands.updateTheoryReport, async () => {
      let wrote = 0;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(`CMO: ${new UntrustedWrite(reportSettings().file).message}`);
        return wrote;
      }
      // Asked for by hand: everything read afresh (and the cache with it), should the watcher have missed a change.
      caches.clear();
      try {
        for (const f of vscode.workspace.workspaceFolders ?? []) if (await writeReport(f.uri, caches.of(f.uri))) wrote++;
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: ${(e as Error).message}`);
        return wrote;
      }
      vscode.window.setStatusBarMessage(wrote ? `CMO: ${reportSettings().file} updated` : `CMO: ${reportSettings().file} already up to date`, 3000);
      return wrote;
    }),
  );
}

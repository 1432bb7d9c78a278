/** CMO: Export coding… (CSV, Markdown, REFI-QDA) and CMO: Import REFI-QDA project…, the CLI's export and import in the editor. */
import * as vscode from 'vscode';
import { importQdpxIntoWorkspace, loadExportData, qdpxOfWorkspace, saveProject, toCsv, toMarkdown } from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { reviewWorkspaceFolder } from '../shared/folders';
import { UntrustedWrite, WorkspaceFileSystem, writeExport } from '../shared/workspaceFileSystem';

type Format = 'csv' | 'csv-bom' | 'md' | 'qdpx';

export function registerExports(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.exportCoding, async (format?: Format, target?: vscode.Uri) => {
      const root = reviewWorkspaceFolder();
      if (!root) return undefined;
      if (!vscode.workspace.isTrusted) {
        // Said before the pickers, not after the user has chosen a file.
        void vscode.window.showWarningMessage(`CMO: ${new UntrustedWrite('the export').message}`);
        return undefined;
      }
      const picked =
        format ??
        (
          await vscode.window.showQuickPick(
            [
              { label: 'CSV data-extraction sheet', description: 'one row per coded passage', format: 'csv' as const },
              { label: 'CSV for Excel', description: 'the same, with a UTF-8 byte order mark', format: 'csv-bom' as const },
              { label: 'Markdown tables', description: 'one table per article', format: 'md' as const },
              { label: 'REFI-QDA project (.qdpx)', description: 'NVivo, ATLAS.ti, MAXQDA, QDA Miner…', format: 'qdpx' as const },
            ],
            { title: 'CMO: Export coding' },
          )
        )?.format;
      if (!picked) return undefined;
      const ext = picked === 'qdpx' ? 'qdpx' : picked === 'md' ? 'md' : 'csv';
      const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(root.uri, `${root.name}-coding.${ext}`), filters: { [ext.toUpperCase()]: [ext] } }));
      if (!uri) return undefined;
      const fs = new WorkspaceFileSystem(root.uri);
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CMO: exporting to ${vscode.workspace.asRelativePath(uri)}` }, async () => {
        try {
          const data = await loadExportData(fs, settings().sidecarSuffix);
          if (data.skipped.length) {
            // A broken sidecar would silently drop its passages from the export: say so, and export only if asked.
            const list = data.skipped.map((s) => `${s.path}: ${s.reason}`).join('\n');
            const go = await vscode.window.showWarningMessage(`CMO: ${data.skipped.length} sidecar(s) cannot be used, so their passages would be missing from the export. Fix them first (see Problems), or export without them.`, { modal: true, detail: list }, 'Export without them');
            if (go !== 'Export without them') return undefined;
          }
          let bytes: Uint8Array;
          let left = 0;
          if (picked === 'qdpx') {
            const q = qdpxOfWorkspace(data, root.name);
            if (q.newProject && vscode.workspace.isTrusted) await saveProject(fs, q.newProject);
            left = q.skipped.length;
            bytes = q.bytes;
          } else bytes = new TextEncoder().encode(picked === 'md' ? toMarkdown(data) : toCsv(data, { bom: picked === 'csv-bom' }));
          await writeExport(uri, bytes);
          const passages = data.articles.reduce((n, a) => n + a.codes.length, 0) - left;
          void vscode.window.showInformationMessage(`CMO: exported ${passages} coded passage(s) from ${data.articles.length} article(s)${left ? `; ${left} orphaned code(s) left out of the .qdpx` : ''}.`);
          return uri;
        } catch (e) {
          void vscode.window.showErrorMessage(`CMO: export failed: ${(e as Error).message}`);
          return undefined;
        }
      });
    }),
    vscode.commands.registerCommand(Commands.importQdpx, async (source?: vscode.Uri) => {
      const root = reviewWorkspaceFolder();
      if (!root) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('CMO: trust this workspace to import into it.');
        return undefined;
      }
      const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'REFI-QDA project': ['qdpx'] }, title: 'CMO: Import REFI-QDA project' }))?.[0];
      if (!uri) return undefined;
      let result: Awaited<ReturnType<typeof importQdpxIntoWorkspace>>;
      try {
        result = await importQdpxIntoWorkspace(new WorkspaceFileSystem(root.uri), await vscode.workspace.fs.readFile(uri), { suffix: settings().sidecarSuffix });
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
        return undefined;
      }
      const added = result.added.reduce((n, a) => n + a.count, 0);
      const problems = [
        ...result.unplaced.map((u) => `${u.source} ${u.selection}: ${u.reason}`),
        ...result.unmatchedSources.map((s) => `${s}: no article with this name or text`),
        ...result.refused.map((r) => `${r.path}: does not parse, so nothing was added to it (${r.reason})`),
      ];
      const notes = [...result.kept.map((k) => `kept: ${k}`), ...result.project.lost.map((l) => `not in the file: ${l}`)];
      const p = result.projectAdded;
      const gained = [
        result.created.length && `${result.created.length} article(s)`,
        `${added} code(s)`,
        result.newThemes.length && `${result.newThemes.length} theme(s)`,
        p.configurations && `${p.configurations} configuration(s)`,
        p.theories && `${p.theories} theory(ies)`,
        p.programme && 'the programme theory',
        p.fields && `${p.fields} attribute field(s)`,
        p.documents && `attributes of ${p.documents} document(s)`,
      ].filter(Boolean);
      const summary = `CMO: imported ${gained.join(', ')}${problems.length ? `; ${problems.length} item(s) could not be placed` : ''}${notes.length ? `; ${notes.length} note(s) on what was kept or missing` : ''}.`;
      if (problems.length || notes.length) {
        const out = vscode.window.createOutputChannel('CMO import');
        out.appendLine(summary);
        for (const p of problems) out.appendLine(`not placed: ${p}`);
        for (const n of notes) out.appendLine(n);
        void vscode.window.showWarningMessage(summary, 'Show details').then((c) => c && out.show());
      } else void vscode.window.showInformationMessage(summary);
      return { added, unplaced: problems.length };
    }),
  );
}

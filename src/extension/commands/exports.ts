/** CMO: Export coding… (CSV, Markdown, REFI-QDA) and CMO: Import REFI-QDA project…, the CLI's export and import in the editor. */
import * as vscode from 'vscode';
import { emptySidecar, findFiles, importQdpx, loadArticle, loadCoding, loadExportData, loadProject, loadSidecar, saveProject, saveSidecar, sidecarPathFor, toCsv, toMarkdown, toQdpx, toRefiProject, withRefiNamespace, type Code, type Project } from '../../core';
import { Commands } from '../commandIds';
import { settings } from '../config';
import { WorkspaceFileSystem } from '../workspaceFileSystem';

type Format = 'csv' | 'csv-bom' | 'md' | 'qdpx';

export function registerExports(context: vscode.ExtensionContext): void {
  const folder = () => vscode.workspace.workspaceFolders?.[0];
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.exportCoding, async (format?: Format, target?: vscode.Uri) => {
      const root = folder();
      if (!root) return undefined;
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
          let bytes: Uint8Array;
          let left = 0;
          if (picked === 'qdpx') {
            const { project, created } = withRefiNamespace(data.project);
            if (created && vscode.workspace.isTrusted) await saveProject(fs, project);
            const refi = toRefiProject({ ...data, project }, (project.refi as { namespace: string }).namespace, root.name);
            left = refi.skipped.length;
            bytes = toQdpx(refi);
          } else bytes = new TextEncoder().encode(picked === 'md' ? toMarkdown(data) : toCsv(data, { bom: picked === 'csv-bom' }));
          await vscode.workspace.fs.writeFile(uri, bytes);
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
      const root = folder();
      if (!root) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('CMO: trust this workspace to import into it.');
        return undefined;
      }
      const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'REFI-QDA project': ['qdpx'] }, title: 'CMO: Import REFI-QDA project' }))?.[0];
      if (!uri) return undefined;
      const fs = new WorkspaceFileSystem(root.uri);
      const suffix = settings().sidecarSuffix;
      const loaded = await loadProject(fs);
      if (loaded.state === 'invalid') {
        void vscode.window.showErrorMessage(`CMO: cmo-project.json does not parse; fix it first. ${loaded.problems[0]?.message ?? ''}`);
        return undefined;
      }
      const project: Project = loaded.state === 'ok' ? loaded.value : { cmo: 1 };
      const coding = await loadCoding(fs, '', suffix);
      const articles = new Map([...coding.articles].map(([p, a]) => [p, { text: a.text, codes: a.codes as readonly Code[] }]));
      for (const path of await findFiles(fs, '', (n) => /\.(md|txt)$/i.test(n))) {
        if (articles.has(path)) continue;
        const a = await loadArticle(fs, path);
        if ('text' in a) articles.set(path, { text: a.text, codes: [] });
      }
      let result: ReturnType<typeof importQdpx>;
      try {
        result = importQdpx(await vscode.workspace.fs.readFile(uri), articles, project.codebook ?? []);
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
        return undefined;
      }
      let added = 0;
      for (const [path, codes] of result.codes) {
        const sidecarPath = sidecarPathFor(path, suffix);
        const current = await loadSidecar(fs, sidecarPath);
        if (current.state === 'invalid') continue;
        const base = current.state === 'ok' ? current.value : emptySidecar(path, (articles.get(path) as { text: string }).text);
        await saveSidecar(fs, sidecarPath, { ...base, codes: [...base.codes, ...codes] });
        added += codes.length;
      }
      if (result.newThemes.length) await saveProject(fs, { ...project, codebook: [...(project.codebook ?? []), ...result.newThemes] });
      const problems = [...result.unplaced.map((u) => `${u.source} ${u.selection}: ${u.reason}`), ...result.unmatchedSources.map((s) => `${s}: no article with this name or text`)];
      const summary = `CMO: imported ${added} code(s)${result.newThemes.length ? ` and ${result.newThemes.length} theme(s)` : ''}${problems.length ? `; ${problems.length} item(s) could not be placed` : ''}.`;
      if (problems.length) {
        const out = vscode.window.createOutputChannel('CMO import');
        out.appendLine(summary);
        for (const p of problems) out.appendLine(`not placed: ${p}`);
        void vscode.window.showWarningMessage(summary, 'Show what was not placed').then((c) => c && out.show());
      } else void vscode.window.showInformationMessage(summary);
      return { added, unplaced: problems.length };
    }),
  );
}

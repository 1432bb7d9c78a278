/**
 * Problems panel: CMO problems (broken sidecars, conflict markers, orphaned
 * codes, dangling references) as diagnostics, kept fresh as files change on
 * disk or in the editor. Reads only; never writes a file.
 */
import * as vscode from 'vscode';
import { checkSidecar, checkWorkspace, conflictProblems, DEFAULT_SIDECAR_SUFFIX, parseProjectText, parseSidecarText, PROJECT_FILE, type Problem, type Sidecar } from '../../core';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(p: Problem): vscode.Diagnostic {
  const range = new vscode.Range(p.line, p.column, p.endLine ?? p.line, p.endColumn ?? p.column + 1);
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = 'CMO';
  d.code = p.kind;
  return d;
}

export class ProblemsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cmo');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Sidecars seen in the workspace, so a change to an article re-checks its sidecar. */
  private readonly sidecars = new Set<string>();

  constructor(private readonly suffix = DEFAULT_SIDECAR_SUFFIX) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onFile(uri)),
      watcher.onDidCreate((uri) => this.onFile(uri)),
      watcher.onDidDelete((uri) => this.onFile(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onFile(e.document.uri)),
      vscode.workspace.onDidOpenTextDocument((d) => this.onFile(d.uri)),
    );
  }

  private folderFs(uri: vscode.Uri): { fs: WorkspaceFileSystem; path: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const fs = new WorkspaceFileSystem(folder.uri);
    const path = fs.relative(uri);
    return path === undefined ? undefined : { fs, path };
  }

  private onFile(uri: vscode.Uri): void {
    const key = uri.toString();
    const isSidecar = uri.path.endsWith(this.suffix);
    const isProject = uri.path.endsWith('/' + PROJECT_FILE);
    const sidecarUri = isSidecar || isProject ? uri : uri.with({ path: uri.path + this.suffix });
    if (isSidecar) this.sidecars.add(sidecarUri.toString());
    // An article changed: only worth re-checking if it has a sidecar.
    if (!isSidecar && !isProject && !this.sidecars.has(sidecarUri.toString())) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.refresh(sidecarUri);
      }, 150),
    );
  }

  /** Re-checks one sidecar or the project file, from the editor's text when it is open. */
  async refresh(uri: vscode.Uri): Promise<Problem[]> {
    const located = this.folderFs(uri);
    if (!located) return [];
    const { fs, path } = located;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let problems: Problem[];
    if (path.endsWith(PROJECT_FILE)) {
      const text = open?.getText() ?? (await fs.readFile(path).then((b) => new TextDecoder().decode(b), () => undefined));
      const parsed = text === undefined ? undefined : parseProjectText(path, text);
      problems = !parsed ? [] : parsed.ok && text !== undefined ? [...parsed.problems, ...conflictProblems(path, text, parsed.value)] : parsed.problems;
    } else {
      let text: string | undefined = open?.getText();
      if (text === undefined) text = await fs.readFile(path).then((b) => new TextDecoder().decode(b), () => undefined);
      if (text === undefined) {
        this.collection.delete(uri);
        this.sidecars.delete(uri.toString());
        return [];
      }
      const parsed = parseSidecarText(path, text);
      const loaded = parsed.ok ? { state: 'ok' as const, path, value: parsed.value as Sidecar, text, problems: parsed.problems } : { state: 'invalid' as const, path, text, problems: parsed.problems };
      problems = (await checkSidecar(fs, path, loaded, this.suffix)).problems;
    }
    this.collection.set(uri, problems.map(toDiagnostic));
    return problems;
  }

  /** Checks the whole workspace and replaces every CMO diagnostic. */
  async checkAll(): Promise<{ problems: Problem[]; sidecars: number; codes: number }> {
    this.collection.clear();
    const all: Problem[] = [];
    let sidecars = 0;
    let codes = 0;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const fs = new WorkspaceFileSystem(folder.uri);
      const result = await checkWorkspace(fs, { sidecarSuffix: this.suffix });
      sidecars += result.sidecars;
      codes += result.codes;
      const byFile = new Map<string, Problem[]>();
      for (const p of result.problems) byFile.set(p.path, [...(byFile.get(p.path) ?? []), p]);
      for (const [path, list] of byFile) this.collection.set(fs.uri(path), list.map(toDiagnostic));
      for (const path of result.sidecarPaths) this.sidecars.add(fs.uri(path).toString());
      all.push(...result.problems);
    }
    return { problems: all, sidecars, codes };
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

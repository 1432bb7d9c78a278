/**
 * Problems panel: CMO problems (broken sidecars, conflict markers, orphaned
 * codes, dangling references) as diagnostics, kept fresh as files change on
 * disk or in the editor. Reads only; never writes a file.
 */
import * as vscode from 'vscode';
import { checkSidecar, checkWorkspace, codeReferenceProblems, conflictProblems, parseProjectText, PROJECT_FILE, readSidecars, sidecarFromText, type Problem, type ProblemKind } from '../../core';
import type { WorkspaceCaches } from '../shared/workspaceCache';
import { settings } from '../shared/config';
import { folderOf } from '../shared/folders';
import { Disposable } from '../shared/lifecycle';
import { Debouncer } from '../shared/refresh';
import { isProjectUri, isSidecarUri, type WorkspaceFiles } from '../shared/workspaceFiles';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A CMO diagnostic carries what its problem is about, so quick fixes never read it back out of the message. */
export class CmoDiagnostic extends vscode.Diagnostic {
  constructor(
    range: vscode.Range,
    message: string,
    severity: vscode.DiagnosticSeverity,
    readonly kind: ProblemKind,
    readonly codeId: string | undefined,
    readonly recoverable = false,
  ) {
    super(range, message, severity);
    this.source = 'CMO';
    this.code = kind;
  }
}

export function toDiagnostic(p: Problem): CmoDiagnostic {
  const range = new vscode.Range(p.line, p.column, p.endLine ?? p.line, p.endColumn ?? p.column + 1);
  return new CmoDiagnostic(range, p.message, SEVERITY[p.severity], p.kind, p.codeId, p.recoverable === true);
}

export class ProblemsController extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('cmo'));
  private readonly pending = this.register(new Debouncer());
  /** Sidecars seen in the workspace, so a change to an article re-checks its sidecar. */
  private readonly sidecars = new Set<string>();

  constructor(
    files: WorkspaceFiles,
    /** The sidecars as the other views read them: the project's references are checked against them without reading each again. */
    private readonly caches?: WorkspaceCaches,
  ) {
    super();
    for (const event of [files.onDidChangeSidecar, files.onDidChangeProject, files.onDidChangeOther]) this.register(event((e) => this.onFile(e.uri)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onFile(e.document.uri)));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.onFile(d.uri)));
  }

  /** The diagnostic as this controller made it, with its kind and code id (the host may hand quick-fix providers copies). */
  cmoDiagnostic(uri: vscode.Uri, d: vscode.Diagnostic): CmoDiagnostic | undefined {
    if (d instanceof CmoDiagnostic) return d;
    if (d.source !== 'CMO') return undefined;
    return this.collection.get(uri)?.find((x): x is CmoDiagnostic => x instanceof CmoDiagnostic && x.range.isEqual(d.range) && x.message === d.message);
  }

  /** The sidecar suffix in force (the cmo.sidecarSuffix setting). */
  private get suffix(): string {
    return settings().sidecarSuffix;
  }

  private folderFs(uri: vscode.Uri): { fs: WorkspaceFileSystem; path: string } | undefined {
    const folder = folderOf(uri);
    if (!folder) return undefined;
    const fs = new WorkspaceFileSystem(folder.uri);
    const path = fs.relative(uri);
    return path === undefined ? undefined : { fs, path };
  }

  private onFile(uri: vscode.Uri): void {
    const isSidecar = isSidecarUri(uri);
    const isProject = isProjectUri(uri);
    const sidecarUri = isSidecar || isProject ? uri : uri.with({ path: uri.path + this.suffix });
    if (isSidecar) this.sidecars.add(sidecarUri.toString());
    // An article changed: only worth re-checking if it has a sidecar.
    if (!isSidecar && !isProject && !this.sidecars.has(sidecarUri.toString())) return;
    this.pending.schedule(uri.toString(), 150, () => this.refresh(sidecarUri).then(() => undefined));
    // A passage added or deleted changes which of the project's references dangle: its file is checked again too.
    const folder = isSidecar ? folderOf(uri) : undefined;
    if (folder) {
      const project = vscode.Uri.joinPath(folder.uri, PROJECT_FILE);
      this.pending.schedule(project.toString(), 300, () => this.refresh(project).then(() => undefined));
    }
  }

  /** Re-checks one sidecar or the project file, from the editor's text when it is open. */
  async refresh(uri: vscode.Uri): Promise<Problem[]> {
    const located = this.folderFs(uri);
    if (!located) return [];
    const { fs, path } = located;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let problems: Problem[];
    if (isProjectUri(uri)) {
      const text = open?.getText() ?? (await fs.readFile(path).then((b) => new TextDecoder().decode(b), () => undefined));
      const parsed = text === undefined ? undefined : parseProjectText(path, text);
      problems = !parsed ? [] : parsed.ok && text !== undefined ? [...parsed.problems, ...conflictProblems(path, text, parsed.value), ...(await this.referenceProblems(fs, path, text, parsed.value))] : parsed.problems;
    } else {
      let text: string | undefined = open?.getText();
      if (text === undefined) text = await fs.readFile(path).then((b) => new TextDecoder().decode(b), () => undefined);
      if (text === undefined) {
        this.collection.delete(uri);
        this.sidecars.delete(uri.toString());
        return [];
      }
      problems = (await checkSidecar(fs, path, sidecarFromText(path, text), this.suffix)).problems;
    }
    this.collection.set(uri, problems.map(toDiagnostic));
    return problems;
  }

  /** The project's passages that are gone (core's codeReferenceProblems), from the sidecars as the editor holds them: an open one's text, else the cache's. */
  private async referenceProblems(fs: WorkspaceFileSystem, path: string, text: string, project: Parameters<typeof codeReferenceProblems>[2]): Promise<Problem[]> {
    if (!(project.configurations ?? []).length) return [];
    const sidecars = new Map<string, { ids: string[] } | 'invalid'>();
    for (const s of await readSidecars(fs, '', this.suffix, this.caches?.of(fs.root))) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fs.uri(s.path).toString() && d.isDirty);
      const loaded = open ? sidecarFromText(s.path, open.getText()) : s.loaded;
      sidecars.set(s.article, loaded.state === 'ok' ? { ids: loaded.value.codes.map((c) => c.id) } : 'invalid');
    }
    return codeReferenceProblems(path, text, project, this.suffix, (article) => sidecars.get(article));
  }

  /** Checks the whole workspace and replaces every CMO diagnostic. */
  async checkAll(): Promise<{ problems: Problem[]; sidecars: number; codes: number }> {
    this.collection.clear();
    const all: Problem[] = [];
    let sidecars = 0;
    let codes = 0;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const fs = new WorkspaceFileSystem(folder.uri);
      const result = await checkWorkspace(fs, { sidecarSuffix: this.suffix, completeness: 'warning' });
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
}

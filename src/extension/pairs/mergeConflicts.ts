/**
 * The merge conflicts recorded in the workspace's files (by `cmo merge` or
 * the editor's Merge): per article from its open session if there is one,
 * else from its sidecar on disk, and those of the project file. Scanned
 * whole at start and on request; after that one file at a time.
 */
import { articlePathFor, loadProject, loadSidecar, sidecarFiles, type CodeConflict, type ProjectConflict } from '../../core';
import type { Session, Sessions } from '../coding/sessions';
import { settings } from '../shared/config';
import type { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

export class MergeConflicts {
  /** Code conflicts per article path. */
  byArticle = new Map<string, CodeConflict[]>();
  project: ProjectConflict[] = [];

  constructor(private readonly sessions: Sessions) {}

  /** The conflicts recorded in one sidecar, from its open session if there is one, else from disk. */
  private async conflictsOf(fs: WorkspaceFileSystem, sidecarPath: string): Promise<CodeConflict[]> {
    const article = articlePathFor(sidecarPath, settings().sidecarSuffix);
    const open = this.sessions.all().find((s) => s.path === article);
    if (open) return [...open.codes.conflicts()];
    const loaded = await loadSidecar(fs, sidecarPath);
    return loaded.state === 'ok' ? (loaded.value.conflicts ?? []) : [];
  }

  private async scanProject(fs: WorkspaceFileSystem): Promise<void> {
    const project = await loadProject(fs);
    this.project = project.state === 'ok' ? (project.value.conflicts ?? []) : [];
  }

  /** One sidecar or the project file changed. */
  async scanFile(fs: WorkspaceFileSystem, path: string): Promise<void> {
    const article = articlePathFor(path, settings().sidecarSuffix);
    if (article !== undefined) {
      const list = await this.conflictsOf(fs, path);
      if (list.length) this.byArticle.set(article, list);
      else this.byArticle.delete(article);
    } else await this.scanProject(fs);
  }

  /** Every sidecar and the project file. */
  async scan(fs: WorkspaceFileSystem): Promise<void> {
    const suffix = settings().sidecarSuffix;
    const next = new Map<string, CodeConflict[]>();
    for (const path of await sidecarFiles(fs, '', suffix)) {
      const list = await this.conflictsOf(fs, path);
      if (list.length) next.set(articlePathFor(path, suffix) as string, list);
    }
    this.byArticle = next;
    await this.scanProject(fs);
  }

  /** An open article's conflicts, as its session has them now. */
  fromSession(session: Session): void {
    const conflicts = session.codes.conflicts();
    if (conflicts.length) this.byArticle.set(session.path, [...conflicts]);
    else this.byArticle.delete(session.path);
  }

  has(path: string): boolean {
    return this.byArticle.has(path);
  }

  count(): number {
    let n = this.project.length;
    for (const l of this.byArticle.values()) n += l.length;
    return n;
  }
}

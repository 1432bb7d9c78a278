/**
 * Every code of a workspace by reference (`path#id`), with its article, and
 * the project: what the theory tree is built from. Sidecars that do not parse
 * are left out here and reported by the check.
 */
import type { FileSystem } from '../formats/fs';
import { DEFAULT_SIDECAR_SUFFIX } from '../formats/paths';
import { loadProject } from '../formats/store';
import type { Code, Project } from '../model/schema';
import { readSidecars, type WorkspaceCache } from './load';

export interface IndexedCode {
  readonly code: Code;
  /** Workspace-relative path of the article. */
  readonly article: string;
}

export interface WorkspaceIndex {
  /** undefined when there is no project file or it does not parse. */
  project: Project | undefined;
  codes: Map<string, IndexedCode>;
}

/** `cache`: sidecars already loaded (see WorkspaceCache); the project is always read. */
export async function indexWorkspace(fs: FileSystem, suffix = DEFAULT_SIDECAR_SUFFIX, cache?: WorkspaceCache): Promise<WorkspaceIndex> {
  const loaded = await loadProject(fs);
  const codes = new Map<string, IndexedCode>();
  for (const { article, loaded } of await readSidecars(fs, '', suffix, cache)) {
    if (loaded.state === 'ok') for (const code of loaded.value.codes) codes.set(`${article}#${code.id}`, { code, article });
  }
  return { project: loaded.state === 'ok' ? loaded.value : undefined, codes };
}

/** References of codes that sit in no configuration. */
export function unassignedCodes(index: WorkspaceIndex): string[] {
  const used = new Set((index.project?.configurations ?? []).flatMap((c) => c.codes));
  // A theme-only code (role none) has no slot to be assigned to: never "unassigned".
  return [...index.codes.entries()].filter(([r, c]) => !used.has(r) && c.code.role !== 'none').map(([r]) => r);
}

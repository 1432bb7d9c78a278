/**
 * Changing passages' theme tags across articles: through an open article's
 * session (so it is in that article's coding undo), else in its sidecar on
 * disk (refused while the sidecar does not parse). Retagging for a theme
 * merge or delete remembers exactly which passage had which tags, so the
 * project's undo gives them back.
 */
import { loadSidecar, parseCodeRef, retag, saveSidecar, sidecarPathFor, indexWorkspace, type Code } from '../../core';
import type { Sessions } from '../coding/sessions';
import { settings } from '../shared/config';
import type { SideEffect } from '../shared/projectData';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';
import type * as vscode from 'vscode';

/** Per article, the passages tagged with a theme and whether each already carried the theme it is merged into. */
export type Tagged = Map<string, Map<string, boolean>>;

export class Tagging {
  constructor(
    private readonly sessions: Sessions,
    /** Called after tags changed, so views recount. */
    private readonly changed: () => void,
  ) {}

  /** Applies a change to the tags of codes, article by article; returns how many articles changed. */
  async editCodes(folder: vscode.Uri, articles: Iterable<string>, edit: (codes: Code[], article: string) => Code[]): Promise<number> {
    const fs = new WorkspaceFileSystem(folder);
    const suffix = settings().sidecarSuffix;
    let changed = 0;
    for (const article of articles) {
      const session = this.sessions.all().find((s) => s.path === article && s.fs.root.toString() === folder.toString());
      if (session) {
        const before = session.sidecar().codes;
        const after = edit(before, article);
        if (after === before) continue;
        await this.sessions.edit(session, () => {
          for (const c of after) {
            const old = session.codes.get(c.id);
            if (old && JSON.stringify(old.code.tags ?? []) !== JSON.stringify(c.tags ?? [])) session.codes.setTags(c.id, c.tags ?? []);
          }
        });
        changed++;
        continue;
      }
      const path = sidecarPathFor(article, suffix);
      const loaded = await loadSidecar(fs, path);
      if (loaded.state !== 'ok') continue;
      const codes = edit(loaded.value.codes, article);
      if (codes !== loaded.value.codes && (await saveSidecar(fs, path, { ...loaded.value, codes }))) changed++;
    }
    this.changed();
    return changed;
  }

  /** The passages tagged `from`, per article, and whether each already carried `into`: enough to undo a retag exactly. */
  async tagged(folder: vscode.Uri, from: string, into: string | undefined): Promise<Tagged> {
    const out: Tagged = new Map();
    const index = await indexWorkspace(new WorkspaceFileSystem(folder), settings().sidecarSuffix);
    for (const { code, article } of index.codes.values()) {
      if (!code.tags?.includes(from)) continue;
      const m = out.get(article) ?? new Map<string, boolean>();
      m.set(code.id, into !== undefined && code.tags.includes(into));
      out.set(article, m);
    }
    return out;
  }

  /**
   * Retags passages from one theme to another (or removes the tag), as a side
   * effect the project's undo reverses: undo gives each passage back exactly
   * the tags it had.
   */
  retagging(folder: vscode.Uri, affected: Tagged, from: string, into: string | undefined): SideEffect {
    const apply = async () => void (await this.editCodes(folder, affected.keys(), (codes) => retag(codes, from, into)));
    const restore = async () =>
      void (await this.editCodes(folder, affected.keys(), (codes, article) => {
        const ids = affected.get(article) ?? new Map<string, boolean>();
        let touched = false;
        const out = codes.map((c) => {
          if (!ids.has(c.id)) return c;
          touched = true;
          const tags = (c.tags ?? []).filter((t) => t !== into || ids.get(c.id) === true);
          return { ...c, tags: [...new Set([...tags, from])] };
        });
        return touched ? out : codes;
      }));
    return { undo: restore, redo: apply };
  }

  /** Adds a theme to codes given by reference (`path#id`); returns how many articles changed. */
  async tagRefs(folder: vscode.Uri, refs: readonly string[], theme: string): Promise<number> {
    const byArticle = new Map<string, Set<string>>();
    for (const ref of refs) {
      const parsed = parseCodeRef(ref);
      if ('error' in parsed) continue;
      byArticle.set(parsed.path, (byArticle.get(parsed.path) ?? new Set<string>()).add(parsed.id));
    }
    return this.editCodes(folder, byArticle.keys(), (codes, article) => {
      const ids = byArticle.get(article) ?? new Set<string>();
      let touched = false;
      const out = codes.map((c) => {
        if (!ids.has(c.id) || c.tags?.includes(theme)) return c;
        touched = true;
        return { ...c, tags: [...(c.tags ?? []), theme] };
      });
      return touched ? out : codes;
    });
  }
}

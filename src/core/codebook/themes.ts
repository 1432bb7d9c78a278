/**
 * The codebook domain: themes (this file) and document attributes
 * (attributes.ts), as pure operations on the project like theory/project.ts.
 * Exchange formats for the codebook (.qdc, .qdpx) live in exchange/.
 *
 * Rules:
 * - Theme ids are slugs and never change; a rename changes the name only, so
 *   codes tagged with the theme keep their tag.
 * - Moving a theme under one of its own descendants is refused (no cycles).
 * - Merging theme A into B retags codes (the caller applies `retag` to each
 *   sidecar), moves A's children under B, and removes A.
 * - Deleting a theme moves its children up to its parent; codes keep the tag
 *   until the caller removes it (the check reports unknown tags, never drops
 *   them).
 */
import { freeId, slugify } from '../model/ids';
import { isColor, type Code, type Project, type Theme } from '../model/schema';
import { ProjectError } from '../theory/project';

/** The codebook's themes (none when the project has no codebook). */
export function themes(project: Project): Theme[] {
  return project.codebook ?? [];
}

function theme(project: Project, id: string): Theme {
  const t = themes(project).find((x) => x.id === id);
  if (!t) throw new ProjectError(`no theme "${id}" in the codebook`);
  return t;
}

function update(project: Project, id: string, change: (t: Theme) => Theme): Project {
  theme(project, id);
  return { ...project, codebook: themes(project).map((t) => (t.id === id ? change(t) : t)) };
}

/** A fresh theme id from a name: its slug, numbered if taken. */
export function themeIdFor(project: Project, name: string): string {
  return freeId(slugify(name) || 'theme', new Set(themes(project).map((t) => t.id)));
}

export function createTheme(project: Project, fields: { name: string; parent?: string | null; description?: string; color?: string }): { project: Project; id: string } {
  const name = fields.name.trim();
  if (!name) throw new ProjectError('a theme needs a name');
  if (fields.parent) theme(project, fields.parent);
  const id = themeIdFor(project, name);
  const t: Theme = { id, name, parent: fields.parent ?? null, ...(fields.description?.trim() ? { description: fields.description.trim() } : {}), ...(fields.color ? { color: fields.color } : {}) };
  return { project: { ...project, codebook: [...themes(project), t] }, id };
}

export function renameTheme(project: Project, id: string, name: string): Project {
  if (!name.trim()) throw new ProjectError('a theme needs a name');
  return update(project, id, (t) => ({ ...t, name: name.trim() }));
}

export function describeTheme(project: Project, id: string, description: string): Project {
  return update(project, id, (t) => {
    const { description: _old, ...rest } = t;
    return description.trim() ? { ...rest, description: description.trim() } : rest;
  });
}

export function setThemeColor(project: Project, id: string, color: string | undefined): Project {
  if (color !== undefined && !isColor(color)) throw new ProjectError('a colour is #rrggbb');
  return update(project, id, (t) => {
    const { color: _old, ...rest } = t;
    return color ? { ...rest, color } : rest;
  });
}

/** How far a theme's label is indented for its depth: `unit` per level up to 12, then its depth as a number (a chain thousands deep would make every label megabytes). */
export function themeIndent(depth: number, unit: string): string {
  return depth <= 12 ? unit.repeat(depth) : `${unit.repeat(12)}(level ${depth}) `;
}

/** How deep themes may nest and still be exported as REFI-QDA XML others read: libxml2 stops at 256 nested elements, and the codebook's wrapping elements take some. */
export const THEME_DEPTH_LIMIT = 240;

/**
 * The themes in a parent cycle (a hand-edited or merged file: A under B, B
 * under A), each cycle once, in codebook order. `cmo check` reports them;
 * everything else treats a cycle's themes as top-level (themeParents).
 */
export function themeCycles(codebook: readonly Theme[]): string[][] {
  const byId = new Map(codebook.map((t) => [t.id, t]));
  const state = new Map<string, 'walking' | 'done'>();
  const cycles: string[][] = [];
  for (const start of codebook) {
    // Up the parents from `start`, iteratively: a chain of any length, no stack.
    const path: string[] = [];
    let t: Theme | undefined = start;
    while (t && !state.has(t.id)) {
      state.set(t.id, 'walking');
      path.push(t.id);
      t = t.parent != null ? byId.get(t.parent) : undefined;
    }
    if (t && state.get(t.id) === 'walking') cycles.push(path.slice(path.indexOf(t.id)));
    for (const id of path) state.set(id, 'done');
  }
  return cycles;
}

/**
 * Each theme's parent as the tree shows it: its own, unless that is not in
 * the codebook or the theme is in a parent cycle (then none: it shows at the
 * top). One map, so the tree, the sub-themes and the roll-ups agree.
 */
export function themeParents(codebook: readonly Theme[]): Map<string, string | null> {
  const ids = new Set(codebook.map((t) => t.id));
  const inCycle = new Set(themeCycles(codebook).flat());
  return new Map(codebook.map((t) => [t.id, t.parent != null && ids.has(t.parent) && !inCycle.has(t.id) && t.parent !== t.id ? t.parent : null]));
}

/** Each theme's children ids in codebook order, by the tree's parents (themeParents); top-level themes under null. */
function childrenOf(codebook: readonly Theme[]): Map<string | null, Theme[]> {
  const parents = themeParents(codebook);
  const kids = new Map<string | null, Theme[]>();
  for (const t of codebook) {
    const p = parents.get(t.id) ?? null;
    let list = kids.get(p);
    if (!list) kids.set(p, (list = []));
    list.push(t);
  }
  return kids;
}

/** The theme's descendants' ids (not itself), by the tree's parents: linear, however deep. */
export function descendants(project: Project, id: string): Set<string> {
  const kids = childrenOf(themes(project));
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const k of kids.get(stack.pop() as string) ?? []) {
      if (out.has(k.id) || k.id === id) continue;
      out.add(k.id);
      stack.push(k.id);
    }
  }
  return out;
}

/** Moves a theme under another (or to the top with null). */
export function moveTheme(project: Project, id: string, parent: string | null): Project {
  if (parent !== null) {
    theme(project, parent);
    if (parent === id || descendants(project, id).has(parent)) throw new ProjectError('a theme cannot go under itself or one of its own sub-themes');
  }
  return update(project, id, (t) => ({ ...t, parent }));
}

/** Removes a theme; its children move up to its parent. Codes keep the tag (see `retag`). */
export function deleteTheme(project: Project, id: string): Project {
  const t = theme(project, id);
  return { ...project, codebook: themes(project).filter((x) => x.id !== id).map((x) => (x.parent === id ? { ...x, parent: t.parent ?? null } : x)) };
}

/** Merges `from` into `into`: children move to `into`, `from` goes. Codes are retagged with `retag(codes, from, into)`. */
export function mergeThemes(project: Project, from: string, into: string): Project {
  if (from === into) throw new ProjectError('merge a theme into another one');
  theme(project, from);
  const target = theme(project, into);
  if (descendants(project, from).has(into)) throw new ProjectError(`"${target.name}" is under the theme being merged; move it out first`);
  return { ...project, codebook: themes(project).filter((x) => x.id !== from).map((x) => (x.parent === from ? { ...x, parent: into } : x)) };
}

/** Codes with tag `from` replaced by `to` (or removed when `to` is undefined); the same array when nothing changed. */
export function retag(codes: readonly Code[], from: string, to: string | undefined): Code[] {
  let changed = false;
  const out = codes.map((c) => {
    if (!c.tags?.includes(from)) return c;
    changed = true;
    const tags = [...new Set(c.tags.map((t) => (t === from ? to : t)).filter((t): t is string => !!t))];
    const { tags: _old, ...rest } = c;
    return tags.length ? { ...rest, tags } : rest;
  });
  return changed ? out : (codes as Code[]);
}

/** Theme ids in tree order (parents before children, siblings in codebook order), with depth. */
export function themeTree(project: Project): Array<{ theme: Theme; depth: number }> {
  // Depth first with a stack of its own: a chain thousands of themes deep is walked as any other.
  const kids = childrenOf(themes(project));
  const out: Array<{ theme: Theme; depth: number }> = [];
  const stack: Array<{ theme: Theme; depth: number }> = [...(kids.get(null) ?? [])].reverse().map((theme) => ({ theme, depth: 0 }));
  while (stack.length) {
    const x = stack.pop() as { theme: Theme; depth: number };
    out.push(x);
    const below = kids.get(x.theme.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ theme: below[i] as Theme, depth: x.depth + 1 });
  }
  return out;
}

/** "Parent › Child" for a theme id, following parents in the codebook (cycles cut). */
export function themePath(codebook: readonly Theme[], id: string): string {
  const byId = new Map(codebook.map((t) => [t.id, t]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (let t = byId.get(id); t && !seen.has(t.id); t = t.parent ? byId.get(t.parent) : undefined) {
    seen.add(t.id);
    names.push(t.name);
  }
  return names.length ? names.reverse().join(' › ') : id;
}

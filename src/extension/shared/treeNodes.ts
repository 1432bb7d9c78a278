/**
 * The tree views' shared conventions. Every node is a plain object with a
 * `kind` discriminator (`{ kind: 'theme', id }`, `{ kind: 'passage', ref, … }`),
 * so it can travel through drag and drop and command arguments as JSON, and
 * `getTreeItem` switches on `kind`. `contextValue`s are `cmo.<kind>[.<state>]`
 * and matched in package.json's `when` clauses.
 */

/** Drag and drop between the Theories view and the Themes view. */
export const THEORY_TREE_MIME = 'application/vnd.code.tree.cmo.theories';
export const THEMES_TREE_MIME = 'application/vnd.code.tree.cmo.themes';

/** The items of a drop, whether the host hands them over as objects or as JSON text. */
export function droppedItems<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

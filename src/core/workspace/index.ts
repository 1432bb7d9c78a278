/**
 * The workspace domain: a folder read as a whole. The one walk over the
 * sidecars and the loaders on it (load.ts), the code index of the theory
 * tree (workspaceIndex.ts), and the check of every file and reference
 * (check.ts). Nothing here writes.
 */
export * from './load';
export * from './workspaceIndex';
export * from './check';

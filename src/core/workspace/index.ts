/**
 * The workspace domain: a folder read as a whole. The one walk over the
 * sidecars and the loaders on it (load.ts), the code index of the theory
 * tree (workspaceIndex.ts), the check of every file and reference
 * (check.ts), and the PDF twins that are out of date (pdfTwins.ts, the one
 * file here that writes: a re-import and its codes, anchored again).
 */
export * from './load';
export * from './workspaceIndex';
export * from './check';
export * from './pdfTwins';

/**
 * The formats domain: the files on disk. Where they are (paths.ts), the
 * FileSystem hosts implement (fs.ts), parsing with positions for every error
 * (parse.ts), the one canonical serializer (canonical.ts), loading and
 * refusing to write a broken file (store.ts), the three-way merge and the
 * conflict records it leaves (merge.ts, conflicts.ts), a sidecar as git
 * should diff it (textconv.ts), how much is read at most (limits.ts). jsonSchema.ts is
 * build-time only (esbuild.mjs writes the JSON Schemas from it).
 */
export * from './fs';
export * from './paths';
export * from './canonical';
export * from './parse';
export * from './store';
export * from './merge';
export * from './conflicts';
export * from './textconv';
export * from './limits';

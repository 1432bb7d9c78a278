/** The vscode-free core of CMO Coder: what the extension and the CLI share. */
export * from './anchor';
export * from './canonical';
export * from './check';
export * from './fs';
export * from './ids';
export * from './loose';
export * from './parse';
export * from './problems';
export * from './roles';
export * from './schema';
export * from './sections';
export * from './store';
export * from './text';
export * from './liveCodes';
export * from './project';
export * from './report';
export * from './workspaceIndex';

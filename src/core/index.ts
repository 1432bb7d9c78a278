/**
 * The vscode-free core of CMO Coder: what the extension and the CLI share.
 *
 * One folder per domain, exported here in layer order, bottom first: a
 * domain imports only from domains above it in this list (from lower layers),
 * never from one below it. test/unit/core/layers.test.ts reads this order
 * and enforces it.
 */
export * from './model';
export * from './text';
export * from './formats';
export * from './pdf';
export * from './anchoring';
export * from './editing';
export * from './theory';
export * from './codebook';
export * from './workspace';
export * from './pairs';
export * from './exchange';

/**
 * The codebook domain: themes with their hierarchy (themes.ts) and document
 * attributes (attributes.ts), as pure operations on the project.
 */
export * from './themes';
export * from './attributes';

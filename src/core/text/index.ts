/**
 * The text domain: an article as text. UTF-8 decoding, LF folding, hashing,
 * line/column positions and excerpts (text.ts), and Markdown heading paths
 * for sections (sections.ts), CSV fields (csv.ts). Offsets are UTF-16 code units over LF text.
 */
export * from './text';
export * from './sections';
export * from './headings';
export * from './csv';

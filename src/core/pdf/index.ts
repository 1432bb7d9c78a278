/**
 * PDFs: the layout analysis that turns a PDF's positioned text into the
 * article as a reviewer reads it (layout.ts), and the Markdown twin that is
 * coded in its place, with its source line and page markers (twin.ts). No
 * PDF parsing here: the pdf.js adapter is src/pdf.
 */
export * from './layout';
export * from './twin';
export * from './import';
export * from './inflated';

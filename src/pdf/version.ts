/** The pinned pdf.js (package.json has the same exact version; a unit test holds them together). Named in each twin's first line. */
export const PDFJS_VERSION = '5.4.624';
export const PDF_EXTRACTOR_NAME = `pdfjs-dist ${PDFJS_VERSION}`;

/**
 * Importing a PDF: its Markdown twin written beside it (or where asked),
 * through the host's FileSystem, with the PDF read by the host's extractor
 * (pdf.js in src/pdf). Shared by `cmo import-pdf` and "CMO: Add article…".
 *
 * Nothing is lost: a file at the twin's path that is not this PDF's twin
 * (the user's own notes) is never overwritten; a PDF without a text layer
 * writes nothing and says why; a re-import replaces only the twin's text, so
 * its sidecar's codes are re-anchored (and shown as orphans if gone), never
 * dropped.
 */
import { FileNotFound, dirname, relativePath, type FileSystem } from '../formats/fs';
import { parseSidecarText } from '../formats/parse';
import { DEFAULT_SIDECAR_SUFFIX, sidecarPathFor } from '../formats/paths';
import { decodeUtf8, encodeUtf8, sha256OfBytes } from '../text/text';
import { PAGE_MARKER_PATTERN, type LayoutOptions, type PdfLayout, type PdfPage } from './layout';
import { LAYOUT_VERSION, twinSource, twinText } from './twin';
import { DEFAULT_LIMITS, type Limits } from '../formats/limits';
import { pdfRefusal, TOO_MANY_PAGES, tooManyPages } from './inflated';

export interface PdfExtractor {
  /** Names the extractor in the twin's first line: "pdfjs-dist 5.4.624". */
  name: string;
  /**
   * Every page's text. With `maxPages`, a PDF with more pages is not read:
   * the extractor throws an error named TOO_MANY_PAGES (inflated.ts) with
   * the count in its `pages`, as soon as it knows the count.
   */
  pages(bytes: Uint8Array, progress?: (done: number, total: number) => void, options?: { maxPages?: number }): Promise<PdfPage[]>;
  /** The English word list (dist/words-en.txt) for hyphens at line ends; without it, the document's own words alone decide. */
  words?(): Promise<ReadonlySet<string> | undefined>;
  /**
   * The layout analysis (layout.ts's layoutPdf), passed in so that a host can
   * load it with pdf.js only when a PDF is imported (the desktop extension's
   * bundle stays small); the web extension passes core's own.
   */
  layout(pages: readonly PdfPage[], options: LayoutOptions): PdfLayout;
}

/** A word list file: one lower-case word a line, lines starting with # are comments. */
export function parseWordList(text: string): Set<string> {
  const words = new Set<string>();
  for (const line of text.split('\n')) if (line && !line.startsWith('#')) words.add(line.trim());
  return words;
}

export interface ImportedPdf {
  pdf: string;
  /** The twin's path. */
  text: string;
  pages: number;
  chars: number;
  warnings: string[];
  /** written: new or changed; unchanged: the same text was there; refused / failed: nothing written (see `error`). */
  status: 'written' | 'unchanged' | 'refused' | 'failed';
  error?: string;
  /** Codes in the twin's sidecar before this import (a re-import): they are re-anchored on next open or `cmo anchor`. */
  codes?: number;
  layout?: PdfLayout;
}

export async function importPdf(fs: FileSystem, pdfPath: string, twinPath: string, extractor: PdfExtractor, options: { suffix?: string; progress?: (done: number, total: number) => void; limits?: Limits } = {}): Promise<ImportedPdf> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const base: ImportedPdf = { pdf: pdfPath, text: twinPath, pages: 0, chars: 0, warnings: [], status: 'failed' };
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(pdfPath);
  } catch (e) {
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    return { ...base, error: e instanceof FileNotFound ? `${pdfPath} does not exist.` : `${pdfPath} could not be read: ${reason.replace(/\.?$/, '.')} Nothing was written.` };
  }
  if (!isPdf(bytes)) return { ...base, error: `${pdfPath} is not a PDF (it does not start with %PDF-). Nothing was written.` };
  const refusal = pdfRefusal(pdfPath, bytes, limits);
  if (refusal) return { ...base, error: `${refusal} Nothing was written.` };
  let pages: PdfPage[];
  try {
    pages = await extractor.pages(bytes, options.progress, { maxPages: limits.pdfPages });
  } catch (e) {
    if ((e as Error).name === TOO_MANY_PAGES) return { ...base, error: `${tooManyPages(pdfPath, (e as { pages?: number }).pages ?? 0, limits)} Nothing was written.` };
    if ((e as Error).name === 'PasswordException') return { ...base, error: `${pdfPath} is encrypted with a password. Open it in a PDF reader with its password and print it to a new PDF ("Print to PDF"), then import that one. Nothing was written.` };
    return { ...base, error: `${pdfPath} could not be read as a PDF: ${(e as Error).message}. Nothing was written; if it opens in a PDF reader, save it again from there ("Print to PDF") and import that.` };
  }
  const layout = extractor.layout(pages, { words: await extractor.words?.() });
  const body = layout.text.replace(PAGE_MARKER_PATTERN, '').trim();
  const refused = (error: string): ImportedPdf => ({ ...base, pages: pages.length, warnings: layout.warnings, error: `${error} Nothing was written.` });
  if (!pages.length) return refused(`${pdfPath} has no pages.`);
  if (!body) {
    const fields = pages.reduce((n, p) => n + (p.formText?.length ?? 0), 0);
    const encrypted = pages.some((p) => p.encrypted);
    const print = 'open it in a PDF reader and print it to a new PDF ("Print to PDF", which writes the form\'s text onto the pages), then import that one';
    if (fields) return refused(`${pdfPath} has no text on its pages: its text is in ${fields} form field${fields === 1 ? '' : 's'}${encrypted ? ', and it is encrypted' : ''}. To code it, ${print}.`);
    if (encrypted) return refused(`${pdfPath} is encrypted, and its pages give no text (its text may be protected from extraction, or it is a scan). To code it, ${print}; if that copy has no text either, run it through OCR (e.g. ocrmypdf).`);
    return refused(`${pdfPath} has no text layer: its ${pages.length} page${pages.length === 1 ? ' is an image' : 's are images'} (a scan?). CMO Coder does not do OCR: run it through OCR first (e.g. ocrmypdf), then import the result.`);
  }
  if (layout.unreadable.share >= 0.5) {
    return refused(`${pdfPath}'s text cannot be read as words: its fonts map their glyphs to no letters, or to the wrong ones (pages ${layout.unreadable.pages.join(', ')}), so no passage of it could be coded. Run it through OCR (e.g. ocrmypdf --force-ocr) and import the result.`);
  }
  const existing = await readText(fs, twinPath);
  if (existing !== undefined && !twinSource(existing)) {
    return { ...base, status: 'refused', pages: pages.length, warnings: layout.warnings, error: `${twinPath} exists and is not the text of ${pdfPath} (no "cmo-pdf" first line), so it was left alone. Move it, or import to another folder (--out).` };
  }
  const { text } = twinText(layout, { pdf: relativePath(dirname(twinPath), pdfPath), sha256: sha256OfBytes(bytes), pages: pages.length, extractor: `${extractor.name}, layout ${LAYOUT_VERSION}` });
  const result: ImportedPdf = { ...base, pages: pages.length, chars: text.length, warnings: layout.warnings, layout, status: 'unchanged' };
  if (existing !== undefined) {
    const sidecar = await readText(fs, sidecarPathFor(twinPath, options.suffix ?? DEFAULT_SIDECAR_SUFFIX));
    const parsed = sidecar === undefined ? undefined : parseSidecarText(sidecarPathFor(twinPath, options.suffix ?? DEFAULT_SIDECAR_SUFFIX), sidecar);
    if (parsed?.ok && parsed.value.codes.length) result.codes = parsed.value.codes.length;
  }
  if (existing === text) return result;
  await fs.writeFile(twinPath, encodeUtf8(text));
  return { ...result, status: 'written' };
}

function isPdf(bytes: Uint8Array): boolean {
  // "%PDF-" within the first KB, as readers allow.
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

async function readText(fs: FileSystem, path: string): Promise<string | undefined> {
  try {
    return decodeUtf8(await fs.readFile(path));
  } catch (e) {
    if (e instanceof FileNotFound) return undefined;
    throw e;
  }
}

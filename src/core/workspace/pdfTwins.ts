/**
 * PDF twins of a workspace that are out of date, and bringing them up to
 * date without losing a code.
 *
 * A twin is out of date when an older layout of the import made it (its
 * first line says "layout N") or its PDF changed since. Re-importing it
 * rewrites its text; its sidecar's codes are then anchored again on the new
 * text and saved: each is found where its words are now, or kept as it was
 * and counted as orphaned (shown in Problems, re-attachable), never dropped
 * and never placed on other words (anchoring's rules). A sidecar that does
 * not parse is left alone and said so; the twin is re-imported all the same,
 * and its codes are found on opening it once the sidecar is fixed.
 */
import { anchorCodes } from '../anchoring/anchor';
import { reanchoredSidecar, summarize } from '../anchoring/reanchor';
import { findFiles, type FileSystem } from '../formats/fs';
import type { Limits } from '../formats/limits';
import { DEFAULT_SIDECAR_SUFFIX, sidecarPathFor } from '../formats/paths';
import { loadArticle, loadSidecar, saveSidecar } from '../formats/store';
import { importPdf, type ImportedPdf, type PdfExtractor } from '../pdf/import';
import { LAYOUT_VERSION, layoutOf, pdfPathOf, twinSource } from '../pdf/twin';
import { sha256OfBytes, decodeUtf8 } from '../text/text';

export interface StaleTwin {
  twin: string;
  pdf: string;
  /** An older layout made it, or its PDF changed (or both: layout wins). */
  reason: 'layout' | 'pdf-changed';
  /** The layout that made it. */
  layout: number | undefined;
}

/** The twins under `root` that an older layout made or whose PDF changed, in path order. A twin whose PDF is gone is left out. */
export async function staleTwins(fs: FileSystem, root = ''): Promise<StaleTwin[]> {
  const out: StaleTwin[] = [];
  for (const path of await findFiles(fs, root, (name) => /\.md$/i.test(name))) {
    const source = await readTwinSource(fs, path);
    if (!source) continue;
    const pdf = pdfPathOf(path, source);
    const bytes = await fs.readFile(pdf).catch(() => undefined);
    if (!bytes) continue;
    const layout = layoutOf(source);
    if (layout === undefined || layout < LAYOUT_VERSION) out.push({ twin: path, pdf, reason: 'layout', layout });
    else if (sha256OfBytes(bytes) !== source.sha256) out.push({ twin: path, pdf, reason: 'pdf-changed', layout });
  }
  return out;
}

async function readTwinSource(fs: FileSystem, path: string) {
  try {
    return twinSource(decodeUtf8(await fs.readFile(path)));
  } catch {
    return undefined;
  }
}

export interface ReimportedTwin extends StaleTwin {
  imported: ImportedPdf;
  /** The twin's codes after re-import: found, or kept and orphaned. Absent without a sidecar. */
  codes?: { kept: number; moved: number; fuzzy: number; orphaned: number; written: boolean };
  /** Why its codes were not anchored again (a sidecar that does not parse). */
  problem?: string;
}

/** Re-imports a twin from its PDF, then anchors its sidecar's codes on the new text and saves them. */
export async function reimportTwin(fs: FileSystem, stale: StaleTwin, extractor: PdfExtractor, options: { suffix?: string; progress?: (done: number, total: number) => void; limits?: Limits } = {}): Promise<ReimportedTwin> {
  return reanchorTwin(fs, stale, await importPdf(fs, stale.pdf, stale.twin, extractor, options), options.suffix);
}

/** After a twin's re-import (`imported`, done here or by another thread): its sidecar's codes anchored on the new text and saved. */
export async function reanchorTwin(fs: FileSystem, stale: StaleTwin, imported: ImportedPdf, suffix = DEFAULT_SIDECAR_SUFFIX): Promise<ReimportedTwin> {
  const result: ReimportedTwin = { ...stale, imported };
  if (imported.error) return result;
  const sidecarPath = sidecarPathFor(stale.twin, suffix);
  const loaded = await loadSidecar(fs, sidecarPath);
  if (loaded.state === 'missing') return result;
  if (loaded.state === 'invalid') return { ...result, problem: `${sidecarPath} does not parse, so its codes were not anchored again; fix it (cmo check lists where), and they are found when the twin is opened.` };
  const text = await loadArticle(fs, stale.twin);
  if (!('text' in text)) return { ...result, problem: `${stale.twin} could not be read back.` };
  const anchored = anchorCodes(text.text, loaded.value.codes);
  const report = summarize(anchored);
  const written = await saveSidecar(fs, sidecarPath, reanchoredSidecar(stale.twin, text.text, loaded.value, anchored));
  return { ...result, codes: { kept: report.kept, moved: report.moved, fuzzy: report.fuzzy, orphaned: report.orphaned, written } };
}

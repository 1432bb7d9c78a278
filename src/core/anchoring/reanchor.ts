/**
 * Re-anchoring a whole sidecar against its article's current text: the
 * report of what was kept, moved, found approximately or orphaned, and the
 * sidecar to write (`cmo anchor --write`, and the editor on save).
 */
import type { Sidecar } from '../model/schema';
import { SectionIndex } from '../text/sections';
import { sha256Hex } from '../text/text';
import { updatedCode, type Anchored, type AnchorStatus } from './anchor';

export interface AnchorReport {
  kept: number;
  moved: number;
  fuzzy: number;
  orphaned: number;
  codes: Array<{ id: string; status: AnchorStatus; start: number; end: number }>;
}

export function summarize(results: readonly Anchored[]): AnchorReport {
  const report: AnchorReport = { kept: 0, moved: 0, fuzzy: 0, orphaned: 0, codes: [] };
  for (const r of results) {
    report[r.status]++;
    report.codes.push({ id: r.code.id, status: r.status, start: r.start, end: r.end });
  }
  return report;
}

/**
 * The sidecar after re-anchoring against the article's current text: new
 * positions, quotes, context and sections for codes that were found, the new
 * sha256; orphans exactly as they were.
 */
export function reanchoredSidecar(articlePath: string, text: string, sidecar: Sidecar, results: readonly Anchored[]): Sidecar {
  let sections: SectionIndex | undefined;
  const codes = results.map((r) => {
    const code = updatedCode(text, r);
    if (code !== r.code && r.status !== 'kept' && code.start !== r.code.start) {
      sections ??= SectionIndex.forArticle(articlePath, text);
      const section = sections.at(code.start);
      if (section !== undefined) return { ...code, section };
    }
    return code;
  });
  return { ...sidecar, sha256: sha256Hex(text), codes };
}


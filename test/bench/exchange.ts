/**
 * Exchange at scale (issue 30): each row times the large case against ten
 * times a case a tenth its size, measured in the same run. A ratio near 1 is
 * linear; a quadratic step would show as 10 (the budget is 2).
 *   - .qdpx import of a project.qde with 100,000 sibling <Note> elements
 *   - .qdpx export of a 7 MB article with 2,000 codes (offsets in code points)
 *   - the matrix with one row per article, at 5,000 articles
 */
import { strToU8, zipSync } from 'fflate';
import type { Code } from '../../src/core';
import { bigArticle, manyCodes } from './fixtures';
import { time, type Row } from './harness';
import { shippedCore } from './shippedCore';

const { crossTab, emptySidecar, sha256Hex, importQdpx, loadExportData, MemoryFileSystem, qdpxOfWorkspace, ROLES, selectorFor, serializeProject, serializeSidecar } = shippedCore();

function qdpxWithNotes(n: number): Uint8Array {
  const notes: string[] = [];
  for (let i = 0; i < n; i++) {
    const hex = i.toString(16).padStart(12, '0');
    notes.push(`<Note guid="00000000-0000-4000-8000-${hex}" name="Note ${i}"><PlainTextContent>Memo ${i}: why this passage matters.</PlainTextContent></Note>`);
  }
  const qde = `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="bench"><Notes>${notes.join('\n')}</Notes></Project>\n`;
  return zipSync({ 'project.qde': strToU8(qde) });
}

async function exportData(text: string, codes: Code[]) {
  const fs = new MemoryFileSystem({ 'a.md': text, 'a.md.cmo.json': serializeSidecar({ ...emptySidecar('a.md', text), codes }), 'cmo-project.json': serializeProject({ cmo: 1 }) });
  return loadExportData(fs);
}

async function articlesData(n: number) {
  const files: Record<string, string> = {};
  const text = 'A short article about dialogue and trust in a community programme.\n';
  for (let a = 0; a < n; a++) {
    const path = `papers/a${String(a).padStart(5, '0')}.md`;
    const codes: Code[] = ROLES.map((role, i) => ({ id: `c${i}${String(a).padStart(6, '0')}`.slice(0, 8), role, ...selectorFor(text, i * 10, i * 10 + 8) }));
    files[path] = text;
    files[`${path}.cmo.json`] = serializeSidecar({ ...emptySidecar(path, text), codes });
  }
  files['cmo-project.json'] = serializeProject({ cmo: 1 });
  return loadExportData(new MemoryFileSystem(files));
}

export async function exchangeRows(rows: Row[], log: (s: string) => void): Promise<void> {
  {
    const big = qdpxWithNotes(100_000);
    const small = qdpxWithNotes(10_000);
    const none = new Map();
    const ours = time(() => void importQdpx(big, none, []), 3, 1);
    const tenth = time(() => void importQdpx(small, none, []), 5, 1);
    rows.push({ name: '.qdpx import, 100,000 sibling <Note> elements', maxRatio: 2, medianMs: ours, baselineName: '10 × the import of 10,000', baselineMs: tenth * 10, note: `[${(big.length / 1e6).toFixed(1)} MB zipped]` });
  }
  {
    // A 7 MB article with characters outside the BMP here and there (offsets count them once: code points).
    const text = bigArticle(7_000_000, 11).replace(/\. /g, (m, at: number) => (at % 97 === 0 ? '. 😀 ' : m));
    const codes = manyCodes(text, 2000);
    const data = await exportData(text, codes);
    const ours = time(() => void qdpxOfWorkspace(data, 'bench'), 5, 1);
    // What any export does once: the article to UTF-8 and a hash of it (the source file and its name).
    const sidecar = serializeSidecar({ ...emptySidecar('a.md', text), codes });
    const baseline = time(() => void sha256Hex(`${text}${sidecar}`), 5, 1);
    log(`export: a ${(text.length / 1e6).toFixed(1)} M-character article`);
    rows.push({ name: '.qdpx export, a 7 MB article with 2,000 codes', maxRatio: 10, medianMs: ours, baselineName: 'one SHA-256 of the article and its sidecar', baselineMs: baseline, note: '[offsets counted from the start for each code took 31 s here]' });
  }
  {
    const data = await articlesData(5000);
    const tenthData = await articlesData(500);
    const spec = (kind: 'article' | 'role') => ({ kind });
    const ours = time(() => void crossTab(data, spec('article'), spec('role')), 5, 1);
    const tenth = time(() => void crossTab(tenthData, spec('article'), spec('role')), 7, 2);
    rows.push({ name: 'matrix --rows article --cols role, 5,000 articles', maxRatio: 2, medianMs: ours, baselineName: '10 × the matrix of 500 articles', baselineMs: tenth * 10 });
  }
}

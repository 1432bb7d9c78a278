/**
 * What the exports read: every article with its codes placed on its current
 * text, the project, and for each code its themes (full paths),
 * configurations and theories. Shared by CSV, Markdown and REFI-QDA.
 */
import { anchorCodes } from '../anchoring/anchor';
import { loadCoding } from '../pairs/compare';
import type { FileSystem } from '../formats/fs';
import { ROLE_INFO } from '../model/roles';
import type { Code, Project, Theme } from '../model/schema';
import { DEFAULT_SIDECAR_SUFFIX, loadProject } from '../formats/store';
import { LineIndex } from '../text/text';

export interface ExportCode {
  code: Code;
  /** Where the code is in the article's current text; undefined for an orphan. */
  start?: number;
  end?: number;
  /** 1-based line of the start, when placed. */
  line?: number;
  themes: string[];
  configurations: string[];
  theories: string[];
}

export interface ExportArticle {
  path: string;
  text: string;
  codes: ExportCode[];
}

export interface ExportData {
  project: Project;
  articles: ExportArticle[];
  /** Files left out, and why. */
  skipped: Array<{ path: string; reason: string }>;
}

/** "Parent › Child" for a theme id, following parents in the codebook (cycles cut). */
export function themePath(codebook: readonly Theme[], id: string): string {
  const byId = new Map(codebook.map((t) => [t.id, t]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (let t = byId.get(id); t && !seen.has(t.id); t = t.parent ? byId.get(t.parent) : undefined) {
    seen.add(t.id);
    names.unshift(t.name);
  }
  return names.length ? names.join(' › ') : id;
}

export async function loadExportData(fs: FileSystem, suffix = DEFAULT_SIDECAR_SUFFIX): Promise<ExportData> {
  const loaded = await loadProject(fs);
  if (loaded.state === 'invalid') throw new Error(`${loaded.path} does not parse: ${loaded.problems[0]?.message ?? ''}`);
  const project: Project = loaded.state === 'ok' ? loaded.value : { cmo: 1 };
  const coding = await loadCoding(fs, '', suffix);
  const codebook = project.codebook ?? [];
  const confsOf = new Map<string, string[]>();
  const theoriesOf = new Map<string, string[]>();
  const theoriesOfConf = new Map<string, string[]>();
  for (const t of project.theories ?? []) for (const k of t.configurations) theoriesOfConf.set(k, [...(theoriesOfConf.get(k) ?? []), t.title]);
  for (const k of project.configurations ?? []) {
    for (const ref of k.codes) {
      confsOf.set(ref, [...(confsOf.get(ref) ?? []), k.title]);
      for (const t of theoriesOfConf.get(k.id) ?? []) if (!(theoriesOf.get(ref) ?? []).includes(t)) theoriesOf.set(ref, [...(theoriesOf.get(ref) ?? []), t]);
    }
  }
  const articles: ExportArticle[] = [];
  for (const [path, a] of [...coding.articles].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
    const lines = new LineIndex(a.text);
    const anchored = anchorCodes(a.text, a.codes);
    const codes = anchored
      .map((r): ExportCode => {
        const ref = `${path}#${r.code.id}`;
        const placed = r.status !== 'orphaned';
        return {
          code: r.code,
          ...(placed ? { start: r.start, end: r.end, line: lines.position(r.start).line + 1 } : {}),
          themes: (r.code.tags ?? []).map((t) => themePath(codebook, t)),
          configurations: confsOf.get(ref) ?? [],
          theories: theoriesOf.get(ref) ?? [],
        };
      })
      .sort((x, y) => (x.start ?? Infinity) - (y.start ?? Infinity) || (x.code.id < y.code.id ? -1 : 1));
    articles.push({ path, text: a.text, codes });
  }
  return { project, articles, skipped: coding.unreadable };
}

// ---------------------------------------------------------------------------
// CSV: one row per coded passage

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; rows end with CRLF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_COLUMNS = ['article', 'section', 'line', 'role', 'themes', 'configurations', 'theories', 'memo', 'coder', 'created', 'quote', 'id'] as const;

export function toCsv(data: ExportData, options: { bom?: boolean } = {}): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const a of data.articles) {
    for (const c of a.codes) {
      rows.push([
        a.path,
        c.code.section ?? '',
        c.line === undefined ? 'orphaned' : String(c.line),
        ROLE_INFO[c.code.role].label,
        c.themes.join('; '),
        c.configurations.join('; '),
        c.theories.join('; '),
        c.code.note ?? '',
        c.code.coder ?? '',
        c.code.created ?? '',
        c.code.exact,
        c.code.id,
      ]);
    }
  }
  return (options.bom ? '\ufeff' : '') + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------
// Markdown: the same sheet, one table per article

function mdCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

export function toMarkdown(data: ExportData): string {
  const out: string[] = ['# Coded passages', '', `${data.articles.reduce((n, a) => n + a.codes.length, 0)} passages in ${data.articles.length} article(s).`, ''];
  for (const a of data.articles) {
    out.push(`## ${mdCell(a.path)}`, '', '| line | role | quote | themes | configurations | memo | coder |', '|---:|---|---|---|---|---|---|');
    for (const c of a.codes) {
      out.push(`| ${c.line ?? 'orphaned'} | ${ROLE_INFO[c.code.role].letter} ${ROLE_INFO[c.code.role].label} | “${mdCell(c.code.exact)}” | ${mdCell(c.themes.join('; '))} | ${mdCell(c.configurations.join('; '))} | ${mdCell(c.code.note ?? '')} | ${mdCell(c.code.coder ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * What the exports read: every article with its codes placed on its current
 * text, the project, and for each code its themes (full paths),
 * configurations and theories. Shared by CSV, Markdown and REFI-QDA.
 */
import { anchorCodes } from '../anchoring/anchor';
import { themePath } from '../codebook/themes';
import { stanceOf } from '../theory/project';
import type { FileSystem } from '../formats/fs';
import { DEFAULT_SIDECAR_SUFFIX } from '../formats/paths';
import type { Code, Project } from '../model/schema';
import { PageIndex } from '../pdf/twin';
import { LineIndex } from '../text/text';
import { loadCoding, loadProjectOrEmpty } from '../workspace/load';

export interface ExportCode {
  code: Code;
  /** Where the code is in the article's current text; undefined for an orphan. */
  start?: number;
  end?: number;
  /** 1-based line of the start, when placed. */
  line?: number;
  /** For a PDF's twin: the page of the start, when placed. */
  page?: number;
  themes: string[];
  configurations: string[];
  /** The ids of those configurations, each once. */
  configurationIds: string[];
  theories: string[];
}

export interface ExportArticle {
  path: string;
  text: string;
  codes: ExportCode[];
  /** Ids of codes with a merge conflict waiting to be reconciled. */
  conflicted?: string[];
}

export interface ExportData {
  project: Project;
  articles: ExportArticle[];
  /** Files left out, and why. */
  skipped: Array<{ path: string; reason: string }>;
}

export async function loadExportData(fs: FileSystem, suffix = DEFAULT_SIDECAR_SUFFIX): Promise<ExportData> {
  const project = await loadProjectOrEmpty(fs);
  const coding = await loadCoding(fs, '', suffix);
  const codebook = project.codebook ?? [];
  const confsOf = new Map<string, string[]>();
  const confIdsOf = new Map<string, string[]>();
  const theoriesOf = new Map<string, string[]>();
  const theoriesOfConf = new Map<string, string[]>();
  for (const t of project.theories ?? []) for (const k of t.configurations) theoriesOfConf.set(k, [...(theoriesOfConf.get(k) ?? []), t.title]);
  for (const k of project.configurations ?? []) {
    for (const ref of k.codes) {
      // A passage that refutes or refines the configuration says so beside its title.
      const stance = stanceOf(k, ref);
      confsOf.set(ref, [...(confsOf.get(ref) ?? []), stance === 'supports' ? k.title : `${k.title} (${stance})`]);
      const ids = confIdsOf.get(ref);
      if (!ids) confIdsOf.set(ref, [k.id]);
      else if (!ids.includes(k.id)) ids.push(k.id);
      for (const t of theoriesOfConf.get(k.id) ?? []) if (!(theoriesOf.get(ref) ?? []).includes(t)) theoriesOf.set(ref, [...(theoriesOf.get(ref) ?? []), t]);
    }
  }
  const articles: ExportArticle[] = [];
  for (const [path, a] of [...coding.articles].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
    const lines = new LineIndex(a.text);
    const pages = PageIndex.of(a.text);
    const anchored = anchorCodes(a.text, a.codes);
    const codes = anchored
      .map((r): ExportCode => {
        const ref = `${path}#${r.code.id}`;
        const placed = r.status !== 'orphaned';
        return {
          code: r.code,
          ...(placed ? { start: r.start, end: r.end, line: lines.position(r.start).line + 1, ...(pages ? { page: pages.pageAt(r.start) } : {}) } : {}),
          themes: (r.code.tags ?? []).map((t) => themePath(codebook, t)),
          configurations: confsOf.get(ref) ?? [],
          configurationIds: confIdsOf.get(ref) ?? [],
          theories: theoriesOf.get(ref) ?? [],
        };
      })
      .sort((x, y) => (x.start ?? Infinity) - (y.start ?? Infinity) || (x.code.id < y.code.id ? -1 : 1));
    articles.push({ path, text: a.text, codes, ...(a.conflicted ? { conflicted: a.conflicted } : {}) });
  }
  return { project, articles, skipped: coding.unreadable };
}

/**
 * What the exports read: every article with its codes placed on its current
 * text, the project, and for each code its themes (full paths),
 * configurations and theories. Shared by CSV, Markdown and REFI-QDA.
 */
import { themePath } from '../codebook/themes';
import { stanceOf } from '../theory/project';
import type { FileSystem } from '../formats/fs';
import { DEFAULT_SIDECAR_SUFFIX } from '../formats/paths';
import type { Project } from '../model/schema';
import { loadCoding, loadProjectOrEmpty, placedCodes, type PlacedCode, type WorkspaceCache } from '../workspace/load';

/** A code as exports and the Passages view give it: where it is (see PlacedCode), and what the project says of it. */
export interface ExportCode extends PlacedCode {
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

export async function loadExportData(fs: FileSystem, suffix = DEFAULT_SIDECAR_SUFFIX, cache?: WorkspaceCache): Promise<ExportData> {
  const project = await loadProjectOrEmpty(fs);
  const coding = await loadCoding(fs, '', suffix, cache);
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
    const codes = placedCodes(cache, path, a.text, a.codes).map(({ code, start, end, line, page }): ExportCode => {
      const ref = `${path}#${code.id}`;
      const themes = (code.tags ?? []).map((t) => themePath(codebook, t));
      const configurations = confsOf.get(ref) ?? [];
      const configurationIds = confIdsOf.get(ref) ?? [];
      const theories = theoriesOf.get(ref) ?? [];
      // Three literal shapes, not a spread of the placed code: spreading 50,000 of them took a quarter of a second.
      if (start === undefined) return { code, themes, configurations, configurationIds, theories };
      if (page === undefined) return { code, start, end, line, themes, configurations, configurationIds, theories };
      return { code, start, end, line, page, themes, configurations, configurationIds, theories };
    });
    articles.push({ path, text: a.text, codes, ...(a.conflicted ? { conflicted: a.conflicted } : {}) });
  }
  return { project, articles, skipped: coding.unreadable };
}

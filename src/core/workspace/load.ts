/**
 * The workspace domain: a folder of articles with their sidecars and one
 * project file, read as a whole. This file is the one walk over the sidecars
 * and the loaders built on it (the coding for comparisons and exports, the
 * data of the theory report, the code index of the theory tree); check.ts
 * validates the same files. Nothing here writes.
 */
import { findFiles, mapLimit, READ_CONCURRENCY, underRoot, type FileSystem } from '../formats/fs';
import { articlePathFor, DEFAULT_SIDECAR_SUFFIX, isSidecarPath, PROJECT_FILE } from '../formats/paths';
import { loadArticle, loadProject, loadSidecar, type Loaded } from '../formats/store';
import { formatProblem, type Problem } from '../model/problems';
import { emptyProject, type Code, type Project, type Sidecar } from '../model/schema';
import { anchorCodes } from '../anchoring/anchor';
import { PageIndex } from '../pdf/twin';
import { LineIndex } from '../text/text';
import type { ReportArticle, ReportData } from '../theory/report';

/** Every sidecar under `root`, in sorted order. */
export function sidecarFiles(fs: FileSystem, root = '', suffix = DEFAULT_SIDECAR_SUFFIX): Promise<string[]> {
  return findFiles(fs, root, (name) => isSidecarPath(name, suffix));
}

export interface SidecarFile {
  /** Workspace-relative path of the sidecar. */
  path: string;
  /** Workspace-relative path of its article. */
  article: string;
  loaded: Loaded<Sidecar>;
}

/**
 * What a long-lived host (the editor) keeps between reads of a workspace:
 * each sidecar as loaded and each article's text, by workspace-relative path.
 * The host deletes an entry when its file changes; what is here is used as is.
 */
export interface WorkspaceCache {
  sidecars: Map<string, Loaded<Sidecar>>;
  /** An article's text; null when it is missing or unreadable. */
  texts: Map<string, string | null>;
  /**
   * Each article's codes as placed on its text, by workspace-relative path of
   * the article: used while both the text and the codes are the very ones
   * placed (an entry needs no deleting; a new read replaces it).
   */
  placed?: Map<string, { text: string; codes: readonly Code[]; result: PlacedCode[] }>;
}

/** A code where it is in its article's current text (all undefined for an orphan): what does not depend on the project. */
export interface PlacedCode {
  code: Code;
  start?: number;
  end?: number;
  /** 1-based line of the start. */
  line?: number;
  /** For a PDF's twin: the page of the start. */
  page?: number;
}

/**
 * The codes of an article placed on its text, in text order (orphans last,
 * then by id); from `cache` when it placed these very codes on this very text.
 */
export function placedCodes(cache: WorkspaceCache | undefined, path: string, text: string, codes: readonly Code[]): PlacedCode[] {
  const known = cache?.placed?.get(path);
  if (known && known.codes === codes && known.text === text) return known.result;
  const lines = new LineIndex(text);
  const pages = PageIndex.of(text);
  const result = anchorCodes(text, codes)
    .map(({ code, status, start, end }): PlacedCode => {
      if (status === 'orphaned') return { code };
      const line = lines.position(start).line + 1;
      // Literal shapes, not a conditional spread (see loadExportData).
      return pages ? { code, start, end, line, page: pages.pageAt(start) } : { code, start, end, line };
    })
    .sort((x, y) => (x.start ?? Infinity) - (y.start ?? Infinity) || (x.code.id < y.code.id ? -1 : 1));
  cache?.placed?.set(path, { text, codes, result });
  return result;
}

/** Every sidecar under `root`, read and parsed (broken ones included, as `invalid`); from `cache` where it has them. */
export async function readSidecars(fs: FileSystem, root = '', suffix = DEFAULT_SIDECAR_SUFFIX, cache?: WorkspaceCache): Promise<SidecarFile[]> {
  return mapLimit(await sidecarFiles(fs, root, suffix), READ_CONCURRENCY, async (path) => {
    let loaded = cache?.sidecars.get(path);
    if (!loaded) {
      loaded = await loadSidecar(fs, path);
      cache?.sidecars.set(path, loaded);
    }
    return { path, article: articlePathFor(path, suffix) as string, loaded };
  });
}

/** The project of a folder, an empty one when there is no file; throws with the first problem when it does not parse. */
export async function loadProjectOrEmpty(fs: FileSystem, path = PROJECT_FILE): Promise<Project> {
  const loaded = await loadProject(fs, path);
  if (loaded.state === 'invalid') throw new Error(`${path} does not parse; fix it first: ${loaded.problems[0] ? formatProblem(loaded.problems[0]) : ''}`);
  return loaded.state === 'ok' ? loaded.value : emptyProject();
}

/** `path:line:column: message`, one-based, as the report command prints it. */
const located = (p: Problem) => `${p.path}:${p.line + 1}:${p.column + 1}: ${p.message}`;

export interface CodedArticle {
  path: string;
  text: string;
  codes: Code[];
  /** Ids of codes with a merge conflict waiting to be reconciled. */
  conflicted?: string[];
}

export interface Coding {
  articles: Map<string, CodedArticle>;
  /** Sidecars that could not be used, and why. */
  unreadable: Array<{ path: string; reason: string }>;
}

/** Every article with a readable sidecar and a readable article, under `root`. */
export async function loadCoding(fs: FileSystem, root = '', suffix = DEFAULT_SIDECAR_SUFFIX, cache?: WorkspaceCache): Promise<Coding> {
  const out: Coding = { articles: new Map(), unreadable: [] };
  const files = await readSidecars(fs, root, suffix, cache);
  const texts = await mapLimit(files, READ_CONCURRENCY, async (f) => {
    if (f.loaded.state !== 'ok') return undefined;
    // A text known to be missing is read again: the reason it cannot be read is not kept.
    const known = cache?.texts.get(f.article);
    if (typeof known === 'string') return { text: known };
    const a = await loadArticle(fs, f.article);
    if ('text' in a) cache?.texts.set(f.article, a.text);
    return a;
  });
  for (const [i, { path, article: articlePath, loaded }] of files.entries()) {
    if (loaded.state !== 'ok') {
      const p = loaded.state === 'invalid' ? loaded.problems[0] : undefined;
      out.unreadable.push({ path, reason: loaded.state === 'invalid' ? (p ? `line ${p.line + 1}, column ${p.column + 1}: ${p.message}` : 'invalid') : 'missing' });
      continue;
    }
    const article = texts[i]!;
    if (!('text' in article)) {
      out.unreadable.push({ path, reason: 'missing' in article ? `its article ${articlePath} is missing` : article.error });
      continue;
    }
    const rel = underRoot(root, articlePath);
    const conflicted = (loaded.value.conflicts ?? []).map((c) => c.code);
    out.articles.set(rel, { path: rel, text: article.text, codes: loaded.value.codes, ...(conflicted.length ? { conflicted } : {}) });
  }
  return out;
}

/**
 * Reads what the report needs from a workspace: the project, every sidecar
 * that parses, and the text of each article a configuration refers to (for
 * its line numbers; the others' text is not needed). `cache`: see WorkspaceCache.
 */
export async function loadReportData(fs: FileSystem, root = '', suffix = DEFAULT_SIDECAR_SUFFIX, cache?: WorkspaceCache): Promise<{ data?: ReportData; problems: string[] }> {
  const loaded = await loadProject(fs, root ? `${root}/${PROJECT_FILE}` : PROJECT_FILE);
  if (loaded.state === 'invalid') return { problems: loaded.problems.map(located) };
  const project = loaded.state === 'ok' ? loaded.value : emptyProject();
  const cited = new Set<string>();
  for (const c of project.configurations ?? []) for (const ref of c.codes) cited.add(ref.slice(0, Math.max(0, ref.lastIndexOf('#'))));
  const files = await readSidecars(fs, root, suffix, cache);
  const texts = await mapLimit(files, READ_CONCURRENCY, async (f) => {
    const path = underRoot(root, f.article);
    if (f.loaded.state !== 'ok' || !cited.has(path)) return null;
    const known = cache?.texts.get(f.article);
    if (known !== undefined) return known;
    const a = await loadArticle(fs, f.article);
    // An article that is there but cannot be read (not UTF-8, over a limit, a link out): a problem, as a broken
    // sidecar is; its passages would lose their links. One not there (not committed) is not: they go without.
    if ('error' in a) return { error: `${f.path}: its article ${f.article} could not be read, so its passages would have no links: ${a.error}` };
    const text = 'text' in a ? a.text : null;
    cache?.texts.set(f.article, text);
    return text;
  });
  const { articles, problems } = reportArticles(files, root, texts.map((t) => (t !== null && typeof t === 'object' ? null : t)));
  for (const t of texts) if (t !== null && typeof t === 'object') problems.push(t.error);
  return { data: { project, articles }, problems };
}

/**
 * The report's articles from sidecars already read (each that parses, with
 * its article's text where the caller read it: `texts`, by sidecar index);
 * the broken ones' problems. Reads nothing itself.
 */
export function reportArticles(files: readonly SidecarFile[], root: string, texts: ReadonlyArray<string | null | undefined>): { articles: ReportArticle[]; problems: string[] } {
  const problems: string[] = [];
  const articles: ReportArticle[] = [];
  for (const [i, { article: full, loaded: sidecar }] of files.entries()) {
    if (sidecar.state !== 'ok') {
      if (sidecar.state === 'invalid') problems.push(...sidecar.problems.map(located));
      continue;
    }
    const text = texts[i];
    articles.push({ path: underRoot(root, full), sidecar: sidecar.value, ...(typeof text === 'string' ? { text } : {}) });
  }
  return { articles, problems };
}

/**
 * Checking a workspace without writing anything: every sidecar and the
 * project file are validated, every code is re-anchored in memory against its
 * article, and every reference is followed. What `cmo check` prints and what
 * the extension shows in Problems.
 */
import { anchorCodes } from '../anchoring/anchor';
import { conflictProblems } from '../formats/conflicts';
import { basename, joinPath, mapLimit, READ_CONCURRENCY, underRoot, type FileSystem } from '../formats/fs';
import { LAYOUT_VERSION, layoutOf, PageIndex, pdfPathOf, twinSource } from '../pdf/twin';
import { locateAll, locator, parseCodeRef } from '../formats/parse';
import { articlePathFor, DEFAULT_SIDECAR_SUFFIX, PROJECT_FILE } from '../formats/paths';
import { loadArticle, loadProject, loadSidecar, type Loaded } from '../formats/store';
import { compareProblems, type Problem } from '../model/problems';
import type { Role } from '../model/roles';
import type { Code, Project, Sidecar } from '../model/schema';
import { decodeUtf8, excerpt, LineIndex, sha256Hex, sha256OfBytes } from '../text/text';
import { danglingReferences } from '../theory/project';
import { THEME_DEPTH_LIMIT, themeCycles, themeTree } from '../codebook/themes';
import { REPORT_FILE, renderReport, type ReportArticle } from '../theory/report';
import { sidecarFiles } from './load';

export interface CheckOptions {
  /** Folder to check, workspace-relative ('' for all). */
  root?: string;
  sidecarSuffix?: string;
  /** The theory report checked for staleness when it exists (default THEORY.md). */
  reportFile?: string;
  /**
   * Whether a configuration without an outcome passage, a mechanism or a
   * statement is reported, and how: not at all (default), as `info`, or as
   * a `warning` (`cmo check --strict`, and the Problems panel).
   */
  completeness?: 'info' | 'warning';
}

export interface CheckResult {
  problems: Problem[];
  /** Workspace-relative paths of the sidecars checked. */
  sidecarPaths: string[];
  sidecars: number;
  codes: number;
  orphaned: number;
  project: boolean;
}


/** Problems of one sidecar against its article: what the Problems panel shows for it. */
export async function checkSidecar(fs: FileSystem, path: string, loaded: Loaded<Sidecar>, suffix = DEFAULT_SIDECAR_SUFFIX, knownThemes?: ReadonlySet<string>): Promise<{ problems: Problem[]; codes: number; orphaned: number; /** The article's text as read (null: missing or unreadable). */ articleText?: string | null }> {
  if (loaded.state !== 'ok') return { problems: loaded.state === 'invalid' ? loaded.problems : [], codes: 0, orphaned: 0 };
  const problems = [...loaded.problems, ...conflictProblems(path, loaded.text, loaded.value)];
  const sidecar = loaded.value;
  const at = locator(path, loaded.text);
  const articlePath = articlePathFor(path, suffix) ?? path;
  if (sidecar.source !== basename(articlePath)) {
    problems.push({ path, ...at(['source']), severity: 'warning', kind: 'source-mismatch', message: `"source" says "${sidecar.source}" but this sidecar belongs to "${basename(articlePath)}" (by its name). Rename one of them so they agree.` });
  }
  const article = await loadArticle(fs, articlePath);
  if ('missing' in article || 'error' in article) {
    const message =
      'missing' in article
        ? `its article ${articlePath} is missing. Restore the article, or move the sidecar next to it. The codes are kept.`
        : `its article ${articlePath} could not be read: ${article.error.replace(/\.$/, '')}. The codes are kept.`;
    problems.push({ path, line: 0, column: 0, severity: 'error', kind: 'missing-article', message });
    return { problems, codes: sidecar.codes.length, orphaned: 0, articleText: null };
  }
  // A PDF's twin: the PDF it was made from, unchanged?
  const twin = twinSource(article.text);
  if (twin) {
    const pdfPath = pdfPathOf(articlePath, twin);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await fs.readFile(pdfPath);
    } catch {
      bytes = undefined;
    }
    const layout = layoutOf(twin);
    if (bytes && (layout === undefined || layout < LAYOUT_VERSION)) {
      problems.push({ path: articlePath, line: 0, column: 0, severity: 'warning', kind: 'pdf-old-layout', message: `${articlePath} was made by layout ${layout ?? 1} of the PDF import; layout ${LAYOUT_VERSION} reads journal PDFs better (columns around tables, headings, one paragraph per reference). Run \`cmo import-pdf --upgrade\` in the review's folder (or "CMO: Re-import PDFs made by an older layout"): the twin is made again and its codes are found in the new text; any that cannot be placed are kept and listed as orphaned.` });
    } else if (bytes && sha256OfBytes(bytes) !== twin.sha256) {
      problems.push({ path: articlePath, line: 0, column: 0, severity: 'warning', kind: 'pdf-changed', message: `${pdfPath} changed since ${articlePath} was made from it. Run \`cmo import-pdf --upgrade\` in the review's folder (or "CMO: Re-import PDFs made by an older layout"): the twin is made again from the new PDF and its codes are found in the new text.` });
    }
  }
  const results = anchorCodes(article.text, sidecar.codes);
  let orphaned = 0;
  let moved = 0;
  results.forEach((r, i) => {
    const code = r.code;
    if (r.status === 'orphaned') {
      orphaned++;
      problems.push({ path, ...at(['codes', i]), severity: 'warning', kind: 'orphaned-code', codeId: code.id, message: `orphaned ${code.role} code ${code.id}: "${excerpt(code.exact)}" is no longer in ${articlePath}. It is kept; re-attach it to a selection in the editor, or delete it.` });
    } else if (r.status === 'fuzzy') {
      problems.push({ path, ...at(['codes', i]), severity: 'info', kind: 'fuzzy-match', codeId: code.id, message: `code ${code.id} was found by approximate match (score ${r.score}); check it, then run \`cmo anchor ${articlePath} --write\` to store the new position.` });
    } else if (r.status === 'moved') moved++;
    if (knownThemes) {
      for (const tag of code.tags ?? []) {
        if (!knownThemes.has(tag)) problems.push({ path, ...at(['codes', i, 'tags']), severity: 'warning', kind: 'unknown-theme', codeId: code.id, message: `code ${code.id} is tagged "${tag}", which is not in the codebook of ${PROJECT_FILE}. Add the theme or change the tag.` });
      }
    }
  });
  if (moved > 0 || (results.some((r) => r.status !== 'kept') && sidecar.sha256 !== sha256Hex(article.text))) {
    problems.push({ path, ...at(['sha256']), severity: 'info', kind: 'stale-anchors', message: `${articlePath} changed since it was last anchored: ${moved} code(s) found at new positions. Run \`cmo anchor ${articlePath} --write\` (or save in the editor) to store them.` });
  }
  return { problems, codes: sidecar.codes.length, orphaned, articleText: article.text };
}

/**
 * What checking a workspace's sidecars needs besides the files: plain data,
 * so a host can hand it, with a share of the paths, to another thread.
 */
export interface SidecarCheckJob {
  root: string;
  suffix: string;
  /** The codebook's theme ids; undefined: no codebook, tags not checked. */
  themes?: string[];
  /** The code references the project makes (`article#id`, relative to `root`). */
  cited: string[];
}

/** One sidecar checked, as plain data: what the workspace check keeps of it. */
export interface SidecarCheck {
  path: string;
  state: Loaded<Sidecar>['state'];
  problems: Problem[];
  codes: number;
  orphaned: number;
  /** The ids of its codes (a sidecar that parses), for the project's references. */
  ids: string[];
  /** What THEORY.md needs of it (a sidecar that parses): its codes by role, the cited codes, and their lines when the article was read. */
  report?: { counts: Partial<Record<Role, number>>; cited: Code[]; lines?: Array<[string, number]>; pages?: Array<[string, string]> };
}

/** Reads and checks sidecars, a few at a time; drops each file's text once its problems are located (in a big review, hundreds of MB). */
export async function checkSidecarFiles(fs: FileSystem, paths: readonly string[], job: SidecarCheckJob): Promise<SidecarCheck[]> {
  const themes = job.themes ? new Set(job.themes) : undefined;
  // The cited ids by article, so a code is looked up without building its reference.
  const cited = new Map<string, Set<string>>();
  for (const ref of job.cited) {
    const hash = ref.lastIndexOf('#');
    const article = ref.slice(0, Math.max(0, hash));
    let ids = cited.get(article);
    if (!ids) cited.set(article, (ids = new Set()));
    ids.add(ref.slice(hash + 1));
  }
  return mapLimit(paths, READ_CONCURRENCY, async (path) => {
    const loaded = await loadSidecar(fs, path);
    const checked = await checkSidecar(fs, path, loaded, job.suffix, themes);
    const out: SidecarCheck = { path, state: loaded.state, problems: checked.problems, codes: checked.codes, orphaned: checked.orphaned, ids: [] };
    if (loaded.state !== 'ok') return out;
    const article = underRoot(job.root, articlePathFor(path, job.suffix) as string);
    const counts: Partial<Record<Role, number>> = {};
    const citedCodes: Code[] = [];
    const citedIds = cited.get(article);
    for (const code of loaded.value.codes) {
      out.ids.push(code.id);
      counts[code.role] = (counts[code.role] ?? 0) + 1;
      if (citedIds?.has(code.id)) citedCodes.push(code);
    }
    out.report = { counts, cited: citedCodes };
    if (typeof checked.articleText === 'string' && citedCodes.length > 0) {
      const lines = new LineIndex(checked.articleText);
      out.report.lines = citedCodes.map((c) => [c.id, lines.position(c.start).line + 1]);
      const pages = PageIndex.of(checked.articleText);
      if (pages) out.report.pages = citedCodes.map((c) => [c.id, pages.cite(c.start, c.end)]);
    }
    return out;
  });
}

export interface CheckHost {
  /**
   * Runs `checkSidecarFiles` on `paths` (results in the same order), e.g.
   * split over threads; by default here, a few files at a time.
   */
  checkSidecars?: (paths: readonly string[], job: SidecarCheckJob) => Promise<SidecarCheck[]>;
}

/**
 * The realist evidence model's checks that need the passages' roles:
 * theme-only passages in a configuration (they have no C / M / O slot), and
 * configurations missing an outcome passage, a mechanism or a statement.
 * (Links and stances that name nothing are the parser's: parse.ts.)
 */
function evidenceProblems(projectPath: string, text: string, project: Project, checks: readonly SidecarCheck[], root: string, suffix: string, completeness: 'info' | 'warning' | undefined): Problem[] {
  const roleOf = new Map<string, Role>();
  for (const c of checks) {
    if (!c.report) continue;
    const article = underRoot(root, articlePathFor(c.path, suffix) as string);
    for (const code of c.report.cited) roleOf.set(`${article}#${code.id}`, code.role);
  }
  const found: Array<{ jsonPath: Array<string | number>; severity: Problem['severity']; kind: Problem['kind']; message: string }> = [];
  (project.configurations ?? []).forEach((conf, ci) => {
    const roles = new Set<Role>();
    conf.codes.forEach((ref, i) => {
      const role = roleOf.get(ref);
      if (role) roles.add(role);
      if (role === 'none') found.push({ jsonPath: ['configurations', ci, 'codes', i], severity: 'warning', kind: 'theme-only-in-configuration', message: `configuration "${conf.title}" lists ${ref}, a passage coded with themes only: it fills no C, M or O slot. Give the passage a role, or remove it from the configuration.` });
    });
    const missing: string[] = [];
    if (!roles.has('outcome')) missing.push('no outcome passage');
    if (!roles.has('resource') && !roles.has('reasoning') && !roles.has('mechanism') && !conf.because?.trim()) missing.push('no mechanism (passage or "because")');
    if (!conf.statement?.trim() && !conf.if?.trim() && !conf.then?.trim() && !conf.because?.trim()) missing.push('no statement');
    // A refuted or retired configuration is not expected to be complete.
    const settled = conf.status === 'refuted' || conf.status === 'retired';
    if (missing.length && completeness && !settled) found.push({ jsonPath: ['configurations', ci, 'title'], severity: completeness, kind: 'incomplete-configuration', message: `configuration "${conf.title}" has ${missing.join(', ')}. A CMO configuration links a context and a mechanism to an outcome: add the passages (or "if" / "then" / "because"), or mark it refuted or retired if it no longer holds.` });
  });
  const where = locateAll(projectPath, text, found.map((f) => f.jsonPath));
  return found.map((f, k) => ({ path: projectPath, ...where[k]!, severity: f.severity, kind: f.kind, message: f.message }));
}

/**
 * A configuration's passages that are not there: the code gone from its
 * article's sidecar, or the sidecar gone. `sidecarOf(article)`: its code ids,
 * 'invalid' when it does not parse (reported there, so its references are
 * not), undefined when there is none. Each at its place in the project file,
 * located in one scan. Shared by cmo check and VS Code's Problems, which
 * runs it again whenever a sidecar changes (a passage deleted in the editor
 * shows at once).
 */
export function codeReferenceProblems(projectPath: string, text: string, project: Project, suffix: string, sidecarOf: (article: string) => { ids: readonly string[] } | 'invalid' | undefined): Problem[] {
  // The ids of each sidecar, built once, when a reference first needs them.
  const idsOf = new Map<string, Set<string> | 'invalid' | undefined>();
  const idSet = (article: string) => {
    if (!idsOf.has(article)) {
      const s = sidecarOf(article);
      idsOf.set(article, s === undefined || s === 'invalid' ? s : new Set(s.ids));
    }
    return idsOf.get(article);
  };
  const exists = (ref: string) => {
    const parsed = parseCodeRef(ref);
    if ('error' in parsed) return true; // reported by the parser
    const ids = idSet(parsed.path);
    if (ids === undefined) return false;
    return ids === 'invalid' || ids.has(parsed.id);
  };
  const configurations = project.configurations ?? [];
  const index = new Map(configurations.map((c, i) => [c.id, i]));
  // References come in list order; a reference listed twice is reported at each place.
  const searchFrom = new Map<string, number>();
  const found: Array<{ jsonPath: [string, number, string, number]; message: string }> = [];
  for (const d of danglingReferences(project, exists)) {
    if (d.kind !== 'code') continue; // theories and the programme: reported by the parser
    const ci = index.get(d.holder) as number;
    const conf = configurations[ci] as (typeof configurations)[number];
    const i = conf.codes.indexOf(d.ref, searchFrom.get(d.holder) ?? 0);
    searchFrom.set(d.holder, i + 1);
    const parsed = parseCodeRef(d.ref) as { path: string; id: string };
    const message = idSet(parsed.path)
      ? `configuration "${conf.title}" refers to code ${parsed.id}, which is not in ${parsed.path}${suffix}. Restore the code or remove the reference.`
      : `configuration "${conf.title}" refers to ${d.ref}, but ${parsed.path} has no sidecar. Restore it or remove the reference.`;
    found.push({ jsonPath: ['configurations', ci, 'codes', i], message });
  }
  const where = locateAll(projectPath, text, found.map((f) => f.jsonPath));
  return found.map((f, k) => ({ path: projectPath, ...where[k]!, severity: 'warning' as const, kind: 'dangling-reference' as const, message: f.message }));
}

/**
 * The codebook's shape: a theme in a parent cycle is an error (its place in
 * the tree is undefined; the tree shows it at the top, and roll-ups count it
 * there), and a theme nested deeper than a REFI-QDA export can carry is a
 * warning. Each at the theme's "parent" in the project file.
 */
function themeProblems(projectPath: string, text: string, project: Project): Problem[] {
  const codebook = project.codebook ?? [];
  if (!codebook.length) return [];
  const index = new Map(codebook.map((t, i) => [t.id, i]));
  const found: Array<{ jsonPath: Array<string | number>; severity: Problem['severity']; kind: Problem['kind']; message: string }> = [];
  for (const cycle of themeCycles(codebook)) {
    const names = cycle.map((id) => `"${codebook[index.get(id) as number]?.name ?? id}"`);
    const first = Math.min(...cycle.map((id) => index.get(id) as number));
    found.push({ jsonPath: ['codebook', first, 'parent'], severity: 'error', kind: 'theme-cycle', message: cycle.length === 1 ? `theme ${names[0]} is its own parent. Give it another parent, or none (null).` : `themes ${names.join(' → ')} are each other's parents, a cycle: none of them has a place in the tree (they are shown at the top, and roll-ups count them there). Give one of them another parent, or none (null).` });
  }
  const deep = themeTree(project).find((x) => x.depth + 1 > THEME_DEPTH_LIMIT);
  if (deep) found.push({ jsonPath: ['codebook', index.get(deep.theme.id) as number, 'parent'], severity: 'warning', kind: 'too-deep', message: `theme "${deep.theme.name}" is nested ${deep.depth + 1} levels deep: a REFI-QDA export (.qdpx, .qdc) carries at most ${THEME_DEPTH_LIMIT}, so "cmo export --format qdpx" refuses it. Move it, or its parents, higher.` });
  const where = locateAll(projectPath, text, found.map((f) => f.jsonPath));
  return found.map((f, k) => ({ path: projectPath, ...where[k]!, severity: f.severity, kind: f.kind, message: f.message }));
}

export async function checkWorkspace(fs: FileSystem, options: CheckOptions = {}, host: CheckHost = {}): Promise<CheckResult> {
  const root = options.root ?? '';
  const suffix = options.sidecarSuffix ?? DEFAULT_SIDECAR_SUFFIX;
  const result: CheckResult = { problems: [], sidecarPaths: [], sidecars: 0, codes: 0, orphaned: 0, project: false };
  const projectPath = joinPath(root, PROJECT_FILE);
  const project = await loadProject(fs, projectPath);
  const job: SidecarCheckJob = {
    root,
    suffix,
    ...(project.state === 'ok' && project.value.codebook ? { themes: project.value.codebook.map((t) => t.id) } : {}),
    cited: project.state === 'ok' ? [...new Set((project.value.configurations ?? []).flatMap((c) => c.codes))] : [],
  };
  const paths = await sidecarFiles(fs, root, suffix);
  const checks = await (host.checkSidecars ?? ((p, j) => checkSidecarFiles(fs, p, j)))(paths, job);
  const sidecars = new Map<string, SidecarCheck>();
  for (const checked of checks) {
    sidecars.set(checked.path, checked);
    result.sidecarPaths.push(checked.path);
    result.sidecars++;
    for (const p of checked.problems) result.problems.push(p);
    result.codes += checked.codes;
    result.orphaned += checked.orphaned;
  }

  if (project.state !== 'missing') {
    result.project = true;
    result.problems.push(...project.problems);
    if (project.state === 'ok') result.problems.push(...conflictProblems(projectPath, project.text, project.value));
  }
  if (project.state === 'ok') {
    result.problems.push(
      ...codeReferenceProblems(projectPath, project.text, project.value, suffix, (article) => {
        const checked = sidecars.get(joinPath(root, article + suffix));
        return checked === undefined ? undefined : checked.state === 'ok' ? { ids: checked.ids } : 'invalid';
      }),
    );
    result.problems.push(...evidenceProblems(projectPath, project.text, project.value, checks, root, suffix, options.completeness));
    result.problems.push(...themeProblems(projectPath, project.text, project.value));
    // Attributes of documents that are not in the workspace (renamed or removed articles): kept, and said.
    const docs = Object.keys(project.value.attributes?.documents ?? {});
    const present = await mapLimit(docs, READ_CONCURRENCY, async (doc) => (await fs.stat(joinPath(root, doc)))?.type === 'file');
    const gone = docs.filter((_, i) => !present[i]);
    const at = locateAll(projectPath, project.text, gone.map((doc) => ['attributes', 'documents', doc]));
    gone.forEach((doc, i) => result.problems.push({ path: projectPath, ...at[i]!, severity: 'warning', kind: 'dangling-reference', message: `attributes are set for ${doc}, which is not in the workspace. Rename the entry to the article's new path, or remove it.` }));
  }
  // Like a lockfile: a committed THEORY.md must match the data it was made from.
  const reportPath = joinPath(root, options.reportFile ?? REPORT_FILE);
  if (project.state === 'ok' && (await fs.stat(reportPath))?.type === 'file') {
    // From the sidecars and project read above, not a second read of the workspace.
    const articles: ReportArticle[] = [];
    for (const c of checks) {
      if (!c.report) continue;
      const path = underRoot(root, articlePathFor(c.path, suffix) as string);
      articles.push({ path, sidecar: { codes: c.report.cited }, counts: c.report.counts, ...(c.report.lines ? { lines: new Map(c.report.lines) } : {}), ...(c.report.pages ? { pages: new Map(c.report.pages) } : {}) });
    }
    const data = { project: project.value, articles };
    let current: string | undefined;
    try {
      current = decodeUtf8(await fs.readFile(reportPath));
    } catch {
      current = undefined;
    }
    if (current !== renderReport(data)) {
      result.problems.push({ path: reportPath, line: 0, column: 0, severity: 'error', kind: 'stale-report', message: `${reportPath} is stale: it does not match ${PROJECT_FILE} and the sidecars. Run \`cmo report\` (VS Code does it on save) and commit it.` });
    }
  }
  result.problems.sort(compareProblems);
  return result;
}

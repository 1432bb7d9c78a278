/**
 * Checking a workspace without writing anything: every sidecar and the
 * project file are validated, every code is re-anchored in memory against its
 * article, and every reference is followed. What `cmo check` prints and what
 * the extension shows in Problems.
 */
import { anchorCodes } from '../anchoring/anchor';
import { conflictProblems } from '../formats/conflicts';
import { basename, joinPath, mapLimit, READ_CONCURRENCY, type FileSystem } from '../formats/fs';
import { locator, parseCodeRef } from '../formats/parse';
import { articlePathFor, DEFAULT_SIDECAR_SUFFIX, PROJECT_FILE } from '../formats/paths';
import { loadArticle, loadProject, loadSidecar, type Loaded } from '../formats/store';
import { compareProblems, type Problem } from '../model/problems';
import type { Sidecar } from '../model/schema';
import { decodeUtf8, excerpt, sha256Hex } from '../text/text';
import { danglingReferences } from '../theory/project';
import { REPORT_FILE, renderReport } from '../theory/report';
import { reportArticles, sidecarFiles } from './load';

export interface CheckOptions {
  /** Folder to check, workspace-relative ('' for all). */
  root?: string;
  sidecarSuffix?: string;
  /** The theory report checked for staleness when it exists (default THEORY.md). */
  reportFile?: string;
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
    const why = 'missing' in article ? `its article ${articlePath} is missing` : `its article ${articlePath} could not be read: ${article.error}`;
    problems.push({ path, line: 0, column: 0, severity: 'error', kind: 'missing-article', message: `${why}. Restore the article, or move the sidecar next to it. The codes are kept.` });
    return { problems, codes: sidecar.codes.length, orphaned: 0, articleText: null };
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

export async function checkWorkspace(fs: FileSystem, options: CheckOptions = {}): Promise<CheckResult> {
  const root = options.root ?? '';
  const suffix = options.sidecarSuffix ?? DEFAULT_SIDECAR_SUFFIX;
  const result: CheckResult = { problems: [], sidecarPaths: [], sidecars: 0, codes: 0, orphaned: 0, project: false };
  const projectPath = joinPath(root, PROJECT_FILE);
  const project = await loadProject(fs, projectPath);
  const themes = project.state === 'ok' && project.value.codebook ? new Set(project.value.codebook.map((t) => t.id)) : undefined;

  const sidecars = new Map<string, Loaded<Sidecar>>();
  // Each sidecar read and checked in one go, a few at a time; its article read once, here, and reused for THEORY.md below.
  const perFile = await mapLimit(await sidecarFiles(fs, root, suffix), READ_CONCURRENCY, async (path) => {
    const loaded = await loadSidecar(fs, path);
    const checked = await checkSidecar(fs, path, loaded, suffix, themes);
    // The file's text has located its problems: it is not kept (in a big review, hundreds of MB).
    const kept: Loaded<Sidecar> = loaded.state === 'ok' ? { ...loaded, text: '' } : loaded;
    return { file: { path, article: articlePathFor(path, suffix) as string, loaded: kept }, checked };
  });
  const files = perFile.map((f) => f.file);
  const checks = perFile.map((f) => f.checked);
  for (const [i, { path, loaded }] of files.entries()) {
    const checked = checks[i]!;
    sidecars.set(path, loaded);
    result.sidecarPaths.push(path);
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
    // Each reference is located in the file only when it is reported.
    const codesOf = (path: string) => {
      const loaded = sidecars.get(joinPath(root, path + suffix));
      return loaded?.state === 'ok' ? loaded : undefined;
    };
    // The ids of each sidecar, built once, when a reference first needs them.
    const idsOf = new Map<string, Set<string>>();
    const exists = (ref: string) => {
      const parsed = parseCodeRef(ref);
      if ('error' in parsed) return true; // reported by the parser
      const loaded = codesOf(parsed.path);
      if (!loaded) return sidecars.get(joinPath(root, parsed.path + suffix))?.state === 'invalid';
      let ids = idsOf.get(parsed.path);
      if (!ids) idsOf.set(parsed.path, (ids = new Set(loaded.value.codes.map((c) => c.id))));
      return ids.has(parsed.id);
    };
    const configurations = project.value.configurations ?? [];
    const index = new Map(configurations.map((c, i) => [c.id, i]));
    const at = locator(projectPath, project.text);
    // References come in list order; a reference listed twice is reported at each place.
    const searchFrom = new Map<string, number>();
    for (const d of danglingReferences(project.value, exists)) {
      if (d.kind !== 'code') continue; // theories and the programme: reported by the parser
      const ci = index.get(d.holder) as number;
      const conf = configurations[ci] as (typeof configurations)[number];
      const i = conf.codes.indexOf(d.ref, searchFrom.get(d.holder) ?? 0);
      searchFrom.set(d.holder, i + 1);
      const parsed = parseCodeRef(d.ref) as { path: string; id: string };
      const where = { path: projectPath, ...at(['configurations', ci, 'codes', i]) };
      const message = codesOf(parsed.path)
        ? `configuration "${conf.title}" refers to code ${parsed.id}, which is not in ${parsed.path}${suffix}. Restore the code or remove the reference.`
        : `configuration "${conf.title}" refers to ${d.ref}, but ${parsed.path} has no sidecar. Restore it or remove the reference.`;
      result.problems.push({ ...where, severity: 'warning', kind: 'dangling-reference', message });
    }
  }
  // Like a lockfile: a committed THEORY.md must match the data it was made from.
  const reportPath = joinPath(root, options.reportFile ?? REPORT_FILE);
  if (project.state === 'ok' && (await fs.stat(reportPath))?.type === 'file') {
    // From the sidecars and project read above, not a second read of the workspace.
    const data = { project: project.value, articles: reportArticles(files, root, checks.map((c) => c.articleText)).articles };
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

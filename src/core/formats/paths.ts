/**
 * Where CMO Coder's files are: a sidecar beside its article
 * (`papers/a.md` → `papers/a.md.cmo.json`, the suffix a setting), the
 * project file at the workspace root. The one place that says which file
 * name is a sidecar.
 */
export const DEFAULT_SIDECAR_SUFFIX = '.cmo.json';
export const PROJECT_FILE = 'cmo-project.json';

/** Whether a file name (or path) is a sidecar's: it ends with the suffix and has a name before it. */
export function isSidecarPath(name: string, suffix = DEFAULT_SIDECAR_SUFFIX): boolean {
  return name.endsWith(suffix) && name.length > suffix.length && name.charAt(name.length - suffix.length - 1) !== '/';
}

export function sidecarPathFor(articlePath: string, suffix = DEFAULT_SIDECAR_SUFFIX): string {
  return articlePath + suffix;
}

/** The article a sidecar belongs to, or undefined when the path is not a sidecar's. */
export function articlePathFor(sidecarPath: string, suffix = DEFAULT_SIDECAR_SUFFIX): string | undefined {
  return isSidecarPath(sidecarPath, suffix) ? sidecarPath.slice(0, -suffix.length) : undefined;
}

/**
 * Why an export (CSV, Markdown, .qdpx, .qdc, a matrix) or a report must not
 * be written to `path`, or undefined when it may. Never: a sidecar, the
 * project file, a coded article (`hasSidecar`), anything under .git/. When
 * the file exists, not without `force`: what the review depends on but does
 * not make from its codes: the team's reconciliation.json, a PDF (the
 * original behind a twin), the report (THEORY.md, or `reportFile`) unless
 * it is the command's own target (`own`), a README, .gitattributes and
 * .gitignore.
 */
export function exportTargetProblem(path: string, hasSidecar: boolean, suffix = DEFAULT_SIDECAR_SUFFIX, options: { exists?: boolean; force?: boolean; own?: string; reportFile?: string } = {}): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (isSidecarPath(name, suffix)) return `${path} is a sidecar (the codes of an article); an export would overwrite them. Choose another file.`;
  if (name === PROJECT_FILE) return `${path} is the project file (configurations, theories, codebook); an export would overwrite it. Choose another file.`;
  if (hasSidecar) return `${path} is a coded article; an export would overwrite the evidence. Choose another file.`;
  if (/(^|\/)\.git(\/|$)/.test(path.replace(/\\/g, '/'))) return `${path} is inside .git/, git's own store; nothing is written there. Choose another file.`;
  if (!options.exists || options.force) return undefined;
  const report = options.reportFile ?? 'THEORY.md';
  const what =
    name === 'reconciliation.json' ? "the team's reconciliation record (the decisions settled in the Reconcile view)"
    : /\.pdf$/i.test(name) ? 'a PDF (the original an article\'s text twin was made from)'
    : name === report && options.own !== name ? 'the theory report, which "cmo report" writes'
    : /^readme(\.[a-z]+)?$/i.test(name) ? "the folder's README"
    : name === '.gitattributes' || name === '.gitignore' ? "git's settings for this repository"
    : undefined;
  return what ? `${path} is ${what}; writing here would replace it. Choose another file (with cmo, --force replaces it if you mean to).` : undefined;
}

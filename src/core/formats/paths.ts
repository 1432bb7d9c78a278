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
 * Why an export (CSV, Markdown, .qdpx, .qdc, a matrix) must not be written to
 * `path`, or undefined when it may: the review's own files are not export
 * targets. `hasSidecar`: whether `path` is an article with a sidecar.
 */
export function exportTargetProblem(path: string, hasSidecar: boolean, suffix = DEFAULT_SIDECAR_SUFFIX): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (isSidecarPath(name, suffix)) return `${path} is a sidecar (the codes of an article); an export would overwrite them. Choose another file.`;
  if (name === PROJECT_FILE) return `${path} is the project file (configurations, theories, codebook); an export would overwrite it. Choose another file.`;
  if (hasSidecar) return `${path} is a coded article; an export would overwrite the evidence. Choose another file.`;
  return undefined;
}

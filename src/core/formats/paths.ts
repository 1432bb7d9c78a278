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

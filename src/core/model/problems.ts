/**
 * Problems found in a workspace's files: what the CLI prints, what the
 * extension shows in the Problems panel. Positions are zero-based here and
 * one-based when printed.
 */
export type Severity = 'error' | 'warning' | 'info';

export type ProblemKind =
  | 'invalid-json'
  | 'schema'
  | 'conflict-markers'
  | 'merge-conflict'
  | 'unknown-version'
  | 'not-utf8'
  | 'too-large'
  | 'too-deep'
  | 'unreadable'
  | 'duplicate-id'
  | 'missing-article'
  | 'source-mismatch'
  | 'orphaned-code'
  | 'fuzzy-match'
  | 'stale-anchors'
  | 'dangling-reference'
  | 'bad-reference'
  | 'unknown-theme'
  | 'stale-report'
  | 'pdf-changed'
  | 'pdf-old-layout'
  | 'incomplete-configuration'
  | 'theme-only-in-configuration'
  | 'theme-cycle'
  | 'unknown-attribute';

export interface Problem {
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: Severity;
  readonly kind: ProblemKind;
  readonly message: string;
  /** The code the problem is about, when there is one. */
  readonly codeId?: string;
  /** Conflict markers whose sides both parse: writing the merged file (`cmo merge --fix`) settles them. */
  readonly recoverable?: true;
}

export function formatProblem(p: Problem, displayPath: string = p.path): string {
  // One problem, one line: a control character in a name the message quotes is escaped as in the path.
  return `${printablePath(displayPath)}:${p.line + 1}:${p.column + 1}: ${p.severity}: ${printablePath(p.message)}`;
}

/**
 * A file name as one line of output shows it: a line break, a tab or another
 * control character in it (which a committed name may hold) written as an
 * escape (\n, \t, \x1b), so that output read line by line (an editor's
 * problem matcher, grep, a CI annotation) still sees one entry per line.
 */
export function printablePath(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareProblems(a: Problem, b: Problem): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity];
}

/**
 * Comparing two codings of the same workspace (two reviewers, two branches,
 * two folders): reading each side, putting B's codes on A's text, the
 * agreement report, and the list of disagreements a pair reconciles.
 */
import { byRole, byTheme, compareCodings, matchSpans, type ArticlePair, type CategoryReport, type Stats } from './agreement';
import { anchorCodes } from '../anchoring/anchor';
import { findFiles, type FileSystem } from '../formats/fs';
import type { Code } from '../model/schema';
import { articlePathFor, DEFAULT_SIDECAR_SUFFIX, loadArticle, loadSidecar } from '../formats/store';
import { ROLES } from '../model/roles';

export interface CodedArticle {
  path: string;
  text: string;
  codes: Code[];
}

export interface Coding {
  articles: Map<string, CodedArticle>;
  /** Sidecars that could not be used, and why. */
  unreadable: Array<{ path: string; reason: string }>;
}

/** Every article with a readable sidecar and a readable article, under `root`. */
export async function loadCoding(fs: FileSystem, root = '', suffix = DEFAULT_SIDECAR_SUFFIX): Promise<Coding> {
  const out: Coding = { articles: new Map(), unreadable: [] };
  const sidecars = await findFiles(fs, root, (name) => name.endsWith(suffix) && name.length > suffix.length);
  for (const sidecarPath of sidecars) {
    const articlePath = articlePathFor(sidecarPath, suffix) as string;
    const loaded = await loadSidecar(fs, sidecarPath);
    if (loaded.state !== 'ok') {
      out.unreadable.push({ path: sidecarPath, reason: loaded.state === 'invalid' ? (loaded.problems[0]?.message ?? 'invalid') : 'missing' });
      continue;
    }
    const article = await loadArticle(fs, articlePath);
    if (!('text' in article)) {
      out.unreadable.push({ path: sidecarPath, reason: 'missing' in article ? `its article ${articlePath} is missing` : article.error });
      continue;
    }
    const rel = root && articlePath.startsWith(root + '/') ? articlePath.slice(root.length + 1) : articlePath;
    out.articles.set(rel, { path: rel, text: article.text, codes: loaded.value.codes });
  }
  return out;
}

/**
 * Codes (perhaps from another copy of the article) placed on a text: each
 * found code with its current position and quote, and those not found.
 */
export function placeCodes(text: string, codes: readonly Code[]): { placed: Code[]; unplaced: Code[] } {
  const placed: Code[] = [];
  const unplaced: Code[] = [];
  for (const r of anchorCodes(text, codes)) {
    if (r.status === 'orphaned') unplaced.push(r.code);
    else placed.push(r.start === r.code.start && r.end === r.code.end ? r.code : { ...r.code, start: r.start, end: r.end, exact: text.slice(r.start, r.end) });
  }
  return { placed, unplaced };
}

export interface PairedCodings {
  pairs: Array<ArticlePair & { a: Code[]; b: Code[] }>;
  onlyInA: string[];
  onlyInB: string[];
  /** B's codes that could not be placed on A's text (the article differs and the quote is gone). */
  unplaced: Array<{ path: string; code: Code }>;
}

/**
 * Pairs the articles both sides coded. When B's copy of an article differs
 * from A's, B's codes are re-anchored onto A's text; codes that cannot be
 * placed are left out of the figures and listed.
 */
export function pairCodings(a: Coding, b: Coding): PairedCodings {
  const out: PairedCodings = { pairs: [], onlyInA: [], onlyInB: [], unplaced: [] };
  for (const [path, x] of [...a.articles].sort(([p], [q]) => (p < q ? -1 : 1))) {
    const y = b.articles.get(path);
    if (!y) {
      out.onlyInA.push(path);
      continue;
    }
    const theirs = placeCodes(x.text, y.codes);
    for (const code of theirs.unplaced) out.unplaced.push({ path, code });
    // A's own codes are placed on A's text too (orphans cannot be compared).
    out.pairs.push({ path, length: x.text.length, a: placeCodes(x.text, x.codes).placed, b: theirs.placed });
  }
  for (const path of b.articles.keys()) if (!a.articles.has(path)) out.onlyInB.push(path);
  out.onlyInB.sort();
  return out;
}

export type AgreementBy = 'role' | 'article' | 'theme';

export interface AgreementReport {
  overall: Stats;
  roles: Record<string, Stats>;
  articles: Record<string, Stats & { roles: Record<string, Stats> }>;
  themes?: Record<string, Stats>;
  compared: { articles: number; characters: number; codesA: number; codesB: number; roles: string[] };
  skipped: { onlyInA: string[]; onlyInB: string[]; unplacedB: number };
}

/** The agreement report of two codings. Roles compared: every role either coder used. */
export function agreementReport(paired: PairedCodings, withThemes = false): AgreementReport {
  const used = new Set(paired.pairs.flatMap((p) => [...p.a, ...p.b].map((c) => c.role)));
  const roles = ROLES.filter((r) => used.has(r));
  const byRoles: CategoryReport = compareCodings(paired.pairs, byRole, roles);
  const articles: AgreementReport['articles'] = {};
  for (const [path, s] of Object.entries(byRoles.articles)) {
    const { categories, ...rest } = s;
    articles[path] = { ...rest, roles: categories };
  }
  const report: AgreementReport = {
    overall: byRoles.overall,
    roles: byRoles.categories,
    articles,
    compared: {
      articles: paired.pairs.length,
      characters: paired.pairs.reduce((n, p) => n + p.length, 0),
      codesA: paired.pairs.reduce((n, p) => n + p.a.length, 0),
      codesB: paired.pairs.reduce((n, p) => n + p.b.length, 0),
      roles,
    },
    skipped: { onlyInA: paired.onlyInA, onlyInB: paired.onlyInB, unplacedB: paired.unplaced.length },
  };
  if (withThemes) report.themes = compareCodings(paired.pairs, byTheme).categories;
  return report;
}

// ---------------------------------------------------------------------------
// Disagreements, for reconciliation

export type DisagreementKind = 'onlyA' | 'onlyB' | 'role' | 'span';

export interface Disagreement {
  /** Stable across recomputation: from the codes' ids. */
  key: string;
  path: string;
  kind: DisagreementKind;
  a?: Code;
  b?: Code;
}

/**
 * What the two coders did differently in one article, in text order:
 * - role: the same passage (Jaccard ≥ 0.5) under different roles;
 * - span: the same role on overlapping passages that do not match (Jaccard < 0.5);
 * - onlyA / onlyB: a passage only one coder coded.
 * Matched codes (same role, Jaccard ≥ 0.5) are agreements and are not listed.
 */
export function disagreements(path: string, a: readonly Code[], b: readonly Code[]): Disagreement[] {
  const sameRole = matchSpans(a, b, 0.5, (x, y) => x.role === y.role);
  const differentRole = matchSpans(sameRole.onlyA, sameRole.onlyB, 0.5);
  const overlapping = matchSpans(differentRole.onlyA, differentRole.onlyB, Number.MIN_VALUE, (x, y) => x.role === y.role);
  const out: Disagreement[] = [];
  for (const p of differentRole.pairs) out.push({ key: `${path}#${p.a.id}|${p.b.id}`, path, kind: 'role', a: p.a, b: p.b });
  for (const p of overlapping.pairs) out.push({ key: `${path}#${p.a.id}|${p.b.id}`, path, kind: 'span', a: p.a, b: p.b });
  for (const x of overlapping.onlyA) out.push({ key: `${path}#${x.id}|`, path, kind: 'onlyA', a: x });
  for (const y of overlapping.onlyB) out.push({ key: `${path}#|${y.id}`, path, kind: 'onlyB', b: y });
  const at = (d: Disagreement) => Math.min(d.a?.start ?? Infinity, d.b?.start ?? Infinity);
  return out.sort((x, y) => at(x) - at(y) || (x.key < y.key ? -1 : 1));
}


/**
 * Pairing two codings of the same workspace (two reviewers, two branches,
 * two folders, each read by workspace/load.ts): putting B's codes on A's
 * text, and the agreement report of the pair.
 */
import { anchorCodes } from '../anchoring/anchor';
import { ROLES } from '../model/roles';
import type { Code } from '../model/schema';
import type { Coding } from '../workspace/load';
import { addCodedText, byRole, byTheme, compareCodings, emptyLabelTable, labelKappa, type ArticlePair, type CategoryReport, type Stats } from './agreement';

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
  /** Over the text at least one coder coded (untouched text left out): Cohen's kappa across roles, and the share of those characters given the same roles. */
  codedText: { kappa: number | null; percent: number | null; characters: number };
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
  const coded = emptyLabelTable();
  for (const p of paired.pairs) addCodedText(coded, p.a, p.b);
  const report: AgreementReport = {
    overall: byRoles.overall,
    codedText: labelKappa(coded),
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

/**
 * The evidence behind a configuration, as a realist synthesis reports it:
 * which studies (articles) support it, refute it or refine it, through the
 * passages linked to it and the studies those passages cite, and how
 * relevant and rigorous those studies were judged to be.
 *
 * Pure: everything comes from the project and a lookup of the passages.
 */
import { parseCodeRef } from '../formats/parse';
import { APPRAISALS, STANCES, valueList, type Appraisal, type AttributeField, type Configuration, type Project, type Stance } from '../model/schema';
import { stanceOf } from './project';

/** The default scale of a new appraisal field. */
export const APPRAISAL_SCALE = ['high', 'moderate', 'low'] as const;

/** Labels in reports. */
export const APPRAISAL_LABEL: Record<Appraisal, string> = { relevance: 'Relevance', rigour: 'Rigour' };

/**
 * The attribute field holding each appraisal: the field marked with it
 * (`"appraisal": "rigour"`), else one whose id is `relevance`, `rigour` or `rigor`.
 */
export function appraisalFields(project: Project): Partial<Record<Appraisal, AttributeField>> {
  const fields = project.attributes?.fields ?? [];
  const out: Partial<Record<Appraisal, AttributeField>> = {};
  for (const a of APPRAISALS) {
    const f = fields.find((x) => x.appraisal === a) ?? fields.find((x) => !x.appraisal && (x.id === a || (a === 'rigour' && x.id === 'rigor')));
    if (f) out[a] = f;
  }
  return out;
}

/** An article's appraisal, by the fields above; a PDF's twin (`x.md` of `x.pdf`) also takes the PDF's values. */
export function appraisalOf(project: Project, article: string, fields = appraisalFields(project)): Partial<Record<Appraisal, string>> {
  const docs = project.attributes?.documents ?? {};
  const twinOf = article.endsWith('.md') ? `${article.slice(0, -3)}.pdf` : undefined;
  const out: Partial<Record<Appraisal, string>> = {};
  for (const a of APPRAISALS) {
    const f = fields[a];
    if (!f) continue;
    const v = valueList(docs[article]?.[f.id] ?? (twinOf ? docs[twinOf]?.[f.id] : undefined))[0];
    if (v !== undefined) out[a] = v;
  }
  return out;
}

/** "relevance high, rigour moderate"; empty when not appraised. */
export function describeAppraisal(appraisal: Partial<Record<Appraisal, string>>): string {
  return APPRAISALS.filter((a) => appraisal[a] !== undefined)
    .map((a) => `${a} ${appraisal[a]}`)
    .join(', ');
}

/** "papers/x.md (cited; relevance high, rigour low)": a study as THEORY.md and the configuration table name it. */
export function describeStudy(study: Study): string {
  const about = [...(study.cited ? ['cited'] : []), ...(describeAppraisal(study.appraisal) ? [describeAppraisal(study.appraisal)] : [])].join('; ');
  return `${study.study}${about ? ` (${about})` : ''}`;
}

/** One study behind a configuration. */
export interface Study {
  /** The article's workspace path, or a free reference a passage cites. */
  study: string;
  /** True when the study is a cited one (named by a passage's `cites`), not an article coded here. */
  cited: boolean;
  appraisal: Partial<Record<Appraisal, string>>;
}

export interface ConfigurationEvidence {
  /** The studies by stance, each once per stance, sorted. A study with passages of two stances is under both. */
  byStance: Record<Stance, Study[]>;
}

/** What a passage lookup gives: the article, and the studies it cites. */
export type PassageLookup = (ref: string) => { cites?: readonly string[] } | undefined;

/**
 * The studies behind a configuration: the articles of its passages, by the
 * passage's stance, and the studies the passages cite (a review coding a
 * review), under the same stance.
 */
export function configurationEvidence(project: Project, conf: Configuration, lookup: PassageLookup, fields = appraisalFields(project)): ConfigurationEvidence {
  const sets = Object.fromEntries(STANCES.map((s) => [s, new Map<string, Study>()])) as Record<Stance, Map<string, Study>>;
  for (const ref of conf.codes) {
    const parsed = parseCodeRef(ref);
    if ('error' in parsed) continue;
    const found = lookup(ref);
    if (!found) continue; // a missing code is reported elsewhere; it is no evidence
    const into = sets[stanceOf(conf, ref)];
    if (!into.has(parsed.path)) into.set(parsed.path, { study: parsed.path, cited: false, appraisal: appraisalOf(project, parsed.path, fields) });
    for (const cited of found.cites ?? []) {
      const study = cited.trim();
      if (study && !into.has(study)) into.set(study, { study, cited: true, appraisal: appraisalOf(project, study, fields) });
    }
  }
  const sorted = (m: Map<string, Study>) => [...m.values()].sort((a, b) => (a.study < b.study ? -1 : a.study > b.study ? 1 : 0));
  return { byStance: { supports: sorted(sets.supports), refutes: sorted(sets.refutes), refines: sorted(sets.refines) } };
}

/**
 * One line: "2 supporting studies (1 of high rigour), 1 refuting". Empty
 * when nothing is linked. `high` is the top of the rigour scale (its first value).
 */
export function summariseEvidence(evidence: ConfigurationEvidence, project: Project, fields = appraisalFields(project)): string {
  const top = fields.rigour?.values[0];
  const words: Record<Stance, string> = { supports: 'supporting', refutes: 'refuting', refines: 'refining' };
  const parts: string[] = [];
  for (const s of STANCES) {
    const studies = evidence.byStance[s];
    if (!studies.length) continue;
    const strong = top ? studies.filter((x) => x.appraisal.rigour === top).length : 0;
    parts.push(`${studies.length} ${words[s]} ${studies.length === 1 ? 'study' : 'studies'}${strong ? ` (${strong} of ${top} rigour)` : ''}`);
  }
  return parts.join(', ');
}

/** The short cue of a stance, for trees and tables: ✓ supports, ✗ refutes, ± refines. */
export const STANCE_CUE: Record<Stance, string> = { supports: '✓', refutes: '✗', refines: '±' };

/**
 * The theory diff a pull request gets as a comment (`cmo report --diff
 * BASE`): in Markdown, what the branch changed in the theory against BASE.
 * Configurations added, removed or moved between theories; statements and
 * if / then / because (old → new); status; passages added or removed, with
 * their quotes; stances; new refinement log entries; theories, themes and
 * the programme theory; then the coding changes in one line. Nothing is
 * said of what did not change, so an empty diff is one line.
 */
import { ROLE_INFO } from '../model/roles';
import type { Code, Configuration, LogEntry, Project } from '../model/schema';
import { STANCE_CUE } from '../theory/evidence';
import { stanceOf } from '../theory/project';
import type { Coding } from '../workspace/load';
import type { CodingDiff } from './codingDiff';

export interface TheoryDiffSide {
  project: Project;
  coding: Coding;
}

const md = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/([\\`*_[\]|<>])/g, '\\$1');
const short = (s: string, n = 120) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return md(t.length > n ? `${t.slice(0, n - 1)}…` : t);
};

/** “quote” (R, papers/x.md) for a passage ref, from the side that has it. */
function passage(ref: string, ...sides: TheoryDiffSide[]): string {
  const hash = ref.lastIndexOf('#');
  const path = ref.slice(0, hash);
  const id = ref.slice(hash + 1);
  for (const side of sides) {
    const code: Code | undefined = side.coding.articles.get(path)?.codes.find((c) => c.id === id);
    if (code) return `${ROLE_INFO[code.role].letter} “${short(code.exact)}” (${md(path)})`;
  }
  return `\`${md(ref)}\` (not found)`;
}

const logLine = (e: LogEntry) => `${e.date}${e.by ? ` ${md(e.by)}` : ''}: ${md(e.change)}${e.from !== undefined || e.to !== undefined ? ` ${short(e.from ?? '', 60) || '—'} → ${short(e.to ?? '', 60) || '—'}` : ''}${e.why ? `. *${short(e.why, 200)}*` : ''}`;

export function renderTheoryDiff(diff: CodingDiff, base: TheoryDiffSide, head: TheoryDiffSide, baseLabel: string): string {
  const out: string[] = [`## CMO Coder: theory changes against ${md(baseLabel)}`, ''];
  const p = diff.project;
  const conf: string[] = [];
  const title = (k: Configuration) => `“${md(k.title)}”`;
  for (const k of p.configurations.added) conf.push(`- **added** ${title(k)}, ${k.codes.length} passage(s)${k.statement ? `: ${short(k.statement, 200)}` : ''}`);
  for (const k of p.configurations.removed) conf.push(`- **removed** ${title(k)}`);
  for (const m of p.moved) conf.push(`- **moved** “${md(m.title)}” from “${m.fromTitles.map(md).join('”, “')}” to “${m.toTitles.map(md).join('”, “')}”`);
  for (const c of p.configurations.changed) {
    const k = c.after;
    for (const f of ['statement', 'if', 'then', 'because', 'title'] as const) {
      if (!c.fields.includes(f)) continue;
      conf.push(`- ${title(k)}: ${f} changed`, `  - before: ${short(String(c.before[f] ?? '—'), 300)}`, `  - after: ${short(String(k[f] ?? '—'), 300)}`);
    }
    if (c.fields.includes('status')) conf.push(`- ${title(k)}: status ${c.before.status ?? 'initial'} → **${k.status ?? 'initial'}**`);
    for (const ref of c.passagesAdded) conf.push(`- ${title(k)}: passage added ${passage(ref, head, base)}${stanceOf(k, ref) === 'supports' ? '' : `, ${STANCE_CUE[stanceOf(k, ref)]} ${stanceOf(k, ref)}`}`);
    for (const ref of c.passagesRemoved) conf.push(`- ${title(k)}: passage removed ${passage(ref, base, head)}`);
    if (c.fields.includes('stances')) {
      for (const ref of k.codes) {
        if (!c.before.codes.includes(ref)) continue;
        const was = stanceOf(c.before, ref);
        const now = stanceOf(k, ref);
        if (was !== now) conf.push(`- ${title(k)}: ${STANCE_CUE[now]} ${passage(ref, head, base)} now **${now}** (was ${was})`);
      }
    }
    if (c.fields.includes('leadsTo')) conf.push(`- ${title(k)}: leads to ${(k.leadsTo ?? []).map((id) => `\`${id}\``).join(', ') || 'nothing'} (was ${(c.before.leadsTo ?? []).map((id) => `\`${id}\``).join(', ') || 'nothing'})`);
    const seen = new Set((c.before.log ?? []).map((e) => JSON.stringify(e)));
    for (const e of k.log ?? []) if (!seen.has(JSON.stringify(e))) conf.push(`- ${title(k)}: logged ${logLine(e)}`);
  }
  if (conf.length) out.push('### Configurations', '', ...conf, '');

  const th: string[] = [];
  for (const t of p.theories.added) th.push(`- **added** “${md(t.title)}”, ${t.configurations.length} configuration(s)`);
  for (const t of p.theories.removed) th.push(`- **removed** “${md(t.title)}”`);
  for (const t of p.theories.changed) {
    for (const f of ['title', 'statement'] as const) if (t.fields.includes(f)) th.push(`- “${md(t.title)}”: ${f} changed`, `  - before: ${short(String(t.before[f] ?? '—'), 300)}`, `  - after: ${short(String(t.after[f] ?? '—'), 300)}`);
    if (t.fields.includes('status')) th.push(`- “${md(t.title)}”: status ${t.before.status ?? 'initial'} → **${t.after.status ?? 'initial'}**`);
  }
  if (p.programme) th.push(`- programme theory: ${p.programme.fields.join(', ')} changed`);
  if (th.length) out.push('### Theories', '', ...th, '');

  const cb: string[] = [];
  for (const t of p.themes.added) cb.push(`- **added** ${md(t.name)}`);
  for (const t of p.themes.removed) cb.push(`- **removed** ${md(t.name)}`);
  for (const t of p.themes.changed) cb.push(`- ${md(t.title)}: ${t.fields.join(', ')} changed`);
  if (cb.length) out.push('### Codebook', '', ...cb, '');

  // A stance is said with its configuration above; a code whose only change is a stance is no coding change here.
  const coded = (a: CodingDiff['articles'][number]) => a.changed.filter((c) => c.fields.some((f) => f !== 'stance')).length;
  const n = diff.articles.reduce((acc, a) => ({ added: acc.added + a.added.length, removed: acc.removed + a.removed.length, changed: acc.changed + coded(a), moved: acc.moved + a.moved, articles: acc.articles + (a.added.length || a.removed.length || coded(a) ? 1 : 0) }), { added: 0, removed: 0, changed: 0, moved: 0, articles: 0 });
  const coding = n.added || n.removed || n.changed ? `${n.added} code(s) added, ${n.removed} removed, ${n.changed} changed in ${n.articles} article(s)` : 'no code added, removed or changed';
  if (!conf.length && !th.length && !cb.length) out.push('No change to configurations, theories or the codebook.', '');
  const hint = n.added || n.removed || n.changed ? ` \`cmo diff ${md(baseLabel.split(' ')[0] ?? baseLabel)}\` lists them.` : '';
  out.push(`Coding: ${coding}${n.moved ? `; ${n.moved} moved with the text (no change)` : ''}.${hint}`, '');
  return out.join('\n');
}

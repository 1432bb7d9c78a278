/**
 * The refinement history of a programme theory: every log entry of the
 * programme, its theories and configurations, oldest first. What THEORY.md's
 * "How this theory was refined" section and `cmo report --history` show.
 * Git history stays the ground truth for who changed which byte; this is
 * the reviewers' own account of why.
 */
import type { LogEntry, Project } from '../model/schema';

export interface HistoryEntry extends LogEntry {
  /** What the entry is about. */
  kind: 'programme' | 'theory' | 'configuration';
  /** Its id ('' for the programme). */
  id: string;
  /** Its title as it is now. */
  title: string;
}

/** Every log entry, oldest first; entries of one day keep the project's order (programme, theories, configurations). */
export function refinementHistory(project: Project): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const e of project.programme?.log ?? []) out.push({ ...e, kind: 'programme', id: '', title: 'Programme theory' });
  for (const t of project.theories ?? []) for (const e of t.log ?? []) out.push({ ...e, kind: 'theory', id: t.id, title: t.title });
  for (const c of project.configurations ?? []) for (const e of c.log ?? []) out.push({ ...e, kind: 'configuration', id: c.id, title: c.title });
  return out.map((e, i) => ({ e, i })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i)).map((x) => x.e);
}

const clip = (text: string, max = 160) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** "status: initial → refined", "statement revised", "if added", "a note". */
export function describeChange(e: LogEntry): string {
  if (e.change === 'note') return 'note';
  if (e.change === 'status') return `status ${e.from ?? 'initial'} → ${e.to ?? 'initial'}`;
  if (e.from === undefined) return `${e.change} added`;
  if (e.to === undefined) return `${e.change} removed`;
  return `${e.change} revised`;
}

/** The history as plain text, one entry a paragraph: what `cmo report --history` prints. */
export function renderHistoryText(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No refinements recorded yet: change a status or a statement in the Theories view (or add a note) and give the reason.\n';
  const out: string[] = [];
  for (const e of entries) {
    const what = e.kind === 'programme' ? 'programme theory' : `${e.kind} “${e.title}” (${e.id})`;
    out.push(`${e.date}${e.by ? ` ${e.by}` : ''}: ${what}: ${describeChange(e)}`);
    if (e.change !== 'status' && e.change !== 'note') {
      if (e.from !== undefined) out.push(`  was: ${clip(e.from)}`);
      if (e.to !== undefined) out.push(`  now: ${clip(e.to)}`);
    }
    if (e.why) out.push(`  why: ${e.why.replace(/\s*\n\s*/g, '\n       ')}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * A sidecar as git should diff it: one line per code, in reading order,
 * with what a reviewer changes (role, quote, themes, cited studies, memo,
 * coder) and none of what moves when the article's text does (offsets, the
 * article's hash, the context either side of a quote). Installed as
 * `diff.cmo.textconv`, it makes `git diff` and `git log -p` show coding
 * changes only: a line typed at the top of an article
 * changes nothing here.
 */
import { ROLE_INFO } from '../model/roles';
import type { Sidecar } from '../model/schema';
import { parseSidecarText } from './parse';

/** Escapes line breaks so that one code stays on one line. */
const flat = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, '\\t');

export function sidecarTextconvLines(sidecar: Sidecar): string[] {
  const out = [`# codes of ${sidecar.source}: role, quote, themes, cites, memo, coder, id (offsets and the article's hash left out)`];
  const codes = [...sidecar.codes].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of codes) {
    const info = ROLE_INFO[c.role];
    // White space in a quote is folded: a paragraph re-wrapped in the article is no change to the code.
    const parts = [`${info.letter} ${info.label}`, `“${c.exact.replace(/\s+/g, ' ')}”`];
    if (c.tags?.length) parts.push(`themes: ${c.tags.join(', ')}`);
    if (c.cites?.length) parts.push(`cites: ${c.cites.map(flat).join('; ')}`);
    if (c.note) parts.push(`memo: ${flat(c.note)}`);
    if (c.coder) parts.push(`by ${flat(c.coder)}`);
    parts.push(`#${c.id}`);
    out.push(parts.join(' · '));
  }
  for (const k of sidecar.conflicts ?? []) out.push(`conflict on #${k.code}: ${k.fields.join(', ')} differ between ours and theirs`);
  if (sidecar.fileConflict) out.push(`conflict on the file: ${sidecar.fileConflict.fields.join(', ')}`);
  return out;
}

/**
 * The text git diffs for a sidecar file. A file that does not parse is
 * given as it is, after one line saying so, so its diff is still there.
 */
export function sidecarTextconv(path: string, text: string): string {
  const parsed = parseSidecarText(path, text);
  if (!parsed.ok) return `# ${path} does not parse (${parsed.problems[0]?.message ?? 'unknown problem'}); shown as it is\n${text}${text.endsWith('\n') ? '' : '\n'}`;
  return `${sidecarTextconvLines(parsed.value).join('\n')}\n`;
}

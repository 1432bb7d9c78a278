/**
 * THEORY.md: the programme theory, its middle-range theories and their CMO
 * configurations, down to each quote with its article, section and a link to
 * its line, plus a Mermaid diagram and counts. GitHub renders all of it in a
 * pull request, so a team reviews the theory where it reviews code.
 *
 * Same data, same bytes: everything is ordered by the project file (or by
 * path and position), nothing depends on time or machine.
 */
import { parseCodeRef } from '../formats/parse';
import { CMO_ROLES, ROLE_INFO, ROLES, type Role } from '../model/roles';
import type { Code, Configuration, Project, Theory } from '../model/schema';
import { appraisalFields, appraisalOf, configurationEvidence, describeAppraisal, describeStudy, STANCE_CUE, summariseEvidence } from './evidence';
import { describeChange, refinementHistory } from './history';
import { stanceOf } from './project';
import { PageIndex } from '../pdf/twin';
import { isMarkdownPath } from '../text/sections';
import { LineIndex } from '../text/text';

export const REPORT_FILE = 'THEORY.md';

export interface ReportArticle {
  /** Workspace-relative path of the article. */
  path: string;
  /** Its codes: all of them, or with `counts`, only those the project cites. */
  sidecar: { codes: readonly Code[] };
  /** The article's LF text, for line numbers; absent when the article is missing (or with `lines`). */
  text?: string;
  /** How many codes the sidecar has by role, when `sidecar.codes` holds only the cited ones (`cmo check` keeps no more). */
  counts?: Partial<Record<Role, number>>;
  /** The 1-based line of each code's start, by code id, when worked out where the text was read. */
  lines?: ReadonlyMap<string, number>;
  /** For a PDF's twin: each code's page ("p. 5"), by code id, when worked out where the text was read. */
  pages?: ReadonlyMap<string, string>;
}

export interface ReportData {
  project: Project;
  articles: ReportArticle[];
}

/**
 * Inline Markdown text that renders as the same characters, also inside a
 * table cell and at the start of a line: line breaks become spaces; \ ` * _
 * { } [ ] < > | ~ are escaped anywhere, and a character that would start a
 * block (# + - = > or "1.") at the start.
 */
export function escapeInline(text: string): string {
  // Each pass only where needed: most quotes have single spaces and nothing to escape.
  let flat = (/[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
  if (MARKUP.test(flat)) flat = flat.replace(MARKUP_ALL, (c) => `\\${c}`);
  return /^([#+\-=>]|\d+[.)])/.test(flat) ? `\\${flat}` : flat;
}
const MARKUP = /[\\`*_{}[\]<>|~]/;
const MARKUP_ALL = new RegExp(MARKUP.source, 'g');

function mermaidLabel(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}

const SLOT_ORDER: Role[] = ['context', 'resource', 'reasoning', 'mechanism', 'outcome', 'none'];
const slotRank = (r: Role) => SLOT_ORDER.indexOf(r);

interface Resolved {
  ref: string;
  article?: ReportArticle;
  code?: Code;
}

export function renderReport(data: ReportData): string {
  const { project } = data;
  const byPath = new Map(data.articles.map((a) => [a.path, a]));
  const lines = new Map<string, LineIndex>();
  // Each article's codes by id, built when a reference first needs them: linear in references, not references × codes.
  const codesById = new Map<string, Map<string, Code>>();
  const resolve = (ref: string): Resolved => {
    const parsed = parseCodeRef(ref);
    if ('error' in parsed) return { ref };
    const article = byPath.get(parsed.path);
    if (!article) return { ref };
    let ids = codesById.get(article.path);
    if (!ids) codesById.set(article.path, (ids = new Map(article.sidecar.codes.map((c) => [c.id, c]))));
    return { ref, article, code: ids.get(parsed.id) };
  };
  const pageIndexes = new Map<string, PageIndex | undefined>();
  /** "p. 5" for a code of a PDF's twin. */
  const pageOf = (a: ReportArticle, code: Code): string | undefined => {
    if (a.pages) return a.pages.get(code.id);
    if (a.text === undefined) return undefined;
    if (!pageIndexes.has(a.path)) pageIndexes.set(a.path, PageIndex.of(a.text));
    return pageIndexes.get(a.path)?.cite(code.start, code.end);
  };
  const lineOf = (a: ReportArticle, code: Code): number | undefined => {
    if (a.lines) return a.lines.get(code.id);
    if (a.text === undefined) return undefined;
    let index = lines.get(a.path);
    if (!index) lines.set(a.path, (index = new LineIndex(a.text)));
    return index.position(code.start).line + 1;
  };

  const theories = project.theories ?? [];
  const configurations = project.configurations ?? [];
  const configurationById = new Map<string, Configuration>();
  for (const c of configurations) if (!configurationById.has(c.id)) configurationById.set(c.id, c);
  const inProgramme = project.programme?.theories ?? [];
  const programmeTheories = inProgramme.map((id) => theories.find((t) => t.id === id)).filter((t) => t !== undefined);
  const otherTheories = theories.filter((t) => !inProgramme.includes(t.id));
  const placed = new Set(theories.flatMap((t) => t.configurations));
  const loose = configurations.filter((c) => !placed.has(c.id));

  // Counts, in one pass over the codes; the references in use by article, then id.
  const used = new Map<string, Set<string>>();
  for (const conf of configurations) {
    for (const ref of conf.codes) {
      const hash = ref.lastIndexOf('#');
      const path = ref.slice(0, hash);
      let ids = used.get(path);
      if (!ids) used.set(path, (ids = new Set()));
      ids.add(ref.slice(hash + 1));
    }
  }
  const roleCounts = new Map<Role, number>(ROLES.map((r) => [r, 0]));
  let codeCount = 0;
  let unassigned = 0;
  // Theme-only codes (role none) have no slot to be assigned to: never "unassigned".
  for (const a of data.articles) {
    const ids = used.get(a.path);
    if (a.counts) {
      let total = 0;
      for (const [role, n] of Object.entries(a.counts) as Array<[Role, number]>) {
        total += n;
        roleCounts.set(role, (roleCounts.get(role) ?? 0) + n);
        if (role !== 'none') unassigned += n;
      }
      codeCount += total;
      for (const c of a.sidecar.codes) if (ids?.has(c.id) && c.role !== 'none') unassigned--;
      continue;
    }
    for (const c of a.sidecar.codes) {
      codeCount++;
      roleCounts.set(c.role, (roleCounts.get(c.role) ?? 0) + 1);
      if (!ids?.has(c.id) && c.role !== 'none') unassigned++;
    }
  }
  const perRole = (r: Role) => roleCounts.get(r) ?? 0;
  // The theme-only column only where there are such codes, so a review without them reads as before.
  const columns: readonly Role[] = perRole('none') > 0 ? ROLES : CMO_ROLES;
  const fields = appraisalFields(project);
  // Each article's appraisal as shown, worked out once (a review has far more passages than articles).
  const appraisals = new Map<string, string>();
  const appraisalText = (path: string) => {
    let text = appraisals.get(path);
    if (text === undefined) appraisals.set(path, (text = describeAppraisal(appraisalOf(project, path, fields))));
    return text;
  };
  const history = refinementHistory(project);
  const statusOf = (x: { status?: string }) => (x.status && x.status !== 'initial' ? ` *(${x.status})*` : '');
  const titleOf = (id: string) => configurationById.get(id)?.title ?? theories.find((t) => t.id === id)?.title ?? `missing ${id}`;
  const leadsTo = (x: { leadsTo?: string[] }) => {
    if (x.leadsTo?.length) out.push(`Leads to: ${x.leadsTo.map((id) => `*${escapeInline(titleOf(id))}*`).join('; ')}.`, '');
  };
  const parts = (x: { if?: string; then?: string; because?: string }) => {
    const said = (['if', 'then', 'because'] as const).filter((k) => x[k]?.trim());
    if (said.length) out.push(said.map((k) => `**${k[0]!.toUpperCase()}${k.slice(1)}** ${escapeInline(x[k] as string)}`).join('<br>'), '');
  };

  const out: string[] = [];
  out.push('<!-- Generated by CMO Coder from cmo-project.json and the sidecars (*.cmo.json). Do not edit: run `cmo report`, or save in VS Code. -->', '');
  out.push('# Programme theory', '');
  const programme = project.programme ?? { theories: [] };
  out.push(programme.statement ? escapeInline(programme.statement) : '*No programme theory statement yet.*', '');
  parts(programme);
  out.push('| articles | codes | ' + columns.map((r) => ROLE_INFO[r].label.toLowerCase()).join(' | ') + ' | configurations | theories | unassigned codes |');
  out.push('|' + '---:|'.repeat(columns.length + 5));
  out.push(`| ${data.articles.length} | ${codeCount} | ${columns.map(perRole).join(' | ')} | ${configurations.length} | ${theories.length} | ${unassigned} |`, '');

  // Diagram
  out.push('```mermaid', 'flowchart LR', '  P(["Programme theory"])');
  const node = (prefix: string, id: string) => `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  for (const t of programmeTheories) out.push(`  P --> ${node('T', t.id)}["${mermaidLabel(t.title)}"]`);
  for (const t of otherTheories) out.push(`  ${node('T', t.id)}["${mermaidLabel(t.title)}"]`);
  for (const t of [...programmeTheories, ...otherTheories]) {
    for (const cid of t.configurations) {
      const conf = configurationById.get(cid);
      out.push(`  ${node('T', t.id)} --> ${node('K', cid)}["${mermaidLabel(conf?.title ?? `missing configuration ${cid}`)}"]`);
    }
  }
  for (const c of loose) out.push(`  ${node('K', c.id)}["${mermaidLabel(c.title)}"]`);
  // Links between theories and configurations: one's outcome is the next one's context or mechanism.
  const nodeOf = (id: string) => (configurationById.has(id) ? node('K', id) : theories.some((t) => t.id === id) ? node('T', id) : undefined);
  for (const x of [...theories, ...configurations]) {
    for (const to of x.leadsTo ?? []) {
      const from = nodeOf(x.id);
      const target = nodeOf(to);
      if (from && target) out.push(`  ${from} -. leads to .-> ${target}`);
    }
  }
  out.push('```', '');

  const renderConfiguration = (conf: Configuration, level: string) => {
    out.push(`${level} ${escapeInline(conf.title)}${statusOf(conf)}`, '');
    if (conf.statement) out.push(`> ${escapeInline(conf.statement)}`, '');
    parts(conf);
    leadsTo(conf);
    const rows = conf.codes.map(resolve);
    if (rows.length === 0) {
      out.push('*No passages yet.*', '');
      return;
    }
    const resolved = new Map(rows.map((r) => [r.ref, r.code]));
    const evidence = configurationEvidence(project, conf, (ref) => resolved.get(ref), fields);
    const summary = summariseEvidence(evidence, project, fields);
    if (summary) {
      const stanceWords = { supports: 'Supporting', refutes: 'Refuting', refines: 'Refining' } as const;
      const lists = (['supports', 'refutes', 'refines'] as const)
        .filter((st) => evidence.byStance[st].length)
        .map((st) => `${STANCE_CUE[st]} ${stanceWords[st]}: ${evidence.byStance[st].map((x) => escapeInline(describeStudy(x))).join('; ')}`);
      out.push(`**Evidence:** ${escapeInline(summary)}.<br>${lists.join('<br>')}`, '');
    }
    rows.sort((a, b) => {
      const ra = a.code ? slotRank(a.code.role) : 99;
      const rb = b.code ? slotRank(b.code.role) : 99;
      return ra - rb;
    });
    out.push('| role | passage | article | section |', '|---|---|---|---|');
    for (const r of rows) {
      if (!r.code || !r.article) {
        out.push(`| ⚠ | *missing code* \`${r.ref.replace(/`/g, '')}\` | | |`);
        continue;
      }
      const info = ROLE_INFO[r.code.role];
      const line = lineOf(r.article, r.code);
      // Each path segment encoded whole: a "#" or "?" in a file name is part of the name, not a fragment or a query.
      const target = `${r.article.path.split('/').map(encodeURIComponent).join('/')}${isMarkdownPath(r.article.path) ? '?plain=1' : ''}${line ? `#L${line}` : ''}`;
      const page = pageOf(r.article, r.code);
      const link = `[${escapeInline(r.article.path.slice(r.article.path.lastIndexOf('/') + 1))}${line ? `:${line}` : ''}](${target})${page ? `, ${page}` : ''}`;
      const memo = r.code.note ? `<br>*Memo:* ${escapeInline(r.code.note)}` : '';
      const cites = r.code.cites?.length ? `<br>*Cites:* ${r.code.cites.map(escapeInline).join('; ')}` : '';
      const stance = stanceOf(conf, r.ref);
      const cue = stance === 'supports' ? '' : `${STANCE_CUE[stance]} **${stance}** `;
      const appraisal = appraisalText(r.article.path);
      out.push(`| **${info.letter}** ${info.label} | ${cue}“${escapeInline(r.code.exact)}”${memo}${cites} | ${link}${appraisal ? `<br>${appraisal}` : ''} | ${r.code.section ? escapeInline(r.code.section) : ''} |`);
    }
    out.push('');
  };

  for (const t of [...programmeTheories, ...otherTheories] as Theory[]) {
    out.push(`## ${escapeInline(t.title)}${statusOf(t)}${inProgramme.includes(t.id) ? '' : ' (not in the programme theory)'}`, '');
    if (t.statement) out.push(escapeInline(t.statement), '');
    leadsTo(t);
    if (t.configurations.length === 0) out.push('*No configurations yet.*', '');
    for (const cid of t.configurations) {
      const conf = configurationById.get(cid);
      if (conf) renderConfiguration(conf, '###');
      else out.push(`### ⚠ Missing configuration \`${cid}\``, '');
    }
  }
  if (loose.length) {
    out.push('## Configurations in no theory', '');
    for (const c of loose) renderConfiguration(c, '###');
  }
  if (history.length) {
    out.push('## How this theory was refined', '');
    out.push('| date | who | what | change | why |', '|---|---|---|---|---|');
    for (const e of history) {
      const what = e.kind === 'programme' ? 'Programme theory' : `${e.kind === 'theory' ? 'Theory' : 'Configuration'} *${escapeInline(e.title)}*`;
      const was = e.change !== 'status' && e.change !== 'note' && e.from ? `<br>was: ${escapeInline(e.from)}` : '';
      out.push(`| ${e.date} | ${escapeInline(e.by ?? '')} | ${what} | ${escapeInline(describeChange(e))}${was} | ${escapeInline(e.why ?? '')} |`);
    }
    out.push('');
  }
  // One line break at the end, trimmed by hand: a regex anchored at the end scans the whole text (10 MB in a big review).
  const text = out.join('\n');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return `${text.slice(0, end)}\n`;
}

import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { agreementReport, describeBefore, emptyProject, formatProblem, loadCoding, loadProject, loadReconciliation, type Coding, type Project, mergeReconciliations, openDisagreements, pairCodings, ROLE_INFO, isRole, type AgreementReport, type Code, type FileSystem, type Reconciliation, type Stats } from '../../core';
import { GitFileSystem } from '../../node/gitFileSystem';
import { args, CliError, type Io } from '../io';
import { NodeFileSystem, processLimits } from '../nodeFileSystem';

const USAGE = 'cmo agree A B [--json] [--by role|article|theme] [--list]';

export const AGREE_HELP = `  cmo agree A B [--json] [--by role|article|theme] [--list]
      Agreement between two codings of the same articles. A and B are each a
      folder, or a git branch, tag or commit (read with git, no checkout; the
      folder is the current one inside the repository, or REF:path). Per role
      and overall: percent agreement and Cohen's kappa at character level,
      Krippendorff's unitized alpha, and codes matched (same role, Jaccard
      overlap >= 0.5), only in A, only in B. Also kappa over the coded text
      alone (the characters at least one coder coded, labelled with their
      roles), which text neither coder touched cannot inflate. --by article or --by theme adds a
      table per article or per theme. Prints the denominators and how much text
      neither coder touched. With a reconciliation.json (either side), also
      the agreement recorded before reconciliation ("kappa before
      consensus"); --list prints the disagreements not yet decided there.
      Exit 0; 2 on bad arguments.
`;

interface Side {
  fs: FileSystem;
  label: string;
  close(): void;
}

function git(cwd: string, argv: string[]): string | undefined {
  try {
    return execFileSync('git', argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A side's coding and project for a diff, all of it or an error: a sidecar
 * or project file that does not parse, or an article that cannot be read,
 * would otherwise show as codes removed (a pull-request comment saying "9
 * removed" about a file that is only broken). The error names each file and
 * why, and what to do.
 */
export async function comparableSide(side: Side, name: string): Promise<{ coding: Coding; project: Project }> {
  const [coding, project] = await Promise.all([loadCoding(side.fs), loadProject(side.fs)]);
  const broken = coding.unreadable.map((u) => `  ${u.path}: ${u.reason}`);
  if (project.state === 'invalid') broken.unshift(...project.problems.slice(0, 3).map((p) => `  ${formatProblem(p)}`));
  if (broken.length) throw new CliError(`${name} = ${side.label} has ${broken.length === 1 ? 'a file' : `${broken.length} files`} that cannot be read, so no diff was made (its codes would show as removed):\n${broken.join('\n')}\nFix ${broken.length === 1 ? 'it' : 'them'} ("cmo check" on that side says more), then compare again.`, 1);
  return { coding, project: project.state === 'ok' ? project.value : emptyProject() };
}

/** A folder, or REF, or REF:path in the git repository around the working folder. */
export function openSide(arg: string, cwd: string): Side {
  const dir = nodePath.resolve(cwd, arg);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { fs: new NodeFileSystem(dir), label: `folder ${arg}`, close() {} };
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (top === undefined) throw new CliError(`"${arg}" is not a folder, and ${cwd} is not in a git repository, so it cannot be a branch either.`);
  const colon = arg.indexOf(':');
  const ref = colon < 0 ? arg : arg.slice(0, colon);
  const folder = colon < 0 ? (git(cwd, ['rev-parse', '--show-prefix']) ?? '').replace(/\/$/, '') : arg.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  const commit = GitFileSystem.resolveRef(top, ref);
  if (!commit) throw new CliError(`"${arg}" is neither a folder nor a git branch, tag or commit of ${top}.`);
  const fs = new GitFileSystem(top, commit, folder, processLimits());
  return { fs, label: `${ref} (${commit.slice(0, 7)})${folder ? `:${folder}` : ''}`, close: () => fs.close() };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
const int = (x: number) => x.toLocaleString('en-US');

function table(title: string, rows: Array<[string, Stats]>): string {
  const head = [title, '% agree', 'kappa', 'alpha', 'matched', 'only A', 'only B', 'chars A', 'chars B', 'both', 'neither'];
  const body = rows.map(([name, s]) => [name, pct(s.percent), num(s.kappa), num(s.alpha), String(s.matched), String(s.onlyA), String(s.onlyB), int(s.codedA), int(s.codedB), int(s.codedBoth), int(s.codedNeither)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function formatAgreement(report: AgreementReport, a: string, b: string, by: string, themeName: (id: string) => string = (id) => id): string {
  const c = report.compared;
  const roleName = (r: string) => (isRole(r) ? ROLE_INFO[r].label : r);
  let out = `Agreement between A = ${a} and B = ${b}\n`;
  out += `Compared ${c.articles} article(s) both coded: ${int(c.characters)} characters; A has ${c.codesA} code(s), B has ${c.codesB}.\n`;
  const s = report.skipped;
  if (s.onlyInA.length) out += `Left out, coded only in A: ${s.onlyInA.join(', ')}\n`;
  if (s.onlyInB.length) out += `Left out, coded only in B: ${s.onlyInB.join(', ')}\n`;
  if (s.unplacedB) out += `Left out: ${s.unplacedB} code(s) of B whose quote is not in A's copy of the article.\n`;
  if (c.articles === 0) return out + 'Nothing to compare: no article has a sidecar on both sides.\n';
  out += '\n' + table('role', [...Object.entries(report.roles).map(([r, st]) => [roleName(r), st] as [string, Stats]), [`overall (${c.roles.length} role${c.roles.length === 1 ? '' : 's'})`, report.overall]]);
  if (by === 'article') out += '\n' + table('article', Object.entries(report.articles));
  if (by === 'theme' && report.themes) out += '\n' + (Object.keys(report.themes).length ? table('theme', Object.entries(report.themes).map(([id, st]) => [themeName(id), st] as [string, Stats])) : 'No code on either side has a theme.\n');
  const o = report.overall;
  const ct = report.codedText;
  out += `\nThree readings:`;
  out += `\n- kappa over all text (the table): every character of the compared articles, per role; text neither coder touched counts as agreement.`;
  out += `\n- kappa over coded text: ${num(ct.kappa)} (${pct(ct.percent)} of ${int(ct.characters)} characters given the same roles): only the characters at least one coder coded, labelled with the roles covering them; untouched text cannot inflate it.`;
  out += `\n- per theme: --by theme gives a table per theme${by === 'theme' ? ' (above)' : ''}.\n`;
  out += `\nDenominators: each role is compared over every character of the compared articles, so "overall" counts ${int(c.characters)} characters × ${c.roles.length} role(s) = ${int(o.characters)}.`;
  out += `\nUntouched text: ${pct(o.characters ? o.codedNeither / o.characters : null)} of those were coded by neither coder. Shared silence raises percent agreement (and kappa less so); read kappa and alpha, not percent.`;
  out += `\nMatching: codes match when the role is the same and the spans' Jaccard overlap is at least 0.5, one to one.\n`;
  return out;
}

/** JSON: the figures a script needs, without the internals of alpha. */
function jsonStats(s: Stats) {
  return { percent: s.percent, kappa: s.kappa, alpha: s.alpha, matched: s.matched, onlyA: s.onlyA, onlyB: s.onlyB, characters: s.characters, codedA: s.codedA, codedB: s.codedB, codedBoth: s.codedBoth, codedNeither: s.codedNeither };
}
const mapStats = (r: Record<string, Stats>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonStats(v)]));

export async function runAgree(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' }, by: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 2) throw new CliError(`two codings to compare, A and B.\nUsage: ${USAGE}`);
  const by = values.by ?? 'role';
  if (!['role', 'article', 'theme'].includes(by)) throw new CliError(`--by is role, article or theme, not "${by}".`);
  const [argA, argB] = positionals as [string, string];
  const a = openSide(argA, io.cwd);
  let b: Side | undefined;
  try {
    b = openSide(argB, io.cwd);
    const [codingA, codingB] = [await loadCoding(a.fs), await loadCoding(b.fs)];
    const paired = pairCodings(codingA, codingB);
    const report = agreementReport(paired, by === 'theme');
    // The record of either side (after a merge, both have the same).
    const records = await Promise.all([loadReconciliation(a.fs), loadReconciliation(b.fs)]);
    for (const r of records) if (r.state === 'invalid') io.err(`warning: ${r.problem}\n`);
    const usable = records.flatMap((r) => (r.state === 'ok' ? [r.value] : []));
    const record = usable.length === 2 ? mergeReconciliations(undefined, usable[0] as Reconciliation, usable[1] as Reconciliation) : usable[0];
    const open = openDisagreements(paired, record);
    const before = describeBefore(record);
    const unreadable = [...codingA.unreadable.map((u) => ({ side: 'A', ...u })), ...codingB.unreadable.map((u) => ({ side: 'B', ...u }))];
    for (const u of unreadable) io.err(`warning: ${u.side} ${u.path} left out: ${u.reason}\n`);
    if (values.json) {
      const json = {
        a: a.label,
        b: b.label,
        overall: jsonStats(report.overall),
        roles: mapStats(report.roles),
        articles: Object.fromEntries(Object.entries(report.articles).map(([p, s]) => [p, { ...jsonStats(s), roles: mapStats(s.roles) }])),
        ...(report.themes ? { themes: mapStats(report.themes) } : {}),
        codedText: report.codedText,
        compared: report.compared,
        skipped: { ...report.skipped, unreadable },
        reconciliation: { before: record?.comparisons ?? [], decided: record?.decisions.length ?? 0, open: open.length, ...(values.list ? { items: open.map((d) => ({ article: d.path, kind: d.kind, a: d.a && { id: d.a.id, role: d.a.role, quote: d.a.exact }, b: d.b && { id: d.b.id, role: d.b.role, quote: d.b.exact } })) } : {}) },
      };
      io.out(JSON.stringify(json, null, 2) + '\n');
    } else {
      // Themes by name, from A's codebook (the JSON keeps the ids).
      const project = await loadProject(a.fs);
      const names = new Map((project.state === 'ok' ? (project.value.codebook ?? []) : []).map((t) => [t.id, t.name]));
      io.out(formatAgreement(report, a.label, b.label, by, (id) => names.get(id) ?? id));
      if (before) io.out(`\nReconciliation: ${before}; now kappa = ${num(report.overall.kappa)} (${num(report.codedText.kappa)} over the text either coded). ${record?.decisions.length ?? 0} decision(s) recorded, ${open.length} disagreement(s) open.\n`);
      else if (record) io.out(`\nReconciliation: ${record.decisions.length} decision(s) recorded, ${open.length} disagreement(s) open.\n`);
      if (values.list) {
        const side = (c: Code | undefined) => (c ? `${ROLE_INFO[c.role].letter} “${c.exact.replace(/\s+/g, ' ').slice(0, 70)}”` : '(nothing)');
        io.out(`\nOpen disagreements (${open.length}):\n`);
        for (const d of open) io.out(`${d.path}: ${d.kind}: A ${side(d.a)} · B ${side(d.b)}\n`);
      }
    }
    return 0;
  } finally {
    a.close();
    b?.close();
  }
}

import { readLimitedSync } from '../nodeFileSystem';
import * as nodePath from 'node:path';
import { conflictMarkerText, decodeFile, mergeReconciliations, parseReconciliation, RECONCILIATION_FILE, serializeReconciliation, sidecarTextconv, formatProblem, mergedProjectText, mergedSidecarText, parseProjectText, parseSidecarText, PROJECT_FILE, serializeProject, serializeSidecar, type Problem } from '../../core';
import { installMergeDriver } from '../../node/gitRepository';
import { workspaceRootOf, writeInside } from '../../node/safeWrite';
import { args, CliError, type Io } from '../io';

const USAGE = 'cmo merge BASE OURS THEIRS [PATH] | cmo merge --fix FILE... | cmo merge --install [DIR]';

export const MERGE_HELP = `  cmo merge BASE OURS THEIRS [PATH]
      Git merge driver for sidecars and cmo-project.json (git passes
      %O %A %B %P). Three-way merge by id: codes added on either side are
      kept, fields changed on one side are taken, lists of ids merge as sets,
      and what both sides changed differently is recorded in the file as a
      conflict (schema-valid, no text markers) to reconcile in VS Code.
      Writes the canonical result to OURS. Exit 0 when clean, 1 when it
      recorded conflicts (git then lists the file as conflicted). If a side
      does not parse, OURS gets both sides whole between conflict markers.
  cmo merge --fix FILE...
      Rewrite sidecars or project files that arrived with git conflict
      markers: both sides are merged by id as above. Exit 1 if one cannot be.
  cmo merge --install [DIR]
      Set up git in the repository around DIR (default .): the merge
      driver (merge.cmo in .git/config, not committed) and the sidecar diff
      (diff.cmo.textconv: git diff shows one line per code, without
      offsets, so text moving changes nothing), and, if missing, the
      .gitattributes lines "*.cmo.json merge=cmo", "cmo-project.json
      merge=cmo", "*.cmo.json diff=cmo" and "reconciliation.json
      merge=cmo" (the reconciliation record merges as a set of decisions).
  cmo textconv FILE
      Print a sidecar as git diffs it (what diff.cmo.textconv runs): one
      line per code in reading order, with its role, quote, themes, cites,
      memo, coder and id; offsets and the article's hash left out.
`;

type Kind = 'sidecar' | 'project';

function kindOf(path: string | undefined, ...texts: string[]): Kind {
  if (path) return nodePath.basename(path) === PROJECT_FILE ? 'project' : 'sidecar';
  for (const t of texts) {
    try {
      const v = JSON.parse(t) as Record<string, unknown>;
      if (Array.isArray(v.codes)) return 'sidecar';
      if (v && typeof v === 'object') return 'project';
    } catch {
      /* try the next side */
    }
  }
  return 'sidecar';
}

/** The text of a file; `side` (BASE, OURS, THEIRS) names it in the error when it cannot be read as text. */
function readText(file: string, side?: string): string {
  const label = side ? `${side} (${file})` : file;
  let bytes: Uint8Array;
  try {
    bytes = readLimitedSync(file);
  } catch (e) {
    throw new CliError(`${label} cannot be read: ${(e as Error).message}. Nothing was written.`);
  }
  const decoded = decodeFile(file, bytes);
  if ('problems' in decoded) throw new CliError(`${label} is not text CMO Coder can merge: ${(decoded.problems[0]?.message ?? 'not UTF-8 text').replace(/\s*The file is left exactly as it is\.$/, '')} Nothing was written; git leaves the file conflicted for you to resolve by hand.`);
  return decoded.text;
}

async function driver(positionals: string[], io: Io): Promise<number> {
  const [baseFile, oursFile, theirsFile] = positionals.map((p) => nodePath.resolve(io.cwd, p)) as [string, string, string];
  const display = positionals[3] ?? (positionals[1] as string);
  const [baseText, oursText, theirsText] = [readText(baseFile, 'BASE'), readText(oursFile, 'OURS'), readText(theirsFile, 'THEIRS')];
  if (nodePath.basename(positionals[3] ?? '') === RECONCILIATION_FILE) return mergeRecord(display, oursFile, [baseText, oursText, theirsText], io);
  const kind = kindOf(positionals[3], oursText, theirsText);
  const parse = kind === 'sidecar' ? parseSidecarText : parseProjectText;
  const ours = parse(display, oursText);
  const theirs = parse(display, theirsText);
  const base = baseText.trim() === '' ? undefined : parse(display, baseText);
  if (!ours.ok || !theirs.ok) {
    const bad = (!ours.ok ? ours : theirs) as { problems: Problem[] };
    io.err(`cmo merge: ${display}: ${!ours.ok ? 'our' : 'their'} side does not parse, so it cannot be merged by id:\n  ${formatProblem(bad.problems[0] as Problem)}\n`);
    io.err(`cmo merge: wrote both sides whole between conflict markers; nothing is lost. Fix the broken side and run \`cmo merge --fix ${display}\`.\n`);
    await writeInside(oursFile, conflictMarkerText(oursText, theirsText, base ? baseText : undefined));
    return 1;
  }
  if (base && !base.ok) io.err(`cmo merge: ${display}: the common ancestor does not parse; merging the two sides without it (every difference is a conflict).\n`);
  const baseValue = base?.ok ? base.value : undefined;
  const merged = kind === 'sidecar' ? mergedSidecarText(baseValue as never, ours.value as never, theirs.value as never) : mergedProjectText(baseValue as never, ours.value as never, theirs.value as never);
  await writeInside(oursFile, merged.text);
  if (merged.conflicts > 0) {
    io.err(`cmo merge: ${display}: ${merged.conflicts} conflict(s) recorded in the file (no markers; it parses). Reconcile them in VS Code (CMO: Reconcile merge conflicts), then git add it.\n`);
    return 1;
  }
  return 0;
}

/** reconciliation.json: decisions and comparisons merge as sets; a side that does not parse gets both sides between markers. */
async function mergeRecord(display: string, oursFile: string, [baseText, oursText, theirsText]: [string, string, string], io: Io): Promise<number> {
  const ours = parseReconciliation(oursText);
  const theirs = parseReconciliation(theirsText);
  if (!ours.ok || !theirs.ok) {
    io.err(`cmo merge: ${display}: ${!ours.ok ? ours.message : (theirs as { message: string }).message}\ncmo merge: wrote both sides whole between conflict markers; nothing is lost.\n`);
    await writeInside(oursFile, conflictMarkerText(oursText, theirsText, baseText.trim() ? baseText : undefined));
    return 1;
  }
  const base = baseText.trim() ? parseReconciliation(baseText) : undefined;
  await writeInside(oursFile, serializeReconciliation(mergeReconciliations(base?.ok ? base.value : undefined, ours.value, theirs.value)));
  return 0;
}

async function fix(files: string[], io: Io): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const full = nodePath.resolve(io.cwd, file);
    const text = readText(full);
    const kind = nodePath.basename(full) === PROJECT_FILE ? 'project' : 'sidecar';
    const parsed = kind === 'sidecar' ? parseSidecarText(file, text) : parseProjectText(file, text);
    if (!parsed.ok) {
      failed++;
      for (const p of parsed.problems) io.err(formatProblem(p) + '\n');
      continue;
    }
    const out = kind === 'sidecar' ? serializeSidecar(parsed.value as never) : serializeProject(parsed.value as never);
    if (out === text) {
      io.out(`${file}: nothing to fix\n`);
      continue;
    }
    await writeInside(full, out, await workspaceRootOf(nodePath.dirname(full)));
    const conflicts = ((parsed.value as { conflicts?: unknown[] }).conflicts ?? []).length;
    // Only a file with conflict markers had two sides to merge; any other was only written in canonical form.
    const hadMarkers = /^<<<<<<< /m.test(text);
    io.out(hadMarkers ? `${file}: merged both sides by id${conflicts ? `; ${conflicts} conflict(s) recorded to reconcile` : ''}\n` : `${file}: no conflict markers; rewritten in canonical form (key order, indentation), the same data\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function install(dirArg: string | undefined, io: Io): Promise<number> {
  const dir = nodePath.resolve(io.cwd, dirArg ?? '.');
  let result: { top: string; addedAttributes: number };
  try {
    result = await installMergeDriver(dir, nodePath.resolve(process.argv[1] ?? __filename), process.execPath);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  io.out(`Set merge.cmo.driver and diff.cmo.textconv in ${nodePath.join(result.top, '.git', 'config')}${result.addedAttributes ? ` and added ${result.addedAttributes} line(s) to .gitattributes (commit it)` : ''}.\n`);
  return 0;
}

/** `cmo textconv FILE`: what git diffs for a sidecar (diff.cmo.textconv). Never fails on a broken file: git would show nothing. */
export async function runTextconv(argv: string[], io: Io): Promise<number> {
  const [file] = argv;
  if (!file || file === '--help' || file === '-h') {
    io.out('Usage: cmo textconv FILE\n');
    return file ? 0 : 2;
  }
  const full = nodePath.resolve(io.cwd, file);
  const bytes = readLimitedSync(full);
  const decoded = decodeFile(file, bytes);
  io.out(sidecarTextconv(file, 'text' in decoded ? decoded.text : new TextDecoder().decode(bytes)));
  return 0;
}

export async function runMerge(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { fix: { type: 'boolean' }, install: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (values.install) return await install(positionals[0], io);
  if (values.fix) {
    if (positionals.length === 0) throw new CliError(`which files?\nUsage: ${USAGE}`);
    return fix(positionals, io);
  }
  if (positionals.length < 3 || positionals.length > 4) throw new CliError(`a merge driver takes BASE OURS THEIRS [PATH] (git's %O %A %B %P).\nUsage: ${USAGE}`);
  return driver(positionals, io);
}

import { availableParallelism } from 'node:os';
import * as nodePath from 'node:path';
import { statSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { findFiles, importPdf, printablePath, reanchorTwin, staleTwins, twinPathFor, type ImportedPdf, type StaleTwin } from '../../core';
import { bundledPdfExtractor } from '../../node/pdfExtractor';
import { args, CliError, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo import-pdf FILE.pdf|DIR… [--out DIR] [--json] [--jobs N]';
const UPGRADE_USAGE = 'cmo import-pdf --upgrade [DIR…] [--json] [--jobs N]';

export const IMPORT_PDF_HELP = `  ${USAGE}
      Write each PDF's text as a Markdown twin beside it (FILE.md; with
      --out, in DIR), the file you code: reading order of one or two
      columns (a table or title across them read apart), paragraphs on one
      line, hyphenated line ends joined, running heads and page numbers
      removed, headings, captions, tables and one paragraph per reference,
      and "<!-- page N -->" at each page start, so every quote has a page.
      Its first line names the PDF and its sha256. A DIR imports every PDF
      under it. Several PDFs are read in parallel (--jobs, default: the
      cores, at most 4), with progress on a terminal. A file already there
      that is not a twin is left alone (exit 1); re-importing a PDF rewrites
      its twin only, and its codes are found again by "cmo anchor FILE.md
      --write". A PDF with no text layer (a scan), or whose text cannot be
      read as words, writes nothing: OCR it first; an encrypted one, or one
      whose text is in form fields, says so. --json prints
      {"articles":[{"pdf","text","pages","chars","warnings","status"}]}.
      Exit 0 when every PDF was imported, else 1.
  ${UPGRADE_USAGE}
      Re-import every twin under DIR (default .) that an older layout of
      the import made, or whose PDF changed since, and anchor its codes
      again on the new text: each is found where its words are now, or kept
      as it was and listed as orphaned (never dropped, never moved onto
      other words). "cmo check" lists such twins. --json adds "codes":
      {"kept","moved","fuzzy","orphaned"} and "reason" to each article.
`;

interface Task {
  pdf: string;
  twin: string;
  /** The folder writes stay inside (the twin's own, or the --upgrade folder). */
  writeRoot: string;
}

/** One PDF imported, by absolute paths, as the main thread or a worker does it. */
async function importOne(task: Task): Promise<ImportedPdf> {
  // pdf.js and the word list from their files beside this bundle (dist/pdf.js, dist/words-en.txt).
  const extractor = bundledPdfExtractor(__dirname);
  const fs = new NodeFileSystem(nodePath.parse(task.pdf).root, task.writeRoot);
  const rel = (p: string) => nodePath.relative(nodePath.parse(p).root, p).split(nodePath.sep).join('/');
  const { layout: _layout, ...r } = await importPdf(fs, rel(task.pdf), rel(task.twin), extractor, { limits: fs.limits });
  return r;
}

/** The worker side: imports what the main thread sends, one at a time. */
export function importWorker(): void {
  parentPort?.on('message', (m: { id: number; task: Task }) => {
    importOne(m.task).then(
      (result) => parentPort?.postMessage({ id: m.id, result }),
      (e: Error) => parentPort?.postMessage({ id: m.id, failure: e.message || String(e) }),
    );
  });
}

/**
 * Imports `tasks` with up to `jobs` worker threads (pdf.js is single-threaded:
 * two PDFs at once use two cores); `done(i, r)` as each finishes. Results in
 * the tasks' order.
 */
async function importAll(tasks: Task[], jobs: number, done: (i: number, r: ImportedPdf) => void): Promise<ImportedPdf[]> {
  const results: ImportedPdf[] = new Array(tasks.length);
  const finish = (i: number, r: ImportedPdf) => {
    results[i] = r;
    done(i, r);
  };
  if (jobs <= 1 || tasks.length <= 1 || !isMainThread) {
    for (const [i, t] of tasks.entries()) finish(i, await importOne(t).catch((e: Error) => failed(t, e.message)));
    return results;
  }
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Worker(__filename.replace(/commands[\\/]importPdf\.[tj]s$/, 'main.js'), { workerData: { cmoWorker: 'import-pdf' } }));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const give = () => {
            if (next >= tasks.length) {
              void w.terminate().then(() => resolve());
              return;
            }
            const id = next++;
            w.once('message', (m: { id: number; result?: ImportedPdf; failure?: string }) => {
              finish(m.id, m.result ?? failed(tasks[m.id] as Task, m.failure ?? 'failed'));
              give();
            });
            w.postMessage({ id, task: tasks[id] });
          };
          w.once('error', (e) => {
            // A worker that died: what it had is failed, the rest go on in this thread.
            for (let i = 0; i < tasks.length; i++) if (!results[i]) finish(i, failed(tasks[i] as Task, e.message));
            resolve();
          });
          give();
        }),
    ),
  );
  return results;
}

function failed(task: Task, why: string): ImportedPdf {
  return { pdf: task.pdf, text: task.twin, pages: 0, chars: 0, warnings: [], status: 'failed', error: `${task.pdf} could not be imported: ${why}. Nothing was written.` };
}

export async function runImportPdf(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, json: { type: 'boolean' }, jobs: { type: 'string' }, upgrade: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n       ${UPGRADE_USAGE}\n`);
    return 0;
  }
  const jobs = values.jobs === undefined ? Math.min(4, availableParallelism()) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new CliError(`--jobs is a whole number, 1 or more.\nUsage: ${USAGE}`);
  const shown = (p: string) => nodePath.relative(io.cwd, p) || p;
  if (values.upgrade) return upgrade(positionals, values.json === true, jobs, io, shown);
  if (positionals.length === 0) throw new CliError(`name at least one PDF or folder.\nUsage: ${USAGE}`);
  const out = values.out ? nodePath.resolve(io.cwd, values.out) : undefined;
  const tasks: Task[] = [];
  for (const arg of positionals) {
    const abs = nodePath.resolve(io.cwd, arg);
    const pdfs = statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? (await findFiles(new NodeFileSystem(abs), '', (n) => /\.pdf$/i.test(n))).map((p) => nodePath.join(abs, p)) : [abs];
    if (!pdfs.length) io.err(`${arg}: no PDF in this folder.\n`);
    for (const pdf of pdfs) {
      const twin = out ? nodePath.join(out, nodePath.basename(twinPathFor(pdf))) : twinPathFor(pdf);
      tasks.push({ pdf, twin, writeRoot: nodePath.dirname(twin) });
    }
  }
  if (!tasks.length) return 1;
  let finished = 0;
  const results = await importAll(tasks, jobs, (i) => io.progress?.(`[${++finished}/${tasks.length}] ${shown((tasks[i] as Task).pdf)}`));
  const shownResult = (r: ImportedPdf, t: Task): ImportedPdf => ({ ...r, pdf: shown(t.pdf), text: shown(t.twin), ...(r.error ? { error: r.error.replaceAll(rel(t.pdf), shown(t.pdf)).replaceAll(rel(t.twin), shown(t.twin)) } : {}) });
  const articles = results.map((r, i) => shownResult(r, tasks[i] as Task));
  if (values.json) io.out(JSON.stringify({ articles }, null, 2) + '\n');
  else for (const r of articles) report(r, io);
  return articles.every((r) => !r.error) ? 0 : 1;
}

const rel = (p: string) => nodePath.relative(nodePath.parse(p).root, p).split(nodePath.sep).join('/');

function report(r: ImportedPdf, io: Io, after = ''): void {
  if (r.error) {
    io.err(`${r.error}\n`);
    return;
  }
  const codes = r.codes && !after ? ` It has ${r.codes} code(s): run "cmo anchor ${r.text} --write" to find them in the new text.` : '';
  io.out(`${printablePath(r.pdf)} → ${printablePath(r.text)}: ${r.status === 'unchanged' ? 'unchanged' : 'written'}, ${r.pages} page(s), ${r.chars.toLocaleString('en')} characters.${codes}${after}\n`);
  for (const w of r.warnings) io.err(`${r.pdf}: warning: ${w}\n`);
}

async function upgrade(dirs: string[], json: boolean, jobs: number, io: Io, shown: (p: string) => string): Promise<number> {
  const found: Array<{ root: string; stale: StaleTwin }> = [];
  for (const dirArg of dirs.length ? dirs : ['.']) {
    const root = nodePath.resolve(io.cwd, dirArg);
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${dirArg} is not a folder.`);
    for (const stale of await staleTwins(new NodeFileSystem(root))) found.push({ root, stale });
  }
  const abs = (f: (typeof found)[number], p: string) => nodePath.join(f.root, ...p.split('/'));
  const tasks = found.map((f) => ({ pdf: abs(f, f.stale.pdf), twin: abs(f, f.stale.twin), writeRoot: f.root }));
  if (!tasks.length && !json) io.out('Every PDF twin is up to date: nothing to re-import.\n');
  let finished = 0;
  const imported = await importAll(tasks, jobs, (i) => io.progress?.(`[${++finished}/${tasks.length}] ${shown((tasks[i] as Task).pdf)}`));
  const articles = [];
  for (const [i, f] of found.entries()) {
    const t = tasks[i] as Task;
    // The workers wrote the twins; the codes are anchored here, one sidecar at a time.
    const fs = new NodeFileSystem(f.root);
    const r = await reanchorTwin(fs, f.stale, { ...(imported[i] as ImportedPdf), pdf: f.stale.pdf, text: f.stale.twin });
    const why = f.stale.reason === 'layout' ? `made by layout ${f.stale.layout ?? 1}` : 'its PDF changed';
    const c = r.codes;
    const codes = c ? ` Codes: ${c.kept + c.moved + c.fuzzy} found (${c.kept} in place, ${c.moved} moved, ${c.fuzzy} by approximate match), ${c.orphaned} orphaned (kept, listed by cmo check).` : '';
    const shownR = { ...(imported[i] as ImportedPdf), pdf: shown(t.pdf), text: shown(t.twin) };
    if (r.problem) io.err(`${shown(t.twin)}: ${r.problem}\n`);
    if (json) articles.push({ ...shownR, reason: f.stale.reason, ...(c ? { codes: { kept: c.kept, moved: c.moved, fuzzy: c.fuzzy, orphaned: c.orphaned } } : {}) });
    else report(shownR, io, ` Re-imported (${why}).${codes}`);
  }
  if (json) io.out(JSON.stringify({ articles }, null, 2) + '\n');
  return imported.every((r) => !r.error) ? 0 : 1;
}

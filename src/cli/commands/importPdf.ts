import * as nodePath from 'node:path';
import { importPdf, twinPathFor, type ImportedPdf } from '../../core';
import { bundledPdfExtractor } from '../../node/pdfExtractor';
import { args, CliError, type Io } from '../io';
import { NodeFileSystem } from '../nodeFileSystem';

const USAGE = 'cmo import-pdf FILE.pdf… [--out DIR] [--json]';

export const IMPORT_PDF_HELP = `  ${USAGE}
      Write each PDF's text as a Markdown twin beside it (FILE.md; with
      --out, in DIR), the file you code: reading order of one or two
      columns, paragraphs on one line, hyphenated line ends joined, running
      heads and page numbers removed, headings, captions and tables marked,
      and "<!-- page N -->" at each page start, so every quote has a page.
      Its first line names the PDF and its sha256. A file already there that
      is not a twin is left alone (exit 1); re-importing a PDF rewrites its
      twin only, and its codes are found again by "cmo anchor FILE.md
      --write". A PDF with no text layer (a scan) writes nothing: OCR it
      first. --json prints {"articles":[{"pdf","text","pages","chars",
      "warnings","status"}]}. Exit 0 when every PDF was imported, else 1.
`;

export async function runImportPdf(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    io.out(`Usage: ${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new CliError(`name at least one PDF.\nUsage: ${USAGE}`);
  // pdf.js from its own bundle beside this one (dist/pdf.js).
  const pdfjs = bundledPdfExtractor(__dirname);
  const results: ImportedPdf[] = [];
  for (const arg of positionals) {
    const pdf = nodePath.resolve(io.cwd, arg);
    const twin = values.out ? nodePath.join(nodePath.resolve(io.cwd, values.out), nodePath.basename(twinPathFor(pdf))) : twinPathFor(pdf);
    // Paths from the file system's root; writes stay inside the twin's folder.
    const fs = new NodeFileSystem(nodePath.parse(pdf).root, nodePath.dirname(twin));
    const rel = (p: string) => nodePath.relative(nodePath.parse(p).root, p).split(nodePath.sep).join('/');
    const shown = (p: string) => nodePath.relative(io.cwd, p) || p;
    const r = await importPdf(fs, rel(pdf), rel(twin), pdfjs);
    results.push({ ...r, pdf: shown(pdf), text: shown(twin) });
    if (values.json) continue;
    if (r.error) io.err(`${shown(pdf)}: ${r.error.replace(rel(pdf), shown(pdf)).replace(rel(twin), shown(twin))}\n`);
    else {
      const codes = r.codes ? ` It has ${r.codes} code(s): run "cmo anchor ${shown(twin)} --write" to find them in the new text.` : '';
      io.out(`${shown(pdf)} → ${shown(twin)}: ${r.status === 'unchanged' ? 'unchanged' : 'written'}, ${r.pages} page(s), ${r.chars.toLocaleString('en')} characters, ${r.layout?.removed ?? 0} running head(s) and page number(s) removed.${codes}\n`);
      for (const w of r.warnings) io.err(`${shown(pdf)}: warning: ${w}\n`);
    }
  }
  const ok = results.every((r) => !r.error);
  if (values.json) {
    const articles = results.map(({ layout: _layout, ...r }) => r);
    io.out(JSON.stringify({ articles }, null, 2) + '\n');
  }
  return ok ? 0 : 1;
}

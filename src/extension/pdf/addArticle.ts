/**
 * CMO: Add article… — files or folders (PDFs, .txt, .md) into the review:
 * a file from outside the workspace is copied into the review folder's
 * `papers/` first (never over a file already there); a PDF gets its Markdown
 * twin (core importPdf, pdf.js from the platform), with progress for many
 * files and one summary at the end. A text article needs nothing more: it is
 * coded as it is.
 */
import * as vscode from 'vscode';
import { importPdf, twinPathFor, type ImportedPdf } from '../../core';
import { Commands } from '../shared/commandIds';
import { limits, settings, type Platform } from '../shared/config';
import { folderOf, reviewFolder } from '../shared/folders';
import { UntrustedWrite, WorkspaceFileSystem } from '../shared/workspaceFileSystem';

const ARTICLE = /\.(pdf|md|txt)$/i;

export function registerAddArticle(context: vscode.ExtensionContext, platform: Platform): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.addArticle, (arg?: vscode.Uri, all?: vscode.Uri[]) => addArticles(platform, all?.length ? all : arg ? [arg] : undefined)));
}

/** What the command did (for tests and callers): the articles ready to code, and what was not added, with why. */
export interface AddedArticles {
  added: string[];
  problems: string[];
}

async function addArticles(platform: Platform, given?: vscode.Uri[]): Promise<AddedArticles | undefined> {
  const review = reviewFolder();
  if (!review) {
    void vscode.window.showInformationMessage('CMO: open the review folder first (File → Open Folder), then add articles to it.');
    return;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(new UntrustedWrite('the article').message);
    return;
  }
  const chosen =
    given ??
    (await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      openLabel: 'Add to the review',
      ...(platform.pdf
        ? { title: 'CMO: Add articles (PDF, .txt, .md; or folders of them)', filters: { Articles: ['pdf', 'md', 'txt'] } }
        : { title: 'CMO: Add articles (.txt, .md; or folders of them; a PDF: open it and "Import it here")', filters: { Articles: ['md', 'txt'] } }),
    }));
  if (!chosen?.length) return undefined;
  const problems: string[] = [];
  let files = await expand(chosen, !!platform.pdf);
  if (!platform.pdf) {
    // Where the host has no pdf.js (the browser), the text articles are still added (an imported PDF's twin among them);
    // a PDF without its twin is named, with where it is imported instead (its PDF view, whose page runs pdf.js).
    const pdfs = files.filter((f) => /\.pdf$/i.test(f.path));
    const twins = new Set(files.map((f) => f.path));
    const left = pdfs.filter((f) => !twins.has(twinPathFor(f.path)));
    files = files.filter((f) => !pdfs.includes(f));
    if (left.length) {
      problems.push(`${left.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}: in the browser a PDF is imported from its own view: open it and press "Import it here" above its pages.`);
    }
  }
  if (!files.length) {
    if (problems.length) void vscode.window.showWarningMessage(`CMO: nothing added. ${problems.join(' ')}`);
    else void vscode.window.showInformationMessage('CMO: no PDF, .txt or .md file in what was chosen.');
    return { added: [], problems };
  }
  const results: ImportedPdf[] = [];
  const added: vscode.Uri[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'CMO: adding articles', cancellable: true }, async (progress, token) => {
    for (const [i, file] of files.entries()) {
      if (token.isCancellationRequested) break;
      progress.report({ message: `${i + 1} of ${files.length}: ${file.path.slice(file.path.lastIndexOf('/') + 1)}`, increment: 100 / files.length });
      try {
        const inWorkspace = await placeInReview(file, review);
        if (/\.pdf$/i.test(inWorkspace.path)) {
          const folder = folderOf(inWorkspace)?.uri ?? review;
          const fs = new WorkspaceFileSystem(folder);
          const path = fs.relative(inWorkspace);
          if (path === undefined) throw new Error('it is not inside the workspace folder');
          const r = await importPdf(fs, path, twinPathFor(path), platform.pdf!, { suffix: settings().sidecarSuffix, limits: limits() });
          results.push(r);
          if (r.error) problems.push(r.error);
          else added.push(fs.uri(r.text));
        } else added.push(inWorkspace);
      } catch (e) {
        problems.push(`${vscode.workspace.asRelativePath(file)}: ${(e as Error).message}`);
      }
    }
  });
  const pages = results.reduce((n, r) => n + (r.error ? 0 : r.pages), 0);
  const reimported = results.filter((r) => r.codes).map((r) => `${r.text} (${r.codes} codes, found again when it is opened)`);
  const summary = `CMO: ${added.length} article(s) ready to code${pages ? ` (${results.filter((r) => !r.error).length} PDF(s), ${pages} pages, imported as Markdown twins)` : ''}.${reimported.length ? ` Re-imported: ${reimported.join(', ')}.` : ''}`;
  // The message waits for no one: the command is done when the articles are.
  const open = (pick: string | undefined) => {
    if (pick === 'Open' && added[0]) void vscode.window.showTextDocument(added[0]);
  };
  if (problems.length) void vscode.window.showWarningMessage(`${summary} ${problems.length} not added: ${problems.join(' ')}`, ...(added.length ? ['Open'] : [])).then(open);
  else void vscode.window.showInformationMessage(summary, ...(added.length ? ['Open'] : [])).then(open);
  return { added: added.map((u) => vscode.workspace.asRelativePath(u, false)), problems };
}

/** The files chosen, folders opened (one level down, then deeper), articles only. */
async function expand(uris: readonly vscode.Uri[], importsPdfs: boolean): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const walk = async (uri: vscode.Uri, depth: number) => {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      if (depth > 8) return;
      for (const [name, type] of (await vscode.workspace.fs.readDirectory(uri)).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const child = vscode.Uri.joinPath(uri, name);
        if (type & vscode.FileType.Directory) await walk(child, depth + 1);
        else if (ARTICLE.test(name) && !name.endsWith(settings().sidecarSuffix)) out.push(child);
      }
    } else if (ARTICLE.test(uri.path)) out.push(uri);
  };
  for (const u of uris) await walk(u, 0);
  // A PDF and its own twin chosen together: the PDF brings the twin (where PDFs are imported; else the twin is the article).
  if (!importsPdfs) return out;
  const pdfs = new Set(out.filter((u) => /\.pdf$/i.test(u.path)).map((u) => twinPathFor(u.path)));
  return out.filter((u) => !(/\.md$/i.test(u.path) && pdfs.has(u.path)));
}

/** The file itself when it is in the workspace; else a copy in the review folder's papers/, under a free name. */
async function placeInReview(file: vscode.Uri, review: vscode.Uri): Promise<vscode.Uri> {
  if (folderOf(file)) return file;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const papers = vscode.Uri.joinPath(review, 'papers');
  await vscode.workspace.fs.createDirectory(papers);
  for (let n = 1; ; n++) {
    const target = vscode.Uri.joinPath(papers, n === 1 ? name : `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
    const there = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (there) continue;
    await vscode.workspace.fs.copy(file, target, { overwrite: false });
    return target;
  }
}

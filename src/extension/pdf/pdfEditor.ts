/**
 * The PDF view: a custom editor for *.pdf showing the pages as printed, with
 * the codes of the PDF's Markdown twin highlighted on them (the page script
 * is src/webview/pdfView.ts). Coding from a selection on the page goes
 * through the twin's session, as coding in the twin's editor does: the same
 * commands and keys, undo, the Codes view, the Theories tree and the twin's
 * decorations all follow.
 */
import * as vscode from 'vscode';
import { excerpt, importPdf, overLimit, PageIndex, parseWordList, pdfRefusal, ROLE_INFO, twinPathFor, twinSource, type Code, type Limits, type PdfPage, type Role } from '../../core';
import { PDF_EXTRACTOR_NAME } from '../../pdf/version';
import { Commands, ContextKeys } from '../shared/commandIds';
import { coderName, limits, settings, today, type Platform } from '../shared/config';
import { folderOf } from '../shared/folders';
import { UntrustedWrite, WorkspaceFileSystem } from '../shared/workspaceFileSystem';
import { Disposable } from '../shared/lifecycle';
import { nonce } from '../shared/webview';
import type { Session, Sessions } from '../coding/sessions';

export const PDF_VIEW = 'cmo.pdfView';

interface Selection {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

class PdfPanel {
  selection: Selection | undefined;
  private session: Session | undefined;
  private pagesAsked: ((pages: PdfPage[] | null) => void) | undefined;

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    /** The host imports PDFs itself (pdf.js in Node, the desktop); else the view's page reads them ("Import it here"). */
    private readonly hostImports: boolean,
    /** The word list the import lays text out with (dist/words-en.txt): the page lays it out the same, to line its highlights up with the twin. */
    private readonly words: vscode.Uri,
  ) {}

  /**
   * The text items of each page, as pdf.js in this view read them: the same
   * extraction (src/pdf/extract.ts, the same pinned pdf.js) as the desktop
   * import's, which is how a PDF is imported in the browser.
   */
  requestPages(): Promise<PdfPage[]> {
    this.pagesAsked?.(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.receivePages(null), 60_000);
      this.pagesAsked = (pages) => {
        clearTimeout(timer);
        this.pagesAsked = undefined;
        if (pages) resolve(pages);
        else reject(new Error('its view did not give its pages (closed, or the PDF could not be read there)'));
      };
      void this.panel.webview.postMessage({ type: 'pages' });
    });
  }

  receivePages(pages: PdfPage[] | null): void {
    this.pagesAsked?.(pages);
  }

  get twinUri(): vscode.Uri {
    return this.uri.with({ path: twinPathFor(this.uri.path) });
  }

  /** The twin's session, opened on first need; undefined when there is no twin. */
  async twinSession(sessions: Sessions): Promise<Session | undefined> {
    if (this.session && !this.session.doc.isClosed) return this.session;
    try {
      const doc = await vscode.workspace.openTextDocument(this.twinUri);
      this.session = await sessions.get(doc);
      if (this.session) await this.session.ready;
      return this.session;
    } catch {
      return undefined;
    }
  }

  async post(sessions: Sessions, type: 'load' | 'codes', page?: number): Promise<void> {
    const session = await this.twinSession(sessions);
    const twin = session ? session.lfText() : null;
    const mapping = session?.mapping();
    const codes: Code[] = session && mapping ? session.codes.all().filter((c) => c.state === 'live').map((c) => ({ ...c.code, start: mapping.toLf(c.start), end: mapping.toLf(c.end) })) : [];
    if (type === 'load') {
      // Over a limit (its size, or streams that inflate past the limit), the page is told why and does not open it.
      const l = limits();
      const refused = await pdfRefused(this.uri, l);
      if (refused) {
        await this.panel.webview.postMessage({ type: 'refused', message: refused });
        return;
      }
      // The page fetches the PDF itself, from the webview's resource loader: no copy of its bytes through the message channel.
      const pdf = this.panel.webview.asWebviewUri(this.uri).toString();
      const words = this.panel.webview.asWebviewUri(this.words).toString();
      await this.panel.webview.postMessage({ type, pdf, words, twin, codes, noTwin: noTwinYet(this.uri, this.hostImports), importHere: !this.hostImports, maxPages: l.pdfPages, ...(page ? { page } : {}) });
    } else await this.panel.webview.postMessage({ type, twin, codes });
  }
}

/** Why the view does not open a PDF (core's limits: its size, what its streams inflate to), or undefined. */
async function pdfRefused(uri: vscode.Uri, l: Limits): Promise<string | undefined> {
  const name = vscode.workspace.asRelativePath(uri);
  try {
    const s = await vscode.workspace.fs.stat(uri);
    if (s.size > l.pdfBytes) return overLimit(name, s.size, 'pdfBytes', l).message;
    return pdfRefusal(name, await vscode.workspace.fs.readFile(uri), l);
  } catch {
    return undefined; // the page's own fetch says what is wrong
  }
}

/** What to do about a PDF without its text twin: "Add article…", or (in the browser, where the host has no pdf.js) "Import it here" in its view, which says it in its banner. */
function noTwinYet(pdf: vscode.Uri, hostImports: boolean): string {
  const name = vscode.workspace.asRelativePath(pdf);
  return hostImports ? `${name} has no text twin yet: import it with "CMO: Add article…" to code it.` : `${name} has no text twin yet: import it here to make its Markdown twin from the text on its pages, then code it.`;
}

export class PdfEditors extends Disposable implements vscode.CustomReadonlyEditorProvider {
  private readonly panels = new Set<PdfPanel>();
  /** The page to open a PDF at, asked for by "Open PDF" before the panel existed. */
  private readonly pendingPage = new Map<string, number>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
    private readonly platform: Platform,
  ) {
    super();
    this.register(vscode.window.registerCustomEditorProvider(PDF_VIEW, this, { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: false }));
    // Coding in the twin (here or in its editor) redraws the page.
    this.register(
      sessions.onDidChange((s) => {
        for (const p of this.panels) if (s.doc.uri.toString() === p.twinUri.toString()) void p.post(sessions, 'codes');
      }),
    );
    this.register(vscode.commands.registerCommand(Commands.openTextTwin, () => this.openTextTwin()));
    // From a hover's link the twin's URI comes as a string.
    this.register(vscode.commands.registerCommand(Commands.openPdf, (uri?: vscode.Uri | string) => this.openPdf(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri)));
  }

  /** The PDF view in front with a selection, if any: the coding commands use it. */
  get active(): PdfPanel | undefined {
    for (const p of this.panels) if (p.panel.active) return p;
    return undefined;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const words = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'words-en.txt');
    const view = new PdfPanel(document.uri, panel, !!this.platform.pdf, words);
    this.panels.add(view);
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist, media, vscode.Uri.joinPath(words, '..'), vscode.Uri.joinPath(document.uri, '..')] };
    panel.webview.html = this.html(panel.webview, vscode.Uri.joinPath(dist, 'pdfView.js'), vscode.Uri.joinPath(media, 'pdfView.css'));
    panel.onDidDispose(() => this.panels.delete(view));
    panel.onDidChangeViewState(() => void vscode.commands.executeCommand('setContext', ContextKeys.pdfViewHasSelection, !!this.active?.selection));
    panel.webview.onDidReceiveMessage(async (m: { type: string; page?: number; none?: boolean; message?: string; pages?: PdfPage[] | null } & Partial<Selection>) => {
      if (m.type === 'ready') {
        const page = this.pendingPage.get(document.uri.toString());
        this.pendingPage.delete(document.uri.toString());
        await view.post(this.sessions, 'load', page);
      } else if (m.type === 'selection') {
        view.selection = m.none ? undefined : { start: m.start as number, end: m.end as number, exact: m.exact as string, prefix: m.prefix as string, suffix: m.suffix as string };
        void vscode.commands.executeCommand('setContext', ContextKeys.pdfViewHasSelection, !!view.selection);
      } else if (m.type === 'open-twin') await this.showTwinAt(view, m.page ?? 1);
      else if (m.type === 'pages') view.receivePages(m.pages ?? null);
      else if (m.type === 'import') await this.import(view);
      else if (m.type === 'error') void vscode.window.showErrorMessage(`CMO: ${vscode.workspace.asRelativePath(document.uri)} could not be shown: ${m.message}`);
    });
  }

  /** Imports the view's PDF: "Add article…" where the host has pdf.js (the desktop), else from the pages the view has read. */
  private async import(view: PdfPanel): Promise<void> {
    if (this.platform.pdf) await vscode.commands.executeCommand(Commands.addArticle, view.uri);
    else await this.importHere(view);
  }

  /**
   * In the browser, where the host has no pdf.js: the PDF's twin made from
   * the pages its view has read (core's importPdf, as on the desktop), then
   * the view shown again with it.
   */
  private async importHere(view: PdfPanel): Promise<void> {
    const name = vscode.workspace.asRelativePath(view.uri);
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(new UntrustedWrite(`the text twin of ${name}`).message);
      return;
    }
    const folder = folderOf(view.uri)?.uri;
    const fs = folder && new WorkspaceFileSystem(folder);
    const path = fs?.relative(view.uri);
    if (!fs || path === undefined) {
      void vscode.window.showWarningMessage(`CMO: ${name} is not in a folder of this workspace: open its folder to import it.`);
      return;
    }
    const layout = this.platform.layoutPdf;
    if (!layout) return;
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CMO: importing ${name}` }, () =>
      importPdf(fs, path, twinPathFor(path), { name: PDF_EXTRACTOR_NAME, pages: () => view.requestPages(), words: () => this.words(), layout: layout }, { suffix: settings().sidecarSuffix, limits: limits() }),
    );
    if (r.error) {
      void vscode.window.showWarningMessage(`CMO: ${r.error}`);
      return;
    }
    void vscode.window.showInformationMessage(`CMO: ${name} imported: ${r.pages} page(s) in ${r.text}, ready to code on its pages or in the twin.`);
    await view.post(this.sessions, 'load');
  }

  private wordList: Promise<ReadonlySet<string> | undefined> | undefined;
  /** The extension's own word list (dist/words-en.txt), as the desktop import reads it beside pdf.js, so both make the same twin. */
  private words(): Promise<ReadonlySet<string> | undefined> {
    return (this.wordList ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'words-en.txt'))).then(
      (bytes) => parseWordList(new TextDecoder().decode(bytes)),
      () => undefined,
    ));
  }

  /** Codes the selection on the page in front; false when there is none (the caller then tries the text editor). */
  async codeSelection(role: Role): Promise<string[] | false> {
    const view = this.active;
    if (!view) return false;
    if (!view.selection) {
      void vscode.window.showInformationMessage(`CMO: select the passage on the page to code as ${ROLE_INFO[role].label} first.`);
      return [];
    }
    const session = await view.twinSession(this.sessions);
    if (!session) {
      const pick = await vscode.window.showWarningMessage(`CMO: ${vscode.workspace.asRelativePath(view.uri)} has no text twin yet, so there is nothing to code into. Import it first.`, 'Import');
      if (pick) await this.import(view);
      return [];
    }
    const text = session.lfText();
    const sel = view.selection;
    // The page script's offsets are into the twin as the PDF gives it; the twin on disk is checked word for word.
    const at = text.startsWith(sel.exact, sel.start) ? sel.start : findNear(text, sel.exact, sel.start);
    if (at === undefined) {
      void vscode.window.showWarningMessage(`CMO: “${excerpt(sel.exact, 60)}” is not in ${vscode.workspace.asRelativePath(view.twinUri)} as the page shows it (the twin was edited?). Code it in the twin's editor: "Open text twin".`);
      return [];
    }
    const mapping = session.mapping();
    const coder = await coderName(this.platform);
    let id = '';
    await this.sessions.edit(session, () => {
      id = session.codes.add(role, mapping.fromLf(at), mapping.fromLf(at + sel.exact.length), session.doc.getText(), { coder, created: today() });
    });
    return [id];
  }

  private async openTextTwin(): Promise<void> {
    const view = this.active;
    if (!view) return;
    await view.panel.webview.postMessage({ type: 'where' });
  }

  private async showTwinAt(view: PdfPanel, page: number): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(view.twinUri);
      const at = doc.getText().indexOf(`<!-- page ${page} -->`);
      const pos = doc.positionAt(Math.max(0, at));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.Beside });
    } catch {
      void vscode.window.showInformationMessage(`CMO: ${noTwinYet(view.uri, !!this.platform.pdf)}`);
    }
  }

  /** From a twin's editor (or a twin's URI): its PDF, at the page of the cursor. */
  private async openPdf(arg?: vscode.Uri): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = arg ?? editor?.document.uri;
    if (!uri) return;
    const doc = editor && editor.document.uri.toString() === uri.toString() ? editor.document : await vscode.workspace.openTextDocument(uri);
    const source = twinSource(doc.getText());
    if (!source) {
      void vscode.window.showInformationMessage(`CMO: ${vscode.workspace.asRelativePath(uri)} was not imported from a PDF.`);
      return;
    }
    const pdf = vscode.Uri.joinPath(uri, '..', source.pdf);
    const page = editor ? PageIndex.of(doc.getText())?.pageAt(doc.offsetAt(editor.selection.active)) : undefined;
    const open = [...this.panels].find((p) => p.uri.toString() === pdf.toString());
    if (page) {
      if (open) void open.panel.webview.postMessage({ type: 'page', page });
      else this.pendingPage.set(pdf.toString(), page);
    }
    await vscode.commands.executeCommand('vscode.openWith', pdf, PDF_VIEW, vscode.ViewColumn.Beside);
  }

  private html(webview: vscode.Webview, script: vscode.Uri, style: vscode.Uri): string {
    const n = nonce();
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src ${webview.cspSource}; img-src ${webview.cspSource} data: blob:; font-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(style).toString()}">
<title>PDF</title>
</head>
<body>
<div id="banner" hidden></div>
<div id="pages" aria-label="Pages of the PDF"></div>
<script nonce="${n}" type="module" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
  }
}

/** The quote's nearest exact occurrence to `expected`, within a few thousand characters. */
function findNear(text: string, quote: string, expected: number): number | undefined {
  let best: number | undefined;
  for (let i = text.indexOf(quote, Math.max(0, expected - 5000)); i !== -1 && i < expected + 5000; i = text.indexOf(quote, i + 1)) {
    if (best === undefined || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
  }
  return best;
}

/** CMO: Next / Previous code, reveal a code, show it in the Codes view, search the workspace for an orphan's quote. */
import * as vscode from 'vscode';
import { Commands } from '../shared/commandIds';
import type { Sessions } from './sessions';
import { activeArticle, isCodeArg } from './target';

/** Shows a range of an article selected; `preserveFocus` leaves the keyboard where it is (a list the range was picked from). */
export async function revealRange(doc: vscode.TextDocument, start: number, end: number, options: { preserveFocus?: boolean; preview?: boolean } = {}): Promise<vscode.TextEditor> {
  // Stay in the editor group that already shows the article, if one does.
  const shown = vscode.window.activeTextEditor?.document === doc ? vscode.window.activeTextEditor : vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: options.preserveFocus ?? false, ...(options.preview !== undefined ? { preview: options.preview } : {}), ...(shown?.viewColumn ? { viewColumn: shown.viewColumn } : {}) });
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

export function registerNavigate(context: vscode.ExtensionContext, sessions: Sessions, showInTree: (uri: vscode.Uri, id: string) => Promise<void>): void {
  const step = (direction: 1 | -1) => async () => {
    const active = await activeArticle(sessions);
    if (!active) return;
    const { editor, session } = active;
    const offset = editor.document.offsetAt(direction === 1 ? editor.selection.end : editor.selection.start);
    const next = session.codes.next(direction === 1 ? offset - 1 : offset, direction);
    if (!next) {
      void vscode.window.showInformationMessage('CMO: this article has no codes yet.');
      return;
    }
    await revealRange(editor.document, next.start, next.end);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.nextCode, step(1)),
    vscode.commands.registerCommand(Commands.previousCode, step(-1)),
    vscode.commands.registerCommand(Commands.revealCode, async (arg?: unknown) => {
      if (!isCodeArg(arg)) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
      const code = (await sessions.get(doc))?.codes.get(arg.id);
      if (code) await revealRange(doc, code.start, code.end);
    }),
    vscode.commands.registerCommand(Commands.showCodes, async (arg?: unknown) => {
      if (isCodeArg(arg)) await showInTree(vscode.Uri.parse(arg.uri), arg.id);
      else await vscode.commands.executeCommand('cmo.codes.focus');
    }),
    vscode.commands.registerCommand(Commands.searchQuote, async (arg?: unknown) => {
      if (!isCodeArg(arg)) return;
      const uri = vscode.Uri.parse(arg.uri);
      const session = sessions.peek(uri) ?? sessions.bySidecar(uri);
      let quote = session?.codes.get(arg.id)?.code.exact;
      if (!quote) {
        // From a sidecar not open as an article: read the quote from the file.
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        quote = (JSON.parse(text).codes as Array<{ id: string; exact: string }>).find((c) => c.id === arg.id)?.exact;
      }
      if (!quote) return;
      // The longest line of the quote, cut short: line breaks and hyphenation differ between extractions.
      const line = quote.split('\n').sort((a, b) => b.length - a.length)[0] ?? quote;
      await vscode.commands.executeCommand('workbench.action.findInFiles', { query: line.slice(0, 80), isRegex: false, triggerSearch: true });
    }),
  );
}

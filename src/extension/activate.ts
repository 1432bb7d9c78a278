/** Activation reads like a table of contents: one registration per feature. */
import * as vscode from 'vscode';
import { registerCheckWorkspace } from './commands/checkWorkspace';
import { ProblemsController } from './problems';
import { registerStatusBar } from './statusBar';

export async function activate(context: vscode.ExtensionContext): Promise<{ problems: ProblemsController }> {
  try {
    const problems = new ProblemsController();
    context.subscriptions.push(problems);
    registerCheckWorkspace(context, problems);
    registerStatusBar(context);
    void problems.checkAll();
    return { problems };
  } catch (e) {
    // VS Code does not tell the user when activation fails; we do.
    void vscode.window.showErrorMessage(`CMO Coder failed to start: ${(e as Error).message}`);
    throw e;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

import * as vscode from 'vscode';
import type { ProblemsController } from './problems';

/** CMO: Check workspace — validates every CMO file and re-anchors every code, then reports in Problems. */
export function registerCheckWorkspace(context: vscode.ExtensionContext, problems: ProblemsController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('cmo.checkWorkspace', async () => {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'CMO: checking workspace' }, () => problems.checkAll());
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      const warnings = result.problems.filter((p) => p.severity === 'warning').length;
      const message = `CMO: ${result.sidecars} sidecar(s), ${result.codes} code(s): ${errors} error(s), ${warnings} warning(s).`;
      // The notification is not awaited: the command returns its result at once (to callers and tests).
      if (errors + warnings > 0) {
        void vscode.window.showWarningMessage(message, 'Show Problems').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      } else void vscode.window.showInformationMessage(message);
      return result;
    }),
  );
}

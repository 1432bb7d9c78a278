/**
 * Onboarding: the "Start a review" view, shown until the workspace has any
 * coding (a sidecar or cmo-project.json), whose welcome lists the steps;
 * and "CMO: Start a review", which opens the walkthrough.
 */
import * as vscode from 'vscode';
import { ContextKeys, Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import type { WorkspaceFiles } from '../shared/workspaceFiles';

/** The walkthrough's id: publisher.name#id in package.json. */
export const WALKTHROUGH = 'cmo-coder.cmo-coder#start';

export function registerStartReview(context: vscode.ExtensionContext, files: WorkspaceFiles): { started(): Promise<boolean> } {
  // An empty tree, so that the view's welcome content (package.json) is what shows.
  const empty: vscode.TreeDataProvider<never> = { getChildren: () => [], getTreeItem: (n) => n };
  let last: boolean | undefined;
  const started = async () => {
    const any = await vscode.workspace.findFiles(`{**/*${settings().sidecarSuffix},**/cmo-project.json}`, '**/node_modules/**', 1);
    const now = any.length > 0;
    if (now !== last) void vscode.commands.executeCommand('setContext', ContextKeys.reviewStarted, now);
    last = now;
    return now;
  };
  context.subscriptions.push(
    vscode.window.createTreeView('cmo.start', { treeDataProvider: empty }),
    vscode.commands.registerCommand(Commands.startReview, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false)),
    // Only a file that appears or goes can start (or un-start) a review; a changed one cannot.
    files.onDidChangeSidecar((e) => e.change !== 'changed' && void started()),
    files.onDidChangeProject((e) => e.change !== 'changed' && void started()),
  );
  void started();
  return { started };
}

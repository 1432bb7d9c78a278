/**
 * Which workspace folder, stated once:
 * - a file's own features (its codes, highlights, Problems, its project's
 *   themes in a hover) use the folder that holds the file (`folderOf`), and
 *   so do Problems and THEORY.md, kept for every folder from its own files;
 * - the workspace-wide views and commands (Theories, Themes, Reconcile,
 *   matrices, exports, comparisons) use the review folder: the
 *   first folder of the workspace (`reviewFolder`). In a multi-root
 *   workspace this is said once, so nobody wonders why a second folder's
 *   theories are not in the tree.
 */
import * as vscode from 'vscode';

export function folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri);
}

let warned = false;

/** The folder the workspace-wide views work on, or undefined when no folder is open. */
export function reviewFolder(): vscode.Uri | undefined {
  return reviewWorkspaceFolder()?.uri;
}

/** The same, with its name. */
export function reviewWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length > 1 && !warned) {
    warned = true;
    void vscode.window.showInformationMessage(
      `CMO: this workspace has ${folders.length} folders. The Theories, Themes and Reconcile views, THEORY.md, matrices, exports and comparisons work on the first, "${folders[0]?.name}"; articles in the others are coded and checked with their own folder's files. Open a folder on its own to review it.`,
    );
  }
  return folders[0];
}

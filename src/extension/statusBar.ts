/**
 * Status bar: how many passages of the active article are coded, per role
 * ("CMO  C 2 · R 2 · M 1 · O 3"), so a reviewer sees their progress at a glance.
 */
import * as vscode from 'vscode';
import { DEFAULT_SIDECAR_SUFFIX, loadSidecar, ROLE_INFO, ROLES, type Role } from '../core';
import { WorkspaceFileSystem } from './workspaceFileSystem';

export function isArticle(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId === 'markdown' || doc.languageId === 'plaintext') && !doc.uri.path.endsWith('.cmo.json');
}

export function registerStatusBar(context: vscode.ExtensionContext, suffix = DEFAULT_SIDECAR_SUFFIX): void {
  const item = vscode.window.createStatusBarItem('cmo.codes', vscode.StatusBarAlignment.Left, 100);
  item.name = 'CMO Coder: codes in this article';
  item.command = 'cmo.checkWorkspace';
  context.subscriptions.push(item);

  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'cmo.activeEditorIsArticle', isArticle(doc));
    const folder = doc && vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!isArticle(doc) || !folder) {
      item.hide();
      return;
    }
    const fs = new WorkspaceFileSystem(folder.uri);
    const path = fs.relative(doc.uri);
    if (path === undefined) return item.hide();
    const loaded = await loadSidecar(fs, path + suffix);
    if (mine !== generation) return;
    if (loaded.state === 'invalid') {
      item.text = '$(warning) CMO';
      item.tooltip = `The codes of this article (${path}${suffix}) do not parse; see Problems. Nothing will be written to the file until it does.`;
    } else {
      const counts = new Map<Role, number>(ROLES.map((r) => [r, 0]));
      for (const c of loaded.state === 'ok' ? loaded.value.codes : []) counts.set(c.role, (counts.get(c.role) ?? 0) + 1);
      const shown = ROLES.filter((r) => r !== 'mechanism' || (counts.get(r) ?? 0) > 0);
      item.text = `$(tag) CMO  ${shown.map((r) => `${ROLE_INFO[r].letter} ${counts.get(r)}`).join(' · ')}`;
      item.tooltip = new vscode.MarkdownString(
        [`**CMO Coder**: codes in ${path}`, '', ...shown.map((r) => `- ${ROLE_INFO[r].label}: ${counts.get(r)}`), '', 'Click to check the workspace.'].join('\n'),
      );
    }
    item.show();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/*${suffix}`);
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(() => void update()),
    watcher.onDidCreate(() => void update()),
    watcher.onDidDelete(() => void update()),
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
  );
  void update();
}

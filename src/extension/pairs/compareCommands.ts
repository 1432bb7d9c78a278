/**
 * Pairs of reviewers: "CMO: Compare coding with…" (a branch, tag, commit or
 * folder), the agreement summary, the Reconcile view's actions, and the
 * merge driver's set-up.
 */
import * as vscode from 'vscode';
import { loadProject, parseProjectText, parseSidecarText, PROJECT_FILE, serializeProject, serializeSidecar, type Project, type Sidecar } from '../../core';
import { AgreementPanel } from './agreementPanel';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { folderOf, reviewFolder } from '../shared/folders';
import { platform, type OtherCoding } from '../shared/config';
import type { CompareTarget, Reconciler } from './reconcile';
import { WorkspaceFileSystem } from '../shared/workspaceFileSystem';

const DESKTOP_ONLY_GIT = "CMO: comparing with a git branch, tag or commit needs the desktop VS Code (git runs there). Here, compare with a folder: your co-reviewer's copy of the review.";

type Pick = vscode.QuickPickItem & { ref?: string; folder?: true; commit?: true; desktopOnly?: true };

/** What the user wants to compare with: a ref (string), a folder (Uri), or asked for. */
async function chooseTarget(folder: vscode.Uri, arg: unknown): Promise<CompareTarget | undefined> {
  const git = platform().git;
  const fromRef = async (ref: string): Promise<CompareTarget | undefined> => {
    if (!git) {
      void vscode.window.showInformationMessage(DESKTOP_ONLY_GIT);
      return undefined;
    }
    const other: OtherCoding | undefined = await git.open(folder, ref);
    if (!other) {
      void vscode.window.showErrorMessage(`CMO: "${ref}" is not a branch, tag or commit of this repository.`);
      return undefined;
    }
    return { ...other, key: `git:${ref}` };
  };
  const fromFolder = (uri: vscode.Uri): CompareTarget => ({ fs: new WorkspaceFileSystem(uri), label: `folder ${vscode.workspace.asRelativePath(uri)}`, key: `folder:${uri.toString()}`, close() {} });
  if (typeof arg === 'string') return fromRef(arg);
  if (arg instanceof vscode.Uri) return fromFolder(arg);

  const items: Pick[] = [];
  const refs = await git?.refs(folder);
  if (refs?.length) {
    const kinds = { branch: 'Branches', remote: 'Remote branches', tag: 'Tags' } as const;
    for (const kind of ['branch', 'remote', 'tag'] as const) {
      const list = refs.filter((r) => r.kind === kind);
      if (!list.length) continue;
      items.push({ label: kinds[kind], kind: vscode.QuickPickItemKind.Separator });
      for (const r of list) items.push({ label: `$(${kind === 'tag' ? 'tag' : 'git-branch'}) ${r.name}`, description: r.subject, ref: r.name });
    }
    items.push({ label: 'Other', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(git-commit) A commit…', description: 'a commit id or any git revision', commit: true });
  }
  items.push({ label: '$(folder) A folder…', description: "another reviewer's copy of this workspace", folder: true });
  // In the browser there is no git to ask: say where branches went rather than leave them silently missing.
  if (!git) items.push({ label: '$(info) A branch, tag or commit', description: 'desktop VS Code only: git runs there', desktopOnly: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'CMO: Compare coding with…', placeHolder: 'The other coder\'s branch, tag, commit or folder', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.desktopOnly) {
    void vscode.window.showInformationMessage(DESKTOP_ONLY_GIT);
    return undefined;
  }
  if (picked.ref) return fromRef(picked.ref);
  if (picked.commit) {
    const ref = await vscode.window.showInputBox({ title: 'CMO: Compare coding with a commit', prompt: 'A commit id, or a revision such as HEAD~3 or origin/bob', validateInput: (v) => (v.trim() ? undefined : 'Type a commit') });
    return ref ? fromRef(ref.trim()) : undefined;
  }
  const uris = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: "The other reviewer's folder", openLabel: 'Compare' });
  return uris?.[0] ? fromFolder(uris[0]) : undefined;
}

async function offerMergeDriver(folder: vscode.Uri, context: vscode.ExtensionContext): Promise<void> {
  const git = platform().git;
  if (!git || context.workspaceState.get('cmo.mergeDriverOffered')) return;
  if ((await git.mergeDriverInstalled(folder, settings().sidecarSuffix)) !== false) return;
  await context.workspaceState.update('cmo.mergeDriverOffered', true);
  void vscode.window.showInformationMessage('CMO: set up git for this review, so that it merges codes by id (no conflict markers in sidecars) and diffs them one line per code (a moved passage is no change)?', 'Set up', 'Not now').then((choice) => {
    if (choice === 'Set up') void vscode.commands.executeCommand(Commands.installMergeDriver);
  });
}

export function registerCompare(context: vscode.ExtensionContext, reconciler: Reconciler): void {
  const showSummary = async (fresh = false) => {
    const target = reconciler.target;
    if (!reconciler.report || !target) {
      void vscode.window.showInformationMessage('CMO: compare coding with another branch or folder first (CMO: Compare coding with…).');
      return;
    }
    // Reopened later, the figures are worked out again: reconciling changes them.
    const report = fresh ? reconciler.report : await reconciler.compare(target);
    const root = reviewFolder();
    const project = root ? await loadProject(new WorkspaceFileSystem(root)) : undefined;
    const themeNames = Object.fromEntries((project?.state === 'ok' ? (project.value.codebook ?? []) : []).map((t) => [t.id, t.name]));
    AgreementPanel.show(report, 'mine (this workspace)', target.label, reconciler.counts().disagreements, themeNames);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.compareWith, async (arg?: unknown) => {
      const root = reviewFolder();
      if (!root) {
        void vscode.window.showErrorMessage('CMO: open a folder with articles first.');
        return undefined;
      }
      const target = await chooseTarget(root, arg);
      if (!target) return undefined;
      try {
        const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CMO: comparing coding with ${target.label}` }, (progress) => reconciler.compare(target, progress));
        await showSummary(true);
        void vscode.commands.executeCommand('cmo.reconcile.focus');
        if (target.key.startsWith('git:')) void offerMergeDriver(root, context);
        return report;
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: could not compare with ${target.label}: ${(e as Error).message}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(Commands.showAgreement, () => showSummary()),
    vscode.commands.registerCommand(Commands.reconcileShow, (node?: Parameters<Reconciler['show']>[0]) => reconciler.show(node)),
    vscode.commands.registerCommand(Commands.reconcileAcceptMine, (node?: Parameters<Reconciler['show']>[0], why?: string) => reconciler.resolve('mine', node, why)),
    vscode.commands.registerCommand(Commands.reconcileAcceptTheirs, (node?: Parameters<Reconciler['show']>[0], why?: string) => reconciler.resolve('theirs', node, why)),
    vscode.commands.registerCommand(Commands.reconcileKeepBoth, (node?: Parameters<Reconciler['show']>[0], why?: string) => reconciler.resolve('both', node, why)),
    vscode.commands.registerCommand(Commands.reconcileEdit, (node?: Parameters<Reconciler['show']>[0]) => reconciler.resolve('edit', node)),
    vscode.commands.registerCommand(Commands.reconcileClose, () => reconciler.closeComparison()),
    vscode.commands.registerCommand(Commands.reconcileMergeConflicts, async () => {
      await reconciler.scan();
      if (reconciler.counts().conflicts === 0) {
        void vscode.window.showInformationMessage('CMO: no merge conflicts are recorded in this workspace.');
        return;
      }
      await vscode.commands.executeCommand('cmo.reconcile.focus');
    }),
    // A sidecar or project file with git conflict markers whose sides parse: write what loading it made of it.
    vscode.commands.registerCommand(Commands.writeRecoveredMerge, async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const folderUri = target && folderOf(target)?.uri;
      if (!target || !folderUri) return false;
      const fs = new WorkspaceFileSystem(folderUri);
      const path = fs.relative(target) as string;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(`CMO: trust this workspace to write the merged ${path}; nothing was written.`);
        return false;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (open?.isDirty) {
        void vscode.window.showWarningMessage(`CMO: ${path} has unsaved changes; save or revert them first.`);
        return false;
      }
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const isProject = path.endsWith(PROJECT_FILE);
      const parsed = isProject ? parseProjectText(path, text) : parseSidecarText(path, text);
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(`CMO: ${path} cannot be merged automatically: ${parsed.problems[0]?.message ?? 'it does not parse'}`);
        return false;
      }
      const out = isProject ? serializeProject(parsed.value as Project) : serializeSidecar(parsed.value as Sidecar);
      try {
        await fs.writeFile(path, new TextEncoder().encode(out));
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: ${path} was not written: ${(e as Error).message}`);
        return false;
      }
      const conflicts = (parsed.value as { conflicts?: unknown[] }).conflicts?.length ?? 0;
      void vscode.window.showInformationMessage(`CMO: wrote ${path}, both sides merged by id${conflicts ? `; ${conflicts} conflict(s) to reconcile in the Reconcile view` : ''}.`);
      return true;
    }),
    vscode.commands.registerCommand(Commands.installMergeDriver, async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('CMO: trust this workspace to set up the merge driver; nothing was written.');
        return false;
      }
      const root = reviewFolder();
      const git = platform().git;
      if (!root || !git) {
        void vscode.window.showErrorMessage('CMO: the merge driver needs git on this machine (desktop VS Code). Run `cmo merge --install` in a terminal instead.');
        return false;
      }
      try {
        const r = await git.installMergeDriver(root, settings().sidecarSuffix);
        void vscode.window.showInformationMessage(`CMO: merge driver and sidecar diff set up in ${r.top}/.git/config${r.addedAttributes ? `; ${r.addedAttributes} line(s) added to .gitattributes: commit it so your co-reviewer gets them` : ''}.`);
        return true;
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: could not set up the merge driver: ${(e as Error).message}`);
        return false;
      }
    }),
  );
}

/**
 * The Themes view's commands: new, rename, describe, colour, merge and delete
 * a theme (each through the project's undo; merge and delete retag passages
 * as part of the same undo step), filter the editor's highlights to a theme,
 * tag the passage at the cursor, and the codebook's .qdc export and import.
 */
import * as vscode from 'vscode';
import { createTheme, deleteTheme, descendants, themeIndent, describeTheme, emptyProject, importQdc, isColor, mergeThemes, renameTheme, setThemeColor, themeTree, toQdc, withRefiNamespace } from '../../core';
import type { Decorations } from '../coding/decorations';
import type { Sessions } from '../coding/sessions';
import { Commands } from '../shared/commandIds';
import { writeExport } from '../shared/workspaceFileSystem';
import type { Tagging } from './tagging';
import { swatch, type ThemeNode, type ThemesView } from './themesView';

export function registerThemeCommands(context: vscode.ExtensionContext, view: ThemesView, tagging: Tagging, sessions: Sessions, decorations: Decorations): void {
  const ask = (title: string, value = '', prompt?: string) => vscode.window.showInputBox({ title, value, prompt, validateInput: (v) => (v.trim() ? undefined : 'Type something') });
  const pickTheme = async (placeHolder: string, except?: string): Promise<string | undefined> => {
    const items = themeTree((await view.currentProject()) ?? emptyProject())
      .filter((x) => x.theme.id !== except)
      .map((x) => ({ label: `${themeIndent(x.depth, '  ')}${x.theme.name}`, description: x.theme.id, id: x.theme.id }));
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.id;
  };
  const target = (node?: ThemeNode) => node ?? view.selected();
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.themeNew, async (node?: ThemeNode, name?: string) => {
      const n = name ?? (await ask(node ? `New theme under "${view.theme(node.id)?.name}"` : 'New theme', '', 'Its name; it goes into the codebook in cmo-project.json'));
      if (!n) return undefined;
      let id: string | undefined;
      await view.change('New theme', (p) => {
        const r = createTheme(p, { name: n, parent: node?.id ?? null });
        id = r.id;
        return r.project;
      });
      if (id) await view.reveal(id);
      return id;
    }),
    vscode.commands.registerCommand(Commands.themeRename, async (node?: ThemeNode, name?: string) => {
      const t = target(node);
      if (!t) return;
      const n = name ?? (await ask('Rename theme', view.theme(t.id)?.name));
      if (n) await view.change('Rename theme', (p) => renameTheme(p, t.id, n));
    }),
    vscode.commands.registerCommand(Commands.themeDescribe, async (node?: ThemeNode, text?: string) => {
      const t = target(node);
      if (!t) return;
      const d = text ?? (await vscode.window.showInputBox({ title: `Describe "${view.theme(t.id)?.name}"`, value: view.theme(t.id)?.description ?? '', prompt: 'What the theme means, for the codebook (empty to clear)' }));
      if (d !== undefined) await view.change('Describe theme', (p) => describeTheme(p, t.id, d));
    }),
    vscode.commands.registerCommand(Commands.themeColor, async (node?: ThemeNode, color?: string) => {
      const t = target(node);
      if (!t) return;
      const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
      const c =
        color ??
        (
          await vscode.window.showQuickPick([...palette.map((p) => ({ label: p, iconPath: swatch(p) })), { label: 'Other…' }, { label: 'No colour' }], { placeHolder: 'Colour of the theme (Tableau 10; or type #rrggbb with Other…)' })
        )?.label;
      if (!c) return;
      const value = c === 'Other…' ? await vscode.window.showInputBox({ prompt: '#rrggbb', validateInput: (v) => (isColor(v) ? undefined : 'A colour is #rrggbb') }) : c === 'No colour' ? '' : c;
      if (value !== undefined) await view.change('Colour theme', (p) => setThemeColor(p, t.id, value || undefined));
    }),
    vscode.commands.registerCommand(Commands.themeMerge, async (node?: ThemeNode, into?: string) => {
      const t = target(node);
      if (!t) return;
      const dest = into ?? (await pickTheme(`Merge "${view.theme(t.id)?.name}" into…`, t.id));
      if (!dest) return;
      const folder = view.folder();
      if (!folder) return;
      const effect = tagging.retagging(folder, await tagging.tagged(folder, t.id, dest), t.id, dest);
      if (await view.change('Merge themes', (p) => mergeThemes(p, t.id, dest), effect)) await effect.redo();
    }),
    vscode.commands.registerCommand(Commands.themeDelete, async (node?: ThemeNode, confirmed?: boolean) => {
      const t = target(node);
      if (!t) return;
      const folder = view.folder();
      if (!folder) return;
      await view.currentProject();
      const affected = await tagging.tagged(folder, t.id, undefined);
      const n = [...affected.values()].reduce((sum, ids) => sum + ids.size, 0);
      const ok =
        confirmed ||
        (await vscode.window.showWarningMessage(`Delete the theme "${view.theme(t.id)?.name}"?`, { modal: true, detail: `Its sub-themes move up a level.${n ? ` ${n} passage(s) lose this tag; the passages stay.` : ''}` }, 'Delete')) === 'Delete';
      if (!ok) return;
      const effect = tagging.retagging(folder, affected, t.id, undefined);
      if (await view.change('Delete theme', (p) => deleteTheme(p, t.id), effect)) await effect.redo();
    }),
    vscode.commands.registerCommand(Commands.themeFilter, async (node?: ThemeNode) => {
      const t = target(node);
      const project = await view.currentProject();
      if (!t || !project) return;
      const ids = new Set([t.id, ...descendants(project, t.id)]);
      decorations.setThemeFilter(ids, view.theme(t.id)?.name);
      view.setMessage(`Showing only "${view.theme(t.id)?.name}" in the editor (and its sub-themes).`);
    }),
    vscode.commands.registerCommand(Commands.themeClearFilter, () => {
      decorations.setThemeFilter(undefined);
      view.setMessage(undefined);
    }),
    vscode.commands.registerCommand(Commands.themeTagAtCursor, async (node?: ThemeNode) => {
      const t = target(node);
      const editor = vscode.window.activeTextEditor;
      const session = editor && (await sessions.get(editor.document));
      if (!t || !editor || !session) {
        void vscode.window.showInformationMessage('CMO: put the cursor on a coded passage in an article (or select several), then tag.');
        return 0;
      }
      const sel = editor.selection;
      const codes = session.codes.overlapping(editor.document.offsetAt(sel.start), Math.max(editor.document.offsetAt(sel.end), editor.document.offsetAt(sel.start) + 1));
      if (!codes.length) {
        void vscode.window.showInformationMessage('CMO: no coded passage at the cursor.');
        return 0;
      }
      await sessions.edit(session, () => {
        for (const c of codes) if (!c.code.tags?.includes(t.id)) session.codes.setTags(c.code.id, [...(c.code.tags ?? []), t.id]);
      });
      view.schedule(100);
      return codes.length;
    }),
    vscode.commands.registerCommand(Commands.codebookExport, async (target?: vscode.Uri) => {
      const folder = view.folder();
      let project = await view.currentProject();
      if (!folder || !project) return undefined;
      const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, 'codebook.qdc'), filters: { 'REFI-QDA codebook': ['qdc'] } }));
      if (!uri) return undefined;
      const r = withRefiNamespace(project);
      try {
        if (r.created) project = (await view.change('Store the REFI namespace', () => r.project)) ?? r.project;
        await writeExport(uri, new TextEncoder().encode(toQdc(project, (project.refi as { namespace: string }).namespace)));
      } catch (e) {
        void vscode.window.showErrorMessage(`CMO: the codebook was not exported: ${(e as Error).message}`);
        return undefined;
      }
      void vscode.window.showInformationMessage(`CMO: wrote the codebook (${project.codebook?.length ?? 0} themes) to ${vscode.workspace.asRelativePath(uri)}.`);
      return uri;
    }),
    vscode.commands.registerCommand(Commands.codebookImport, async (source?: vscode.Uri) => {
      const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'REFI-QDA codebook or project': ['qdc', 'qde'] } }))?.[0];
      if (!uri) return undefined;
      // As bytes: the reader decodes them by the file's own encoding, strictly.
      const xml = await vscode.workspace.fs.readFile(uri);
      let added: string[] = [];
      await view.change('Import codebook', (p) => {
        const r = importQdc(p, xml);
        added = r.added;
        return r.project;
      });
      void vscode.window.showInformationMessage(added.length ? `CMO: added ${added.length} theme(s): ${added.join(', ')}.` : 'CMO: every theme of that codebook is already here.');
      return added;
    }),
  );
}

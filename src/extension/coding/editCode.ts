/** CMO: Change role, Edit memo, Tag with theme, Delete code — on the code under the cursor, or the one a hover link or tree item names. */
import * as vscode from 'vscode';
import { loadProject, PROJECT_FILE, ROLE_INFO, ROLES, saveProject, WriteRefused, type Project, type Role } from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import type { ProjectData } from '../shared/projectData';
import type { Sessions } from './sessions';
import { targetCode } from './target';

export function roleChoices(current?: Role): Role[] {
  const split = settings().mechanismSplit;
  return ROLES.filter((r) => (split ? r !== 'mechanism' : r !== 'resource' && r !== 'reasoning') || r === current);
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .slice(0, 60);
}

export function registerEditCode(context: vscode.ExtensionContext, sessions: Sessions, project: ProjectData): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.changeRole, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'change the role of');
      if (!t) return;
      const picked = await vscode.window.showQuickPick(
        roleChoices(t.code.code.role).map((r) => ({ label: `${ROLE_INFO[r].letter}  ${ROLE_INFO[r].label}`, description: r === t.code.code.role ? 'current' : undefined, role: r })),
        { placeHolder: 'New role for this passage' },
      );
      if (picked && picked.role !== t.code.code.role) await sessions.edit(t.session, () => t.session.codes.setRole(t.code.code.id, picked.role));
    }),

    vscode.commands.registerCommand(Commands.editMemo, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'edit the memo of');
      if (!t) return;
      const note = await vscode.window.showInputBox({ title: 'Memo for this code', value: t.code.code.note ?? '', prompt: 'Why this passage, and how it relates to the theory. Empty removes the memo.' });
      if (note !== undefined && note !== (t.code.code.note ?? '')) await sessions.edit(t.session, () => t.session.codes.setNote(t.code.code.id, note));
    }),

    vscode.commands.registerCommand(Commands.tagWithTheme, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'tag');
      if (!t) return;
      const p = await project.get(t.session.doc.uri);
      const current = new Set(t.code.code.tags ?? []);
      const themes = p?.codebook ?? [];
      const NEW = '$(add) New theme…';
      const items: Array<vscode.QuickPickItem & { id?: string }> = [
        ...themes.map((th) => ({ label: th.name, description: th.parent ? `under ${themes.find((x) => x.id === th.parent)?.name ?? th.parent}` : undefined, detail: th.description, id: th.id, picked: current.has(th.id) })),
        ...[...current].filter((id) => !themes.some((th) => th.id === id)).map((id) => ({ label: id, description: 'not in the codebook', id, picked: true })),
        { label: NEW, alwaysShow: true },
      ];
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Themes for this passage (from the codebook in cmo-project.json)' });
      if (!picked) return;
      const tags = picked.filter((i) => i.id).map((i) => i.id as string);
      if (picked.some((i) => i.label === NEW)) {
        const name = await vscode.window.showInputBox({ title: 'New theme', prompt: 'Its name; it is added to the codebook in cmo-project.json', validateInput: (v) => (slug(v) ? undefined : 'Give the theme a name with letters or digits') });
        if (!name) return;
        const id = slug(name);
        const folder = vscode.workspace.getWorkspaceFolder(t.session.doc.uri);
        if (folder && !themes.some((th) => th.id === id)) {
          const loaded = await loadProject(t.session.fs);
          if (loaded.state === 'invalid') {
            void vscode.window.showErrorMessage(`CMO: ${PROJECT_FILE} does not parse, so the new theme was not added (see Problems). Nothing was changed.`);
            return;
          }
          const base: Project = loaded.state === 'ok' ? loaded.value : { cmo: 1 };
          try {
            await saveProject(t.session.fs, { ...base, codebook: [...(base.codebook ?? []), { id, name: name.trim(), parent: null }] });
          } catch (e) {
            void vscode.window.showErrorMessage(`CMO: ${e instanceof WriteRefused ? e.message : (e as Error).message}`);
            return;
          }
        }
        tags.push(id);
      }
      await sessions.edit(t.session, () => t.session.codes.setTags(t.code.code.id, tags));
    }),

    vscode.commands.registerCommand(Commands.deleteCode, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'delete');
      if (!t) return;
      const ok = await sessions.edit(t.session, () => t.session.codes.delete(t.code.code.id));
      // Offer undo without waiting for an answer: the command returns at once.
      if (ok) {
        void vscode.window.showInformationMessage(`CMO: deleted the ${ROLE_INFO[t.code.code.role].label} code.`, 'Undo').then((choice) => {
          if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undoCoding, { uri: t.session.doc.uri.toString() });
        });
      }
    }),
  );
}

/** CMO: Change role, Edit memo, Tag with theme, Delete code — on the code under the cursor, or the one a hover link or tree item names. */
import * as vscode from 'vscode';
import { createTheme, excerpt, ROLE_INFO, ROLES, slugify, type Role } from '../../core';
import { Commands } from '../shared/commandIds';
import { settings } from '../shared/config';
import { pickMany } from '../shared/pickMany';
import { folderOf } from '../shared/folders';
import { header, type LongTextEditors } from '../shared/longText';
import type { ProjectData } from '../shared/projectData';
import type { Sessions } from './sessions';
import { targetCode } from './target';

export function roleChoices(current?: Role): Role[] {
  const split = settings().mechanismSplit;
  return ROLES.filter((r) => (split ? r !== 'mechanism' : r !== 'resource' && r !== 'reasoning') || r === current);
}

/** A code's memo as a document of its own (see longText.ts): saved into the sidecar through the coding undo. */
function ownMemos(longText: LongTextEditors, sessions: Sessions): vscode.Disposable {
  const find = async (t: Record<string, string>) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.uri ?? ''));
    const session = await sessions.get(doc);
    return session && { session, code: session.codes.get(t.id ?? '') };
  };
  longText.own('memo', {
    read: async (t) => {
      const found = await find(t);
      return found?.code ? (found.code.code.note ?? '') : undefined;
    },
    write: async (t, text) => {
      const found = await find(t);
      if (!found?.code) {
        void vscode.window.showWarningMessage(`CMO: code ${t.id} is no longer in that article, so its memo was not saved. Copy your text before closing this tab.`);
        return false;
      }
      const { session, code } = found;
      if (text === (code.code.note ?? '')) return true;
      return sessions.edit(session, () => session.codes.setNote(code.code.id, text));
    },
    header: async (t) => {
      const found = await find(t);
      const c = found?.code?.code;
      return header([`Memo on the ${c ? ROLE_INFO[c.role].label : ''} passage “${c ? excerpt(c.exact, 70) : ''}”`, `in ${found?.session.path ?? ''}. Markdown; empty removes the memo.`]);
    },
  });
  // Only the memos of the article that changed are read again (a session changes at every keystroke in its article).
  return sessions.onDidChange((s) => longText.changed('memo', (t) => t.uri === s.doc.uri.toString()));
}

export function registerEditCode(context: vscode.ExtensionContext, sessions: Sessions, project: ProjectData, longText: LongTextEditors): void {
  context.subscriptions.push(
    ownMemos(longText, sessions),
    vscode.commands.registerCommand(Commands.changeRole, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'change the role of');
      if (!t) return;
      const picked = await vscode.window.showQuickPick(
        roleChoices(t.code.code.role).map((r) => ({ label: `${ROLE_INFO[r].letter}  ${ROLE_INFO[r].label}`, description: r === t.code.code.role ? 'current' : undefined, role: r })),
        { placeHolder: 'New role for this passage' },
      );
      if (picked && picked.role !== t.code.code.role) await sessions.edit(t.session, () => t.session.codes.setRole(t.code.code.id, picked.role));
    }),

    /** Opens the memo in its own editor tab (a Markdown document); saving writes it into the sidecar. Returns that editor. */
    vscode.commands.registerCommand(Commands.editMemo, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'edit the memo of');
      if (!t) return undefined;
      return longText.open(`Memo ${excerpt(t.code.code.exact, 40)}`, { kind: 'memo', uri: t.session.doc.uri.toString(), id: t.code.code.id });
    }),

    /** Interactive from the editor; `given` (tests, scripts) skips the pickers: the theme ids to set, and a new theme's name to add and set. */
    // The studies a passage reports on (a review coding a review): they count as evidence under its stance. With a list, no questions.
    vscode.commands.registerCommand(Commands.editCites, async (arg?: unknown, given?: string[]) => {
      const t = await targetCode(sessions, arg, 'say which studies it cites');
      if (!t) return undefined;
      let cites = given;
      if (!cites) {
        const text = await vscode.window.showInputBox({
          title: 'Studies this passage reports on',
          prompt: 'Separated by semicolons: workspace paths of their articles (papers/olsson-2014.pdf) or references (Olsson 2014). Empty removes them.',
          value: (t.code.code.cites ?? []).join('; '),
        });
        if (text === undefined) return undefined;
        cites = text.split(';');
      }
      const list = cites;
      await sessions.edit(t.session, () => t.session.codes.setCites(t.code.code.id, list));
      return t.session.codes.get(t.code.code.id)?.code.cites ?? [];
    }),
    vscode.commands.registerCommand(Commands.tagWithTheme, async (arg?: unknown, given?: { tags: string[]; newTheme?: string }) => {
      const t = await targetCode(sessions, arg, 'tag');
      if (!t) return;
      const p = await project.get(t.session.doc.uri);
      const themes = p?.codebook ?? [];
      let tags: string[];
      let newName: string | undefined;
      if (given) {
        tags = [...given.tags];
        newName = given.newTheme;
      } else {
        const current = new Set(t.code.code.tags ?? []);
        const NEW = '$(add) New theme…';
        const items: Array<vscode.QuickPickItem & { id?: string }> = [
          ...themes.map((th) => ({ label: th.name, description: th.parent ? `under ${themes.find((x) => x.id === th.parent)?.name ?? th.parent}` : undefined, detail: th.description, id: th.id, picked: current.has(th.id) })),
          ...[...current].filter((id) => !themes.some((th) => th.id === id)).map((id) => ({ label: id, description: 'not in the codebook', id, picked: true })),
          { label: NEW, alwaysShow: true },
        ];
        const picked = await pickMany(items, { placeHolder: 'Themes for this passage (from the codebook in cmo-project.json): tick with Space, or type one and press Enter' });
        if (!picked) return;
        tags = picked.filter((i) => i.id).map((i) => i.id as string);
        if (picked.some((i) => i.label === NEW)) {
          newName = await vscode.window.showInputBox({ title: 'New theme', prompt: 'Its name; it is added to the codebook in cmo-project.json', validateInput: (v) => (slugify(v) ? undefined : 'Give the theme a name with letters or digits') });
          if (!newName) return;
        }
      }
      if (newName) {
        // The codebook's own operation, through the project's undo ("Undo theory change" takes the theme out again).
        const name = newName;
        let id = themes.find((th) => th.name.toLowerCase() === name.trim().toLowerCase())?.id;
        const folder = folderOf(t.session.doc.uri);
        if (!id && folder) {
          const added = await project.update(folder.uri, 'New theme', (q) => {
            const r = createTheme(q, { name });
            id = r.id;
            return r.project;
          });
          if (!added) return; // refused, and the user was told why; nothing changed
        }
        if (!id) return;
        tags.push(id);
      }
      await sessions.edit(t.session, () => t.session.codes.setTags(t.code.code.id, tags));
    }),

    vscode.commands.registerCommand(Commands.deleteCode, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'delete');
      if (!t) return;
      // A passage a configuration uses: the configuration will refer to nothing (Problems says so too); say it here, with Undo.
      const uses = await project.usesOf(t.session.doc.uri, `${t.session.path}#${t.code.code.id}`);
      const ok = await sessions.edit(t.session, () => t.session.codes.delete(t.code.code.id));
      // Offer undo without waiting for an answer: the command returns at once.
      if (ok && uses.length) {
        const names = uses.map((u) => `"${u.title}"`);
        void vscode.window.showWarningMessage(`CMO: deleted the ${ROLE_INFO[t.code.code.role].label} code, which configuration ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} used: ${uses.length === 1 ? 'it now refers' : 'they now refer'} to a passage that is gone (see Problems). Undo brings it back.`, 'Undo').then((choice) => {
          if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undoCoding, { uri: t.session.doc.uri.toString() });
        });
      } else if (ok) {
        void vscode.window.showInformationMessage(`CMO: deleted the ${ROLE_INFO[t.code.code.role].label} code.`, 'Undo').then((choice) => {
          if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undoCoding, { uri: t.session.doc.uri.toString() });
        });
      }
    }),
  );
}

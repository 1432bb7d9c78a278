/**
 * Building theories: New configuration from selection, Add code to
 * configuration, Reveal in theory tree, and the tree's own actions (new
 * theory or configuration, rename, edit statement, remove, delete, undo).
 */
import * as vscode from 'vscode';
import {
  addCodes,
  createConfiguration,
  createTheory,
  deleteConfiguration,
  deleteTheory,
  removeCode,
  removeConfigurationFromTheory,
  renameConfiguration,
  renameTheory,
  setConfigurationStatement,
  setProgrammeStatement,
  setTheoryStatement,
  type Project,
} from '../../core';
import { Commands } from '../shared/commandIds';
import { header, type LongTextEditors } from '../shared/longText';
import type { ProjectData } from '../shared/projectData';
import type { Sessions } from '../coding/sessions';
import type { TheoryNode, TheoryTree } from './theoryTree';
import { activeArticle, targetCode } from '../coding/target';

const NO_THEORY = '$(circle-slash) In no theory for now';
const NEW_THEORY = '$(add) New theory…';

/** Asks which theory a new configuration goes under; undefined: cancelled; null: none. */
async function pickTheory(project: Project | undefined): Promise<{ id?: string; newTitle?: string } | undefined> {
  const items: Array<vscode.QuickPickItem & { id?: string }> = [...(project?.theories ?? []).map((t) => ({ label: t.title, description: `${t.configurations.length} configuration(s)`, detail: t.statement, id: t.id })), { label: NEW_THEORY }, { label: NO_THEORY }];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Under which middle-range theory?' });
  if (!picked) return undefined;
  if (picked.label === NEW_THEORY) {
    const title = await vscode.window.showInputBox({ title: 'New middle-range theory', prompt: 'Its name, e.g. "Tailoring"', validateInput: (v) => (v.trim() ? undefined : 'A theory needs a name') });
    return title ? { newTitle: title } : undefined;
  }
  return picked.id ? { id: picked.id } : {};
}

/** What a statement document (see longText.ts) edits, read from the project; saved through the theory undo. */
function ownStatements(longText: LongTextEditors, project: ProjectData, tree: TheoryTree): vscode.Disposable {
  const find = async (t: Record<string, string>) => {
    const p = await project.get(vscode.Uri.parse(t.folder ?? ''));
    if (t.item === 'programme') return { title: 'the programme theory', statement: p?.programme?.statement ?? '' };
    const thing = t.item === 'theory' ? p?.theories?.find((x) => x.id === t.id) : p?.configurations?.find((x) => x.id === t.id);
    return thing && { title: `${t.item} “${thing.title}”`, statement: thing.statement ?? '' };
  };
  longText.own('statement', {
    read: async (t) => (await find(t))?.statement,
    write: async (t, text) => {
      const found = await find(t);
      if (!found) {
        void vscode.window.showWarningMessage(`CMO: that ${t.item} is no longer in cmo-project.json, so its statement was not saved. Copy your text before closing this tab.`);
        return false;
      }
      if (text === found.statement) return true;
      const id = t.id ?? '';
      const next = await project.update(vscode.Uri.parse(t.folder ?? ''), 'Edit statement', (p) => (t.item === 'programme' ? setProgrammeStatement(p, text) : t.item === 'theory' ? setTheoryStatement(p, id, text) : setConfigurationStatement(p, id, text)));
      if (next) await tree.refresh();
      return next !== undefined;
    },
    header: async (t) => {
      const found = await find(t);
      return header([`Statement of ${found?.title ?? t.item}${t.item === 'configuration' ? ': if (context) … then (outcome) … because (mechanism) …' : ''}.`, 'Markdown; empty removes the statement.']);
    },
  });
  return project.onDidChange(() => longText.changed('statement'));
}

export function registerTheoryCommands(context: vscode.ExtensionContext, sessions: Sessions, project: ProjectData, tree: TheoryTree, longText: LongTextEditors): void {
  const folder = () => tree.folder();
  const update = async (label: string, change: (p: Project) => Project) => {
    const f = folder();
    if (!f) {
      void vscode.window.showInformationMessage('CMO: open a folder first.');
      return undefined;
    }
    const next = await project.update(f, label, change);
    if (next) await tree.refresh();
    return next;
  };

  context.subscriptions.push(
    ownStatements(longText, project, tree),
    vscode.commands.registerCommand(Commands.newConfigurationFromSelection, async (fields?: { title?: string; statement?: string; theory?: string }) => {
      const active = await activeArticle(sessions);
      if (!active) return undefined;
      const { editor, session } = active;
      const doc = editor.document;
      const found = new Map<string, string>();
      for (const s of editor.selections) {
        const start = doc.offsetAt(s.start);
        const end = doc.offsetAt(s.end);
        const codes = s.isEmpty ? session.codes.at(start) : session.codes.overlapping(start, end);
        for (const c of codes) found.set(c.code.id, `${session.path}#${c.code.id}`);
      }
      if (found.size === 0) {
        void vscode.window.showInformationMessage('CMO: there are no codes under the selection. Code the passages first (Ctrl+Alt+1…4), then select them (several selections are fine) and run this again.');
        return undefined;
      }
      const current = await project.get(doc.uri);
      const title =
        fields?.title ??
        (await vscode.window.showInputBox({ title: `New configuration from ${found.size} passage(s)`, prompt: 'A short title', validateInput: (v) => (v.trim() ? undefined : 'A configuration needs a title') }));
      if (!title) return undefined;
      const statement = fields?.statement ?? (await vscode.window.showInputBox({ title: 'Its statement (optional)', prompt: 'If … then … because …', placeHolder: 'If [context], then [outcome], because [mechanism]' }));
      if (statement === undefined) return undefined;
      const where = fields ? { id: fields.theory } : await pickTheory(current);
      if (!where) return undefined;
      let id = '';
      const next = await update('New configuration', (p) => {
        let base = p;
        let theory = where.id;
        if (where.newTitle) {
          const t = createTheory(base, { title: where.newTitle });
          base = t.project;
          theory = t.id;
        }
        const created = createConfiguration(base, { title, statement, codes: [...found.values()], theory });
        id = created.id;
        return created.project;
      });
      if (!next) return undefined;
      const theory = next.theories?.find((t) => t.configurations.includes(id))?.id;
      void tree.reveal({ kind: 'configuration', id, theory });
      return id;
    }),

    vscode.commands.registerCommand(Commands.addCodeToConfiguration, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'add to a configuration');
      if (!t) return;
      const current = await project.get(t.session.doc.uri);
      const ref = `${t.session.path}#${t.code.code.id}`;
      const confs = (current?.configurations ?? []).filter((c) => !c.codes.includes(ref));
      if (confs.length === 0) {
        void vscode.window.showInformationMessage('CMO: no configuration to add it to yet: select passages and run "CMO: New configuration from selection".');
        return;
      }
      const picked = await vscode.window.showQuickPick(confs.map((c) => ({ label: c.title, detail: c.statement, id: c.id })), { placeHolder: 'Add this passage to which configuration?' });
      if (picked) await update('Add code to configuration', (p) => addCodes(p, picked.id, [ref]));
    }),

    vscode.commands.registerCommand(Commands.revealInTheoryTree, async (arg?: unknown) => {
      const t = await targetCode(sessions, arg, 'find in the theory tree');
      if (!t) return;
      await tree.refresh();
      const nodes = tree.nodesFor(`${t.session.path}#${t.code.code.id}`);
      if (nodes[0]) await tree.reveal(nodes[0]);
    }),

    vscode.commands.registerCommand(Commands.newTheory, async () => {
      const title = await vscode.window.showInputBox({ title: 'New middle-range theory', prompt: 'Its name, e.g. "Tailoring"', validateInput: (v) => (v.trim() ? undefined : 'A theory needs a name') });
      if (!title) return;
      let id = '';
      const next = await update('New theory', (p) => {
        const c = createTheory(p, { title });
        id = c.id;
        return c.project;
      });
      if (next) void tree.reveal({ kind: 'theory', id });
    }),

    vscode.commands.registerCommand(Commands.newConfigurationInTheory, async (node?: TheoryNode) => {
      const theory = node?.kind === 'theory' ? node.id : undefined;
      const title = await vscode.window.showInputBox({ title: 'New configuration', prompt: 'A short title; add passages by dragging them here or with "CMO: Add code to configuration…"', validateInput: (v) => (v.trim() ? undefined : 'A configuration needs a title') });
      if (title) await update('New configuration', (p) => createConfiguration(p, { title, theory }).project);
    }),

    vscode.commands.registerCommand(Commands.renameTheoryItem, async (node?: TheoryNode) => {
      if (!node || (node.kind !== 'theory' && node.kind !== 'configuration')) return;
      const current = await project.get(folder()!);
      const old = node.kind === 'theory' ? current?.theories?.find((t) => t.id === node.id)?.title : current?.configurations?.find((c) => c.id === node.id)?.title;
      const title = await vscode.window.showInputBox({ title: 'Rename', value: old, validateInput: (v) => (v.trim() ? undefined : 'A title is needed') });
      if (title && title !== old) await update('Rename', (p) => (node.kind === 'theory' ? renameTheory(p, node.id, title) : renameConfiguration(p, node.id, title)));
    }),

    /** Opens the statement in its own editor tab (a Markdown document); saving writes it into cmo-project.json. Returns that editor. */
    vscode.commands.registerCommand(Commands.editTheoryStatement, async (node?: TheoryNode) => {
      if (!node || (node.kind !== 'programme' && node.kind !== 'theory' && node.kind !== 'configuration')) return undefined;
      const root = folder();
      if (!root) return undefined;
      const current = await project.get(root);
      const title = node.kind === 'programme' ? 'Programme theory' : node.kind === 'theory' ? current?.theories?.find((t) => t.id === node.id)?.title : current?.configurations?.find((c) => c.id === node.id)?.title;
      return longText.open(`Statement ${title ?? ''}`, { kind: 'statement', folder: root.toString(), item: node.kind, id: node.kind === 'programme' ? '' : node.id });
    }),

    vscode.commands.registerCommand(Commands.removeFromParent, async (node?: TheoryNode) => {
      if (node?.kind === 'passage') await update('Remove passage from configuration', (p) => removeCode(p, node.configuration, node.ref));
      else if (node?.kind === 'configuration' && node.theory) {
        const theory = node.theory;
        await update('Remove configuration from theory', (p) => removeConfigurationFromTheory(p, theory, node.id));
      }
    }),

    vscode.commands.registerCommand(Commands.deleteTheoryItem, async (node?: TheoryNode) => {
      if (node?.kind !== 'theory' && node?.kind !== 'configuration') return;
      const done = await update(node.kind === 'theory' ? 'Delete theory' : 'Delete configuration', (p) => (node.kind === 'theory' ? deleteTheory(p, node.id) : deleteConfiguration(p, node.id)));
      if (done) {
        void vscode.window.showInformationMessage(`CMO: deleted the ${node.kind}; its ${node.kind === 'theory' ? 'configurations' : 'passages'} are kept.`, 'Undo').then((choice) => {
          if (choice === 'Undo') void vscode.commands.executeCommand(Commands.undoTheoryChange);
        });
      }
    }),

    vscode.commands.registerCommand(Commands.undoTheoryChange, async () => {
      const f = folder();
      const label = f && (await project.step(f, 'undo'));
      await tree.refresh();
      vscode.window.setStatusBarMessage(label ? `CMO: undid “${label}”` : 'CMO: no theory change to undo', 3000);
      return label;
    }),
    vscode.commands.registerCommand(Commands.redoTheoryChange, async () => {
      const f = folder();
      const label = f && (await project.step(f, 'redo'));
      await tree.refresh();
      vscode.window.setStatusBarMessage(label ? `CMO: redid “${label}”` : 'CMO: no theory change to redo', 3000);
      return label;
    }),
  );
}

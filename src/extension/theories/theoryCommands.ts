/**
 * Building theories: New configuration from selection, Add code to
 * configuration, Reveal in theory tree, and the tree's own actions (new
 * theory or configuration, rename, edit statement, remove, delete, undo),
 * and the realist evidence model's: a passage's stance, status and
 * if / then / because with the reason logged, links, refinement notes.
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
  addLogNote,
  refine,
  reviseLogNote,
  refinementHistory,
  renderHistoryText,
  setLeadsTo,
  setStance,
  STANCE_CUE,
  STANCES,
  stanceOf,
  STATUSES,
  type Configuration,
  type Project,
  type RefineNote,
  type RefineTarget,
  type Stance,
  type Status,
  type Theory,
} from '../../core';
import { coderName, today, type Platform } from '../shared/config';
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
/**
 * Asks why something changed, for the refinement log: one line, optional
 * (Enter with nothing skips it). Undefined: Escape.
 */
async function askWhy(what: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: `Why? ${what}`, prompt: 'The reason, for the refinement log (optional: Enter skips it). For a longer retroduction memo, use "Add refinement note…" afterwards.', placeHolder: 'e.g. Riverside 2025 is a negative case: …' });
}

/** The theory or configuration a tree node (or a statement or note document) names. */
function theoryItem(p: Project | undefined, kind: string | undefined, id: string | undefined): Theory | Configuration | undefined {
  return kind === 'theory' ? p?.theories?.find((t) => t.id === id) : kind === 'configuration' ? p?.configurations?.find((c) => c.id === id) : undefined;
}

function ownStatements(longText: LongTextEditors, project: ProjectData, tree: TheoryTree, platform: Platform): vscode.Disposable {
  const find = async (t: Record<string, string>) => {
    const p = await project.get(vscode.Uri.parse(t.folder ?? ''));
    if (t.item === 'programme') return { title: 'the programme theory', statement: p?.programme?.statement ?? '' };
    const thing = theoryItem(p, t.item, t.id);
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
      // Revising a statement is a refinement: its reason goes into the log (a first draft is not asked about).
      const why = found.statement.trim() ? ((await askWhy(`The statement of ${found.title} changed`)) ?? '') : '';
      const note: RefineNote = { date: today(), by: await coderName(platform), why };
      const next = await project.update(vscode.Uri.parse(t.folder ?? ''), 'Edit statement', (p) => (t.item === 'programme' ? setProgrammeStatement(p, text, note) : t.item === 'theory' ? setTheoryStatement(p, id, text, note) : setConfigurationStatement(p, id, text, note)));
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

/** Where a refinement note document (see longText.ts) writes: a log entry of the programme, a theory or a configuration. */
function ownNotes(longText: LongTextEditors, project: ProjectData, tree: TheoryTree, platform: Platform): void {
  // What each open note document last wrote, so saving it again revises that entry instead of adding another.
  const written = new Map<string, { date: string; by: string; why: string }>();
  const targetOf = (t: Record<string, string>): RefineTarget => (t.item === 'programme' ? { kind: 'programme' } : { kind: t.item as 'theory' | 'configuration', id: t.id ?? '' });
  longText.own('note', {
    read: async (t) => written.get(t.key ?? '')?.why ?? '',
    write: async (t, text) => {
      const why = text.trim();
      const before = written.get(t.key ?? '');
      if (why === (before?.why ?? '')) return true;
      const entry = before ? { ...before, why } : { date: today(), by: await coderName(platform), why };
      const next = await project.update(vscode.Uri.parse(t.folder ?? ''), 'Add refinement note', (p) => {
        // Saved again: the note this document wrote is revised, not added twice.
        return before ? reviseLogNote(p, targetOf(t), before, why) : addLogNote(p, targetOf(t), entry);
      });
      if (!next) return false;
      written.set(t.key ?? '', entry);
      await tree.refresh();
      return true;
    },
    header: async (t) => header([`A refinement note on ${t.item === 'programme' ? 'the programme theory' : `${t.item} “${t.title ?? t.id}”`}: why the theory changed (a retroduction memo).`, 'Markdown; saving adds it to the refinement log, dated and signed. Saving again revises it.']),
  });
}

const STATUS_HELP: Record<Status, string> = {
  initial: 'as first theorised, not yet tested against the evidence',
  refined: 'changed in the light of the evidence',
  refuted: 'the evidence contradicts it',
  retired: 'no longer part of the theory',
};
const STANCE_HELP: Record<Stance, string> = {
  supports: 'the passage is evidence for the configuration',
  refutes: 'a negative case: the passage is evidence against it',
  refines: 'the passage qualifies it: a condition, a different mechanism, a narrower outcome',
};

export function registerTheoryCommands(context: vscode.ExtensionContext, sessions: Sessions, project: ProjectData, tree: TheoryTree, longText: LongTextEditors, platform: Platform): void {
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

  ownNotes(longText, project, tree, platform);
  const note = async (why: string): Promise<RefineNote> => ({ date: today(), by: await coderName(platform), why });
  const refineTarget = (node?: TheoryNode): RefineTarget | undefined => (node?.kind === 'programme' ? { kind: 'programme' } : node?.kind === 'theory' || node?.kind === 'configuration' ? { kind: node.kind, id: node.id } : undefined);
  const titleOf = (p: Project | undefined, target: RefineTarget) => (target.kind === 'programme' ? 'the programme theory' : `${target.kind} “${theoryItem(p, target.kind, target.id)?.title ?? target.id}”`);

  context.subscriptions.push(
    ownStatements(longText, project, tree, platform),

    /** How a passage bears on its configuration: supports, refutes (a negative case) or refines. From the tree (inline, menu) or with (node, stance). */
    vscode.commands.registerCommand(Commands.setStance, async (node?: TheoryNode, given?: Stance) => {
      if (node?.kind !== 'passage') return undefined;
      const f = folder();
      const current = f && (await project.get(f))?.configurations?.find((c) => c.id === node.configuration);
      if (!current) return undefined;
      const now = stanceOf(current, node.ref);
      const stance =
        given ??
        (
          await vscode.window.showQuickPick(
            STANCES.map((s) => ({ label: `${STANCE_CUE[s]} ${s}`, description: s === now ? '(now)' : undefined, detail: STANCE_HELP[s], stance: s })),
            { title: `How does this passage bear on “${current.title}”?`, placeHolder: 'Its stance' },
          )
        )?.stance;
      if (!stance || stance === now) return stance;
      const next = await update(`Set stance: ${stance}`, (p) => setStance(p, node.configuration, node.ref, stance));
      return next ? stance : undefined;
    }),

    /** Status of a configuration or theory, with the reason asked for and logged. From the tree, or with (node, status, why). */
    vscode.commands.registerCommand(Commands.setStatus, async (node?: TheoryNode, given?: Status, givenWhy?: string) => {
      if (node?.kind !== 'theory' && node?.kind !== 'configuration') return undefined;
      const f = folder();
      const p = f && (await project.get(f));
      const thing = theoryItem(p, node.kind, node.id);
      if (!thing) return undefined;
      const now = thing.status ?? 'initial';
      const status =
        given ??
        (await vscode.window.showQuickPick(STATUSES.map((s) => ({ label: s, description: s === now ? '(now)' : undefined, detail: STATUS_HELP[s], status: s })), { title: `Status of ${node.kind} “${thing.title}”` }))?.status;
      if (!status || status === now) return status;
      const why = givenWhy ?? (await askWhy(`${node.kind} “${thing.title}”: ${now} → ${status}`));
      if (why === undefined) return undefined;
      const logged = await note(why);
      const next = await update(`Set status: ${status}`, (q) => refine(q, { kind: node.kind, id: node.id }, { status }, logged));
      return next ? status : undefined;
    }),

    /** If / then / because of a configuration (or the programme theory): three lines, each optional; revisions are logged with their reason. */
    vscode.commands.registerCommand(Commands.editParts, async (node?: TheoryNode, given?: { if?: string; then?: string; because?: string; why?: string }) => {
      const target = refineTarget(node);
      if (!target || target.kind === 'theory') return undefined;
      const f = folder();
      const p = f && (await project.get(f));
      const thing = target.kind === 'programme' ? p?.programme : p?.configurations?.find((c) => c.id === target.id);
      const changes: { if?: string; then?: string; because?: string } = {};
      if (given) Object.assign(changes, { if: given.if, then: given.then, because: given.because });
      else {
        const prompts = { if: 'If … (the context)', then: 'then … (the outcome)', because: 'because … (the mechanism: what the resource triggers in people’s reasoning)' } as const;
        for (const k of ['if', 'then', 'because'] as const) {
          const v = await vscode.window.showInputBox({ title: `${titleOf(p, target)}: ${k}`, prompt: `${prompts[k]}; empty removes it`, value: thing?.[k] ?? '' });
          if (v === undefined) return undefined;
          changes[k] = v;
        }
      }
      const revised = (['if', 'then', 'because'] as const).some((k) => changes[k] !== undefined && (thing?.[k] ?? '') !== '' && (thing?.[k] ?? '') !== changes[k]?.trim());
      const why = given?.why ?? (revised ? await askWhy(`${titleOf(p, target)}: if / then / because revised`) : '');
      const logged = await note(why ?? '');
      const next = await update('Edit if / then / because', (q) => refine(q, target, changes, logged));
      return next !== undefined;
    }),

    /** What a configuration or theory leads to: its outcome is their context or mechanism. A multi-pick; with (node, ids) no questions. */
    vscode.commands.registerCommand(Commands.setLinks, async (node?: TheoryNode, given?: string[]) => {
      if (node?.kind !== 'theory' && node?.kind !== 'configuration') return undefined;
      const f = folder();
      const p = f && (await project.get(f));
      const thing = theoryItem(p, node.kind, node.id);
      if (!thing) return undefined;
      const now = new Set(thing.leadsTo ?? []);
      let ids = given;
      if (!ids) {
        const items = [
          ...(p?.configurations ?? []).filter((c) => c.id !== node.id).map((c) => ({ label: c.title, description: 'configuration', detail: c.statement, id: c.id, picked: now.has(c.id) })),
          ...(p?.theories ?? []).filter((t) => t.id !== node.id).map((t) => ({ label: t.title, description: 'theory', detail: t.statement, id: t.id, picked: now.has(t.id) })),
        ];
        const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: `“${thing.title}” leads to…`, placeHolder: 'The configurations or theories whose context or mechanism its outcome is' });
        if (!picked) return undefined;
        ids = picked.map((i) => i.id);
      }
      const links = ids;
      return (await update('Set links', (q) => setLeadsTo(q, { kind: node.kind as 'theory' | 'configuration', id: node.id }, links))) !== undefined;
    }),

    /** A retroduction memo for the refinement log, written in an editor tab; saving adds it, dated and signed. */
    vscode.commands.registerCommand(Commands.addRefinementNote, async (node?: TheoryNode, given?: string) => {
      const target = refineTarget(node);
      const f = folder();
      if (!target || !f) return undefined;
      if (given !== undefined) {
        const logged = await note(given);
        return (await update('Add refinement note', (q) => addLogNote(q, target, logged))) !== undefined;
      }
      const p = await project.get(f);
      const title = target.kind === 'programme' ? 'Programme theory' : (theoryItem(p, target.kind, target.id)?.title ?? target.id);
      return longText.open(`Note on ${title}`, { kind: 'note', folder: f.toString(), item: target.kind, id: target.kind === 'programme' ? '' : target.id, title, key: `${Date.now()}-${Math.random()}` });
    }),

    /** The refinement log, oldest first, as `cmo report --history` prints it, in a read-only tab. */
    vscode.commands.registerCommand(Commands.showHistory, async () => {
      const f = folder();
      if (!f) return undefined;
      const doc = await vscode.workspace.openTextDocument({ content: renderHistoryText(refinementHistory((await project.get(f)) ?? { cmo: 1 })), language: 'plaintext' });
      return vscode.window.showTextDocument(doc, { preview: true });
    }),
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
      const old = theoryItem(current, node.kind, node.id)?.title;
      const title = await vscode.window.showInputBox({ title: 'Rename', value: old, validateInput: (v) => (v.trim() ? undefined : 'A title is needed') });
      if (title && title !== old) await update('Rename', (p) => (node.kind === 'theory' ? renameTheory(p, node.id, title) : renameConfiguration(p, node.id, title)));
    }),

    /** Opens the statement in its own editor tab (a Markdown document); saving writes it into cmo-project.json. Returns that editor. */
    vscode.commands.registerCommand(Commands.editTheoryStatement, async (node?: TheoryNode) => {
      if (!node || (node.kind !== 'programme' && node.kind !== 'theory' && node.kind !== 'configuration')) return undefined;
      const root = folder();
      if (!root) return undefined;
      const current = await project.get(root);
      const title = node.kind === 'programme' ? 'Programme theory' : theoryItem(current, node.kind, node.id)?.title;
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

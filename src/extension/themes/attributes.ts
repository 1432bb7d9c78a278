/**
 * Document attributes: define fields with their allowed values, and set an
 * article's values from the explorer or the editor. Appraisal (relevance
 * and rigour, the realist judgement of a source) is a pair of such fields
 * CMO Coder knows the meaning of: "Appraise article" makes them when they
 * are missing and asks for both.
 */
import * as vscode from 'vscode';
import { APPRAISAL_LABEL, APPRAISAL_SCALE, APPRAISALS, appraisalFields, defineField, describeAttributes, emptyProject, setAttribute, valueList, type Appraisal, type Project } from '../../core';
import { Commands } from '../shared/commandIds';
import { folderOf, reviewFolder } from '../shared/folders';
import type { ProjectData } from '../shared/projectData';

export function registerAttributes(context: vscode.ExtensionContext, projectData: ProjectData): void {
  const folderFor = (uri?: vscode.Uri) => (uri ? folderOf(uri)?.uri : reviewFolder());
  /** The article a command is about: the file it was run on (explorer, editor tab), else the active editor's; undefined after saying what to do. */
  const documentOf = (target: unknown, toDo: string): { uri: vscode.Uri; folder: vscode.Uri; path: string } | undefined => {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const folder = folderFor(uri);
    if (!uri || !folder) {
      void vscode.window.showInformationMessage(`CMO: choose an article in the explorer, or open one, to ${toDo}.`);
      return undefined;
    }
    return { uri, folder, path: vscode.workspace.asRelativePath(uri, false) };
  };
  const define = async (folder: vscode.Uri, name?: string, values?: string[]): Promise<string | undefined> => {
    const n = name ?? (await vscode.window.showInputBox({ title: 'CMO: New document attribute', prompt: 'Its name, e.g. Quality or Level of involvement', validateInput: (v) => (v.trim() ? undefined : 'Give it a name') }));
    if (!n) return undefined;
    const several = values
      ? false
      : await vscode.window.showQuickPick([{ label: 'One value per article', multiple: false }, { label: 'Several values per article', description: 'e.g. every level of involvement a study covers', multiple: true }], { title: `"${n}": how many values can an article have?` });
    if (several === undefined) return undefined;
    const vs =
      values ??
      (await vscode.window.showInputBox({ title: `Values of "${n}"`, prompt: 'The allowed values, separated by commas (e.g. good, fair, poor); empty allows any text' }))
        ?.split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    if (vs === undefined) return undefined;
    let id: string | undefined;
    await projectData.update(folder, 'New document attribute', (p) => {
      const r = defineField(p, { name: n, values: vs, multiple: several !== false && several.multiple });
      id = r.id;
      return r.project;
    });
    return id;
  };
  /** The appraisal fields, made (high / moderate / low, marked with their meaning) where the project has none. */
  const withAppraisalFields = (p: Project): Project => {
    let next = p;
    const have = appraisalFields(p);
    for (const a of APPRAISALS) {
      if (have[a]) continue;
      const made = defineField(next, { name: APPRAISAL_LABEL[a], values: [...APPRAISAL_SCALE], id: a });
      next = made.project;
      const fields = next.attributes!.fields.map((f) => (f.id === made.id ? { ...f, appraisal: a } : f));
      next = { ...next, attributes: { ...next.attributes!, fields } };
    }
    return next;
  };
  // An article's attributes where it is listed: the explorer's hover on the file (a decoration with a tooltip, no badge).
  const decorationsChanged = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  context.subscriptions.push(
    decorationsChanged,
    projectData.onDidChange(() => decorationsChanged.fire(undefined)),
    vscode.window.registerFileDecorationProvider({
      onDidChangeFileDecorations: decorationsChanged.event,
      provideFileDecoration: async (uri) => {
        const folder = folderOf(uri);
        if (!folder || uri.scheme !== folder.uri.scheme) return undefined;
        const project = await projectData.get(uri);
        const about = project && describeAttributes(project, vscode.workspace.asRelativePath(uri, false));
        return about ? { tooltip: about } : undefined;
      },
    }),
  );
  context.subscriptions.push(
    // Relevance and rigour of an article: from the explorer, the editor title or the palette; with values, no questions.
    vscode.commands.registerCommand(Commands.appraise, async (target?: vscode.Uri, given?: Partial<Record<Appraisal, string | null>>) => {
      const doc = documentOf(target, 'appraise it');
      if (!doc) return undefined;
      const { uri, folder, path } = doc;
      const project: Project = withAppraisalFields((await projectData.get(uri)) ?? emptyProject());
      const fields = appraisalFields(project);
      const chosen: Partial<Record<Appraisal, string | null>> = {};
      for (const a of APPRAISALS) {
        const f = fields[a]!;
        if (given) {
          if (given[a] !== undefined) chosen[a] = given[a];
          continue;
        }
        const current = valueList(project.attributes?.documents[path]?.[f.id])[0];
        const CLEAR = '$(close) Not appraised';
        const picked = await vscode.window.showQuickPick([...f.values.map((v) => ({ label: v, description: v === current ? '(now)' : undefined })), { label: CLEAR }], {
          title: `${APPRAISAL_LABEL[a]} of ${path}`,
          placeHolder: a === 'relevance' ? 'How much does it contribute to the programme theory?' : 'How trustworthy are the data it contributes?',
        });
        if (!picked) return undefined;
        chosen[a] = picked.label === CLEAR ? null : picked.label;
      }
      return projectData.update(folder, 'Appraise article', (p) => {
        let next = withAppraisalFields(p);
        const fs = appraisalFields(next);
        for (const a of APPRAISALS) if (chosen[a] !== undefined) next = setAttribute(next, path, fs[a]!.id, chosen[a] ?? undefined);
        return next;
      });
    }),
    vscode.commands.registerCommand(Commands.defineAttribute, async (name?: string, values?: string[]) => {
      const folder = folderFor();
      return folder && define(folder, name, values);
    }),
    // From the explorer (a file), the editor title, or the palette (the active article); with field and value, no questions.
    vscode.commands.registerCommand(Commands.setAttributes, async (target?: vscode.Uri, field?: string, value?: string | string[] | null) => {
      const doc = documentOf(target, 'set its attributes');
      if (!doc) return undefined;
      const { uri, folder, path } = doc;
      if (field !== undefined) return projectData.update(folder, 'Set document attribute', (p) => setAttribute(p, path, field, value ?? undefined));
      // A small form: one line per field with its current value; pick one to change it, Escape when done.
      for (;;) {
        const project: Project = (await projectData.get(uri)) ?? emptyProject();
        const fields = project.attributes?.fields ?? [];
        const current = project.attributes?.documents[path] ?? {};
        const NEW = '$(add) New attribute…';
        const picked = await vscode.window.showQuickPick(
          [...fields.map((f) => ({ label: f.name ?? f.id, description: valueList(current[f.id]).join(', ') || '(not set)', detail: `${f.multiple ? 'several of: ' : ''}${f.values.length ? f.values.join(' · ') : 'any text'}`, id: f.id })), { label: NEW, id: undefined }],
          { title: `Attributes of ${path}`, placeHolder: 'Pick an attribute to set it; Escape when done' },
        );
        if (!picked) return undefined;
        if (!picked.id) {
          await define(folder);
          continue;
        }
        const f = fields.find((x) => x.id === picked.id)!;
        let chosen: string | string[] | undefined | null;
        const now = valueList(current[f.id]);
        if (f.multiple && f.values.length) {
          // Several values: tick each that applies; none ticked clears it.
          const v = await vscode.window.showQuickPick(
            f.values.map((x) => ({ label: x, picked: now.includes(x) })),
            { title: `${f.name ?? f.id} of ${path}: tick every value that applies`, canPickMany: true },
          );
          if (!v) continue;
          chosen = v.map((x) => x.label);
        } else if (f.multiple) {
          const v = await vscode.window.showInputBox({ title: `${f.name ?? f.id} of ${path}`, value: now.join('; '), prompt: 'Values separated by ";"; empty clears it' });
          if (v === undefined) continue;
          chosen = v.split(';').map((x) => x.trim()).filter(Boolean);
        } else if (f.values.length) {
          const v = await vscode.window.showQuickPick([...f.values.map((x) => ({ label: x, description: now.includes(x) ? '(now)' : undefined })), { label: '$(close) Clear' }], { title: `${f.name ?? f.id} of ${path}` });
          if (!v) continue;
          chosen = v.label === '$(close) Clear' ? null : v.label;
        } else {
          const v = await vscode.window.showInputBox({ title: `${f.name ?? f.id} of ${path}`, value: now[0] ?? '', prompt: 'Empty clears it' });
          if (v === undefined) continue;
          chosen = v.trim() ? v.trim() : null;
        }
        await projectData.update(folder, 'Set document attribute', (p) => setAttribute(p, path, f.id, chosen ?? undefined));
      }
    }),
  );
}

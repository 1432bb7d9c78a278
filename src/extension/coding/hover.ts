/** Hover on coded text: role, memo, themes, coder, date, the configurations and theories using the code, and actions. */
import * as vscode from 'vscode';
import { PageIndex, ROLE_INFO, STANCE_CUE, twinSource } from '../../core';
import { Commands } from '../shared/commandIds';
import type { ProjectData } from '../shared/projectData';
import type { Sessions } from './sessions';

export function commandLink(title: string, command: string, args: unknown[], tooltip = title): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))} "${tooltip}")`;
}

/** Markdown text: nothing in it is taken as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

export function registerHover(context: vscode.ExtensionContext, sessions: Sessions, project: ProjectData): void {
  const provider: vscode.HoverProvider = {
    async provideHover(doc, position) {
      const session = await sessions.get(doc);
      if (!session || session.broken) return undefined;
      const offset = doc.offsetAt(position);
      const here = session.codes.at(offset).filter((c) => c.end > offset || c.start === offset);
      if (here.length === 0) return undefined;
      const p = await project.get(doc.uri);
      const themeName = (id: string) => p?.codebook?.find((t) => t.id === id)?.name ?? id;
      const parts: string[] = [];
      let range: vscode.Range | undefined;
      // A PDF's twin: the page each passage is on, and a link to it in the PDF.
      const pages = twinSource(doc.getText(new vscode.Range(0, 0, 1, 0))) ? PageIndex.of(session.lfText()) : undefined;
      const toLf = session.mapping().toLf;
      for (const c of here) {
        const info = ROLE_INFO[c.code.role];
        const ref = `${session.path}#${c.code.id}`;
        const uses = await project.usesOf(doc.uri, ref);
        const args = [{ uri: doc.uri.toString(), id: c.code.id }];
        const lines = [
          `**${info.label}** \`${info.letter}\` · ${escapeMarkdown(c.code.coder ?? 'unknown coder')}${c.code.created ? ` · ${c.code.created}` : ''} · \`${c.code.id}\`${pages ? ` · ${commandLink(pages.cite(toLf(c.start), toLf(c.end)), Commands.openPdf, [doc.uri.toString()], 'Open the PDF')}` : ''}`,
        ];
        if (c.code.note) lines.push(`*Memo:* ${escapeMarkdown(c.code.note)}`);
        if (c.code.tags?.length) lines.push(`*Themes:* ${c.code.tags.map((t) => escapeMarkdown(themeName(t))).join(', ')}`);
        if (c.code.cites?.length) lines.push(`*Cites:* ${c.code.cites.map(escapeMarkdown).join('; ')}`);
        lines.push(
          uses.length
            ? `*In configurations:* ${uses.map((u) => `${u.stance === 'supports' ? '' : `${STANCE_CUE[u.stance]} **${u.stance}** `}${escapeMarkdown(u.title)}${u.theories.length ? ` (${u.theories.map(escapeMarkdown).join(', ')})` : ''}`).join('; ')}`
            : '*In no configuration yet*',
        );
        lines.push(
          [
            commandLink('Edit memo', Commands.editMemo, args),
            commandLink('Change role', Commands.changeRole, args),
            commandLink('Tag', Commands.tagWithTheme, args, 'Tag with theme'),
            commandLink('Cites…', Commands.editCites, args, 'The studies this passage reports on (they count as evidence)'),
            commandLink('Add to configuration', Commands.addCodeToConfiguration, args, 'Add this passage to a configuration'),
            commandLink('Reveal in theory tree', Commands.revealInTheoryTree, args),
            commandLink('Show in Codes view', Commands.showCodes, args),
            commandLink('Delete', Commands.deleteCode, args, 'Delete this code (undo with CMO: Undo last coding change)'),
          ].join(' · '),
        );
        parts.push(lines.join('\n\n'));
        const r = new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end));
        range = range ? range.intersection(r) ?? r : r;
      }
      const md = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
      md.isTrusted = { enabledCommands: [Commands.openPdf, Commands.editMemo, Commands.changeRole, Commands.tagWithTheme, Commands.editCites, Commands.addCodeToConfiguration, Commands.revealInTheoryTree, Commands.showCodes, Commands.deleteCode] };
      return new vscode.Hover(md, range);
    },
  };
  context.subscriptions.push(
    vscode.languages.registerHoverProvider([{ language: 'markdown' }, { language: 'plaintext' }], provider),
    // A hover open over a passage whose code just changed (its role, from the hover's own "Change role") would keep
    // showing the old role until the mouse left it: it is closed, and the next one is made from the codes as they are.
    sessions.onDidChange(() => void Promise.resolve(vscode.commands.executeCommand('editor.action.hideHover')).catch(() => undefined)),
  );
}

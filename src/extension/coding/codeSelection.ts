/**
 * CMO: Code selection as Context / Mechanism resource / Mechanism reasoning /
 * Outcome / Mechanism, or with themes only (no role). Every selection
 * (multi-cursor too) becomes a code.
 */
import * as vscode from 'vscode';
import { ROLE_INFO, type Role } from '../../core';
import { Commands } from '../shared/commandIds';
import { coderName, today, type Platform } from '../shared/config';
import type { PdfEditors } from '../pdf/pdfEditor';
import type { Sessions } from './sessions';
import { activeArticle } from './target';

const BY_ROLE: Record<Role, string> = {
  context: Commands.codeAsContext,
  resource: Commands.codeAsResource,
  reasoning: Commands.codeAsReasoning,
  outcome: Commands.codeAsOutcome,
  mechanism: Commands.codeAsMechanism,
  none: Commands.codeWithThemesOnly,
};

export function registerCodeSelection(context: vscode.ExtensionContext, sessions: Sessions, platform: Platform, pdfs: PdfEditors): void {
  for (const [role, id] of Object.entries(BY_ROLE) as Array<[Role, string]>) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (given?: { tags?: string[] }) => {
        // A PDF view in front: its selection on the page, coded into its twin.
        const onPage = await pdfs.codeSelection(role);
        if (onPage !== false) return onPage;
        const active = await activeArticle(sessions);
        if (!active) return [];
        const { editor, session } = active;
        const ranges = editor.selections.filter((s) => !s.isEmpty);
        if (ranges.length === 0) {
          void vscode.window.showInformationMessage(role === 'none' ? 'CMO: select the passage to code with themes first.' : `CMO: select the passage to code as ${ROLE_INFO[role].label} first.`);
          return [];
        }
        const coder = await coderName(platform);
        const created = today();
        const text = editor.document.getText();
        const ids: string[] = [];
        await sessions.edit(session, () => {
          for (const r of ranges) ids.push(session.codes.add(role, editor.document.offsetAt(r.start), editor.document.offsetAt(r.end), text, { coder, created }));
        });
        // A theme-only code is about its themes: ask for them now (one passage; several are tagged from the Codes view).
        if (role === 'none' && ids.length === 1) {
          await vscode.commands.executeCommand(Commands.tagWithTheme, { uri: editor.document.uri.toString(), id: ids[0] }, given?.tags ? { tags: given.tags } : undefined);
        }
        return ids;
      }),
    );
  }
}

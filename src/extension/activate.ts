/** Activation reads like a table of contents: one registration per feature. */
import * as vscode from 'vscode';
import { registerCheckWorkspace } from './problems/checkWorkspace';
import { registerCodeSelection } from './coding/codeSelection';
import { registerCompare } from './pairs/compareCommands';
import { registerExports } from './exchange/exports';
import { registerAttributes } from './themes/attributes';
import { MatricesPanel, type MatrixRequest } from './exchange/matricesPanel';
import { ThemesView } from './themes/themesView';
import { Commands } from './shared/commandIds';
import { registerEditCode } from './coding/editCode';
import { registerNavigate } from './coding/navigate';
import { registerReattach } from './coding/reattach';
import { registerTheoryCommands } from './theories/theoryCommands';
import { registerUndo } from './coding/undo';
import { registerOrphanQuickFixes } from './problems/codeActions';
import { CodesView } from './coding/codesView';
import type { Platform } from './shared/config';
import { Decorations } from './coding/decorations';
import { registerHover } from './coding/hover';
import { ProblemsController } from './problems/problems';
import { ProjectData } from './shared/projectData';
import { Reconciler } from './pairs/reconcile';
import { Sessions } from './coding/sessions';
import { registerStatusBar } from './coding/statusBar';
import { registerTheoryReport } from './theories/theoryReport';
import { TheoryTree } from './theories/theoryTree';

/** What the extension hands to tests and other extensions. */
export interface Api {
  sessions: Sessions;
  decorations: Decorations;
  problems: ProblemsController;
  theories: TheoryTree;
  project: ProjectData;
  reconciler: Reconciler;
  themes: ThemesView;
}

export async function activateWith(context: vscode.ExtensionContext, platform: Platform): Promise<Api> {
  try {
    const sessions = new Sessions();
    const project = new ProjectData();
    const problems = new ProblemsController();
    const decorations = new Decorations(context, sessions);
    const codesView = new CodesView(context, sessions);
    const theories = new TheoryTree(context, project);
    const reconciler = new Reconciler(context, sessions, project);
    const themes = new ThemesView(context, project, sessions, decorations);
    context.subscriptions.push(sessions, project, problems, decorations, codesView, theories, reconciler, themes);

    registerCodeSelection(context, sessions, platform);
    registerEditCode(context, sessions, project);
    registerNavigate(context, sessions, (uri, id) => codesView.reveal(uri, id));
    registerReattach(context, sessions);
    registerUndo(context, sessions);
    registerTheoryCommands(context, sessions, project, theories);
    registerTheoryReport(context, project);
    registerCheckWorkspace(context, problems);
    registerHover(context, sessions, project);
    registerOrphanQuickFixes(context);
    registerStatusBar(context, sessions);
    registerCompare(context, reconciler);
    registerExports(context);
    registerAttributes(context, project);
    context.subscriptions.push(
      vscode.commands.registerCommand(Commands.showMatrices, async (request?: MatrixRequest) => {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        if (!folder) return undefined;
        return MatricesPanel.show(folder, request);
      }),
    );

    decorations.renderVisible();
    void problems.checkAll();
    return { sessions, decorations, problems, theories, project, reconciler, themes };
  } catch (e) {
    // VS Code does not tell the user when activation fails; we do.
    void vscode.window.showErrorMessage(`CMO Coder failed to start: ${(e as Error).message}`);
    throw e;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** Activation reads like a table of contents: one registration per feature. */
import * as vscode from 'vscode';
import { CodesView } from './coding/codesView';
import { registerCodeSelection } from './coding/codeSelection';
import { Decorations } from './coding/decorations';
import { registerEditCode } from './coding/editCode';
import { registerHover } from './coding/hover';
import { registerNavigate } from './coding/navigate';
import { registerReattach } from './coding/reattach';
import { Sessions } from './coding/sessions';
import { registerStatusBar } from './coding/statusBar';
import { registerUndo } from './coding/undo';
import { ArticleLock } from './coding/articleLock';
import { registerExports } from './exchange/exports';
import { registerMatrices } from './exchange/matricesPanel';
import { registerCompare } from './pairs/compareCommands';
import { Reconciler } from './pairs/reconcile';
import { registerCheckWorkspace } from './problems/checkWorkspace';
import { registerQuickFixes } from './problems/codeActions';
import { ProblemsController } from './problems/problems';
import type { Platform } from './shared/config';
import { LongTextEditors } from './shared/longText';
import { ProjectData } from './shared/projectData';
import { WorkspaceCaches } from './shared/workspaceCache';
import { WorkspaceFiles } from './shared/workspaceFiles';
import { registerAttributes } from './themes/attributes';
import { registerThemeCommands } from './themes/themeCommands';
import { ThemesView } from './themes/themesView';
import { Tagging } from './themes/tagging';
import { registerTheoryCommands } from './theories/theoryCommands';
import { registerTheoryReport } from './theories/theoryReport';
import { TheoryTree } from './theories/theoryTree';
import { registerAddArticle } from './pdf/addArticle';
import { registerReimportPdfs } from './pdf/reimportPdfs';
import { PassagesView, registerPassages } from './retrieval/passagesView';
import { registerStartReview } from './onboarding/startReview';
import { PdfEditors } from './pdf/pdfEditor';

/** What the extension hands to tests and other extensions. */
export interface Api {
  sessions: Sessions;
  decorations: Decorations;
  problems: ProblemsController;
  theories: TheoryTree;
  project: ProjectData;
  reconciler: Reconciler;
  themes: ThemesView;
  lock: ArticleLock;
  pdfs: PdfEditors;
  passages: PassagesView;
  codes: CodesView;
  longText: LongTextEditors;
}

export async function activateWith(context: vscode.ExtensionContext, platform: Platform): Promise<Api> {
  try {
    const own = <T extends vscode.Disposable>(d: T): T => (context.subscriptions.push(d), d);
    const files = own(new WorkspaceFiles());
    const caches = own(new WorkspaceCaches(files));
    const sessions = own(new Sessions(files));
    const project = own(new ProjectData(files));
    const longText = own(new LongTextEditors());
    const problems = own(new ProblemsController(files, caches));
    const decorations = own(new Decorations(context, sessions));
    const codesView = own(new CodesView(context, sessions, project));
    const theories = own(new TheoryTree(context, project, files, caches));
    const reconciler = own(new Reconciler(context, sessions, project, files));
    let themes: ThemesView | undefined;
    const tagging = new Tagging(sessions, () => themes?.schedule(100));
    themes = own(new ThemesView(project, tagging, files, caches));

    const pdfs = own(new PdfEditors(context, sessions, platform));
    registerCodeSelection(context, sessions, platform, pdfs);
    registerAddArticle(context, platform);
    registerReimportPdfs(context, platform);
    registerEditCode(context, sessions, project, longText);
    registerNavigate(context, sessions, (uri, id) => codesView.reveal(uri, id));
    registerReattach(context, sessions);
    registerUndo(context, sessions);
    const lock = own(new ArticleLock(sessions));
    registerTheoryCommands(context, sessions, project, theories, longText, platform);
    registerTheoryReport(context, project, files, caches);
    registerThemeCommands(context, themes, tagging, sessions, decorations);
    registerAttributes(context, project);
    registerCheckWorkspace(context, problems);
    registerHover(context, sessions, project);
    registerQuickFixes(context, problems);
    registerStatusBar(context, sessions);
    registerCompare(context, reconciler);
    registerExports(context);
    registerMatrices(context);
    const passages = own(new PassagesView(context, sessions, files, caches));
    registerPassages(context, passages, project);
    registerStartReview(context, files);

    decorations.renderVisible();
    void problems.checkAll();
    return { sessions, decorations, problems, theories, project, reconciler, themes, lock, pdfs, passages, longText, codes: codesView };
  } catch (e) {
    // VS Code does not tell the user when activation fails; we do.
    void vscode.window.showErrorMessage(`CMO Coder failed to start: ${(e as Error).message}`);
    throw e;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

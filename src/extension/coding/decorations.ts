/**
 * Highlights coded passages: one decoration type per role, coloured from
 * contributed theme colours (themable; light, dark and high-contrast
 * defaults), with a cue that is not colour (each role has its own underline
 * style, and optionally its letter in the gutter) and marks in the overview
 * ruler. Types are created once and recreated when settings change; updates
 * are throttled, since the editor itself moves decorations while typing.
 *
 * With gutter letters on, every article reserves the gutter from the start (a
 * blank icon on its first line): otherwise the first letter to appear widens
 * the margin and moves the text, under a mouse that is selecting it.
 */
import * as vscode from 'vscode';
import { ROLES, type Role } from '../../core';
import { settings } from '../shared/config';
import { Disposable } from '../shared/lifecycle';
import { Debouncer } from '../shared/refresh';
import type { Session, Sessions } from './sessions';

const UNDERLINE: Record<Role, string> = { context: 'solid', resource: 'dashed', reasoning: 'dotted', outcome: 'double', mechanism: 'dashed', none: 'dotted' };

export class Decorations extends Disposable {
  private types = new Map<Role, vscode.TextEditorDecorationType>();
  private reserve: vscode.TextEditorDecorationType | undefined;
  private readonly pending = this.register(new Debouncer());

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: Sessions,
  ) {
    super();
    this.createTypes();
    this.onDispose(() => this.disposeTypes());
    this.register(sessions.onDidChange((s) => this.schedule(s)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.renderVisible()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cmo.gutterLetters')) {
          this.disposeTypes();
          this.createTypes();
          this.renderVisible();
        }
      }),
    );
  }

  private createTypes(): void {
    const gutter = settings().gutterLetters;
    if (gutter) this.reserve = vscode.window.createTextEditorDecorationType({ gutterIconPath: vscode.Uri.joinPath(this.context.extensionUri, 'media', 'gutter-blank.svg'), gutterIconSize: '70%' });
    for (const role of ROLES) {
      this.types.set(
        role,
        vscode.window.createTextEditorDecorationType({
          backgroundColor: new vscode.ThemeColor(`cmo.${role}Background`),
          borderColor: new vscode.ThemeColor(`cmo.${role}Border`),
          borderStyle: `none none ${UNDERLINE[role]} none`,
          borderWidth: role === 'outcome' ? '0 0 3px 0' : '0 0 2px 0',
          overviewRulerColor: new vscode.ThemeColor(`cmo.${role}Border`),
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          ...(gutter ? { gutterIconPath: vscode.Uri.joinPath(this.context.extensionUri, 'media', `gutter-${role}.svg`), gutterIconSize: '70%' } : {}),
        }),
      );
    }
  }

  /** Throttled: the editor moves decorations itself while typing, so a redraw every 30 ms is enough. */
  private schedule(session: Session): void {
    this.pending.scheduleOnce(session.doc.uri.toString(), 30, () => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === session.doc) this.render(editor, session);
    });
  }

  renderVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      void this.sessions.get(editor.document).then((s) => s && this.render(editor, s));
    }
  }

  /** Theme ids whose codes alone are drawn (a theme and its sub-themes); undefined draws every code. */
  private themeFilter: ReadonlySet<string> | undefined;
  filterLabel: string | undefined;

  setThemeFilter(themes: ReadonlySet<string> | undefined, label?: string): void {
    this.themeFilter = themes;
    this.filterLabel = themes ? label : undefined;
    void vscode.commands.executeCommand('setContext', 'cmo.themeFilter', !!themes);
    this.renderVisible();
  }

  /** The ranges drawn for each role in an editor, as last rendered (for tests and the hover). */
  render(editor: vscode.TextEditor, session: Session): Map<Role, vscode.Range[]> {
    const byRole = new Map<Role, vscode.Range[]>(ROLES.map((r) => [r, []]));
    const filter = this.themeFilter;
    if (!session.broken) {
      for (const c of session.codes.all()) {
        if (c.state !== 'live') continue;
        if (filter && !c.code.tags?.some((t) => filter.has(t))) continue;
        byRole.get(c.code.role)?.push(new vscode.Range(session.doc.positionAt(c.start), session.doc.positionAt(c.end)));
      }
    }
    for (const [role, ranges] of byRole) {
      const type = this.types.get(role);
      if (type) editor.setDecorations(type, ranges);
    }
    if (this.reserve) editor.setDecorations(this.reserve, [new vscode.Range(0, 0, 0, 0)]);
    return byRole;
  }

  private disposeTypes(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
    this.reserve?.dispose();
    this.reserve = undefined;
  }
}

/**
 * A quick pick of several items that does what a reviewer typing a name
 * expects. VS Code's own (showQuickPick with canPickMany) takes Enter as
 * "accept the ticked items", and typing a theme's name then Enter, without
 * ticking it with Space, accepted nothing: the picker closed with "0
 * Selected" and nothing was tagged, silently (a list that lets several be
 * ticked highlights no row as you type). Here typing highlights the first
 * item whose label holds the typed words, and Enter with nothing ticked
 * takes it.
 */
import * as vscode from 'vscode';

export function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: { placeHolder: string; title?: string }): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.items = items;
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.placeholder = options.placeHolder;
    if (options.title) qp.title = options.title;
    qp.selectedItems = items.filter((i) => i.picked);
    const firstMatch = (typed: string) => {
      const words = typed.toLowerCase().trim();
      return words ? items.find((i) => i.label.toLowerCase().includes(words)) : undefined;
    };
    qp.onDidChangeValue((typed) => {
      const first = firstMatch(typed);
      if (first) qp.activeItems = [first];
    });
    let answered = false;
    qp.onDidAccept(() => {
      let chosen = [...qp.selectedItems];
      if (!chosen.length && qp.value.trim()) {
        const meant = qp.activeItems.length ? [...qp.activeItems] : [firstMatch(qp.value)].filter((i): i is T => !!i);
        chosen = meant;
      }
      answered = true;
      resolve(chosen);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!answered) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Web entry (vscode.dev, code-server's web worker host): the portable core as it is, with the PDF layout for imports from a PDF's view; no git to ask for a name. */
import * as vscode from 'vscode';
import { layoutPdf } from '../../core';
import { activateWith } from '../activate';
import { ContextKeys } from '../shared/commandIds';
import { setPlatform, type Platform } from '../shared/config';

const web: Platform = { gitUserName: async () => undefined, layoutPdf };

export function activate(context: vscode.ExtensionContext) {
  setPlatform(web);
  // What needs Node or git is hidden from menus, welcome views and the walkthrough (package.json's `when`s).
  void vscode.commands.executeCommand('setContext', ContextKeys.browser, true);
  return activateWith(context, web);
}

export { deactivate } from '../activate';

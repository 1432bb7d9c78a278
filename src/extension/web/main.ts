/** Web entry (vscode.dev, code-server's web worker host): the portable core as it is; no git to ask for a name. */
import type * as vscode from 'vscode';
import { activateWith } from '../activate';
import { setPlatform, type Platform } from '../shared/config';

const web: Platform = { gitUserName: async () => undefined };

export function activate(context: vscode.ExtensionContext) {
  setPlatform(web);
  return activateWith(context, web);
}

export { deactivate } from '../activate';

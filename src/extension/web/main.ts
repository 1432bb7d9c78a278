/** Web entry (vscode.dev, code-server's web worker host): the portable core as it is. */
export { activate, deactivate } from '../activate';

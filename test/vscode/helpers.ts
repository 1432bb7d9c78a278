/** Small helpers for in-host tests: they use the real VS Code API, nothing mocked. */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'cmo-coder.cmo-coder';

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('in-host tests need a workspace folder');
  return folder.uri;
}

export function file(path: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...path.split('/'));
}

export async function read(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file(path)));
}

export async function write(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(file(path), new TextEncoder().encode(text));
}

/** Polls until `probe` returns something truthy; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function cmoDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'CMO');
}

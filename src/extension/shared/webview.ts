/**
 * What every CMO webview shares: a fresh nonce per page and the strict
 * Content Security Policy (nothing remote, no inline code but ours).
 */
export function nonce(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The CSP meta tag: our one script and one style block, by nonce; nothing else loads. */
export function cspMeta(n: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';">`;
}

/** What both panels' tables look like, in the editor's theme. */
const BASE_STYLE = `
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
  table { border-collapse: collapse; }
  th, td { padding: 0.25em 0.7em; border-bottom: 1px solid var(--vscode-panel-border); text-align: right; font-variant-numeric: tabular-nums; }
  th:first-child, td:first-child { text-align: left; }
  p.note { color: var(--vscode-descriptionForeground); }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 0.3em 0.9em; cursor: pointer; }
  button:focus, select:focus { outline: 1px solid var(--vscode-focusBorder); }`;

/**
 * A whole webview page under the strict CSP: the shared style, the page's
 * own style, its body markup and its one script (which must put text in by
 * textContent, never as HTML): inline, or (`scriptSrc`) a bundled file
 * from the extension, by its webview URL.
 */
export function webviewPage(title: string, parts: { style: string; body: string } & ({ script: string } | { scriptSrc: string })): string {
  const n = nonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
${cspMeta(n)}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style nonce="${n}">${BASE_STYLE}
${parts.style}
</style>
</head>
<body>
${parts.body}
${'scriptSrc' in parts ? `<script nonce="${n}" src="${parts.scriptSrc}"></script>` : `<script nonce="${n}">\n${parts.script}\n</script>`}
</body>
</html>`;
}

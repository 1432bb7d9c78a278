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

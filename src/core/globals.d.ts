/**
 * The few web-standard globals core may use. They exist in every host core
 * runs in (Node ≥ 20, the browser, VS Code's web extension host); declaring
 * them here, instead of pulling in the DOM or Node type libraries, keeps
 * core honest about needing nothing else.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

/**
 * The anchoring domain: finding a code's passage again when the article
 * changed. Position, then exact quote, then approximate match scored by
 * quote, context and position, else orphaned (anchor.ts); the loose view
 * that folds extraction mess (loose.ts); re-anchoring a whole sidecar
 * (reanchor.ts).
 */
export * from './anchor';
export * from './loose';
export * from './similarity';
export * from './reanchor';
export * from './claims';

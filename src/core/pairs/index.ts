/**
 * The pairs domain: two coders of the same articles. Agreement statistics
 * (agreement.ts), pairing two codings and the agreement report (pairing.ts),
 * the disagreements a pair reconciles (disagreements.ts), and what changed
 * in the coding between two versions (codingDiff.ts, `cmo diff`).
 */
export * from './agreement';
export * from './matching';
export * from './pairing';
export * from './disagreements';
export * from './codingDiff';
export * from './theoryDiffReport';
export * from './reconciliation';

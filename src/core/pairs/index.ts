/**
 * The pairs domain: two coders of the same articles. Agreement statistics
 * (agreement.ts), pairing two codings and the agreement report (pairing.ts),
 * and the disagreements a pair reconciles (disagreements.ts).
 */
export * from './agreement';
export * from './matching';
export * from './pairing';
export * from './disagreements';

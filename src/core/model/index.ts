/**
 * The model domain: what a code, a sidecar and a project are (the zod
 * schemas and the rules stated with them), the roles a passage plays, ids,
 * and the Problem every check reports. It imports nothing of ours.
 */
export * from './roles';
export * from './schema';
export * from './ids';
export * from './problems';
export * from './plainSidecar';

/**
 * The theory domain: configurations, middle-range theories and the programme
 * theory as pure operations on the project (project.ts), the evidence behind
 * each configuration (evidence.ts), and THEORY.md rendered from them
 * (report.ts), with the refinement history (history.ts).
 */
export * from './project';
export * from './evidence';
export * from './history';
export * from './report';

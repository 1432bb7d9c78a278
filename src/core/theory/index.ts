/**
 * The theory domain: configurations, middle-range theories and the programme
 * theory as pure operations on the project (project.ts), and THEORY.md
 * rendered from them (report.ts).
 */
export * from './project';
export * from './report';

/** Types of system.mjs (plain JavaScript so that it runs before `npm install`). */
export interface Requirement {
  pkg: string;
  why: string;
  needs: Array<'test' | 'build'>;
  present(env: NodeJS.ProcessEnv): boolean;
}
export const ROOT: string;
export const DEBIAN_PYTHON: string;
export const REQUIREMENTS: Requirement[];
export function toolsDir(env?: NodeJS.ProcessEnv): string;
export function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export function missingFor(
  purpose: 'test' | 'start',
  options?: { env?: NodeJS.ProcessEnv; requirements?: Requirement[]; codeServerBuilt?: boolean; desktopCode?: boolean },
): Requirement[];
export function main(argv?: string[], env?: NodeJS.ProcessEnv): number;

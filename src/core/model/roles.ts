/**
 * The roles a coded passage can play in a CMO configuration.
 *
 * Dalkin et al. (2015) split the mechanism into a *resource* (what the
 * intervention introduces) and *reasoning* (how people's volition responds).
 * Teams that do not split use the plain `mechanism` role.
 */
export const ROLES = ['context', 'resource', 'reasoning', 'outcome', 'mechanism'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleInfo {
  readonly id: Role;
  /** Shown in menus, hovers and reports. */
  readonly label: string;
  /** One letter: the non-colour cue in the gutter and in reports. */
  readonly letter: string;
  /** The slot of a configuration the role fills. */
  readonly slot: 'C' | 'M' | 'O';
}

export const ROLE_INFO: Readonly<Record<Role, RoleInfo>> = {
  context: { id: 'context', label: 'Context', letter: 'C', slot: 'C' },
  resource: { id: 'resource', label: 'Mechanism resource', letter: 'R', slot: 'M' },
  reasoning: { id: 'reasoning', label: 'Mechanism reasoning', letter: 'M', slot: 'M' },
  outcome: { id: 'outcome', label: 'Outcome', letter: 'O', slot: 'O' },
  mechanism: { id: 'mechanism', label: 'Mechanism', letter: 'M', slot: 'M' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The roles a coded passage can play in a CMO configuration.
 *
 * Dalkin et al. (2015) split the mechanism into a *resource* (what the
 * intervention introduces) and *reasoning* (how people's volition responds).
 * Teams that do not split use the plain `mechanism` role.
 *
 * `none`: a passage coded with themes only (inductive coding, or coding
 * against a framework such as the IAP2 spectrum). It takes part in
 * everything (themes, retrieval, matrices, agreement) except the C / M / O
 * slots of a configuration, and is never "unassigned".
 */
export const ROLES = ['context', 'resource', 'reasoning', 'outcome', 'mechanism', 'none'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleInfo {
  readonly id: Role;
  /** Shown in menus, hovers and reports. */
  readonly label: string;
  /** One letter: the non-colour cue in the gutter and in reports. */
  readonly letter: string;
  /** The slot of a configuration the role fills. */
  readonly slot: 'C' | 'M' | 'O' | undefined;
}

export const ROLE_INFO: Readonly<Record<Role, RoleInfo>> = {
  context: { id: 'context', label: 'Context', letter: 'C', slot: 'C' },
  resource: { id: 'resource', label: 'Mechanism resource', letter: 'R', slot: 'M' },
  reasoning: { id: 'reasoning', label: 'Mechanism reasoning', letter: 'M', slot: 'M' },
  outcome: { id: 'outcome', label: 'Outcome', letter: 'O', slot: 'O' },
  mechanism: { id: 'mechanism', label: 'Mechanism', letter: 'M', slot: 'M' },
  none: { id: 'none', label: 'Theme only', letter: 'T', slot: undefined },
};

/** The roles that fill a slot of a configuration (every role but `none`). */
export const CMO_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'none');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

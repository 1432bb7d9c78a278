/** The Reconcile view's nodes (see shared/treeNodes.ts for the convention). */
import { isRole, ROLE_INFO, type CodeConflict, type Disagreement, type ProjectConflict } from '../../core';

export type Section = 'compare' | 'conflicts';

export type ReconcileNode =
  | { kind: 'section'; section: Section }
  | { kind: 'article'; section: Section; path: string }
  | { kind: 'disagreement'; item: Disagreement }
  | { kind: 'conflict'; path: string; conflict: CodeConflict }
  | { kind: 'projectConflict'; conflict: ProjectConflict };

export const roleName = (r: string) => (isRole(r) ? ROLE_INFO[r].label : r);

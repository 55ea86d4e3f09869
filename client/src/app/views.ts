/** The views of the app and which roles may open them. Only views that exist are listed. */
import type { Role } from '../api/auth.ts';

export type ViewId = 'overview' | 'plan' | 'dispatch' | 'territory' | 'dashboard';

export interface ViewDef {
  id: ViewId;
  /** i18n key of the view's name in the top bar. */
  labelKey: `views.${ViewId}`;
  roles: readonly Role[];
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'overview', labelKey: 'views.overview', roles: ['admin', 'planner', 'dispatcher', 'manager'] },
  // dispatchers and managers may look at plans read-only; the server refuses their edits (403)
  { id: 'plan', labelKey: 'views.plan', roles: ['admin', 'planner', 'dispatcher', 'manager'] },
  { id: 'dispatch', labelKey: 'views.dispatch', roles: ['admin', 'dispatcher'] },
  { id: 'territory', labelKey: 'views.territory', roles: ['admin', 'planner', 'manager'] },
  { id: 'dashboard', labelKey: 'views.dashboard', roles: ['admin', 'planner'] },
];

/** Views `role` may open, in top-bar order. */
export function viewsFor(role: Role): ViewDef[] {
  return VIEWS.filter((v) => v.roles.includes(role));
}

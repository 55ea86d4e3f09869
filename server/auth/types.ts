/** The four roles and the user attached to a request. */
export const ROLES = ['admin', 'planner', 'dispatcher', 'manager'] as const;

/** A user's role; a `manager` is tied to one `managers` row and sees only their own grids. */
export type Role = (typeof ROLES)[number];

/** The logged-in user as routes and services see it. `managerId` is set exactly when `role === 'manager'`. */
export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  managerId: number | null;
}

-- 003: dispatch proposals (POST /api/dispatch/proposals) and the index the double-booking check reads.
-- A proposal is one optimizer run kept as JSON so that it can be applied (all or part) until it expires.

CREATE TABLE dispatch_proposals (
  id          bigserial PRIMARY KEY,
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  payload     jsonb NOT NULL,                          -- assignments, unassigned, routes, summary, crews' open orders at planning time
  CHECK (expires_at > created_at)
);
CREATE INDEX dispatch_proposals_created_idx ON dispatch_proposals (created_at);

-- A crew is booked while it has an open work order; apply reads these under the crew's row lock.
CREATE INDEX work_orders_crew_open_idx ON work_orders (crew_id) WHERE state IN ('assigned', 'en_route', 'on_site');

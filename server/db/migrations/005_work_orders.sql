-- 005: the live work-order lifecycle: incidents (reports grouped in space and time), customer reports with
-- tickets and their per-IP rate limit, crews' current routes, and the simulator's clock.

CREATE TABLE incidents (                                   -- faults close in space and time: one crew for all
  id             bigserial PRIMARY KEY,
  state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  substation_id  integer REFERENCES substations(id),       -- nearest substation of the first fault (feeder area)
  radius_m       real NOT NULL DEFAULT 0,                  -- farthest member from the probable cause, metres
  first_at       timestamptz NOT NULL,
  last_at        timestamptz NOT NULL,
  merged_into    bigint REFERENCES incidents(id),          -- set when closed by a merge
  geom           geometry(Point, 4326) NOT NULL            -- probable cause location (members' centre)
);
CREATE INDEX incidents_open_idx ON incidents (last_at) WHERE state = 'open';
CREATE INDEX incidents_geom_gix ON incidents USING gist (geom) WHERE state = 'open';

ALTER TABLE work_orders
  ADD COLUMN incident_id bigint REFERENCES incidents(id),
  ADD COLUMN eta_at timestamptz;                           -- planned arrival on site of the crew en route
CREATE INDEX work_orders_incident_idx ON work_orders (incident_id) WHERE incident_id IS NOT NULL;

-- the route a crew is driving (set when it goes en route, cleared on site): [[lng, lat], …] and its arrival
ALTER TABLE crews
  ADD COLUMN route jsonb,
  ADD COLUMN route_eta_at timestamptz;

CREATE SEQUENCE report_ticket_seq;

CREATE TABLE reports (                                     -- customer fault reports (public page, 95598-like)
  ticket         text PRIMARY KEY,                         -- GZ + local yymmdd + sequence, e.g. GZ26112800017
  work_order_id  bigint NOT NULL UNIQUE REFERENCES work_orders(id),
  phone          text NOT NULL,                            -- never shown on the public ticket page
  address        text,
  ip             text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_attempts (                             -- public report submissions, for rate limiting across processes
  id  bigserial PRIMARY KEY,
  ip  text NOT NULL,
  at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_attempts_ip_idx ON report_attempts (ip, at);

CREATE TABLE simulator_state (                             -- the demo simulator's clock, shared by every process
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  running      boolean NOT NULL DEFAULT false,
  speed        real NOT NULL DEFAULT 1 CHECK (speed BETWEEN 1 AND 60),
  anchor_real  timestamptz NOT NULL DEFAULT now(),         -- simulated time = anchor_sim + (now - anchor_real) × speed while running
  anchor_sim   timestamptz NOT NULL DEFAULT now(),
  storm_until  timestamptz,                                -- simulated time until which faults surge
  updated_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO simulator_state DEFAULT VALUES;

-- the simulator's counters read transitions by user and target state
CREATE INDEX work_order_transitions_user_idx ON work_order_transitions (user_id, to_state);

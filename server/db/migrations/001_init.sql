-- 001: first version of the GridOps schema.
-- Every geometry is WGS84 (EPSG:4326) with a GiST index. H3 indexes are stored as their 15-hex-digit strings.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE districts (
  id          smallint PRIMARY KEY,
  adcode      integer NOT NULL UNIQUE,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  population  integer NOT NULL CHECK (population >= 0),   -- 2020 census, people
  geom        geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX districts_geom_gix ON districts USING gist (geom);

CREATE TABLE substations (
  id           integer PRIMARY KEY,
  osm_id       bigint,
  name         text,
  voltage_kv   real,                                      -- highest voltage, kV; null when OSM has none
  district_id  smallint REFERENCES districts(id),
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX substations_geom_gix ON substations USING gist (geom);

CREATE TABLE stations (                                   -- rail and metro stations (OSM)
  id           integer PRIMARY KEY,
  osm_id       bigint,
  name         text,
  kind         text NOT NULL,                             -- subway, train, tram, monorail
  district_id  smallint REFERENCES districts(id),
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX stations_geom_gix ON stations USING gist (geom);

CREATE TYPE customer_type AS ENUM ('residential', 'commercial', 'industrial');

CREATE TABLE customers (
  id             integer PRIMARY KEY,
  account        text NOT NULL UNIQUE,
  type           customer_type NOT NULL,
  load_kw        real NOT NULL CHECK (load_kw >= 0),      -- contracted load, kW
  district_id    smallint NOT NULL REFERENCES districts(id),
  substation_id  integer REFERENCES substations(id),
  h3             text NOT NULL,                           -- H3 cell at resolution 9
  address        text,
  geom           geometry(Point, 4326) NOT NULL
);
CREATE INDEX customers_geom_gix ON customers USING gist (geom);
CREATE INDEX customers_h3_idx ON customers (h3);

CREATE TABLE cells (
  h3           text PRIMARY KEY,
  res          smallint NOT NULL CHECK (res BETWEEN 0 AND 15),
  customers    integer NOT NULL DEFAULT 0,
  load_kw      double precision NOT NULL DEFAULT 0,
  faults_12m   integer NOT NULL DEFAULT 0,
  area_km2     double precision NOT NULL,
  district_id  smallint REFERENCES districts(id),
  geom         geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX cells_res_idx ON cells (res);
CREATE INDEX cells_geom_gix ON cells USING gist (geom);

CREATE TABLE managers (                                   -- grid managers (网格经理)
  id      integer PRIMARY KEY,
  code    text NOT NULL UNIQUE,
  name    text NOT NULL,
  phone   text,
  home    geometry(Point, 4326) NOT NULL
);
CREATE INDEX managers_home_gix ON managers USING gist (home);

CREATE TYPE crew_status AS ENUM ('available', 'en_route', 'on_site', 'off_shift');

CREATE TABLE crews (
  id           integer PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  skills       text[] NOT NULL,                          -- line, transformer, meter, cable
  depot        geometry(Point, 4326) NOT NULL,
  shift_start  time NOT NULL,
  shift_end    time NOT NULL,
  status       crew_status NOT NULL DEFAULT 'available',
  position     geometry(Point, 4326) NOT NULL,
  heading_deg  real,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crews_position_gix ON crews USING gist (position);

CREATE TYPE user_role AS ENUM ('admin', 'planner', 'dispatcher', 'manager');

CREATE TABLE users (
  id             serial PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text,
  role           user_role NOT NULL,
  manager_id     integer REFERENCES managers(id),
  password_hash  text NOT NULL,                          -- scrypt$N$r$p$salt$hash (base64)
  is_demo        boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'manager') = (manager_id IS NOT NULL))
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,                          -- sha256 of the cookie token; the token itself is never stored
  user_id     integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE login_failures (                              -- failed logins, for rate limiting across processes
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (username, ip, at);

CREATE TABLE plans (
  id              serial PRIMARY KEY,
  name            text NOT NULL,
  resolution      smallint NOT NULL CHECK (resolution BETWEEN 7 AND 10),
  params          jsonb NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'ready' CHECK (status IN ('running', 'ready', 'failed')),
  version         integer NOT NULL DEFAULT 1,
  metrics         jsonb,
  is_active       boolean NOT NULL DEFAULT false,
  effective_from  date,                                  -- the day the plan came into force
  created_by      integer REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      integer REFERENCES users(id),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX plans_one_active ON plans (is_active) WHERE is_active;

CREATE TABLE grids (
  id          serial PRIMARY KEY,
  plan_id     integer NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  idx         integer NOT NULL,                          -- position in the partition's assignment array
  name        text NOT NULL,
  manager_id  integer REFERENCES managers(id),
  locked      boolean NOT NULL DEFAULT false,
  stats       jsonb NOT NULL DEFAULT '{}',
  geom        geometry(MultiPolygon, 4326),
  UNIQUE (plan_id, idx)
);
CREATE INDEX grids_geom_gix ON grids USING gist (geom);
CREATE INDEX grids_manager_idx ON grids (manager_id);

CREATE TABLE grid_cells (
  plan_id  integer NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  h3       text NOT NULL,
  grid_id  integer NOT NULL REFERENCES grids(id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, h3)
);
CREATE INDEX grid_cells_grid_idx ON grid_cells (grid_id);

CREATE TYPE fault_kind AS ENUM ('outage', 'low_voltage', 'meter', 'line_damage', 'transformer');

CREATE TABLE faults (
  id           bigserial PRIMARY KEY,
  reported_at  timestamptz NOT NULL,
  kind         fault_kind NOT NULL,
  priority     smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'resolved', 'cancelled')),
  source       text NOT NULL DEFAULT 'history' CHECK (source IN ('history', 'report', 'simulation', 'manual')),
  customer_id  integer REFERENCES customers(id),
  h3           text NOT NULL,                            -- H3 cell at resolution 9
  district_id  smallint REFERENCES districts(id),
  description  text,
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX faults_geom_gix ON faults USING gist (geom);
CREATE INDEX faults_reported_idx ON faults (reported_at);
CREATE INDEX faults_h3_idx ON faults (h3);
CREATE INDEX faults_open_idx ON faults (status) WHERE status IN ('open', 'assigned');

CREATE TYPE work_order_state AS ENUM
  ('received', 'assigned', 'en_route', 'on_site', 'resolved', 'follow_up', 'closed', 'escalated', 'cancelled');

CREATE TABLE work_orders (
  id             bigserial PRIMARY KEY,
  fault_id       bigint NOT NULL REFERENCES faults(id),
  crew_id        integer REFERENCES crews(id),
  state          work_order_state NOT NULL DEFAULT 'received',
  priority       smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
  h3             text NOT NULL,
  received_at    timestamptz NOT NULL,
  assigned_at    timestamptz,
  en_route_at    timestamptz,
  on_site_at     timestamptz,
  resolved_at    timestamptz,
  follow_up_at   timestamptz,
  closed_at      timestamptz,
  satisfaction   smallint CHECK (satisfaction BETWEEN 1 AND 5),
  complaint      boolean NOT NULL DEFAULT false,
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX work_orders_fault_idx ON work_orders (fault_id);
CREATE INDEX work_orders_received_idx ON work_orders (received_at);
CREATE INDEX work_orders_h3_idx ON work_orders (h3);
CREATE INDEX work_orders_open_idx ON work_orders (state) WHERE state NOT IN ('closed', 'cancelled');

CREATE TABLE work_order_transitions (
  id             bigserial PRIMARY KEY,
  work_order_id  bigint NOT NULL REFERENCES work_orders(id) ON DELETE CASCADE,
  from_state     work_order_state,
  to_state       work_order_state NOT NULL,
  reason         text,
  user_id        integer REFERENCES users(id),
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_order_transitions_wo_idx ON work_order_transitions (work_order_id);

CREATE TABLE roads (                                       -- pgRouting's edge layout
  id            bigint PRIMARY KEY,
  source        bigint NOT NULL,
  target        bigint NOT NULL,
  cost          double precision NOT NULL,               -- seconds source→target; negative = not allowed
  reverse_cost  double precision NOT NULL,               -- seconds target→source; negative = not allowed
  length_m      double precision NOT NULL,
  class         text NOT NULL,
  name          text,
  synthetic     boolean NOT NULL DEFAULT true,
  geom          geometry(LineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);
CREATE INDEX roads_source_idx ON roads (source);
CREATE INDEX roads_target_idx ON roads (target);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    integer REFERENCES users(id),
  action     text NOT NULL,                              -- e.g. plan.create, dispatch.apply, auth.login
  entity     text,
  entity_id  text,
  details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE events (                                      -- the SSE stream; ids are the Last-Event-ID
  id          bigserial PRIMARY KEY,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

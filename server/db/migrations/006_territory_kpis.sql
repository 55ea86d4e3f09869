-- 006: managers' territories and the KPI dashboard (issue 9).
--
-- h3_cell_at maps an H3 index to another resolution with bit arithmetic (no h3 extension needed): to its parent
-- at a coarser resolution, to its centre child at a finer one. Territories are then plain joins:
--   territory_cells  res-9 cell → grid of the ACTIVE plan (a res-9 cell belongs to the grid of its parent cell at
--                    the plan's resolution; for a res-10 plan, to the grid of its centre child)
--   territory_grids  per grid of the active plan: cells, customers, load, faults (sums of territory_cells)
--   kpi_orders       one row per non-cancelled work order inside the territory: Asia/Shanghai day it was received,
--                    minutes received → on site and received → resolved, score, complaint
--   kpi_faults       one row per non-cancelled fault inside the territory: day reported, and whether it repeats an
--                    earlier fault of the same customer or the same res-9 cell within 30 days
-- All four are refreshed by server/services/territory.ts (refreshTerritory; KPIs also debounced after work-order
-- changes), CONCURRENTLY so readers are never blocked; territory_state records what they were built from.

-- H3 index layout (64 bits): bits 52–55 resolution, then 15 digits of 3 bits, digit r at bits 3·(15−r) … +2;
-- digits below the resolution are 7.
CREATE FUNCTION h3_cell_at(cell text, res int) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT to_hex(
           ((CASE WHEN res <= r
                  THEN v | ((1::bigint << (3 * (15 - res))) - 1)
                  ELSE v & ~(((1::bigint << (3 * (res - r))) - 1) << (3 * (15 - res)))
             END) & ~(15::bigint << 52)) | (res::bigint << 52))
    FROM (SELECT ('x' || lpad(cell, 16, '0'))::bit(64)::bigint AS v) a,
         LATERAL (SELECT ((v >> 52) & 15)::int AS r) b
$$;

-- res-9 cells by their parent (res-7 and res-8 plans) and centre child (res-10 plans): a grid's res-9 cells by index
CREATE INDEX cells_r9_parent7_idx ON cells (h3_cell_at(h3, 7)) WHERE res = 9;
CREATE INDEX cells_r9_parent8_idx ON cells (h3_cell_at(h3, 8)) WHERE res = 9;
CREATE INDEX cells_r9_child10_idx ON cells (h3_cell_at(h3, 10)) WHERE res = 9;

-- The res-9 cells of some grids (of any plan), with the grid they belong to.
CREATE FUNCTION grid_res9_cells(grid_ids int[]) RETURNS TABLE (h3 text, grid_id int)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT c.h3, gc.grid_id
    FROM grid_cells gc JOIN plans p ON p.id = gc.plan_id
    JOIN cells c ON c.res = 9 AND h3_cell_at(c.h3, 7) = gc.h3
   WHERE gc.grid_id = ANY(grid_ids) AND p.resolution = 7
  UNION ALL
  SELECT c.h3, gc.grid_id
    FROM grid_cells gc JOIN plans p ON p.id = gc.plan_id
    JOIN cells c ON c.res = 9 AND h3_cell_at(c.h3, 8) = gc.h3
   WHERE gc.grid_id = ANY(grid_ids) AND p.resolution = 8
  UNION ALL
  SELECT gc.h3, gc.grid_id
    FROM grid_cells gc JOIN plans p ON p.id = gc.plan_id
   WHERE gc.grid_id = ANY(grid_ids) AND p.resolution = 9
  UNION ALL
  SELECT c.h3, gc.grid_id
    FROM grid_cells gc JOIN plans p ON p.id = gc.plan_id
    JOIN cells c ON c.res = 9 AND h3_cell_at(c.h3, 10) = gc.h3
   WHERE gc.grid_id = ANY(grid_ids) AND p.resolution = 10
$$;

CREATE MATERIALIZED VIEW territory_cells AS
SELECT t.h3, t.grid_id, g.plan_id, COALESCE(c.customers, 0) AS customers, COALESCE(c.load_kw, 0) AS load_kw,
       COALESCE(c.faults_12m, 0) AS faults_12m
  FROM grid_res9_cells(ARRAY(SELECT g.id FROM grids g JOIN plans p ON p.id = g.plan_id WHERE p.is_active)) t
  JOIN grids g ON g.id = t.grid_id
  LEFT JOIN cells c ON c.h3 = t.h3;
CREATE UNIQUE INDEX territory_cells_h3_idx ON territory_cells (h3);
CREATE INDEX territory_cells_grid_idx ON territory_cells (grid_id);

CREATE MATERIALIZED VIEW territory_grids AS
SELECT g.id AS grid_id, g.plan_id, count(t.h3)::int AS cells, COALESCE(sum(t.customers), 0)::int AS customers,
       COALESCE(sum(t.load_kw), 0)::float8 AS load_kw, COALESCE(sum(t.faults_12m), 0)::int AS faults_12m
  FROM grids g JOIN plans p ON p.id = g.plan_id AND p.is_active
  LEFT JOIN territory_cells t ON t.grid_id = g.id
 GROUP BY g.id, g.plan_id;
CREATE UNIQUE INDEX territory_grids_grid_idx ON territory_grids (grid_id);

CREATE MATERIALIZED VIEW kpi_orders AS
SELECT w.id, t.grid_id, (w.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
       w.resolved_at IS NOT NULL AS resolved,
       extract(epoch FROM w.on_site_at - w.received_at)::float8 / 60 AS response_min,
       extract(epoch FROM w.resolved_at - w.received_at)::float8 / 60 AS resolution_min,
       w.satisfaction, w.complaint
  FROM work_orders w JOIN territory_cells t ON t.h3 = w.h3
 WHERE w.state <> 'cancelled';
CREATE UNIQUE INDEX kpi_orders_id_idx ON kpi_orders (id);
-- covering: KPI queries are index-only scans (the views are vacuumed after each refresh)
CREATE INDEX kpi_orders_day_idx ON kpi_orders (day) INCLUDE (grid_id, resolved, response_min, resolution_min, satisfaction, complaint);
CREATE INDEX kpi_orders_grid_day_idx ON kpi_orders (grid_id, day) INCLUDE (resolved, response_min, resolution_min, satisfaction, complaint);

CREATE MATERIALIZED VIEW kpi_faults AS
SELECT f.id, t.grid_id, (f.reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
       COALESCE(f.reported_at - f.prev_cell_at <= interval '30 days', false)
         OR COALESCE(f.reported_at - f.prev_customer_at <= interval '30 days', false) AS repeat
  FROM (SELECT id, h3, reported_at,
               lag(reported_at) OVER (PARTITION BY h3 ORDER BY reported_at, id) AS prev_cell_at,
               CASE WHEN customer_id IS NOT NULL
                    THEN lag(reported_at) OVER (PARTITION BY customer_id ORDER BY reported_at, id) END AS prev_customer_at
          FROM faults WHERE status <> 'cancelled') f
  JOIN territory_cells t ON t.h3 = f.h3;
CREATE UNIQUE INDEX kpi_faults_id_idx ON kpi_faults (id);
CREATE INDEX kpi_faults_day_idx ON kpi_faults (day) INCLUDE (grid_id, repeat);
CREATE INDEX kpi_faults_grid_day_idx ON kpi_faults (grid_id, day) INCLUDE (repeat);

-- What the views were last built from (one row): the active plan and its version, the dataset's seed time.
CREATE TABLE territory_state (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  plan_id       integer,
  plan_version  integer,
  seeded_at     timestamptz,
  refreshed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO territory_state (plan_id, plan_version, seeded_at)
SELECT (SELECT id FROM plans WHERE is_active), (SELECT version FROM plans WHERE is_active), (SELECT seeded_at FROM dataset_meta);

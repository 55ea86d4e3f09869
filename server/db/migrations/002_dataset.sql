-- 002: bookkeeping for the generated demo dataset (seed/demo.ts).
-- One row describing what is loaded: the generator's parameters, its reference "now" and checksums,
-- so the server can tell whether the demo is seeded and tests can check determinism.

CREATE TABLE dataset_meta (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),   -- at most one row
  seed           integer NOT NULL,
  customers      integer NOT NULL,
  reference_now  timestamptz NOT NULL,                          -- the fault history's twelve months end here
  generator      text NOT NULL,                                 -- generator version, bumped when output changes
  checksums      jsonb NOT NULL DEFAULT '{}',
  report         jsonb NOT NULL DEFAULT '{}',
  seeded_at      timestamptz NOT NULL DEFAULT now()
);

-- Tile and bbox queries filter cells by resolution and geometry together.
CREATE INDEX cells_res_geom_gix ON cells USING gist (geom) WHERE res = 9;
CREATE INDEX faults_customer_idx ON faults (customer_id);
CREATE INDEX customers_substation_idx ON customers (substation_id);

-- Tile queries read a few hundred rows by index; a parallel plan only adds worker start-up time (tens of ms).
ALTER TABLE customers SET (parallel_workers = 0);
ALTER TABLE cells SET (parallel_workers = 0);
ALTER TABLE faults SET (parallel_workers = 0);

-- 003: plans — imported boundaries usable as hard grid boundaries, and indexes for plan editing.

CREATE TABLE boundaries (                                  -- an imported set of areas (e.g. government grids)
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  areas       integer NOT NULL CHECK (areas > 0),
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE boundary_areas (                              -- one polygon feature of an imported set
  boundaries_id  integer NOT NULL REFERENCES boundaries(id) ON DELETE CASCADE,
  idx            integer NOT NULL,                         -- position of the feature in the imported file
  name           text,
  geom           geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (boundaries_id, idx)
);
CREATE INDEX boundary_areas_geom_gix ON boundary_areas USING gist (geom);

ALTER TABLE plans ADD COLUMN boundaries_id integer REFERENCES boundaries(id);

-- plan edits read and rewrite one plan's cells grid by grid
CREATE INDEX grid_cells_plan_grid_idx ON grid_cells (plan_id, grid_id);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

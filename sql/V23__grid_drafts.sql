-- Planners' boundary drafts (issue 8) and who/why on every grid version.

-- Who committed a grid version and why (NULL for imported and generated versions).
ALTER TABLE grid ADD COLUMN changed_by text;
ALTER TABLE grid ADD COLUMN change_reason text CHECK (length(change_reason) <= 2000);
ALTER TABLE grid ADD COLUMN draft_id bigint;

-- History and point-in-time reads: versions of one code by validity.
CREATE INDEX grid_code_validity ON grid (code, valid_from);

-- One editing session on the children (of one level) of a parent grid. The edited set is kept as a
-- GeoJSON FeatureCollection (EPSG:4326; properties code, name, kind, parentCode); base_versions
-- holds the version of every child the draft was opened from, the key of optimistic concurrency at
-- commit. Nothing here is visible to other users until the draft is committed.
CREATE TABLE grid_draft (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    parent_code    text        NOT NULL,
    child_level    text        NOT NULL CHECK (child_level IN ('l1', 'l2', 'l3', 'micro')),
    owner          text        NOT NULL,
    owner_id       bigint      NOT NULL,
    status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'committed', 'discarded')),
    revision       integer     NOT NULL DEFAULT 1,
    base_versions  jsonb       NOT NULL,
    children       jsonb       NOT NULL,
    conflict       jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    committed_at   timestamptz,
    CHECK (left(parent_code, 6) = district_code)
);

COMMENT ON TABLE grid_draft IS 'Planner drafts of grid boundaries: the edited children of one parent, committed as new grid versions';

CREATE INDEX grid_draft_owner ON grid_draft (owner_id, status);
CREATE INDEX grid_draft_parent ON grid_draft (parent_code) WHERE status = 'open';

-- Grids of every level, versioned. One row per (grid, version); the current version has valid_to NULL.
-- The key starts with the district code so a province-wide deployment can shard by district (Citus).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE grid (
    district_code  char(6)      NOT NULL,
    code           text         NOT NULL,
    version        integer      NOT NULL DEFAULT 1,
    level          text         NOT NULL CHECK (level IN ('district', 'l1', 'l2', 'l3', 'micro', 'special')),
    parent_code    text,
    name           text         NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind           text,
    generated      boolean      NOT NULL,
    valid_from     timestamptz  NOT NULL DEFAULT now(),
    valid_to       timestamptz,
    area_sqm       double precision NOT NULL,
    geom           geometry(MultiPolygon, 4326) NOT NULL,
    PRIMARY KEY (district_code, code, version),
    CHECK (left(code, 6) = district_code),
    CHECK (level = 'district' OR parent_code IS NOT NULL),
    CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

COMMENT ON TABLE grid IS 'Grid hierarchy (district, street l1, community l2, level-3, micro, special), versioned; EPSG:4326';
COMMENT ON COLUMN grid.generated IS 'true when the geometry was generated for the demo rather than imported from an official source';

CREATE UNIQUE INDEX grid_current_code ON grid (code) WHERE valid_to IS NULL;
CREATE INDEX grid_current_level_parent ON grid (level, parent_code, code) WHERE valid_to IS NULL;
CREATE INDEX grid_geom ON grid USING gist (geom);

-- What GeoServer and readers see: the current version of every grid.
CREATE VIEW grid_current AS
SELECT district_code, code, version, level, parent_code, name, kind, generated, valid_from, area_sqm, geom
FROM grid
WHERE valid_to IS NULL;

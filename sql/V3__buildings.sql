-- Building footprints with floors, height, use and households, linked to the micro grid that holds them.
CREATE TABLE building (
    district_code  char(6)      NOT NULL,
    id             text         NOT NULL CHECK (id ~ '^[0-9A-Za-z_.:-]{1,64}$'),
    name           text         CHECK (length(name) <= 200),
    compound       text         CHECK (length(compound) <= 200),
    use            text         NOT NULL CHECK (use IN ('residential', 'commercial', 'public', 'industrial', 'other')),
    floors         integer      NOT NULL CHECK (floors BETWEEN 1 AND 200),
    height_m       double precision NOT NULL CHECK (height_m > 0 AND height_m < 700),
    households     integer      NOT NULL DEFAULT 0 CHECK (households >= 0),
    micro_code     text,
    generated      boolean      NOT NULL,
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    geom           geometry(Polygon, 4326) NOT NULL,
    PRIMARY KEY (district_code, id),
    CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);

COMMENT ON TABLE building IS 'Building footprints (EPSG:4326); micro_code = current micro grid containing the footprint''s point on surface';
COMMENT ON COLUMN building.generated IS 'true when generated for the demo rather than imported';

CREATE INDEX building_geom ON building USING gist (geom);
CREATE INDEX building_micro ON building (micro_code);

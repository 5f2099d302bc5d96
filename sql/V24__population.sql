-- Places and people (issue 10, parts 1, 2 and 6): compounds, households, residents, status campaigns.
-- Every row carries the micro grid it lies in (micro_code), kept current by the planner's commit
-- (same transaction) and by the grid/building change events; scope checks are code-prefix tests on it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A residential compound (小区/楼院), identified by (district_code, name) where name is the
-- building.compound text: the key other features (party groups) join on.
CREATE TABLE compound (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    micro_code     text,
    building_count integer     NOT NULL CHECK (building_count >= 0),
    households     integer     NOT NULL CHECK (households >= 0),
    geom           geometry(Polygon, 4326) NOT NULL,
    UNIQUE (district_code, name)
);
COMMENT ON TABLE compound IS 'Residential compounds: convex hull of their buildings (EPSG:4326); micro_code = the micro grid holding most of their households';
CREATE INDEX compound_geom ON compound USING gist (geom);
CREATE INDEX compound_micro ON compound (micro_code text_pattern_ops);

-- The compounds layer (tiles, OGC API): scoped by grid_code like the other staff layers.
CREATE VIEW compound_layer AS
    SELECT id, district_code, name, micro_code, micro_code AS grid_code, NULL::text AS department_code,
           building_count, households, geom
    FROM compound;

-- Business buildings (楼宇): the commercial buildings, with their micro grid.
CREATE VIEW business_building AS
    SELECT district_code, id, name, floors, height_m, micro_code, geom FROM building WHERE use = 'commercial';

-- A household (户): building, unit (单元), floor, room. geom is the building's point on surface.
CREATE TABLE household (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    building_id    text        NOT NULL,
    unit           integer     NOT NULL CHECK (unit BETWEEN 1 AND 99),
    floor          integer     NOT NULL CHECK (floor BETWEEN -5 AND 200),
    room           text        NOT NULL CHECK (room ~ '^[0-9A-Za-z-]{1,16}$'),
    compound_id    bigint      REFERENCES compound (id) ON DELETE SET NULL,
    micro_code     text,
    generated      boolean     NOT NULL DEFAULT false,
    geom           geometry(Point, 4326) NOT NULL,
    UNIQUE (district_code, building_id, unit, room),
    FOREIGN KEY (district_code, building_id) REFERENCES building (district_code, id) ON DELETE CASCADE
);
CREATE INDEX household_micro ON household (micro_code text_pattern_ops);
CREATE INDEX household_geom ON household USING gist (geom);
CREATE INDEX household_compound ON household (compound_id);

-- A resident. Phone and ID number are encrypted (AES-GCM, key yiwang.population.key); id_hmac is a
-- keyed blind index for exact ID lookup and duplicate checks; the *_masked columns are what lists show.
-- The name stays in clear text so that it can be searched (prefix and trigram indexes).
CREATE TABLE resident (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    household_id   bigint      REFERENCES household (id) ON DELETE SET NULL,
    compound_id    bigint      REFERENCES compound (id) ON DELETE SET NULL,
    micro_code     text        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    gender         char(1)     CHECK (gender IN ('M', 'F')),
    birth_year     integer     CHECK (birth_year BETWEEN 1880 AND 2100),
    phone_enc      bytea,
    phone_masked   text,
    id_enc         bytea       NOT NULL,
    id_hmac        bytea       NOT NULL UNIQUE,
    id_masked      text        NOT NULL,
    tags           text[]      NOT NULL DEFAULT '{}',
    generated      boolean     NOT NULL DEFAULT false,
    -- The household's point, or for a resident registered to a grid without a household the
    -- registered address: what re-linking to a new micro grid goes by.
    geom           geometry(Point, 4326) NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_micro_name ON resident (micro_code text_pattern_ops, name text_pattern_ops);
CREATE INDEX resident_name ON resident (name text_pattern_ops);
CREATE INDEX resident_name_trgm ON resident USING gin (name gin_trgm_ops);
CREATE INDEX resident_tags ON resident USING gin (tags);
CREATE INDEX resident_household ON resident (household_id);
CREATE INDEX resident_geom ON resident USING gist (geom);

-- Status campaigns (作战图): statuses and styles are data ({code, label, color, symbol}).
CREATE TABLE campaign (
    code        text        PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    subject     text        NOT NULL CHECK (subject IN ('household', 'person')),
    statuses    jsonb       NOT NULL,
    active      boolean     NOT NULL DEFAULT true,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The current status of one household or person in one campaign (history is in audit_log).
CREATE TABLE campaign_status (
    campaign_code text        NOT NULL REFERENCES campaign (code) ON DELETE CASCADE,
    subject_id    bigint      NOT NULL,
    status        text        NOT NULL,
    micro_code    text,
    geom          geometry(Point, 4326) NOT NULL,
    set_by        text        NOT NULL,
    set_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_code, subject_id)
);
CREATE INDEX campaign_status_micro ON campaign_status (campaign_code, micro_code text_pattern_ops);
CREATE INDEX campaign_status_geom ON campaign_status USING gist (geom);

-- Status counts travel on the live stream under a topic of their own.
ALTER TABLE live_event DROP CONSTRAINT live_event_topic_check;
ALTER TABLE live_event ADD CONSTRAINT live_event_topic_check
    CHECK (topic IN ('cases', 'grids', 'instructions', 'patrol', 'population'));

-- Patrol analysis (issue 7 parts 3-4): one row per worker and day, so reports and blind spots never
-- rescan raw points. Written by PatrolAnalysisService (nightly for yesterday, on demand for a date).
-- The key starts with the district code, like patrol_point's, so it can be sharded by district.
CREATE TABLE patrol_day (
    district_code     text             NOT NULL,
    user_id           bigint           NOT NULL REFERENCES app_user (id),
    day               date             NOT NULL,
    username          text             NOT NULL,
    -- The worker's own level-3 grid when analysed (grid_duty); the scope column of every read.
    grid_code         text,
    fixes             integer          NOT NULL CHECK (fixes >= 0),
    kept_fixes        integer          NOT NULL CHECK (kept_fixes >= 0),
    first_fix_at      timestamptz,
    last_fix_at       timestamptz,
    distance_m        double precision NOT NULL CHECK (distance_m >= 0),
    duration_s        integer          NOT NULL CHECK (duration_s >= 0),
    inside_s          integer          NOT NULL CHECK (inside_s >= 0),
    coverage_share    double precision NOT NULL CHECK (coverage_share BETWEEN 0 AND 1),
    buildings_total   integer          NOT NULL CHECK (buildings_total >= 0),
    buildings_passed  integer          NOT NULL CHECK (buildings_passed >= 0),
    stops             integer          NOT NULL CHECK (stops >= 0),
    idle_gaps         integer          NOT NULL CHECK (idle_gaps >= 0),
    cases_reported    integer          NOT NULL CHECK (cases_reported >= 0),
    compliant         boolean          NOT NULL,
    -- Micro grids (codes) and buildings (ids) the cleaned track passed: the source of blind spots.
    micro_passed      text[]           NOT NULL DEFAULT '{}',
    building_ids_passed text[]         NOT NULL DEFAULT '{}',
    -- Stops, idle gaps, dropped-point summary, verdict reasons, case codes (see PatrolDayResult).
    detail            jsonb            NOT NULL,
    -- The cleaned track simplified to a few metres: the coverage drawing is derived from it on demand.
    track             geometry(MultiLineString, 4326),
    analysed_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (district_code, user_id, day)
);
CREATE INDEX patrol_day_day_grid ON patrol_day (day, grid_code text_pattern_ops);
CREATE INDEX patrol_day_micro ON patrol_day USING gin (micro_passed);
CREATE INDEX patrol_day_buildings ON patrol_day USING gin (building_ids_passed);

COMMENT ON TABLE patrol_day IS 'Patrol analysis per worker and day (Asia/Shanghai days); track EPSG:4326, simplified.';

-- Blind spots for the map (layer patrol-blind-spots): current micro grids and buildings that no
-- stored patrol day of the last 7 days (Asia/Shanghai, today included) passed. grid_code is the
-- scope column (the micro grid's code, whose prefix is its level-3 grid's). The API takes any N.
CREATE VIEW patrol_blind_spot AS
WITH recent AS (
    SELECT micro_passed, building_ids_passed FROM patrol_day
    WHERE day > (now() AT TIME ZONE 'Asia/Shanghai')::date - 7
), micro AS (
    SELECT DISTINCT unnest(micro_passed) AS code FROM recent
), buildings AS (
    SELECT DISTINCT unnest(building_ids_passed) AS id FROM recent
)
SELECT g.geom, 'micro'::text AS kind, g.code AS id, g.name, g.code AS grid_code
FROM grid_current g
WHERE g.level = 'micro' AND NOT EXISTS (SELECT 1 FROM micro m WHERE m.code = g.code)
UNION ALL
SELECT ST_Multi(b.geom)::geometry(MultiPolygon, 4326), 'building'::text, b.id, coalesce(b.name, b.compound), b.micro_code
FROM building b
WHERE b.micro_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM buildings x WHERE x.id = b.id);

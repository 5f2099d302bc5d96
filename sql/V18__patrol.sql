-- Patrol (巡查): phones of grid workers, their GPS points, the latest position per worker.

-- A phone (Traccar Client's "device identifier") belongs to one user.
CREATE TABLE patrol_device (
    device_id  text        PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    user_id    bigint      NOT NULL REFERENCES app_user (id),
    label      text,
    disabled   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patrol_device_user ON patrol_device (user_id);

-- Raw GPS fixes, one partition per day (Asia/Shanghai days by default; partitions are created ahead
-- by PatrolPartitions and on demand for late points). The key starts with the district code so the
-- table can be sharded by district; a device belongs to one user and so to one district, which keeps
-- (device, time) unique. No geometry column and no GiST index: COPY runs ~4x faster without one, and
-- every read (playback, analysis) is by user and time; geometry is made from lon/lat when read.
CREATE TABLE patrol_point (
    district_code text             NOT NULL,
    device_id     text             NOT NULL,
    user_id       bigint           NOT NULL,
    fixed_at      timestamptz      NOT NULL,
    received_at   timestamptz      NOT NULL DEFAULT now(),
    lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    speed_mps     real,
    bearing_deg   real,
    altitude_m    real,
    accuracy_m    real,
    battery_pct   real,
    source        text             NOT NULL CHECK (source IN ('osmand', 'traccar_json', 'api', 'gpx', 'bench')),
    attributes    jsonb,
    PRIMARY KEY (district_code, device_id, fixed_at)
) PARTITION BY RANGE (fixed_at);
CREATE INDEX patrol_point_user_time ON patrol_point (user_id, fixed_at);

-- Creates the partition of one day (idempotent, serialised between server instances).
CREATE FUNCTION patrol_ensure_partition(day date, zone text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    name text := 'patrol_point_' || to_char(day, 'YYYYMMDD');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('patrol_point_partitions'));
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF patrol_point FOR VALUES FROM (%L) TO (%L)', name,
                       (day::timestamp AT TIME ZONE zone), ((day + 1)::timestamp AT TIME ZONE zone));
    END IF;
    RETURN name;
END $$;

-- The latest fix per worker: restarts, and the patrol-positions map layer. grid_code is the
-- worker's own level-3 grid (the layer's scope column); grid is where the fix lies.
CREATE TABLE patrol_latest (
    user_id          bigint           PRIMARY KEY REFERENCES app_user (id),
    username         text             NOT NULL,
    display_name     text             NOT NULL,
    device_id        text             NOT NULL,
    fixed_at         timestamptz      NOT NULL,
    lon              double precision NOT NULL,
    lat              double precision NOT NULL,
    geom             geometry(Point, 4326) NOT NULL,
    grid             text,
    grid_code        text,
    inside_own_grid  boolean          NOT NULL,
    speed_mps        real,
    accuracy_m       real,
    updated_at       timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX patrol_latest_geom ON patrol_latest USING gist (geom);

-- Cases (事件/案件), their append-only event history, idempotency keys and the worker ↔ grid duty roster.

ALTER TABLE app_user ADD COLUMN department_code text;
COMMENT ON COLUMN app_user.department_code IS 'for role department: the department (权责清单 code) the user handles cases for';

-- Who is on duty for a grid (the level-3 grid's 网格员 handles its micro grids).
CREATE TABLE grid_duty (
    grid_code  text        NOT NULL,
    user_id    bigint      NOT NULL REFERENCES app_user (id),
    on_duty    boolean     NOT NULL DEFAULT true,
    since      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grid_code, user_id)
);
CREATE INDEX grid_duty_user ON grid_duty (user_id);

-- Human-readable case codes: <prefix>-<yyyymmdd>-<n>, n counted per prefix and day.
CREATE TABLE case_code_counter (
    prefix  text    NOT NULL,
    day     date    NOT NULL,
    n       integer NOT NULL,
    PRIMARY KEY (prefix, day)
);

CREATE TABLE case_record (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text        NOT NULL UNIQUE,
    source              text        NOT NULL CHECK (source IN ('patrol', 'hotline_12345', 'police_110', 'citizen_app', 'video_ai', 'deputy', 'iot')),
    category_code       text        NOT NULL,
    title               text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description         text        NOT NULL CHECK (length(description) <= 4000),
    urgency             text        NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
    status              text        NOT NULL,
    -- Location as reported (input CRS) and as stored (WGS84).
    geom                geometry(Point, 4326),
    input_crs           text,
    accuracy_m          double precision CHECK (accuracy_m IS NULL OR accuracy_m >= 0),
    floor               integer,
    address             text        CHECK (length(address) <= 300),
    -- Routing: the micro grid and its chain, denormalised for scope filters (codes are prefixes of their children).
    grid_code           text,
    l3_code             text,
    l2_code             text,
    l1_code             text,
    district_code       text,
    special_code        text,
    snapped_m           double precision,
    route_alternatives  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- Neighbouring grids the accuracy circle reaches substantially: their workers see the case until the dispatcher confirms.
    neighbour_codes     text[]      NOT NULL DEFAULT '{}',
    -- Responsibility.
    assignee_id         bigint REFERENCES app_user (id),
    department_code     text,
    handler_kind        text        CHECK (handler_kind IN ('grid_worker', 'department')),
    -- Reporter: stored whole, shown masked; unmasked reads are audited.
    reporter_name       text        CHECK (length(reporter_name) <= 100),
    reporter_phone      text        CHECK (length(reporter_phone) <= 40),
    photos              text[]      NOT NULL DEFAULT '{}',
    -- Clock: starts at dispatch; paused while suspended or deferred.
    dispatched_at       timestamptz,
    deadline_at         timestamptz,
    paused_since        timestamptz,
    handled_at          timestamptz,
    closed_at           timestamptz,
    evaluated_at        timestamptz,
    satisfaction        integer     CHECK (satisfaction BETWEEN 1 AND 5),
    overdue             boolean     NOT NULL DEFAULT false,
    supervision_level   integer     NOT NULL DEFAULT 0,
    rework_count        integer     NOT NULL DEFAULT 0,
    return_count        integer     NOT NULL DEFAULT 0,
    reopen_count        integer     NOT NULL DEFAULT 0,
    deferred_count      integer     NOT NULL DEFAULT 0,
    -- Flags for the dispatcher.
    sankua              boolean     NOT NULL DEFAULT false,
    sankua_reasons      text[]      NOT NULL DEFAULT '{}',
    duplicate_of        bigint REFERENCES case_record (id),
    merged_into         bigint REFERENCES case_record (id),
    closure_review      boolean     NOT NULL DEFAULT false,
    parent_id           bigint REFERENCES case_record (id),
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    version             integer     NOT NULL DEFAULT 1,
    CHECK (geom IS NULL OR (ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -90 AND 90))
);

COMMENT ON TABLE case_record IS 'Cases; geom EPSG:4326. History in case_event (append-only), from which a case can be replayed.';

CREATE INDEX case_geom ON case_record USING gist (geom);
CREATE INDEX case_grid_prefix ON case_record (grid_code text_pattern_ops);
CREATE INDEX case_status ON case_record (status, created_at);
CREATE INDEX case_created ON case_record (created_at);
CREATE INDEX case_category_created ON case_record (category_code, created_at);
CREATE INDEX case_department ON case_record (department_code, status);
CREATE INDEX case_assignee ON case_record (assignee_id, status);
CREATE INDEX case_deadline_open ON case_record (deadline_at) WHERE deadline_at IS NOT NULL AND NOT overdue;
CREATE INDEX case_parent ON case_record (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX case_photos ON case_record USING gin (photos);

CREATE TABLE case_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint      NOT NULL REFERENCES case_record (id),
    seq          integer     NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor        text        NOT NULL,
    role         text,
    type         text        NOT NULL,
    from_status  text,
    to_status    text,
    comment      text        CHECK (length(comment) <= 2000),
    geom         geometry(Point, 4326),
    attachments  text[]      NOT NULL DEFAULT '{}',
    data         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (case_id, seq)
);
CREATE INDEX case_event_at ON case_event (at);
CREATE INDEX case_event_attachments ON case_event USING gin (attachments);

CREATE FUNCTION case_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_event_no_update_delete BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_is_append_only();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION case_event_is_append_only();

-- A retried POST with the same key returns the first result; the same key with another body is refused.
CREATE TABLE idempotency_key (
    actor         text        NOT NULL,
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash  text        NOT NULL,
    case_id       bigint      NOT NULL REFERENCES case_record (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

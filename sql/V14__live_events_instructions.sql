-- The live-event log behind GET /api/live (Server-Sent Events) and the instructions to grid workers.

-- One row per live event, append-only except for the age-based purge (yiwang.live.retention-hours).
-- Writers take pg_advisory_xact_lock(live_event_lock_key()) before inserting, so ids become visible
-- in id order: a reader that has seen id n has seen every id below n, and "id > n" never skips one.
CREATE TABLE live_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    topic            text        NOT NULL CHECK (topic IN ('cases', 'grids', 'instructions', 'patrol')),
    type             text        NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
    -- Who may receive it (never sent to clients): the grid the event belongs to (a case's micro grid,
    -- an instruction's target), neighbouring grids that also see it, the department of a case, the
    -- user who caused it, and the instruction whose recipients get it.
    grid_code        text,
    neighbour_codes  text[]      NOT NULL DEFAULT '{}',
    department_code  text,
    actor            text,
    instruction_id   bigint,
    origin           text        NOT NULL,
    payload          jsonb       NOT NULL
);
CREATE INDEX live_event_created_at ON live_event (created_at);

COMMENT ON TABLE live_event IS 'live event stream log (SSE ids); rows older than the retention window are purged';
COMMENT ON COLUMN live_event.origin IS 'the server instance that appended the event (cross-instance relays skip their own)';

CREATE FUNCTION live_event_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 7100301401::bigint';

CREATE FUNCTION live_event_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'live_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER live_event_no_update BEFORE UPDATE ON live_event
    FOR EACH ROW EXECUTE FUNCTION live_event_no_update();

-- 指令下达: an instruction from the ops center to every grid worker of a scope or a drawn area.
CREATE TABLE instruction (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sender_id        bigint      NOT NULL REFERENCES app_user (id),
    sender_username  text        NOT NULL,
    title            text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    body             text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    target_kind      text        NOT NULL CHECK (target_kind IN ('city', 'district', 'street', 'community', 'area')),
    -- The target grid code; for a drawn area the smallest grid code prefix holding every recipient.
    target_code      text        NOT NULL,
    target_area      geometry(MultiPolygon, 4326) CHECK (target_area IS NULL OR ST_IsValid(target_area)),
    recipient_count  integer     NOT NULL CHECK (recipient_count >= 0),
    CHECK ((target_kind = 'area') = (target_area IS NOT NULL))
);
CREATE INDEX instruction_sender ON instruction (sender_id, created_at);

-- One receipt per recipient: read and done times, completion feedback.
CREATE TABLE instruction_receipt (
    instruction_id   bigint      NOT NULL REFERENCES instruction (id),
    user_id          bigint      NOT NULL REFERENCES app_user (id),
    grid_code        text        NOT NULL,
    l1_code          text        NOT NULL,
    read_at          timestamptz,
    done_at          timestamptz,
    feedback         text        CHECK (feedback IS NULL OR char_length(feedback) <= 2000),
    PRIMARY KEY (instruction_id, user_id),
    CHECK (done_at IS NULL OR read_at IS NOT NULL)
);
CREATE INDEX instruction_receipt_open ON instruction_receipt (user_id, instruction_id) WHERE done_at IS NULL;

-- Patrol privacy (issue 7 part 7): positions are stored only while a worker is on duty, which is
-- either inside the shift of their district (patrol_shift, or the configured default shift on the
-- calendar's working days) or inside a patrol they started and stopped themselves (patrol_session).

-- A patrol started with "开始巡查" (POST /api/patrol/start) and ended with "结束巡查"; an open one has
-- no stopped_at. One open patrol per worker at a time.
CREATE TABLE patrol_session (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES app_user (id),
    started_at  timestamptz NOT NULL,
    stopped_at  timestamptz,
    CHECK (stopped_at IS NULL OR stopped_at >= started_at)
);
CREATE UNIQUE INDEX patrol_session_open ON patrol_session (user_id) WHERE stopped_at IS NULL;
CREATE INDEX patrol_session_user_time ON patrol_session (user_id, started_at);

-- The duty shift of a district's grid workers, local time [starts_at, ends_at) of the days named by
-- days: 'working' (the working calendar's working days), 'every' (every day) or 'none' (no shift:
-- only started patrols count). A district without a row uses yiwang.patrol.shift / shift-days.
CREATE TABLE patrol_shift (
    district_code text PRIMARY KEY CHECK (district_code ~ '^[0-9]{6}$'),
    starts_at     time NOT NULL,
    ends_at       time NOT NULL,
    days          text NOT NULL DEFAULT 'working' CHECK (days IN ('working', 'every', 'none')),
    CHECK (starts_at < ends_at)
);

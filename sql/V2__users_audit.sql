-- Users, their role and grid scope; and the append-only audit log.
CREATE TABLE app_user (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{2,64}$'),
    password_hash  text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('admin', 'ops', 'dispatcher', 'grid_worker', 'department', 'planner', 'analyst')),
    scope_code     text        NOT NULL,
    display_name   text        NOT NULL,
    phone          text,
    demo           boolean     NOT NULL DEFAULT false,
    disabled       boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN app_user.scope_code IS 'code of the grid (any level) this user is bound to; what they may see is that grid and below';

CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor     text        NOT NULL,
    role      text,
    action    text        NOT NULL,
    target    text,
    client_ip text,
    detail    jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target, at);

-- Append-only: rows can be added, never changed or removed (not even by TRUNCATE).
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

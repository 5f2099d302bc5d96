-- Change stamps for in-memory copies of case_record (the analytics index, CaseAnalyticIndexService):
-- every inserted or updated row carries the id of the transaction that wrote it, and deletions
-- (and truncations, as case_id -1) are noted with theirs. A reader that remembers the oldest
-- transaction still running when it last looked (pg_snapshot_xmin) re-reads exactly the rows
-- written since, whatever wrote them: the application, a migration, psql or a test fixture.

ALTER TABLE case_record ADD COLUMN change_xid xid8;

CREATE FUNCTION case_record_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_xid := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER case_record_change_xid BEFORE INSERT OR UPDATE ON case_record
    FOR EACH ROW EXECUTE FUNCTION case_record_stamp_change();

CREATE INDEX case_record_change_xid ON case_record (change_xid) WHERE change_xid IS NOT NULL;

CREATE TABLE case_record_deleted (
    case_id     bigint      NOT NULL,
    change_xid  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    deleted_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX case_record_deleted_change_xid ON case_record_deleted (change_xid);

CREATE FUNCTION case_record_note_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_record_deleted (case_id) SELECT id FROM gone;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_record_deletes AFTER DELETE ON case_record
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION case_record_note_deletes();

CREATE FUNCTION case_record_note_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_record_deleted (case_id) VALUES (-1);
    RETURN NULL;
END
$$;

CREATE TRIGGER case_record_truncate AFTER TRUNCATE ON case_record
    FOR EACH STATEMENT EXECUTE FUNCTION case_record_note_truncate();

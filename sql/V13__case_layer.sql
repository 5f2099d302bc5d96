-- The cases map layer: a status-group function shared by the console, the tiles and GeoServer, the
-- view the OGC API collection "cases" reads (no personal field: no reporter, description, title,
-- address or photos), and the GeoServer view of open cases.

-- The five colours of the map: pending (待受理: not yet dispatched), working (处置中), handled
-- (待核查/已核查: waiting for verification or closure), closed (已结案) and void (不予受理, 已合并).
-- Must agree with cn.yiwang.layers.cases.CaseStatusGroup (a test checks every status).
CREATE FUNCTION case_status_group(status text) RETURNS text IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT CASE
        WHEN status IN ('reported', 'accepted', 'registered') THEN 'pending'
        WHEN status IN ('handled', 'verified') THEN 'handled'
        WHEN status IN ('closed', 'evaluated') THEN 'closed'
        WHEN status IN ('rejected', 'merged') THEN 'void'
        ELSE 'working'
    END
$$;

-- One row per case with a location. grid_code and department_code are here for scope filters
-- (a caller sees the cases of their grid scope, a department its own); the OGC collection does not
-- list department_code as a property.
CREATE VIEW case_layer AS
SELECT r.id, r.code, r.status, case_status_group(r.status) AS status_group, r.category_code,
       c.top_code AS top_category_code, r.urgency, r.source, r.grid_code, r.department_code, r.floor,
       r.created_at AS reported_at, r.deadline_at, r.closed_at, r.overdue, r.geom
FROM case_record r
LEFT JOIN category c ON c.code = r.category_code
WHERE r.geom IS NOT NULL;

COMMENT ON VIEW case_layer IS 'Cases as map features, EPSG:4326: no reporter, description, title, address or photos.';

-- GeoServer: the open cases (not closed, evaluated, rejected or merged).
CREATE VIEW gs_cases_open AS
SELECT id, code, status, status_group, category_code, top_category_code, urgency, source, grid_code, floor,
       reported_at, deadline_at, overdue, geom
FROM case_layer
WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged');

INSERT INTO gt_pk_metadata (table_schema, table_name, pk_column, pk_column_idx, pk_policy) VALUES
    (current_schema(), 'gs_cases_open', 'id', 1, 'assigned');

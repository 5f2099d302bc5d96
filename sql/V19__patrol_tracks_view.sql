-- GeoServer: today's patrol tracks, one line per grid worker from the raw fixes of the current day
-- (Asia/Shanghai, the day patrol_point is partitioned by, so only today's partition is read).
-- Carries the worker's account name, district, number of fixes and first/last fix time; nothing
-- else about the person. Who may see tracks is GeoServer's to enforce (layer security) once the
-- operator publishes it: the read-only role only reads.
CREATE VIEW gs_patrol_tracks_today AS
SELECT p.user_id AS id,
       u.username AS worker,
       p.district_code,
       count(*)::integer AS fixes,
       min(p.fixed_at) AS started_at,
       max(p.fixed_at) AS last_at,
       ST_SetSRID(ST_MakeLine(ST_MakePoint(p.lon, p.lat) ORDER BY p.fixed_at), 4326)::geometry(LineString, 4326) AS geom
FROM patrol_point p
JOIN app_user u ON u.id = p.user_id
WHERE p.fixed_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')
GROUP BY p.user_id, u.username, p.district_code
HAVING count(*) >= 2;

COMMENT ON VIEW gs_patrol_tracks_today IS 'Today''s patrol track per worker (Asia/Shanghai day), EPSG:4326, for GeoServer.';

INSERT INTO gt_pk_metadata (table_schema, table_name, pk_column, pk_column_idx, pk_policy) VALUES
    (current_schema(), 'gs_patrol_tracks_today', 'id', 1, 'assigned');

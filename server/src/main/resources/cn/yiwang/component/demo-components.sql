-- Generated demo components and service points of the generated Erqi micro grids. Deterministic: every
-- choice is a hash of the micro grid's code (hashtext), so the same grids give the same data.
-- Micro grid outlines stand for the streets between blocks: lights, manholes, hydrants and cameras stand
-- on them; e-bike charging points stand beside each compound's buildings.
CREATE TEMP TABLE demo_micro ON COMMIT DROP AS
SELECT code, district_code, ST_ExteriorRing(ST_GeometryN(geom, 1)) AS ring,
       ST_Length(ST_ExteriorRing(ST_GeometryN(geom, 1))::geography) AS len_m
FROM grid_current WHERE level = 'micro' AND generated AND district_code = '410103';

-- Street lights every 60 m along the outline (about 30 m spacing counting both sides of a street).
INSERT INTO component (district_code, code, kind, name, status, micro_code, generated, geom)
SELECT district_code, 'LD-' || code || '-' || lpad(i::text, 3, '0'), 'street_light', '路灯', 
       CASE WHEN h < 93 THEN 'normal' WHEN h < 97 THEN 'fault' WHEN h < 99 THEN 'offline' ELSE 'maintenance' END,
       code, true, ST_LineInterpolatePoint(ring, LEAST(1.0, (i + 0.5) * 60 / len_m))
FROM demo_micro, generate_series(0, GREATEST(0, floor(len_m / 60)::int - 1)) AS i,
     LATERAL (SELECT abs(hashtext(code || ':LD:' || i)) % 100 AS h) x;

-- Manhole covers: three per block outline, at hashed places.
INSERT INTO component (district_code, code, kind, name, status, micro_code, generated, geom)
SELECT district_code, 'JG-' || code || '-' || i, 'manhole',
       (ARRAY['污水井盖', '雨水井盖', '通信井盖', '电力井盖'])[1 + abs(hashtext(code || ':JGK:' || i)) % 4],
       CASE WHEN h < 95 THEN 'normal' WHEN h < 99 THEN 'fault' ELSE 'maintenance' END,
       code, true, ST_LineInterpolatePoint(ring, (i + (abs(hashtext(code || ':JGF:' || i)) % 1000) / 1000.0) / 3)
FROM demo_micro, generate_series(0, 2) AS i,
     LATERAL (SELECT abs(hashtext(code || ':JG:' || i)) % 100 AS h) x;

-- Fire hydrants: one per block (spacing well under the 120 m the fire code asks on a street).
INSERT INTO component (district_code, code, kind, name, status, micro_code, generated, geom)
SELECT district_code, 'XFS-' || code, 'hydrant', '室外消火栓',
       CASE WHEN h < 94 THEN 'normal' WHEN h < 99 THEN 'fault' ELSE 'maintenance' END,
       code, true, ST_LineInterpolatePoint(ring, (abs(hashtext(code || ':XFSF')) % 1000) / 1000.0)
FROM demo_micro, LATERAL (SELECT abs(hashtext(code || ':XFS')) % 100 AS h) x;

-- Cameras: one per block, with one to three video-AI alarm kinds.
INSERT INTO component (district_code, code, kind, name, status, ai_alarms, micro_code, generated, geom)
SELECT district_code, 'SXT-' || code, 'camera', '视频监控点',
       CASE WHEN h < 90 THEN 'normal' WHEN h < 94 THEN 'fault' ELSE 'offline' END,
       ARRAY(SELECT a FROM unnest(ARRAY['street_vending', 'garbage_overflow', 'crowd_gathering', 'high_altitude_throwing',
                                         'fire_lane_blocked', 'flying_cable_charging']) WITH ORDINALITY AS t(a, n)
             WHERE n = 1 + abs(hashtext(code || ':AI1')) % 6 OR n = 1 + abs(hashtext(code || ':AI2')) % 6
                OR (abs(hashtext(code || ':AI3')) % 3 = 0 AND n = 1 + abs(hashtext(code || ':AI4')) % 6) ORDER BY n),
       code, true, ST_LineInterpolatePoint(ring, (abs(hashtext(code || ':SXTF')) % 1000) / 1000.0)
FROM demo_micro, LATERAL (SELECT abs(hashtext(code || ':SXT')) % 100 AS h) x;

-- E-bike charging points: one or two per compound, about 20 m east of its centre.
INSERT INTO component (district_code, code, kind, name, status, micro_code, generated, geom)
SELECT s.district_code, 'CDZ-' || s.district_code || '-' || lpad(s.n::text, 5, '0') || '-' || i, 'ebike_charger',
       s.compound || '充电桩', CASE WHEN abs(hashtext(s.compound || ':CDZ' || i)) % 100 < 92 THEN 'normal' ELSE 'fault' END,
       NULL, true, ST_Translate(s.geom, 0.00022 * i, 0.00008 * (i - 1))
FROM (SELECT district_code, compound, geom, row_number() OVER (ORDER BY compound) AS n
      FROM party_compound_site WHERE district_code = '410103') s,
     generate_series(1, 1 + abs(hashtext(s.compound || ':CDZN')) % 2) AS i;

-- Shops, services, social organisations and companies: zero to three per block, by weighted kind.
INSERT INTO service_point (district_code, code, category, kind, name, micro_code, generated, geom)
SELECT district_code, 'FW-' || code || '-' || i, k.category, k.kind, k.name_zh || '（' || right(code, 6) || '-' || i || '）',
       code, true, ST_LineInterpolatePoint(ring, (i + (abs(hashtext(code || ':FWF:' || i)) % 1000) / 1000.0) / 3)
FROM demo_micro, generate_series(0, 2) AS i,
     LATERAL (SELECT abs(hashtext(code || ':FWK:' || i)) % 100 AS w) x,
     LATERAL (SELECT * FROM (VALUES
        (0, 30, 'shop', 'convenience_store', '便利店'), (30, 42, 'shop', 'express', '快递驿站'),
        (42, 54, 'shop', 'pharmacy', '药店'), (54, 60, 'shop', 'wet_market', '菜市场'),
        (60, 67, 'service', 'elderly_care', '养老服务站'), (67, 73, 'service', 'kindergarten', '幼儿园'),
        (73, 78, 'service', 'health_station', '社区卫生服务站'), (78, 84, 'social_org', 'social_org', '社会组织服务站'),
        (84, 100, 'company', 'company', '企业')) AS v(lo, hi, category, kind, name_zh)
        WHERE x.w >= v.lo AND x.w < v.hi) k
WHERE abs(hashtext(code || ':FWN')) % 4 > i;

-- Charging points got no micro grid above: the one covering them, smallest code on an edge.
UPDATE component c SET micro_code = (SELECT m.code FROM grid_current m WHERE m.level = 'micro' AND ST_Covers(m.geom, c.geom)
                                      ORDER BY m.code LIMIT 1)
WHERE c.kind = 'ebike_charger' AND c.generated AND c.micro_code IS NULL;

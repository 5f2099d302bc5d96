-- Generated demo party organisations of 二七区 over its current grids and the compounds of the building
-- table: 区委 → 街道党工委 → 社区党委 → 网格党支部 (one per level-3 grid, 支部建在网格上) → 楼院党小组 (on
-- about 88 % of the compounds) → 党员联系户; party members (clearly invented names "王演示7" and numbers
-- starting 100, which no Chinese phone has), organisation life, and past volunteer tasks. Deterministic:
-- every choice is a hash of a code.
INSERT INTO party_org (level, name, district_code, grid_code, founded_on, generated, geom)
SELECT 'district_committee', '中共' || name || '委员会', district_code, code, DATE '1955-10-01', true, ST_PointOnSurface(geom)
FROM grid_current WHERE level = 'district' AND district_code = '410103';

INSERT INTO party_org (parent_id, level, name, district_code, grid_code, founded_on, generated, geom)
SELECT p.id, 'street_working_committee',
       CASE WHEN g.name LIKE '%镇' THEN '中共' || g.name || '委员会' ELSE '中共' || g.name || '工作委员会' END,
       g.district_code, g.code, DATE '1980-01-01' + abs(hashtext(g.code)) % 9000, true, ST_PointOnSurface(g.geom)
FROM grid_current g JOIN party_org p ON p.grid_code = g.parent_code AND p.level = 'district_committee'
WHERE g.level = 'l1' AND g.district_code = '410103';

INSERT INTO party_org (parent_id, level, name, district_code, grid_code, founded_on, generated, geom)
SELECT p.id, 'community_committee', '中共' || g.name || '委员会', g.district_code, g.code,
       DATE '1995-01-01' + abs(hashtext(g.code)) % 8000, true, ST_PointOnSurface(g.geom)
FROM grid_current g JOIN party_org p ON p.grid_code = g.parent_code AND p.level = 'street_working_committee'
WHERE g.level = 'l2' AND g.district_code = '410103';

INSERT INTO party_org (parent_id, level, name, district_code, grid_code, founded_on, generated, geom)
SELECT p.id, 'grid_branch', g.name || '党支部', g.district_code, g.code,
       DATE '2019-01-01' + abs(hashtext(g.code)) % 1500, true, ST_PointOnSurface(g.geom)
FROM grid_current g JOIN party_org p ON p.grid_code = g.parent_code AND p.level = 'community_committee'
WHERE g.level = 'l3' AND g.district_code = '410103';

INSERT INTO party_org (parent_id, level, name, district_code, compound, founded_on, generated, geom)
SELECT b.id, 'compound_group', s.compound || '党小组', s.district_code, s.compound,
       DATE '2020-06-01' + abs(hashtext(s.compound)) % 1200, true, s.geom
FROM party_compound_site s
JOIN grid_current m ON m.code = s.micro_code AND m.level = 'micro'
JOIN party_org b ON b.grid_code = m.parent_code AND b.level = 'grid_branch'
WHERE s.district_code = '410103' AND abs(hashtext(s.district_code || ':' || s.compound || ':PG')) % 100 < 88;

INSERT INTO party_member (name, phone, kind, work_unit, branch_id, home_grid, registered_on, service_hours, generated)
SELECT (ARRAY['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'])
           [1 + abs(hashtext(b.grid_code || ':N:' || i)) % 20] || '演示' || i,
       '100' || lpad((abs(hashtext(b.grid_code || ':T:' || i)) % 100000000)::text, 8, '0'),
       CASE WHEN x.in_service THEN 'in_service' ELSE 'community' END,
       CASE WHEN x.in_service THEN (ARRAY['二七区教育局', '郑州市第一人民医院', '二七区人民法院', '国网郑州供电公司', '郑州地铁集团',
                                          '二七区财政局', '郑州市自来水公司', '二七区市场监督管理局', '郑州大学', '二七区城市管理局'])
                                   [1 + abs(hashtext(b.grid_code || ':W:' || i)) % 10] END,
       b.id, b.grid_code,
       CASE WHEN x.in_service AND abs(hashtext(b.grid_code || ':R:' || i)) % 100 < 86
            THEN DATE '2023-01-01' + abs(hashtext(b.grid_code || ':D:' || i)) % 1000 END,
       CASE WHEN x.in_service AND abs(hashtext(b.grid_code || ':R:' || i)) % 100 >= 86 THEN 0
            ELSE (abs(hashtext(b.grid_code || ':H:' || i)) % 70) / 2.0 END,
       true
FROM party_org b,
     generate_series(1, 12 + abs(hashtext(b.grid_code || ':M')) % 24) AS i,
     LATERAL (SELECT abs(hashtext(b.grid_code || ':K:' || i)) % 100 < 45 AS in_service) x
WHERE b.level = 'grid_branch' AND b.district_code = '410103' AND b.generated;

INSERT INTO party_contact (group_id, member_id, building_district, building_id, households)
SELECT g.id, m.id, bl.district_code, bl.id, LEAST(500, GREATEST(1, bl.households))
FROM party_org g
JOIN LATERAL (SELECT district_code, id, households, row_number() OVER (ORDER BY id) AS rn
              FROM building WHERE district_code = g.district_code AND compound = g.compound AND households > 0) bl ON bl.rn <= 4
JOIN LATERAL (SELECT count(*) AS n FROM party_member WHERE branch_id = g.parent_id) c ON c.n > 0
JOIN LATERAL (SELECT id FROM party_member WHERE branch_id = g.parent_id ORDER BY id
              OFFSET (bl.rn - 1 + abs(hashtext(g.compound)) % c.n) % c.n LIMIT 1) m ON true
WHERE g.level = 'compound_group' AND g.generated
ON CONFLICT DO NOTHING;

INSERT INTO party_branch_year (branch_id, year, org_life_sessions)
SELECT id, extract(year FROM now())::int, 10 + abs(hashtext(grid_code || ':OL')) % 18
FROM party_org WHERE level = 'grid_branch' AND generated;

-- Two past volunteer tasks per branch, claimed by invented residents and mostly confirmed.
INSERT INTO volunteer_task (grid_code, title, place, starts_at, ends_at, points, hours, capacity, claimed, status, posted_by, posted_at, generated)
SELECT b.grid_code,
       (ARRAY['楼道杂物清理', '独居老人探访', '文明交通劝导', '垃圾分类宣传', '防汛沙袋搬运', '社区义诊协助'])[1 + abs(hashtext(b.grid_code || ':TT:' || t)) % 6],
       b.name || '活动点', now() - (10 + t * 7) * interval '1 day', now() - (10 + t * 7) * interval '1 day' + interval '2 hours',
       10 + abs(hashtext(b.grid_code || ':TP:' || t)) % 5 * 10, 2.0, 4 + abs(hashtext(b.grid_code || ':TC:' || t)) % 5, 0,
       'closed', 'gw' || b.grid_code, now() - (12 + t * 7) * interval '1 day', true
FROM party_org b, generate_series(1, 2) AS t
WHERE b.level = 'grid_branch' AND b.generated;

INSERT INTO volunteer_claim (task_id, username, claimed_at, completed_at, confirmed_by, points)
SELECT t.id, 'resident-' || t.id || '-' || k, t.posted_at + interval '1 hour',
       CASE WHEN abs(hashtext(t.id || ':CC:' || k)) % 10 < 8 THEN t.ends_at END,
       CASE WHEN abs(hashtext(t.id || ':CC:' || k)) % 10 < 8 THEN t.posted_by END,
       CASE WHEN abs(hashtext(t.id || ':CC:' || k)) % 10 < 8 THEN t.points ELSE 0 END
FROM volunteer_task t, generate_series(1, t.capacity) AS k
WHERE t.generated AND k <= t.capacity - abs(hashtext(t.id || ':CN')) % 3;

UPDATE volunteer_task t SET claimed = (SELECT count(*) FROM volunteer_claim c WHERE c.task_id = t.id) WHERE t.generated;

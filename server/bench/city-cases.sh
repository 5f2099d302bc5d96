# Sourced by the benches on the city cluster (reroute.sh, planner.sh): the open "bench" cases in
# Zhengzhou's urban core, each with its creation event, generated once and kept in var/bench-city.
# Needs $PSQL (psql on that cluster, -qAt).

# ensure_bench_cases N: tops the bench cases up to N (nothing when there are N already).
ensure_bench_cases() {
  local n="$1" have
  have=$($PSQL -c "SELECT count(*) FROM case_record WHERE created_by = 'bench'")
  [ "$have" -lt "$n" ] || return 0
  echo "== generating $((n - have)) open cases in Zhengzhou's urban core (once)"
  $PSQL <<SQL
INSERT INTO case_code_counter (prefix, day, n) VALUES ('BM', DATE '2026-01-01', 0) ON CONFLICT DO NOTHING;
INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, created_by, created_at, updated_at)
SELECT 'BM-20260101-' || lpad(g::text, 9, '0'), 'patrol', 'SRHJ-01', '基准测试案件', '', 'normal', 'registered',
       ST_SetSRID(ST_MakePoint(113.55 + random() * 0.25, 34.70 + random() * 0.15), 4326), 'bench', now(), now()
FROM generate_series($have + 1, $n) g;
INSERT INTO case_event (case_id, seq, at, actor, type, to_status, data)
SELECT id, 1, created_at, 'bench', 'created', status, jsonb_build_object('changes', jsonb_build_object(
         'code', code, 'source', source, 'category_code', category_code, 'title', title, 'description', description,
         'urgency', urgency, 'status', status, 'lon', ST_X(geom), 'lat', ST_Y(geom), 'created_by', created_by), 'params', '{}'::jsonb)
FROM case_record r WHERE created_by = 'bench' AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = r.id);
ANALYZE case_record;
SQL
}

# ensure_spread_cases: spreads the bench cases over the year before now, the real sub-categories,
# channels and urgencies, with a deadline 3 days after the report (once, marked by their spread;
# statuses stay as reroute.sh left them). Used by analytics.sh and reports.sh.
ensure_spread_cases() {
  local spread t0
  spread=$($PSQL -c "SELECT count(*) FROM case_record WHERE created_by = 'bench' AND created_at < now() - interval '180 days'")
  if [ "$spread" -lt 100000 ]; then
    echo "== spreading the bench cases over the last year, the sub-categories, channels and urgencies (once)"
    t0=$(date +%s)
    $PSQL <<'SQL'
CREATE TEMP TABLE cats AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM category;
UPDATE case_record r SET
  created_at = now() - (h.u1 * interval '365 days'),
  updated_at = now() - (h.u1 * interval '365 days'),
  deadline_at = now() - (h.u1 * interval '365 days') + interval '3 days',
  category_code = (SELECT code FROM cats WHERE k = floor(h.u2 * (SELECT count(*) FROM cats))::int),
  source = (ARRAY['patrol','hotline_12345','citizen_app','police_110','video_ai','deputy','iot'])[1 + floor(h.u3 * 7)::int],
  urgency = CASE WHEN h.u3 * 100 - floor(h.u3 * 100) < 0.05 THEN 'urgent' ELSE 'normal' END
FROM (SELECT id, random() AS u1, random() AS u2, random() AS u3 FROM case_record WHERE created_by = 'bench') h
WHERE r.id = h.id;
VACUUM ANALYZE case_record;
SQL
    echo "  took $(( $(date +%s) - t0 )) s"
  fi
}

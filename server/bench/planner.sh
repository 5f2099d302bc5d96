#!/usr/bin/env bash
# Planner (issue 8): validation of a draft with 500 siblings (goal ≤ 200 ms), and the commit of a
# re-cut of one community's micro grids on the city-scale grids, including re-routing of the open
# cases and tile invalidation (goal ≤ 1 s). Uses the private city cluster of server/bench/city.sh
# (var/bench-city); open cases there come from server/bench/reroute.sh (1M) — without them this
# script generates BENCH_CASES (default 200,000) in the same area. Each commit writes new grid
# versions into that cluster (history grows; the boundaries stay a valid tiling).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
N="${BENCH_CASES:-200000}"
mkdir -p "$HOME_DIR"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city java -Xmx3g -cp "$CP" cn.yiwang.Application \
  > var/bench-planner-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-planner-server.log; exit 1; }
  sleep 0.5
done
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PGPASSWORD=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
export PGPASSWORD
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
have=$($PSQL -c "SELECT count(*) FROM case_record WHERE created_by = 'bench'")
if [ "$have" -lt "$N" ]; then
  echo "== generating $((N - have)) open cases in Zhengzhou's urban core (once), routed"
  $PSQL <<SQL
INSERT INTO case_code_counter (prefix, day, n) VALUES ('BM', DATE '2026-01-01', 0) ON CONFLICT DO NOTHING;
INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, created_by, created_at, updated_at)
SELECT 'BM-20260101-' || lpad(g::text, 9, '0'), 'patrol', 'SRHJ-01', '基准测试案件', '', 'normal', 'registered',
       ST_SetSRID(ST_MakePoint(113.55 + random() * 0.25, 34.70 + random() * 0.15), 4326), 'bench', now(), now()
FROM generate_series($have + 1, $N) g;
INSERT INTO case_event (case_id, seq, at, actor, type, to_status, data)
SELECT id, 1, created_at, 'bench', 'created', status, jsonb_build_object('changes', jsonb_build_object(
         'code', code, 'source', source, 'category_code', category_code, 'title', title, 'description', description,
         'urgency', urgency, 'status', status, 'lon', ST_X(geom), 'lat', ST_Y(geom), 'created_by', created_by), 'params', '{}'::jsonb)
FROM case_record r WHERE created_by = 'bench' AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = r.id);
ANALYZE case_record;
SQL
fi
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
# Route the open cases once, so a commit moves only what its new boundaries move.
curl -sf -X POST "localhost:$PORT/api/admin/cases/reroute" -H "Authorization: Bearer $token" >/dev/null
echo "== planner ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$CP" server/bench/PlannerBench.java "jdbc:postgresql://127.0.0.1:$port/yiwang" yiwang "$PGPASSWORD" \
  "http://localhost:$PORT" "$token" "${BENCH_PLANNER_ROUNDS:-3}"
grep -E "Draft [0-9]+ committed|Re-routed cases|Grid index:" var/bench-planner-server.log | tail -9 | sed 's/^/  server: /'

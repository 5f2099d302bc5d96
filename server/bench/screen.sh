#!/usr/bin/env bash
# Big screen benchmark (/screen, issue 6): a private cluster under var/bench-screen with the demo data
# and 20,000 open cases of today spread over Erqi's micro grids (written once with SQL, marked
# created_by = 'bench-screen'); then server/bench/screen-fps.mjs in headless Chromium (SwiftShader,
# no GPU) measures the first useful paint (navigation → panels filled and the markers drawn) and the
# frame rate while panning over the 20,000 WebGL markers (requestAnimationFrame timing), and curl the
# size and time of the two reads the page starts with.
# Usage: server/bench/screen.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_SCREEN_PORT:-18095}"
CASES="${BENCH_SCREEN_CASES:-20000}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-screen"
mkdir -p "$HOME_DIR"
pid=""
cleanup() { [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
trap cleanup EXIT
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" java -Xmx1g -cp "$CP" cn.yiwang.Application > var/bench-screen.log 2>&1 &
pid=$!
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { tail -30 var/bench-screen.log; exit 1; }
  sleep 0.5
done
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
export PGPASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -v ON_ERROR_STOP=1 -Atq "$@"; }
# Today's bench cases, re-made on every run so they are "today" (a mix of stages, urgencies, 5 % overdue).
psql_ -c "DELETE FROM case_record WHERE created_by = 'bench-screen'" \
  -c "INSERT INTO case_record (code, source, category_code, title, description, urgency, status, geom, grid_code, l3_code, l2_code, l1_code,
        district_code, overdue, created_by, created_at, deadline_at)
      SELECT 'BS-' || to_char(now(), 'YYYYMMDD') || '-' || n, 'hotline_12345', 'SRHJ-01', '大屏压测', '大屏压测案件',
        (ARRAY['normal','normal','normal','urgent','critical'])[1 + n % 5],
        (ARRAY['reported','accepted','dispatched','in_progress','handled','verified','dispatched'])[1 + n % 7],
        p, code, left(code, 15), left(code, 12), left(code, 9), left(code, 6), n % 20 = 0, 'bench-screen',
        date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
          + (random() * extract(epoch FROM now() - (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'))) * interval '1 second',
        now() + interval '2 days'
      FROM (SELECT row_number() OVER () AS n, code, p FROM (
              SELECT code, (ST_Dump(ST_GeneratePoints(geom, 4, 7))).geom AS p FROM grid_current WHERE level = 'micro') g) x
      WHERE n <= $CASES" -c "ANALYZE case_record"
echo "== big screen, $(nproc) cores ($(lscpu | sed -n 's/^Model name:\s*//p')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  cases on the screen: $(psql_ -c "SELECT count(*) FROM case_record WHERE created_by = 'bench-screen'") bench + others"
TOKEN=$(curl -sf -XPOST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
for path in /api/screen/markers /api/screen/summary; do
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "localhost:$PORT$path"   # warm-up
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' \
    -w "  GET $path: %{http_code}, %{size_download} bytes gzip, %{time_total} s\n" "localhost:$PORT$path"
done
node server/bench/screen-fps.mjs "http://localhost:$PORT/" "$TOKEN"
echo "  load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

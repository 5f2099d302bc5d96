#!/usr/bin/env bash
# Analytics over 1,000,000 cases on the city-scale grids (47,188 micro grids): the private city
# cluster var/bench-city of reroute.sh (which generates and routes the cases once). The first run
# here spreads the bench cases over the year before now and over the real sub-categories, channels
# and urgencies, with a deadline 3 days after the report (once, marked by their spread; statuses
# stay as reroute.sh left them, so its open-case figures do not change), and widens the bench
# cluster's "analyst" to the whole city (scope 4101). Then AnalyticsBench asks the API one request
# at a time, once the in-memory analytics index has loaded (YIWANG_ANALYTICS_MEMORY_INDEX=false
# measures the SQL path instead), and the server's heap after a full GC is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
[ -d "$HOME_DIR/var/pg" ] || { echo "no city cluster in $HOME_DIR: run server/bench/reroute.sh first" >&2; exit 1; }
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city java -Xmx3g -cp "$CP" cn.yiwang.Application \
  > var/bench-analytics-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-analytics-server.log; exit 1; }
  sleep 0.5
done
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
export PGPASSWORD
PGPASSWORD=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
routed=$($PSQL -c "SELECT count(*) FROM case_record WHERE created_by = 'bench' AND grid_code IS NOT NULL")
if [ "$routed" -eq 0 ]; then
  # reroute.sh routes them through the API; on a loaded machine its request can outlast the HTTP idle timeout.
  echo "== routing the bench cases in SQL (micro grid covering the point, its ancestors; once)"
  t0=$(date +%s)
  $PSQL <<'SQL'
UPDATE case_record r SET grid_code = m.code, l3_code = l3.code, l2_code = l2.code, l1_code = l1.code, district_code = l1.parent_code
FROM grid_current m JOIN grid_current l3 ON l3.code = m.parent_code JOIN grid_current l2 ON l2.code = l3.parent_code
     JOIN grid_current l1 ON l1.code = l2.parent_code
WHERE m.level = 'micro' AND r.created_by = 'bench' AND ST_Covers(m.geom, r.geom);
SQL
  echo "  took $(( $(date +%s) - t0 )) s"
fi
source server/bench/city-cases.sh
ensure_spread_cases
$PSQL -c "UPDATE app_user SET scope_code = '4101' WHERE username = 'analyst'"
district=$($PSQL -c "SELECT district_code FROM case_record WHERE created_by = 'bench' AND district_code IS NOT NULL
  GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
echo "== $($PSQL -c "SELECT count(*) FROM case_record") cases; district $district holds $($PSQL -c "SELECT count(*) FROM case_record WHERE district_code = '$district'") of them, $($PSQL -c "SELECT count(*) FROM grid_current WHERE level = 'micro' AND district_code = '$district'") micro grids"
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"analyst","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
# The in-memory analytics index loads in the background after start-up; until then SQL answers.
if [ "${YIWANG_ANALYTICS_MEMORY_INDEX:-true}" = true ]; then
  until grep -q "Analytics index: .* loaded" var/bench-analytics-server.log; do
    kill -0 $pid 2>/dev/null || { tail -30 var/bench-analytics-server.log; exit 1; }
    sleep 1
  done
  echo "  $(grep -o "Analytics index: .*" var/bench-analytics-server.log | tail -1)"
fi
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" server/bench/AnalyticsBench.java "http://localhost:$PORT" "$token" "$district" \
  "jdbc:postgresql://127.0.0.1:$port/yiwang" yiwang "$PGPASSWORD"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v jcmd >/dev/null; then
  jcmd $pid GC.run >/dev/null
  echo "  server heap after a full GC: $(jcmd $pid GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
fi

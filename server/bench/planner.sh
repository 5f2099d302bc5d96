#!/usr/bin/env bash
# Planner (issue 8): validation of a draft with 500 siblings (goal ≤ 200 ms), the routing index
# derived for a community re-cut against a full build (GridIndexDeriveBench.java, from
# var/city-grids.geojson of ./yiwang gen-city when it is there), and the commit of a
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
# The routing index after a commit, in process and before the server starts: a full build of the
# city's micro grids against the derivation for one community's re-cut.
if [ -f var/city-grids.geojson ]; then
  echo "== routing index ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx2g -cp "$CP" server/bench/GridIndexDeriveBench.java var/city-grids.geojson 2>&1 | grep -v '^SLF4J'
fi
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
. server/bench/city-cases.sh
ensure_bench_cases "$N"
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
# Route the open cases once, so a commit moves only what its new boundaries move.
curl -sf -X POST "localhost:$PORT/api/admin/cases/reroute" -H "Authorization: Bearer $token" >/dev/null
echo "== planner ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$CP" server/bench/PlannerBench.java "jdbc:postgresql://127.0.0.1:$port/yiwang" yiwang "$PGPASSWORD" \
  "http://localhost:$PORT" "$token" "${BENCH_PLANNER_ROUNDS:-3}"
grep -E "Draft [0-9]+ committed|Re-routed cases|Grid index:" var/bench-planner-server.log | tail -9 | sed 's/^/  server: /'

#!/usr/bin/env bash
# Re-routing stored cases on the city-scale grids (47,188 micro grids): 1,000,000 open cases.
#   1. first run: every case gets its grid (all 1M written, the worst case);
#   2. second run: all 1M checked, none moved (the usual case after a small edit elsewhere);
#   3. a community re-cut: the micro grids of one community swap geometries pairwise, the index
#      is rebuilt and only the cases inside the community's box are re-routed; then it is undone.
# Uses the private city cluster of server/bench/city.sh (var/bench-city); generates the cases once.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
N="${BENCH_CASES:-1000000}"
mkdir -p "$HOME_DIR"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city java -Xmx3g -cp "$CP" cn.yiwang.Application \
  > var/bench-reroute-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-reroute-server.log; exit 1; }
  sleep 0.5
done
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
export PGPASSWORD
PGPASSWORD=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
. server/bench/city-cases.sh
ensure_bench_cases "$N"
reroute() { # QUERY
  curl -sf -X POST "localhost:$PORT/api/admin/cases/reroute$1" -H "Authorization: Bearer $token"
}
echo "== re-route all open cases ($($PSQL -c "SELECT count(*) FROM case_record WHERE status NOT IN ('closed','evaluated','rejected','merged')") open)"
echo "  run 1: $(reroute '')"
echo "  run 2: $(reroute '')"
echo "  run 3: $(reroute '')"
community=$($PSQL -c "SELECT parent_code FROM grid_current WHERE level = 'l3' AND code IN (SELECT parent_code FROM grid_current
  WHERE level = 'micro' AND ST_Intersects(geom, ST_MakeEnvelope(113.64, 34.74, 113.66, 34.76, 4326))) GROUP BY parent_code
  ORDER BY count(*) DESC LIMIT 1")
swap() {
  $PSQL <<SQL
WITH m AS (SELECT code, geom, area_sqm, row_number() OVER (ORDER BY code) AS k FROM grid WHERE valid_to IS NULL AND level = 'micro'
             AND code LIKE '$community%'),
     pairs AS (SELECT a.code AS code, b.geom, b.area_sqm FROM m a JOIN m b ON b.k = CASE WHEN a.k % 2 = 1 THEN a.k + 1 ELSE a.k - 1 END)
UPDATE grid g SET geom = p.geom, area_sqm = p.area_sqm FROM pairs p WHERE g.valid_to IS NULL AND g.code = p.code;
SQL
}
bbox=$($PSQL -c "SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent(geom)::geometry AS e
  FROM grid_current WHERE level = 'micro' AND code LIKE '$community%') x")
micro=$($PSQL -c "SELECT count(*) FROM grid_current WHERE level = 'micro' AND code LIKE '$community%'")
echo "== community re-cut: $micro micro grids of $community swap geometries pairwise (bbox $bbox)"
swap
echo "  re-cut:  $(reroute "?reload=true&bbox=$bbox")"
swap
echo "  undone:  $(reroute "?reload=true&bbox=$bbox")"

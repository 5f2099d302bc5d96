#!/usr/bin/env bash
# Periodic reports over 1,000,000 cases on the city-scale grids (47,188 micro grids): the private city
# cluster var/bench-city of reroute.sh, with the cases spread over the last year (ensure_spread_cases
# of city-cases.sh, once, shared with analytics.sh). The "analyst" there is widened to the whole city (scope 4101). Times
# with curl, one request at a time, 5 rounds each:
#   - the monthly report (月通报) of every street office of the city for the last complete month, as JSON;
#   - the XLSX export of the largest report: per worker when the city has stored patrol days (about
#     20,000 rows), else per micro grid (47,188 rows).
# The server runs from a copy of the jar, so a rebuild meanwhile does not pull it from under the bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_REPORTS_PORT:-18083}"
ROUNDS="${BENCH_REPORTS_ROUNDS:-5}"
HOME_DIR="$PWD/var/bench-city"
[ -d "$HOME_DIR/var/pg" ] || { echo "no city cluster in $HOME_DIR: run server/bench/reroute.sh first" >&2; exit 1; }
CP_DIR="$PWD/var/bench-reports-cp"
rm -rf "$CP_DIR" && mkdir -p "$CP_DIR" && cp -r server/target/yiwang-server-0.1.0-SNAPSHOT.jar server/target/lib "$CP_DIR/"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city java -Xmx3g -cp "$CP_DIR/yiwang-server-0.1.0-SNAPSHOT.jar:$CP_DIR/lib/*" \
  cn.yiwang.Application > var/bench-reports-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-reports-server.log; exit 1; }
  sleep 0.5
done
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
export PGPASSWORD
PGPASSWORD=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
source server/bench/city-cases.sh
ensure_spread_cases
$PSQL -c "UPDATE app_user SET scope_code = '4101' WHERE username = 'analyst'"
month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
echo "== $($PSQL -c "SELECT count(*) FROM case_record") cases, $($PSQL -c "SELECT count(*) FROM case_record
  WHERE created_at >= '$month-01' AND created_at < date '$month-01' + interval '1 month'") reported in $month;" \
  "$($PSQL -c "SELECT count(*) FROM grid_current WHERE level = 'l1'") street offices," \
  "$($PSQL -c "SELECT count(*) FROM patrol_day WHERE day >= '$month-01' AND day < date '$month-01' + interval '1 month'") stored patrol days in $month"
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"analyst","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

# time_it LABEL URL: ROUNDS requests after one warm-up; prints min / median / max seconds and the size.
time_it() {
  local label="$1" url="$2" out times status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [ "$status" = 200 ] || { echo "$label: HTTP $status $(head -c 300 "$out")" >&2; rm -f "$out"; exit 1; }
  times=$(for _ in $(seq "$ROUNDS"); do
    curl -s -o "$out" -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url"
  done | sort -n)
  echo "  $label: min $(echo "$times" | head -1) s, median $(echo "$times" | sed -n "$(( (ROUNDS + 1) / 2 ))p") s," \
    "max $(echo "$times" | tail -1) s; $(stat -c %s "$out") bytes"
  rm -f "$out"
}

echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
time_it "monthly report, all street offices of the city, $month (JSON)" \
  "localhost:$PORT/api/reports/monthly?period=$month&level=l1&scope=4101"
workers=$($PSQL -c "SELECT count(DISTINCT user_id) FROM patrol_day")
if [ "$workers" -gt 1000 ]; then
  rows=$($PSQL -c "SELECT count(*) FROM app_user WHERE role = 'grid_worker' AND NOT disabled")
  time_it "XLSX export per worker ($rows rows), $month" "localhost:$PORT/api/reports/monthly?period=$month&level=worker&scope=4101&format=xlsx"
else
  rows=$($PSQL -c "SELECT count(*) FROM grid_current WHERE level = 'micro'")
  time_it "XLSX export per micro grid ($rows rows; no stored patrol days here), $month" \
    "localhost:$PORT/api/reports/monthly?period=$month&level=micro&scope=4101&format=xlsx"
fi
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Case tiles over 1,000,000 cases (the city-scale cluster var/bench-city of reroute.sh, which generates
# the cases once): uncached tile sizes and times per zoom against a plain ST_AsMVT of every point, a
# community worker's z12 tiles, then cached throughput with wrk. The bench cluster's "ops" user is
# widened to the whole city (scope 4101) so that its tiles count every case.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
[ -d "$HOME_DIR/var/pg" ] || { echo "no city cluster in $HOME_DIR: run server/bench/reroute.sh first" >&2; exit 1; }
start() { # start CACHE_MB
  YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city YIWANG_TILES_CACHE_MAX_MEGABYTES="$1" \
    java -Xmx3g -cp "$CP" cn.yiwang.Application > var/bench-case-tiles-server.log 2>&1 &
  pid=$!
  until curl -sf "localhost:$PORT/health" >/dev/null; do
    kill -0 $pid 2>/dev/null || { tail -30 var/bench-case-tiles-server.log; exit 1; }
    sleep 0.5
  done
}
stop() { kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; }
trap stop EXIT
login() { # USER
  curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"yiwang-demo\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

echo "== server with the tile cache OFF"
start 0
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
pw=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
PGPASSWORD="$pw" $PSQL -c "UPDATE app_user SET scope_code = '4101' WHERE username = 'ops'"
echo "  $(PGPASSWORD="$pw" $PSQL -c "SELECT count(*) FROM case_record WHERE geom IS NOT NULL") located cases"
jdbc="jdbc:postgresql://127.0.0.1:$port/yiwang"
ops=$(login ops)
# The first tile waits for the background load of the in-memory index.
curl -sf -o /dev/null "localhost:$PORT/tiles/cases/0/0/0.mvt" -H "Authorization: Bearer $ops"
grep -o 'Cases map index: .*' var/bench-case-tiles-server.log | sed 's/^/  /'
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" server/bench/CaseTileBench.java "$jdbc" yiwang "$pw" "http://localhost:$PORT" "$ops" \
  113.55 34.70 113.80 34.85 var/bench-case-tiles.txt
echo "== the demo grid worker (scope: one community), same box, server only"
java -cp "$CP" server/bench/CaseTileBench.java "$jdbc" yiwang "$pw" "http://localhost:$PORT" "$(login worker)" \
  113.55 34.70 113.80 34.85 var/bench-case-tiles-worker.txt no
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
stop

echo "== server with the tile cache ON: z12 case tiles, cached, 2 threads, 32 connections, 15 s"
start 256
ops=$(login ops)
while read -r p; do curl -s -o /dev/null "localhost:$PORT$p" -H "Authorization: Bearer $ops"; done < var/bench-case-tiles.txt
TOKEN="$ops" wrk -t2 -c32 -d15s --latency -s server/bench/case-tiles.lua "http://localhost:$PORT" | grep -E 'Requests/sec|50%|99%|Non-2xx'
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

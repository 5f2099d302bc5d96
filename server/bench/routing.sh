#!/usr/bin/env bash
# Routing benchmarks on the city-scale grids (47,188 micro grids), in one run against the private
# city cluster of city.sh (var/bench-city; the first run generates and loads the city, ~1 min):
#   1. JMH (module bench, -Pbench): GridIndex vs the JTS STRtree at 1 and 2 threads, index rebuild
#      time and heap, and PostGIS per-point ST_Contains lookups over 1 and 2 JDBC connections;
#   2. wrk: POST /api/route with a batch of 10,000 points (GCJ-02, 5-30 m accuracy), latency.
# Usage: server/bench/routing.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
BENCH_CP="bench/target/yiwang-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
CSV="$PWD/var/bench-routing.csv"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p "$HOME_DIR"

echo "== building the JMH module (mvn -Pbench -pl bench -am package)"
mvn -B -q -Pbench -pl bench -am package -DskipTests

YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city \
  java -Xmx3g -cp "$CP" cn.yiwang.Application > var/bench-routing-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-routing-server.log; exit 1; }
  sleep 0.5
done
grep -o 'Grid index: .*' var/bench-routing-server.log | tail -1 | sed 's/^/  server: /'
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
pw=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
jdbc="jdbc:postgresql://127.0.0.1:$port/yiwang"

echo "== JMH: GridIndex vs JTS STRtree vs PostGIS ST_Contains per point (case-like points), rebuild, heap"
java -cp "$BENCH_CP" org.openjdk.jmh.Main 'cn\.yiwang\.bench\.(RoutingBench|BuildBench|PostgisBench|RouteBatchBench)\.' \
  -rf csv -rff "$CSV" -jvmArgsAppend "-Xmx4g -Dbench.jdbc=$jdbc -Dbench.user=yiwang -Dbench.password=$pw" \
  > var/bench-routing-jmh.log 2>&1 || { tail -40 var/bench-routing-jmh.log; exit 1; }
grep -oE '# heap.*' var/bench-routing-jmh.log | head -1 | sed 's/^# /  /' || true
score() { awk -F, -v b="\"cn.yiwang.bench.$1\"" '$1 == b { gsub(/"/, "", $5); printf "%.0f", $5 }' "$CSV"; }
err() { awk -F, -v b="\"cn.yiwang.bench.$1\"" '$1 == b { gsub(/"/, "", $6); printf "%.0f", $6 }' "$CSV"; }
i1=$(score RoutingBench.gridIndex1Thread); i2=$(score RoutingBench.gridIndex2Threads)
s1=$(score RoutingBench.strtree1Thread); s2=$(score RoutingBench.strtree2Threads)
p1=$(score PostgisBench.postgis1Connection); p2=$(score PostgisBench.postgis2Connections)
b=$(awk -F, '$1 == "\"cn.yiwang.bench.BuildBench.build\"" { gsub(/"/, "", $5); gsub(/"/, "", $6); printf "%.0f ± %.0f", $5, $6 }' "$CSV")
printf '  %-34s %14s %14s\n' "points/s" "1 thread" "2 threads"
printf '  %-34s %14s %14s\n' "GridIndex (in memory)" "$i1 ± $(err RoutingBench.gridIndex1Thread)" "$i2 ± $(err RoutingBench.gridIndex2Threads)"
printf '  %-34s %14s %14s\n' "JTS STRtree of PreparedGeometry" "$s1" "$s2"
printf '  %-34s %14s %14s\n' "PostGIS ST_Contains per point" "$p1" "$p2"
printf '  GridIndex / PostGIS: %s× (1 thread vs 1 connection), %s× (2 threads vs 2 connections); GridIndex / STRtree: %s×, %s×\n' \
  "$(echo "$i1 / $p1" | bc)" "$(echo "$i2 / $p2" | bc)" "$(echo "$i1 / $s1" | bc)" "$(echo "$i2 / $s2" | bc)"
printf '  index rebuild from the geometries in memory: %s ms (JMH single shot, 8 runs)\n' "$b"
r=$(awk -F, '$1 == "\"cn.yiwang.bench.RouteBatchBench.readRouteWrite\"" { gsub(/"/, "", $5); gsub(/"/, "", $6); printf "%.1f ± %.1f", $5, $6 }' "$CSV")
printf '  POST /api/route server side without HTTP (read, route, write 10,000 points): %s ms\n' "$r"
ms() { awk -F, -v b="\"cn.yiwang.bench.RouteBatchBench.$1\"" '$1 == b { gsub(/"/, "", $5); gsub(/"/, "", $6); printf "%.1f ± %.1f", $5, $6 }' "$CSV"; }
printf '  of which: read %s ms, route %s ms; with ?view=compact (read, route, write): %s ms\n' \
  "$(ms readOnly)" "$(ms routeOnly)" "$(ms readRouteWriteCompact)"

echo "== POST /api/route, one batch of 10,000 points (GCJ-02, 5-30 m accuracy), wrk 1 connection, 20 s"
java -cp "$BENCH_CP" cn.yiwang.bench.RouteBatchBody var/bench-route-body.json 10000 | sed 's/^/  /'
token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"dispatcher","password":"yiwang-demo"}' \
  "localhost:$PORT/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
export ROUTE_BODY=var/bench-route-body.json ROUTE_TOKEN="$token"
code=$(curl -s -o var/bench-route-response.json -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" --data-binary @var/bench-route-body.json "localhost:$PORT/api/route")
[ "$code" = 200 ] || { echo "POST /api/route answered $code"; head -c 600 var/bench-route-response.json; exit 1; }
printf '  response: %s KB\n' "$(( $(stat -c %s var/bench-route-response.json) / 1024 ))"
wrk -t1 -c1 -d10s -s server/bench/route-batch.lua "http://localhost:$PORT/api/route" >/dev/null
wrk -t1 -c1 -d20s --latency -s server/bench/route-batch.lua "http://localhost:$PORT/api/route" \
  | awk '/ 50%/{p50=$2} / 90%/{p90=$2} / 99%/{p99=$2} /Requests\/sec/{rps=$2} /Non-2xx/{bad=$0} END{printf "  p50 %s   p90 %s   p99 %s   (%s batches/s) %s\n", p50, p90, p99, rps, bad}'
code=$(curl -s -o var/bench-route-response-compact.json -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" --data-binary @var/bench-route-body.json "localhost:$PORT/api/route?view=compact")
[ "$code" = 200 ] || { echo "POST /api/route?view=compact answered $code"; exit 1; }
echo "== POST /api/route?view=compact, same batch, wrk 1 connection, 20 s ($(( $(stat -c %s var/bench-route-response-compact.json) / 1024 )) KB out)"
wrk -t1 -c1 -d20s --latency -s server/bench/route-batch.lua "http://localhost:$PORT/api/route?view=compact" \
  | awk '/ 50%/{p50=$2} / 90%/{p90=$2} / 99%/{p99=$2} /Requests\/sec/{rps=$2} /Non-2xx/{bad=$0} END{printf "  p50 %s   p90 %s   p99 %s   (%s batches/s) %s\n", p50, p90, p99, rps, bad}'
echo "== the same (full view), 2 connections"
wrk -t2 -c2 -d20s --latency -s server/bench/route-batch.lua "http://localhost:$PORT/api/route" \
  | awk '/ 50%/{p50=$2} / 90%/{p90=$2} / 99%/{p99=$2} /Requests\/sec/{rps=$2} /Non-2xx/{bad=$0} END{printf "  p50 %s   p90 %s   p99 %s   (%s batches/s) %s\n", p50, p90, p99, rps, bad}'

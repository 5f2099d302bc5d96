#!/usr/bin/env bash
# City-scale benchmarks (47,188 micro grids): tiles uncached vs raw SQL, tiles cached, OGC API pages.
# Uses its own private cluster under var/bench-city (first run generates and loads the city: ~1 min).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-city"
mkdir -p "$HOME_DIR"
start() { # start CACHE_MB
  YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city YIWANG_TILES_CACHE_MAX_MEGABYTES="$1" \
    java -Xmx3g -cp "$CP" cn.yiwang.Application > var/bench-city-server.log 2>&1 &
  pid=$!
  until curl -sf "localhost:$PORT/health" >/dev/null; do
    kill -0 $pid 2>/dev/null || { tail -30 var/bench-city-server.log; exit 1; }
    sleep 0.5
  done
}
stop() { kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; }
trap stop EXIT

echo "== server with the tile cache OFF"
start 0
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
pw=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
jdbc="jdbc:postgresql://127.0.0.1:$port/yiwang"
for z in 14 16; do
  # Zhengzhou's urban core, where micro grids are densest: the same tiles, raw SQL then the server.
  java -cp "$CP" server/bench/TileBench.java "$jdbc" yiwang "$pw" grids-micro $z 200 \
    113.55 34.70 113.80 34.85 "var/bench-tiles-z$z.txt"
  cp "var/bench-tiles-z$z.txt" var/bench-tiles.txt
  wrk -t1 -c1 -d5s -s server/bench/tiles-cached.lua "http://localhost:$PORT" >/dev/null
  printf '  GET /tiles, cache off (wrk, 1 connection, 15 s)    '
  wrk -t1 -c1 -d15s --latency -s server/bench/tiles-cached.lua "http://localhost:$PORT" \
    | awk '/ 50%/{p50=$2} / 99%/{p99=$2} /Non-2xx/{bad=$0} END{printf "p50 %s   p99 %s %s\n", p50, p99, bad}'
done
echo "== GET /ogc/collections/grids-micro/items?limit=1000 (random offsets), 2 threads, 4 connections, 15 s"
wrk -t2 -c4 -d15s --latency -s server/bench/ogc-items.lua "http://localhost:$PORT" | grep -E 'Requests/sec|50%|99%|Non-2xx'
stop

echo "== server with the tile cache ON: z14 micro tiles, cached, 2 threads, 32 connections, 15 s"
start 256
cp var/bench-tiles-z14.txt var/bench-tiles.txt
while read -r p; do curl -s -o /dev/null "localhost:$PORT$p"; done < var/bench-tiles.txt
wrk -t2 -c32 -d15s --latency -s server/bench/tiles-cached.lua "http://localhost:$PORT" | grep -E 'Requests/sec|50%|99%|Non-2xx'

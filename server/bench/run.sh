#!/usr/bin/env bash
# Benchmarks of a running server (started here on the private cluster), printed as a table.
# Usage: server/bench/run.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_PORT:-18080}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
export YIWANG_PORT="$PORT"
t0=$(date +%s.%N)
java -Xmx2g -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" cn.yiwang.Application > var/bench-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat var/bench-server.log; exit 1; }
  sleep 0.1
done
t1=$(date +%s.%N)
printf 'start-up until /health answers: %.1f s\n' "$(echo "$t1 - $t0" | bc)"
# Warm the JIT, then measure.
wrk -t2 -c16 -d5s -s server/bench/grids-at.lua "http://localhost:$PORT" >/dev/null
echo "== GET /api/grids/at (random points), 2 threads, 32 connections, 20 s"
wrk -t2 -c32 -d20s --latency -s server/bench/grids-at.lua "http://localhost:$PORT" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
echo "== GET /api/grids?level=l1 (16 level-1 polygons as GeoJSON), 2 threads, 8 connections, 10 s"
wrk -t2 -c8 -d10s --latency "http://localhost:$PORT/api/grids?level=l1&limit=100" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'

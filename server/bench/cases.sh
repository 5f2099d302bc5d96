#!/usr/bin/env bash
# Intake benchmark: POST /api/cases (routing + insert + events + audit + idempotency key) on the Erqi
# demo, with realistic generated bodies and a unique Idempotency-Key per request.
#   1. constant rate (open loop, IntakeBench.java): RATES (default "100 250 500") for SECONDS each (20);
#      latency is measured from when each request was due, so p99 includes any queueing;
#   2. wrk closed loop with 8 and 32 connections: the most the server takes, with its latency.
# Uses its own cluster under var/bench-cases, made afresh each run (loading the demo takes ~1 min),
# so every run starts from the same empty case tables (tens of thousands of benchmark cases a day in
# one district would slow the duplicate search unrealistically) and never touches ./yiwang run's data.
# Usage: server/bench/cases.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CASES_PORT:-18082}"
RATES="${BENCH_CASES_RATES:-100 250 500}"
SECONDS_EACH="${BENCH_CASES_SECONDS:-20}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-cases"
rm -rf "$HOME_DIR"
mkdir -p "$HOME_DIR"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
GC_LOG="$PWD/var/bench-cases-gc.log"
rm -f "$GC_LOG"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" java -Xmx2g "-Xlog:gc:file=$GC_LOG:uptime" -cp "$CP" cn.yiwang.Application > var/bench-cases-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-cases-server.log; exit 1; }
  sleep 0.5
done
URL="http://localhost:$PORT"
[ -s var/bench-cases.txt ] || java -cp "$CP" cn.yiwang.sim.IntakeBodies "$URL" 20000 var/bench-cases.txt 1
BENCH_TOKEN=$(curl -sf -XPOST "$URL/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
export BENCH_TOKEN
before=$(curl -sf "$URL/api/cases?limit=1" -H "Authorization: Bearer $BENCH_TOKEN" | sed -E 's/.*"total":([0-9]+).*/\1/')
echo "== POST /api/cases, $(nproc) cores, $before cases in the database before"
# Warm the JIT and the connection pool.
java server/bench/IntakeBench.java "$URL" "$BENCH_TOKEN" var/bench-cases.txt 100 10 "warm-up" >/dev/null
# What may make the tail: the server's GC pauses (from its -Xlog:gc file) and PostgreSQL's
# checkpoints (its log) while each rate ran.
gc_pauses() { # FROM_LINE: pauses logged after that line: count, longest, total (ms)
  tail -n +"$1" "$GC_LOG" | grep 'Pause' | grep -oE '[0-9.]+ms$' | tr -d 'ms' \
    | awk '{n++; t+=$1; if ($1>m) m=$1} END{printf "%d GC pauses, longest %.1f ms, total %.0f ms", n, m, t}'
}
PG_LOG="$HOME_DIR/var/pg/server.log"
for rate in $RATES; do
  gc_from=$(( $(wc -l < "$GC_LOG") + 1 )); pg_from=$(( $(wc -l < "$PG_LOG" 2>/dev/null || echo 0) + 1 ))
  java server/bench/IntakeBench.java "$URL" "$BENCH_TOKEN" var/bench-cases.txt "$rate" "$SECONDS_EACH" "  constant rate:"
  printf '    meanwhile: %s; %s checkpoints\n' "$(gc_pauses "$gc_from")" "$(tail -n +"$pg_from" "$PG_LOG" 2>/dev/null | grep -c 'checkpoint starting' || true)"
done
for c in 8 32; do
  printf '  wrk closed loop, 2 threads, %2d connections, 20 s: ' "$c"
  wrk -t2 -c"$c" -d20s --latency -s server/bench/cases-post.lua "$URL" \
    | awk '/Requests\/sec/{rps=$2} / 50%/{p50=$2} / 99%/{p99=$2} /Non-2xx/{bad=$0} END{printf "%s req/s, p50 %s, p99 %s %s\n", rps, p50, p99, bad}'
done

#!/usr/bin/env bash
# Patrol ingestion benchmark (issue 7), with server/bench/PatrolBench.java as client:
#   a) sustained HTTP batches (POST /api/patrol/points, 10,000 points each, 4 clients, 30 s) beside
#      raw COPY of as many rows into the same table in the same run (goal >= 50,000 points/s over HTTP);
#   b) OsmAnd single-point requests (GET /osmand, Traccar Client's form) with wrk, 2 threads,
#      64 connections, 20 s (goal >= 5,000 requests/s; group commit, no transaction per request).
# Uses its own cluster under var/bench-patrol (demo data loaded once, kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_LOG=var/bench-patrol.log
. server/bench/patrol-server.sh
echo "== patrol ingestion: $DEVICES demo devices; nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p')"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" server/bench/PatrolBench.java "$JDBC" "$PG_USER" "$PG_PASSWORD" "http://localhost:$PORT" "$ops" \
  "${BENCH_PATROL_CLIENTS:-4}" "${BENCH_PATROL_SECONDS:-30}"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== OsmAnd single-point GET /osmand, wrk 2 threads, 64 connections, 20 s"
BASE_MS=$(( ($(date +%s) - 86400) * 1000 - RANDOM * 1000 )) DEVICES="$DEVICES" \
  wrk -t2 -c64 -d20s --latency -s server/bench/patrol-osmand.lua "http://localhost:$PORT" | grep -E 'Requests/sec|50%|99%|Non-2xx|requests in'
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

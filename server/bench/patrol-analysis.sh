#!/usr/bin/env bash
# Patrol analysis benchmark (issue 7 part 3), with server/bench/PatrolAnalysisBench.java as client:
#   a) one worker-day of 2,880 fixes: DB reads, then the analysis alone, p50/p99 (goal <= 5 ms);
#   b) a whole city day: BENCH_ANALYSIS_WORKERS worker-days (default 20,000: the 846 Erqi demo workers
#      plus bench workers on duty for the same level-3 grids) analysed and stored by the server through
#      POST /api/admin/patrol/analyse (goal <= 2 minutes).
# Uses its own cluster under var/bench-patrol-analysis; the fixes are generated once (20,000 × 2,880 =
# 57.6 million rows, ~9 GB, a few minutes) and kept between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_ANALYSIS_PORT:-18298}"
WORKERS="${BENCH_ANALYSIS_WORKERS:-20000}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-patrol-analysis"
mkdir -p "$HOME_DIR"
export YIWANG_JWT_SECRET="bench-analysis-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
# The bench day is fixed (generated once, kept), so retention must not drop it or refuse to analyse it.
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_PATROL_ANALYSIS_NIGHTLY=false YIWANG_PATROL_RETENTION_DAYS=3650 java -Xmx3g -cp "$CP" cn.yiwang.Application \
  > var/bench-patrol-analysis.log 2>&1 &
pid=$!
sleep 1
curl -sf "localhost:$PORT/health" >/dev/null 2>&1 && { kill -0 $pid 2>/dev/null || { echo "port $PORT is taken by another process: set BENCH_ANALYSIS_PORT" >&2; exit 1; }; }
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-patrol-analysis.log; exit 1; }
  sleep 0.5
done
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
PG_PASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/yiwang"
# The demo roster (grid_duty) is written at start-up: wait for it.
until [ "$(PGPASSWORD="$PG_PASSWORD" /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -qAt \
  -c "SELECT count(*) FROM patrol_device WHERE device_id ~ '^demo-device-[0-9]+$'")" -gt 0 ]; do sleep 1; done
ops=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
echo "== patrol analysis: $WORKERS worker-days of 2,880 fixes; nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p')"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g -cp "$CP" server/bench/PatrolAnalysisBench.java "$JDBC" "$PG_USER" "$PG_PASSWORD" "http://localhost:$PORT" "$ops" \
  "$WORKERS" "${BENCH_ANALYSIS_SAMPLE:-300}"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

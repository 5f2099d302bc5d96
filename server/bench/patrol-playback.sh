#!/usr/bin/env bash
# Patrol playback benchmark (issue 7 part 6), with server/bench/PatrolPlaybackBench.java as client:
# one worker-day of 2,880 fixes read back (JSON and GPX) over HTTP, one read at a time, goal <= 50 ms.
# Shares the cluster under var/bench-patrol with patrol.sh (demo data loaded once, kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_PATROL_PORT:-18297}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-patrol"
mkdir -p "$HOME_DIR"
export YIWANG_JWT_SECRET="bench-patrol-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" java -Xmx2g -Dyiwang.patrol.shift=00:00-23:59:59 -Dyiwang.patrol.shift-days=every -cp "$CP" cn.yiwang.Application > var/bench-playback.log 2>&1 &
pid=$!
sleep 1
curl -sf "localhost:$PORT/health" >/dev/null 2>&1 && { kill -0 $pid 2>/dev/null || { echo "port $PORT is taken by another process: set BENCH_PATROL_PORT" >&2; exit 1; }; }
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-playback.log; exit 1; }
  sleep 0.5
done
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
PG_PASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/yiwang"
ops=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
# Wait for the demo devices (created at start-up after the duty roster).
until [ "$(PGPASSWORD="$PG_PASSWORD" /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -qAt \
  -c "SELECT count(*) FROM patrol_device WHERE device_id ~ '^demo-device-[0-9]+$'")" -gt 0 ]; do sleep 1; done
DEVICES=$(PGPASSWORD="$PG_PASSWORD" /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -qAt \
  -c "SELECT count(*) FROM patrol_device WHERE device_id ~ '^demo-device-[0-9]+$'")
echo "== patrol playback; nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p')"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" server/bench/PatrolPlaybackBench.java "$JDBC" "$PG_USER" "$PG_PASSWORD" "http://localhost:$PORT" "$ops" "${BENCH_PLAYBACK_READS:-500}"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

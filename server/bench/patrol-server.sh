# Sourced by patrol.sh and patrol-playback.sh: starts the server on the patrol cluster under
# var/bench-patrol (demo data loaded once, kept between runs) with an every-day duty shift, so the
# duty check runs and every fix is stored, logging to $SERVER_LOG; stops it on exit. Then sets
# PORT, CP, PG_PORT, PG_USER, PG_PASSWORD, JDBC, ops (a token) and DEVICES (demo devices).
PORT="${BENCH_PATROL_PORT:-18297}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-patrol"
mkdir -p "$HOME_DIR"
export YIWANG_JWT_SECRET="bench-patrol-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" java -Xmx2g -Dyiwang.patrol.shift=00:00-23:59:59 -Dyiwang.patrol.shift-days=every -cp "$CP" cn.yiwang.Application > "$SERVER_LOG" 2>&1 &
pid=$!
sleep 1
curl -sf "localhost:$PORT/health" >/dev/null 2>&1 && { kill -0 $pid 2>/dev/null || { echo "port $PORT is taken by another process: set BENCH_PATROL_PORT" >&2; exit 1; }; }
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 "$SERVER_LOG"; exit 1; }
  sleep 0.5
done
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
PG_PASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/yiwang"
ops=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
demo_devices() {
  PGPASSWORD="$PG_PASSWORD" /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -qAt \
    -c "SELECT count(*) FROM patrol_device WHERE device_id ~ '^demo-device-[0-9]+$'"
}
# Wait for the demo devices (created at start-up after the duty roster).
until [ "$(demo_devices)" -gt 0 ]; do sleep 1; done
DEVICES=$(demo_devices)

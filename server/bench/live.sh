#!/usr/bin/env bash
# Live event stream benchmark (GET /api/live, issue 6), with server/bench/LiveBench.java as client:
#   a) 1,000 SSE consoles (ops, topics=cases) on one instance; 50 case POSTs; latency from sending
#      the POST to the case.created event on each stream (goal p99 <= 250 ms);
#   b) 20,000 grid-worker streams (topics=instructions) over TWO instances on the same database,
#      10,000 each (a process may hold at most `ulimit -Hn` = 20,000 descriptors here, so neither
#      the server nor the client could hold 20,000 alone); one instruction to the whole district;
#      time from sending the POST until the last stream got it (goal <= 2 s), and the memory per
#      idle connection of instance A (RSS and live heap after a full GC, before and after opening).
# Uses its own cluster under var/bench-live (demo data loaded once, kept between runs).
# Usage: server/bench/live.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT_A="${BENCH_LIVE_PORT:-18090}"
PORT_B=$((PORT_A + 1))
CONSOLES="${BENCH_LIVE_CONSOLES:-1000}"
CASES="${BENCH_LIVE_CASES:-50}"
WORKERS_EACH="${BENCH_LIVE_WORKERS_EACH:-10000}"
CP="server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*"
HOME_DIR="$PWD/var/bench-live"
mkdir -p "$HOME_DIR"
ulimit -n "$(ulimit -Hn)"
export YIWANG_JWT_SECRET="bench-live-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() {
  until curl -sf "localhost:$1/health" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { tail -30 "$3"; exit 1; }
    sleep 0.5
  done
}
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT_A" java -Xmx2g -cp "$CP" cn.yiwang.Application > var/bench-live-a.log 2>&1 &
pid_a=$!; pids+=("$pid_a")
wait_up "$PORT_A" "$pid_a" var/bench-live-a.log
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
PG_PASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/yiwang"
DATABASE_URL="$JDBC" DATABASE_USER="$PG_USER" DATABASE_PASSWORD="$PG_PASSWORD" YIWANG_HOME="$HOME_DIR/b" YIWANG_PORT="$PORT_B" \
  java -Xmx2g -cp "$CP" cn.yiwang.Application > var/bench-live-b.log 2>&1 &
pid_b=$!; pids+=("$pid_b")
wait_up "$PORT_B" "$pid_b" var/bench-live-b.log
URL_A="http://localhost:$PORT_A"
URL_B="http://localhost:$PORT_B"
TOKEN=$(curl -sf -XPOST "$URL_A/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
echo "== live events, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up: a few cases to 50 streams.
java -cp "$CP" server/bench/LiveBench.java consoles "$URL_A" "$TOKEN" 50 10 >/dev/null
java -cp "$CP" server/bench/LiveBench.java consoles "$URL_A" "$TOKEN" "$CONSOLES" "$CASES"

heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | sed -nE 's/.*total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1; }
rss_kb() { sed -nE 's/^VmRSS:\s+([0-9]+) kB/\1/p' "/proc/$1/status"; }
rss0=$(rss_kb "$pid_a"); heap0=$(heap_used_kb "$pid_a")
tmp=$(mktemp -d)
java -cp "$CP" -Dhold.ms=60000 server/bench/LiveBench.java workers "$URL_B" "$JDBC" "$PG_USER" "$PG_PASSWORD" "$YIWANG_JWT_SECRET" \
  "$WORKERS_EACH" "$tmp/b.ready" "$tmp/b.result" > "$tmp/b.out" 2>&1 &
client_b=$!; pids+=("$client_b")
java -cp "$CP" -Dhold.ms=60000 server/bench/LiveBench.java workers "$URL_A" "$JDBC" "$PG_USER" "$PG_PASSWORD" "$YIWANG_JWT_SECRET" \
  "$WORKERS_EACH" "$tmp/a.ready" "$tmp/a.result" "$TOKEN" "$tmp/b.ready" > "$tmp/a.out" 2>&1 &
client_a=$!; pids+=("$client_a")
until [ -s "$tmp/a.result" ] && [ -s "$tmp/b.result" ]; do
  kill -0 "$client_a" 2>/dev/null || { cat "$tmp/a.out"; exit 1; }
  sleep 0.5
done
cat "$tmp/a.out" "$tmp/b.out" | grep -v '^$' || true
sent=$(cat "$tmp/a.ready.sent")
read -r last_a got_a n_a < "$tmp/a.result"
read -r last_b got_b n_b < "$tmp/b.result"
last=$(( last_a > last_b ? last_a : last_b ))
printf '  instruction to %d streams on 2 instances: %d delivered, all within %.0f ms of sending the POST\n' \
  $((n_a + n_b)) $((got_a + got_b)) "$(echo "($last - $sent) / 1000" | bc -l)"
rss1=$(rss_kb "$pid_a"); heap1=$(heap_used_kb "$pid_a")
streams=$(( WORKERS_EACH ))
printf '  instance A with %d idle streams: RSS +%d MB (%.1f KB per connection), live heap +%d MB (%.1f KB per connection)\n' \
  "$streams" $(( (rss1 - rss0) / 1024 )) "$(echo "($rss1 - $rss0) / $streams" | bc -l)" \
  $(( (heap1 - heap0) / 1024 )) "$(echo "($heap1 - $heap0) / $streams" | bc -l)"
kill "$client_a" "$client_b" 2>/dev/null || true
rm -rf "$tmp"

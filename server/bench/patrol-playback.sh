#!/usr/bin/env bash
# Patrol playback benchmark (issue 7 part 6), with server/bench/PatrolPlaybackBench.java as client:
# one worker-day of 2,880 fixes read back (JSON and GPX) over HTTP, one read at a time, goal <= 50 ms.
# Shares the cluster under var/bench-patrol with patrol.sh (demo data loaded once, kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_LOG=var/bench-playback.log
. server/bench/patrol-server.sh
echo "== patrol playback; nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p')"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" server/bench/PatrolPlaybackBench.java "$JDBC" "$PG_USER" "$PG_PASSWORD" "http://localhost:$PORT" "$ops" "${BENCH_PLAYBACK_READS:-500}"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Party building on the private cluster with the Erqi demo: the 15-minute service circle at random
# points (wrk), the per-grid party figures of the whole district (micro, l3 and l2, sequential
# requests), and volunteer task claims by many users at once (throughput, capacity checked).
# Usage: server/bench/party.sh   (called by ./yiwang bench after the build; run.sh's server must be stopped)
# BENCH_JAR / BENCH_LIB run a copy of the server instead of server/target (while it is being rebuilt).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_PORT:-18080}"
JAR="${BENCH_JAR:-server/target/yiwang-server-0.1.0-SNAPSHOT.jar}"
LIB="${BENCH_LIB:-server/target/lib}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p var
YIWANG_PORT="$PORT" java -Xmx2g -cp "$JAR:$LIB/*" cn.yiwang.Application > var/bench-party-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-party-server.log; exit 1; }
  sleep 0.2
done
token() {
  curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
    -d '{"username":"'"$1"'","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
ops=$(token ops)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c8 -d5s -s server/bench/service-circle.lua "http://localhost:$PORT" -- "$ops" >/dev/null
echo "== GET /api/service-circle?minutes=15 (random points in Erqi's centre), 2 threads, 8 connections, 15 s"
wrk -t2 -c8 -d15s --latency -s server/bench/service-circle.lua "http://localhost:$PORT" -- "$ops" \
  | grep -E 'Requests/sec|50%|99%|Non-2xx'
for level in micro l3 l2; do
  python3 - "$PORT" "$ops" "$level" <<'PY'
import json, statistics, sys, time, urllib.request
port, token, level = sys.argv[1], sys.argv[2], sys.argv[3]
url = f"http://localhost:{port}/api/party/figures?scope=410103&level={level}"
times = []
for i in range(12):
    t0 = time.perf_counter()
    body = urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})).read()
    times.append((time.perf_counter() - t0) * 1000)
grids = len(json.loads(body)["grids"])
times = sorted(times[2:])
print(f"== GET /api/party/figures?scope=410103&level={level}: {grids} grids, p50 {statistics.median(times):.0f} ms, "
      f"max {times[-1]:.0f} ms (10 requests after 2 warm-up)")
PY
done
python3 - "$PORT" "$ops" <<'PY'
import json, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
port, ops = sys.argv[1], sys.argv[2]
base = f"http://localhost:{port}"
def call(path, token, body=None):
    req = urllib.request.Request(base + path, None if body is None else json.dumps(body).encode(),
                                 {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, method="POST" if body is not None or path.endswith("/claim") else "GET")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
def login(u):
    req = urllib.request.Request(base + "/login", json.dumps({"username": u, "password": "yiwang-demo"}).encode(), {"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req).read())["access_token"]
# The on-duty grid worker of every level-3 grid is gw<code>; the branches name the level-3 grids.
branches = call("/api/party/ratings?scope=410103", ops)[1]["items"]
tokens = [login("gw" + b["gridCode"]) for b in branches[::max(1, len(branches) // 40)][:40]]
start = datetime.now(timezone(timedelta(hours=8))) + timedelta(days=1)
tasks = []
for i in range(25):
    s, t = call("/api/volunteer/tasks", ops, {"gridCode": "410103", "title": f"基准志愿任务{i}", "place": "二七广场",
        "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat(), "points": 10, "capacity": 20})
    assert s == 201, s
    tasks.append(t["id"])
jobs = [(tok, tid) for tid in tasks for tok in tokens]
t0 = time.perf_counter()
with ThreadPoolExecutor(32) as pool:
    codes = list(pool.map(lambda j: call(f"/api/volunteer/tasks/{j[1]}/claim", j[0])[0], jobs))
dt = time.perf_counter() - t0
ok = codes.count(200)
full = codes.count(409)
over = [tid for tid in tasks if call(f"/api/volunteer/tasks/{tid}", ops)[1]["task"]["claimed"] > 20]
print(f"== POST /api/volunteer/tasks/{{id}}/claim: {len(tokens)} users × {len(tasks)} tasks of 20 places, 32 at once: "
      f"{len(jobs)} claims in {dt:.1f} s = {len(jobs) / dt:.0f} claims/s ({ok} taken, {full} refused as full, "
      f"{len(codes) - ok - full} other); tasks over capacity: {len(over)}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

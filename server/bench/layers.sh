#!/usr/bin/env bash
# Console layer endpoints on the private cluster: local MBTiles base map tiles, the open cases of
# a building (3D pick) and the open cases in a 3D view (case markers).
# Usage: server/bench/layers.sh   (called by ./yiwang bench after the build; run.sh's server must be stopped)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_PORT:-18080}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p var
MBTILES=var/bench-basemap.mbtiles
# 二七区's box, zooms 10–16.
BOX="113.50 34.58 113.72 34.78"
if [ ! -s "$MBTILES" ]; then
  echo "== writing $MBTILES: $(python3 server/bench/make-mbtiles.py "$MBTILES" $BOX 10 16 2>/dev/null) tiles"
fi
YIWANG_PORT="$PORT" YIWANG_MBTILES="$PWD/$MBTILES" java -Xmx2g -cp "server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*" \
  cn.yiwang.Application > var/bench-layers-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-layers-server.log; exit 1; }
  sleep 0.2
done
read -r x0 x1 y0 y1 < <(python3 -c '
import math
def t(lon, lat, z=16):
    n = 2 ** z; r = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
a = t(113.50, 34.78); b = t(113.72, 34.58)
print(a[0], b[0], a[1], b[1])')
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c16 -d5s -s server/bench/basemap-tiles.lua "http://localhost:$PORT" -- "$x0" "$x1" "$y0" "$y1" >/dev/null
echo "== GET /api/basemap/tiles/16/x/y.png (random tiles of the MBTiles file), 2 threads, 32 connections, 15 s"
wrk -t2 -c32 -d15s --latency -s server/bench/basemap-tiles.lua "http://localhost:$PORT" -- "$x0" "$x1" "$y0" "$y1" \
  | grep -E 'Requests/sec|Transfer/sec|50%|99%|Non-2xx'
token=$(curl -sf -X POST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d '{"username":"ops","password":"yiwang-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
building=$(curl -sf 'localhost:'"$PORT"'/ogc/collections/buildings/items?bbox=113.64,34.74,113.65,34.75&limit=1' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["features"][0]["id"])')
echo "== GET /api/buildings/$building/cases (ops), 2 threads, 8 connections, 10 s"
wrk -t2 -c8 -d10s --latency -H "Authorization: Bearer $token" "http://localhost:$PORT/api/buildings/$building/cases" \
  | grep -E 'Requests/sec|50%|99%|Non-2xx'
# The 3D view of a few blocks holds a few hundred open cases in a busy city: report them once.
have=$(curl -sf -H "Authorization: Bearer $token" "localhost:$PORT/api/cases?bbox=113.63,34.73,113.66,34.76&limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
if [ "$have" -lt 300 ]; then
  echo "== reporting $((300 - have)) cases in the view (once)"
  python3 - "$PORT" "$token" $((300 - have)) <<'PY'
import json, random, sys, urllib.request
port, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
for i in range(n):
    body = {"category": "GGAQ-03", "title": "高空抛物", "description": "基准测试", "source": "hotline_12345",
            "location": {"lon": 113.63 + random.random() * 0.03, "lat": 34.73 + random.random() * 0.03, "crs": "wgs84",
                         "accuracy": 5, **({"floor": random.randint(2, 30)} if i % 2 else {})}}
    req = urllib.request.Request(f"http://localhost:{port}/api/cases", json.dumps(body).encode(),
                                 {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    urllib.request.urlopen(req).read()
PY
fi
open='reported,accepted,registered,dispatched,in_progress,handled,verified,verification_failed,returned,extension_requested,escalated,suspended,consulting'
view='113.63,34.73,113.66,34.76'
echo "== GET /api/cases?status=<open>&bbox=$view&limit=500 (3D case markers, ops): $(curl -sf -H "Authorization: Bearer $token" \
  "localhost:$PORT/api/cases?status=$open&bbox=$view&limit=500" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]), "of", d["total"], "cases")'), 2 threads, 8 connections, 10 s"
wrk -t2 -c8 -d10s --latency -H "Authorization: Bearer $token" "http://localhost:$PORT/api/cases?status=$open&bbox=$view&limit=500" \
  | grep -E 'Requests/sec|Transfer/sec|50%|99%|Non-2xx'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

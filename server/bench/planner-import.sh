#!/usr/bin/env bash
# Planner import/export (issue 8 part 5) on the city-scale grids: every district's micro grids (47,188
# in all) exported to a GeoPackage over HTTP (GET /api/planner/export?format=gpkg), then imported back
# into a draft per district (POST /api/planner/imports?format=gpkg&level=micro: read, CRS, checks,
# draft stored and validated). Uses the private city cluster of server/bench/city.sh (var/bench-city;
# created on first use) and one bench admin per district (bench_imp_<district>, the demo password),
# created here once. The drafts it opens are deleted at the end; nothing is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_CITY_PORT:-18081}"
CP="${BENCH_CP:-server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*}"
HOME_DIR="$PWD/var/bench-city"
OUT="$PWD/var/bench-import"
mkdir -p "$HOME_DIR" "$OUT"
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" YIWANG_GRIDS_DEMO_DATASET=city java -Xmx3g -cp "$CP" cn.yiwang.Application \
  > var/bench-planner-import-server.log 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -30 var/bench-planner-import-server.log; exit 1; }
  sleep 0.5
done
port=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PGPASSWORD=$(grep '^password=' "$HOME_DIR/var/credentials.properties" | cut -d= -f2-)
export PGPASSWORD
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $port -U yiwang -d yiwang -v ON_ERROR_STOP=1 -qAt"
$PSQL -c "INSERT INTO app_user (username, password_hash, role, scope_code, display_name, demo)
          SELECT 'bench_imp_' || d.code, a.password_hash, 'admin', d.code, '导入基准 ' || d.name, true
          FROM grid_current d CROSS JOIN app_user a
          WHERE d.level = 'district' AND a.username = 'admin'
          ON CONFLICT (username) DO NOTHING"
districts=$($PSQL -c "SELECT string_agg(code, ',' ORDER BY code) FROM grid_current WHERE level = 'district'")
echo "== planner import/export ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$CP" server/bench/PlannerImportBench.java "http://localhost:$PORT" "$districts" "$OUT"
$PSQL -c "DELETE FROM grid_draft WHERE owner LIKE 'bench_imp_%'"
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Population base benchmark (issue 10): a private cluster under var/bench-population with the demo
# data, topped up once to 1,200,000 residents (Zhengdong's population base) spread over all of Erqi's
# households, written with SQL (names from a fixed pool; phone/ID columns hold placeholder bytes, so
# these bench rows cannot be opened unmasked). Then:
#   a) scoped people search, GET /api/people, 200 requests per kind with curl (one at a time):
#      a grid worker in their community by surname prefix, the ops center over the district by surname
#      prefix, by tag, and by a two-character substring (trigram index); p50 / p95 / max;
#   b) status counts on the big screen: server/bench/population-live.mjs holds the ops center's live
#      stream (topics=population) and times 30 status changes by a grid worker, from sending the PUT to
#      the status.changed event carrying the district's new per-grid counts (goal <= 1 s).
# Usage: server/bench/population.sh   (called by ./yiwang bench after the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${BENCH_POPULATION_PORT:-18097}"
RESIDENTS="${BENCH_POPULATION_RESIDENTS:-1200000}"
N="${BENCH_POPULATION_REQUESTS:-200}"
CP="${BENCH_CP:-server/target/yiwang-server-0.1.0-SNAPSHOT.jar:server/target/lib/*}"
HOME_DIR="$PWD/var/bench-population"
mkdir -p "$HOME_DIR"
pid=""
cleanup() { [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
trap cleanup EXIT
YIWANG_HOME="$HOME_DIR" YIWANG_PORT="$PORT" java -Xmx1g -cp "$CP" cn.yiwang.Application > var/bench-population.log 2>&1 &
pid=$!
until curl -sf "localhost:$PORT/health" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { tail -30 var/bench-population.log; exit 1; }
  sleep 0.5
done
PG_PORT=$(sed -n 4p "$HOME_DIR/var/pg/postmaster.pid" | tr -d ' ')
PG_USER=$(sed -n 's/^user=//p' "$HOME_DIR/var/credentials.properties")
export PGPASSWORD=$(sed -n 's/^password=//p' "$HOME_DIR/var/credentials.properties")
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d yiwang -v ON_ERROR_STOP=1 -Atq "$@"; }
have=$(psql_ -c "SELECT count(*) FROM resident")
if [ "$have" -lt "$RESIDENTS" ]; then
  echo "  generating $((RESIDENTS - have)) bench residents (once) …"
  t0=$(date +%s)
  households=$(psql_ -c "SELECT count(*) FROM household WHERE micro_code IS NOT NULL")
  psql_ -c "
    WITH h AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, district_code, compound_id, micro_code, geom
               FROM household WHERE micro_code IS NOT NULL)
    INSERT INTO resident (district_code, household_id, compound_id, micro_code, name, gender, birth_year, phone_enc, phone_masked,
                          id_enc, id_hmac, id_masked, tags, generated, geom)
    SELECT h.district_code, CASE WHEN s % 5 = 0 THEN NULL ELSE h.id END, CASE WHEN s % 5 = 0 THEN NULL ELSE h.compound_id END,
           h.micro_code,
           (string_to_array('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江', NULL))[1 + (s * 7919) % 74]
             || (string_to_array('伟,芳,娜,秀英,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀兰,霞,平,刚,桂英,华,建华,建国,淑珍,玉兰,志强,海燕,红梅,晓东,子涵,浩然,欣怡,宇轩,梓萱,一诺,思远,雨桐', ','))[1 + (s / 7) % 40],
           CASE WHEN s % 2 = 0 THEN 'M' ELSE 'F' END, 1935 + s % 85,
           sha256(('bench-phone-' || s)::bytea), '100****' || lpad((s % 10000)::text, 4, '0'),
           sha256(('bench-id-' || s)::bytea), sha256(('bench-idx-' || s)::bytea), '99**************' || lpad((s % 100)::text, 2, '0'),
           CASE WHEN s % 25 = 0 THEN ARRAY['elderly_alone'] WHEN s % 33 = 0 THEN ARRAY['low_income'] WHEN s % 41 = 0 THEN ARRAY['key_care']
                ELSE '{}'::text[] END,
           true, h.geom
    FROM generate_series(($have + 1)::bigint, $RESIDENTS) s JOIN h ON h.k = s % $households" -c "ANALYZE resident"
  echo "  generated in $(( $(date +%s) - t0 )) s"
fi
echo "== population base, $(nproc) cores ($(lscpu | sed -n 's/^Model name:\s*//p')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  residents: $(psql_ -c "SELECT count(*) FROM resident"), households: $(psql_ -c "SELECT count(*) FROM household"), compounds: $(psql_ -c "SELECT count(*) FROM compound")"
token() { curl -sf -XPOST "localhost:$PORT/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"yiwang-demo\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
OPS=$(token ops)
WORKER=$(token worker)
SURNAMES=(王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭)
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
measure() { # label, token, query template with @ for a surname
  local label="$1" tok="$2" q="$3" times=() i s
  for ((i = 0; i < N; i++)); do
    s=$(urlenc "${SURNAMES[$((i % ${#SURNAMES[@]}))]}")
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $tok" "localhost:$PORT/api/people?${q//@/$s}")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '{a[NR]=$1} END {
    printf "  %-58s p50 %6.1f ms, p95 %6.1f ms, max %6.1f ms (%d requests)\n", label, a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000, a[NR]*1000, NR}'
}
curl -s -o /dev/null -H "Authorization: Bearer $OPS" "localhost:$PORT/api/people?name=%E7%8E%8B"   # warm-up
measure "worker, own community, name prefix (limit 50)" "$WORKER" "name=@&limit=50"
measure "ops, whole district, name prefix (limit 50)" "$OPS" "name=@&limit=50"
measure "ops, whole district, tag elderly_alone (limit 50)" "$OPS" "tag=elderly_alone&limit=50"
measure "ops, whole district, name contains 2 chars (limit 50)" "$OPS" "name=@%E5%BB%BA&match=contains&limit=50"
HOUSEHOLD=$(psql_ -c "SELECT id FROM household WHERE micro_code LIKE '410103001004%' ORDER BY id LIMIT 1")
node server/bench/population-live.mjs "http://localhost:$PORT/" "$OPS" "$WORKER" "$HOUSEHOLD"
echo "  load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

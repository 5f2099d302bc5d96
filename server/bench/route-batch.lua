-- wrk script: POST /api/route with one batch (ROUTE_BODY, written by cn.yiwang.bench.RouteBatchBody),
-- authenticated with ROUTE_TOKEN.
local f = assert(io.open(os.getenv("ROUTE_BODY") or "var/bench-route-body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ROUTE_TOKEN")

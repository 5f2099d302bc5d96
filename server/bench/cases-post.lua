-- POST /api/cases with realistic bodies (var/bench-cases.txt, one JSON a line, written by
-- cn.yiwang.sim.IntakeBodies) and a fresh Idempotency-Key per request. The bearer token comes from
-- the environment (BENCH_TOKEN), obtained once by cases.sh.
local bodies = {}
for line in io.lines("var/bench-cases.txt") do
  bodies[#bodies + 1] = line
end
local token = os.getenv("BENCH_TOKEN")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  counter = 0
  prefix = "wrk-" .. os.time() .. "-" .. tid .. "-"
  math.randomseed(tid * 7919 + os.time())
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }
  return wrk.format("POST", "/api/cases", headers, bodies[math.random(#bodies)])
end

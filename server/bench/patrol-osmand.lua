-- OsmAnd single-point requests as Traccar Client sends them (GET form), one fix per request, spread
-- over the demo devices; each thread counts its own milliseconds so (device, time) keys rarely repeat.
local counter = 0
thread_no = 0
local threads = 0
function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end
function init(args)
  base_ms = tonumber(os.getenv("BASE_MS"))
  devices = tonumber(os.getenv("DEVICES"))
end
request = function()
  counter = counter + 1
  local device = (counter % devices) + 1
  local ms = base_ms + thread_no * 10000000 + counter
  local lon = 113.60 + (counter % 97) * 0.0008
  local lat = 34.70 + (counter % 89) * 0.0007
  return wrk.format("GET", string.format("/osmand?id=demo-device-%d&lat=%.6f&lon=%.6f&timestamp=%d&speed=2.1&accuracy=8&batt=77",
    device, lat, lon, ms))
end

-- wrk script: GET /api/service-circle (15 minutes) at uniformly random points over Erqi's built-up
-- centre, where the demo shops are; args: the bearer token.
math.randomseed(20261123)
local token
init = function(args)
  token = args[1]
end
request = function()
  local lon = 113.58 + math.random() * 0.10
  local lat = 34.69 + math.random() * 0.08
  return wrk.format("GET", string.format("/api/service-circle?lon=%.6f&lat=%.6f&minutes=15", lon, lat),
    {["Authorization"] = "Bearer " .. token})
end

-- wrk script: GET the case tiles listed in var/bench-case-tiles.txt (written by CaseTileBench.java),
-- round robin, with the bearer token from the environment variable TOKEN.
local paths = {}
for line in io.lines("var/bench-case-tiles.txt") do paths[#paths + 1] = line end
local auth = "Bearer " .. os.getenv("TOKEN")
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = auth})
end

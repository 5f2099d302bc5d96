-- wrk script: GET the tiles listed in var/bench-tiles.txt (written by TileBench.java), round robin.
local paths = {}
for line in io.lines("var/bench-tiles.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

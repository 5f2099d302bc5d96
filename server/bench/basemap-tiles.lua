-- Random z16 tiles of the benchmark MBTiles file over 二七区 (x, y ranges passed by layers.sh).
local x0, x1, y0, y1
function init(args)
  x0, x1, y0, y1 = tonumber(args[1]), tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
end
request = function()
  return wrk.format("GET", string.format("/api/basemap/tiles/16/%d/%d.png", math.random(x0, x1), math.random(y0, y1)))
end

-- wrk script: OGC API items pages of 1,000 micro grids at random offsets.
math.randomseed(20261122)
request = function()
  return wrk.format("GET", string.format("/ogc/collections/grids-micro/items?limit=1000&offset=%d", math.random(0, 46000)))
end

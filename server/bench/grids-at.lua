-- wrk script: GET /api/grids/at at uniformly random points over Erqi's bounding box
-- (about 40 % fall outside the district and exercise the snap/unassigned path).
math.randomseed(20261122)
request = function()
  local lon = 113.50 + math.random() * 0.19
  local lat = 34.60 + math.random() * 0.17
  return wrk.format("GET", string.format("/api/grids/at?lon=%.6f&lat=%.6f", lon, lat))
end

-- wrk script for benches/load.sh: GET /api/search with each query of QUERIES in turn.
local queries = {}

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

init = function(args)
  local path = os.getenv("QUERIES") or "benches/queries.txt"
  for line in io.lines(path) do
    local q = line:gsub("^%s+", ""):gsub("%s+$", "")
    if q ~= "" and q:sub(1, 1) ~= "#" then table.insert(queries, encode(q)) end
  end
  -- Each connection starts at a different query.
  counter = math.random(#queries)
end

request = function()
  counter = counter % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. queries[counter] .. "&limit=10")
end

-- One machine-readable line: requests/s, p50 and p99 in ms, errors.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end

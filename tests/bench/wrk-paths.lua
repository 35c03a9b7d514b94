-- wrk script for tests/bench/http-vs-mapserver.sh: cycles over the request paths listed one a line in
-- the file named by WRK_PATHS (each thread starts at a different place in the list), and prints one
-- machine-readable line at the end:
--   WRKRESULT <requests> <duration us> <p50 us> <p99 us> <non-2xx/3xx> <socket errors> <bytes>
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
if #paths == 0 then error("WRK_PATHS lists no paths") end

-- WRK_ACCEPT_ENCODING, when set, is sent as the Accept-Encoding header of every request.
local encoding = os.getenv("WRK_ACCEPT_ENCODING")
local headers = {}
if encoding and encoding ~= "" then headers["Accept-Encoding"] = encoding end

local threads = 0
function setup(thread)
  thread:set("first", threads * 7919)
  threads = threads + 1
end

local i
function init(args)
  i = (first or 0) % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout,
    summary.bytes))
end

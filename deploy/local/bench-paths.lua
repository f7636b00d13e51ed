-- Requests drawn at random from a file of paths (SPROCKET_PATHS), one per line: the benchmark's
-- request mix, written by `LocalSuite suite-bench mix` (searches already drawn with Zipf popularity,
-- so a uniform pick keeps it).
local paths = {}
for line in io.lines(os.getenv("SPROCKET_PATHS")) do
  paths[#paths + 1] = line
end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

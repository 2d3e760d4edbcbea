-- Scenario (k)'s wrk script: summary.lua's RESULT line, and every request for another key of the URL's path
-- (?k=N). Each thread walks its own BENCH_KEYS keys round and round, so no two connections ask for one key at
-- once and a key comes round again only after all of its thread's others: with enough keys, later than its
-- response's freshness (max-age=1), so every request finds its key's entry stale (or gone).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")

local keys = tonumber(os.getenv("BENCH_KEYS") or "") or 10000
local threads = 0

setup = function(thread)
  thread:set("first_key", threads * keys)
  threads = threads + 1
end

local next_key = 0

request = function()
  local key = first_key + next_key
  next_key = (next_key + 1) % keys
  return wrk.format(nil, wrk.path .. "?k=" .. key)
end

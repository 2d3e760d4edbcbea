-- Scenario (j)'s wrk script: summary.lua's RESULT line, plus a QUANTILES line from which bench/run merges
-- the latency of several wrk processes (one per gateway node) into one distribution. With the
-- environment variable BENCH_WRK_PAUSE_MS set, each connection waits that long after an answer before
-- it sends its next request (wrk's delay()), so the load offered no longer depends on how fast the
-- proxy answers; the pause is not counted as latency.
local pause = tonumber(os.getenv("BENCH_WRK_PAUSE_MS") or "")
if pause and pause > 0 then
  delay = function() return pause end
end

local points = { 0, 10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 92, 94, 95, 96, 97, 97.5, 98, 98.5, 98.75,
                 99, 99.25, 99.5, 99.75, 99.9, 99.95, 99.99, 100 }

-- The RESULT line is summary.lua's own, loaded from beside this script (wrk gives scripts no module path).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")
local result_line = done

done = function(summary, latency, requests)
  result_line(summary, latency, requests)
  -- percentile=milliseconds pairs, 0 and 100 being the fastest and slowest answer.
  local parts = {}
  for _, p in ipairs(points) do
    local us
    if p == 0 then us = latency.min elseif p == 100 then us = latency.max else us = latency:percentile(p) end
    parts[#parts + 1] = string.format("%g=%.3f", p, us / 1000)
  end
  io.write("QUANTILES " .. table.concat(parts, " ") .. "\n")
end

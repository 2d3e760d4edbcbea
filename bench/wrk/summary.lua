-- Prints one machine-readable line at the end of a wrk run, so bench/run does not have to parse
-- wrk's human output (whose latency units change between us, ms and s).
-- errors = socket errors (connect, read, write, timeout); non2xx = responses outside 2xx/3xx.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d bytes=%d errors=%d non2xx=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    summary.bytes,
    errors,
    summary.errors.status))
end

# Scenario (k), issue 19: what revalidating a stale entry costs against fetching it again. Both rows ask the
# gateway's caching route `/stale` for a 4 KiB body fresh for one second (max-age=1), each request for another
# key (bench/wrk/keys.lua), so that every request finds its key's entry past its freshness:
# - validated: the body has an ETag, so the stale entry is kept and revalidated, the upstream answers 304 and
#   the body is served from memory (a revalidated hit);
# - unvalidated: no validator, so the expired entry is gone and the whole body comes again (a full miss,
#   stored again).
# Only the gateway is measured: YARP caches nothing and the direct path has no cache to revalidate.

REVALIDATION_BODY=4096
# Per wrk thread: a key comes round again only after this many others, well past its one second of freshness
# at any rate this machine reaches, while all of them stay within the route's max-bytes (bench/config/gateway.hocon).
REVALIDATION_KEYS=16000

revalidation_url() { echo "$(base_url stale gateway)/$1/$REVALIDATION_BODY"; }

# The two rows take turns, the first changing from run to run.
revalidation_rows() { if [ $(($1 % 2)) = 1 ]; then echo validated unvalidated; else echo unvalidated validated; fi; }

scenario_k() {
  progress "k: revalidated hit (304) against full miss, $HTTP_CONNECTIONS connections"
  start_stack
  export BENCH_KEYS="$REVALIDATION_KEYS"
  WRK_SCRIPT="$BENCH_DIR/wrk/keys.lua"
  local run row not_modified full_bodies
  # The warm-up also stores every key of the validated row, so its measured requests all revalidate.
  warm_http_paths "$HTTP_CONNECTIONS" "$(revalidation_url validated)" "$(revalidation_url unvalidated)"
  for run in $(seq 1 "$RUNS"); do
    for row in $(revalidation_rows "$run"); do
      not_modified=$(upstream_calls not_modified)
      full_bodies=$(upstream_calls full_bodies)
      measure_http k "$row" "$(revalidation_url "$row")" "$HTTP_CONNECTIONS" gateway
      record "k|$row|gateway|not_modified" $(( $(upstream_calls not_modified) - not_modified ))
      record "k|$row|gateway|full_bodies" $(( $(upstream_calls full_bodies) - full_bodies ))
    done
  done
  unset WRK_SCRIPT BENCH_KEYS
  stop_stack
  section_k >"$RUN_DIR/sections/k.md"
}

section_k() {
  local row label rps_ratio cpu_ratio
  rps_ratio=$(raw_ratio "$(median "k|validated|gateway|rps")" "$(median "k|unvalidated|gateway|rps")")
  cpu_ratio=$(raw_ratio "$(median "k|validated|gateway|cpu_us")" "$(median "k|unvalidated|gateway|cpu_us")")
  echo "## (k) Revalidated hit (304) against a full miss"
  echo
  echo "\`GET /stale/validated/$REVALIDATION_BODY?k=N\` and \`GET /stale/unvalidated/$REVALIDATION_BODY?k=N\` on a caching route: a"
  echo "$REVALIDATION_BODY-byte body fresh for 1 s, N walking $REVALIDATION_KEYS keys per wrk thread so that every request finds its"
  echo "key's entry stale. With an ETag the entry is revalidated (the upstream answers 304, the body is served"
  echo "from memory); without one it is gone, and the upstream sends the whole body again (a full miss, stored"
  echo "again). The gateway only. $(load_line "$HTTP_CONNECTIONS") CPU is the gateway process's."
  echo
  echo "| row | req/s | p50 ms | p99 ms | errors | CPU µs per request | upstream 304s | upstream full bodies |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for row in validated unvalidated; do
    case "$row" in validated) label="revalidated hit (304)" ;; *) label="full miss" ;; esac
    echo "| $label | $(int "$(median "k|$row|gateway|rps")") | $(ms "$(median "k|$row|gateway|p50")") | $(ms "$(median "k|$row|gateway|p99")") | $(total "k|$row|gateway|errors") | $(ms "$(median "k|$row|gateway|cpu_us")") | $(total "k|$row|gateway|not_modified") | $(total "k|$row|gateway|full_bodies") |"
  done
  echo
  echo "- Revalidated hit / full miss: $(times "$rps_ratio") the req/s, $(times "$cpu_ratio") the CPU per request."
  local within
  within=$(per_run_ratios "k|validated|gateway|rps" "k|unvalidated|gateway|rps")
  [ -z "$within" ] || echo "- Req/s within each run, in run order: $within."
  within=$(per_run_ratios "k|validated|gateway|cpu_us" "k|unvalidated|gateway|cpu_us")
  [ -z "$within" ] || echo "- CPU per request within each run: $within."
  echo
  echo "No target (issue 19 asks for the measurement). The upstream counts say what each row measured: a"
  echo "revalidated row answered by 304s, a full-miss row by full bodies."
  notes_of k
}

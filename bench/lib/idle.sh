# Scenarios (h) and (i) of issue 20: what a gateway costs when nothing happens. (h) CPU of an idle gateway
# beside an idle YARP host; (i) memory per live client limiter, and what is kept once they have gone.

scenario_h() {
  progress "h: idle CPU, ${IDLE_SECONDS} s per run after ${IDLE_SETTLE} s of quiet"
  start_stack
  local run target g0 y0 g1 y1 hz
  hz=$(getconf CLK_TCK)
  # Some traffic first, as a replica that has served and gone quiet; then the warm-up's JIT work settles.
  for target in gateway yarp; do wrk_run "$(base_url plain "$target")/json" 4 2 >/dev/null; done
  sleep "$IDLE_SETTLE"
  for run in $(seq 1 "$RUNS"); do
    # Both at once: the same quiet (or busy) minute of the machine for both.
    g0=$(cpu_ticks "$GW_PID"); y0=$(cpu_ticks "$YARP_PID")
    sleep "$IDLE_SECONDS"
    g1=$(cpu_ticks "$GW_PID"); y1=$(cpu_ticks "$YARP_PID")
    record "h|idle|gateway|cpu" "$(awk -v t=$((g1 - g0)) -v h="$hz" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", t / h / s * 100 }')"
    record "h|idle|yarp|cpu" "$(awk -v t=$((y1 - y0)) -v h="$hz" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", t / h / s * 100 }')"
    echo "    run $run: gateway $((g1 - g0)) ticks, YARP $((y1 - y0)) ticks in $IDLE_SECONDS s" >&2
  done
  stop_stack
  section_h >"$RUN_DIR/sections/h.md"
}

section_h() {
  local gw
  gw=$(median "h|idle|gateway|cpu")
  echo "## (h) Idle CPU"
  echo
  echo "User + system CPU of each process (\`/proc/PID/stat\`) over ${IDLE_SECONDS} s with no traffic, measured over the same"
  echo "seconds for both, ${IDLE_SETTLE} s after a short load; % of one core, median of $RUNS run(s)."
  echo
  echo "| process | idle CPU, % of a core |"
  echo "| --- | ---: |"
  echo "| gateway | $gw |"
  echo "| YARP | $(median "h|idle|yarp|cpu") |"
  target_line "gateway idle CPU ≤ 0.5% of a core" "$(at_most "$gw" 0.5)"
  notes_of h
}

scenario_i() {
  progress "i: memory per live limiter, $LIMITER_CLIENTS clients"
  local run line
  for run in $(seq 1 "$RUNS"); do
    line=$(timeout 600 dotnet "$DLL_LIMITERS" memory "$LIMITER_CLIENTS" 2>&1 | grep -m1 '^RESULT ' || echo "FAILED no RESULT line")
    echo "    run $run: $line" >&2
    case "$line" in
      RESULT*)
        for key in bytes_per_limiter live heap_live_mib heap_passivated_mib rss_live_mib rss_passivated_mib; do
          record "i|mem|limiter|$key" "$(kv "$line" "$key")"
        done
        ;;
      *) note_once i "- $line" ;;
    esac
  done
  section_i >"$RUN_DIR/sections/i.md"
}

section_i() {
  local per
  per=$(median "i|mem|limiter|bytes_per_limiter")
  echo "## (i) Memory per live client limiter"
  echo
  echo "\`bench/RateLimiterThroughput memory $LIMITER_CLIENTS\`: a shard region in a cluster of one (the gateway's"
  echo "scheduler), one decision for each of $LIMITER_CLIENTS distinct clients, the managed heap after a full compacting"
  echo "collection before and after, divided by the live limiters; then the same once they have passivated. Median of $RUNS run(s)."
  echo
  echo "| live limiters | bytes per limiter | heap live MiB | heap after passivation MiB | RSS live MiB | RSS after passivation MiB |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| $(int "$(median "i|mem|limiter|live")") | $(int "$per") | $(median "i|mem|limiter|heap_live_mib") | $(median "i|mem|limiter|heap_passivated_mib") | $(median "i|mem|limiter|rss_live_mib") | $(median "i|mem|limiter|rss_passivated_mib") |"
  target_line "≤ 1.5 KB (1,536 bytes) per live limiter" "$(at_most "$per" 1536)"
  notes_of i
}

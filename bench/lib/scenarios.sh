# The scenarios of issue 9, point 2. Each starts its own processes (so none inherits another's heap
# or connection pools), warms every path up, then measures gateway, YARP and direct in turn, run
# after run, so a slow minute on a shared machine hits all three alike. Each ends by writing its
# Markdown section to $RUN_DIR/sections/<letter>.md.

TARGETS=(gateway yarp direct)
declare -A NOTES=()

# targets_for_run N: the paths (three, four with --baseline), rotated by run, so no path is always
# measured first.
targets_for_run() {
  local shift=$(( ($1 - 1) % ${#TARGETS[@]} ))
  echo "${TARGETS[@]:$shift}" "${TARGETS[@]:0:$shift}"
}

progress() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# warm_http_paths CONNECTIONS URL...: each path warmed up in turn, and then once more. The gateway's JIT goes on
# tiering up for about a minute under load (dotnet-counters: 100-400 methods compiled per 5 s, 0.1-0.25 s of
# JIT time), and while the other paths warm up its background compiler catches up; after one pass, the
# gateway was measured part-warm (in (b), run by run: 56k, 68k, 74k req/s while the direct path held 85-93k).
warm_http_paths() {
  local connections="$1" pass url
  shift
  for pass in 1 2; do
    for url in "$@"; do warm_http "$url" "$connections"; done
  done
}

# (a), (c) and (g) share this: an HTTP GET of UPSTREAM_PATH over the plain (uncached) route.
run_http_scenario() {
  local scenario="$1" row="$2" upstream_path="$3" connections="$4" run target urls=()
  for target in "${TARGETS[@]}"; do urls+=("$(base_url plain "$target")$upstream_path"); done
  warm_http_paths "$connections" "${urls[@]}"
  for run in $(seq 1 "$RUNS"); do
    for target in $(targets_for_run "$run"); do
      measure_http "$scenario" "$row" "$(base_url plain "$target")$upstream_path" "$connections" "$target"
    done
  done
}

scenario_a() {
  progress "a: small JSON GET, uncached, $HTTP_CONNECTIONS connections"
  start_stack
  run_http_scenario a json /json "$HTTP_CONNECTIONS"
  stop_stack
  section_a >"$RUN_DIR/sections/a.md"
}

scenario_b() {
  progress "b: small JSON GET as a cache hit, $HTTP_CONNECTIONS connections"
  start_stack
  local run target before after urls=()
  for target in "${TARGETS[@]}"; do urls+=("$(cache_hit_url "$target")"); done
  warm_http_paths "$HTTP_CONNECTIONS" "${urls[@]}"
  for run in $(seq 1 "$RUNS"); do
    for target in $(targets_for_run "$run"); do
      before=$(upstream_json_calls)
      measure_http b json "$(cache_hit_url "$target")" "$HTTP_CONNECTIONS" "$target"
      after=$(upstream_json_calls)
      record "b|json|$target|upstream_calls" $((after - before))
    done
  done
  stop_stack
  section_b >"$RUN_DIR/sections/b.md"
}

# The gateway's caching route; YARP has no cache, so its row is the same GET proxied, for scale.
cache_hit_url() {
  case "$1" in
    direct) echo "$(base_url plain direct)/json" ;;
    *) echo "$(base_url cached "$1")/json" ;;
  esac
}

upstream_json_calls() { upstream_calls json; }

# upstream_calls COUNTER: one of the upstream's counters (json, not_modified, full_bodies) from its /stats.
upstream_calls() {
  local stats
  stats=$(curl -s -m 5 "http://127.0.0.1:$UP_PORT/stats" || true)
  stats=$(sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$stats")
  echo "${stats:-0}"
}

scenario_c() {
  progress "c: 100 KiB responses, $HTTP_CONNECTIONS connections"
  start_stack
  run_http_scenario c 100k /bytes/102400 "$HTTP_CONNECTIONS"
  stop_stack
  section_c >"$RUN_DIR/sections/c.md"
}

scenario_d() {
  local mib=$((TRANSFER_BYTES / 1048576))
  progress "d: $mib MiB download and upload, throughput and peak RSS"
  start_stack
  local run target pid line before direction
  for target in "${TARGETS[@]}"; do
    transfer_download "$(base_url plain "$target")/download/$((16 * 1048576))" $((16 * 1048576)) >/dev/null
    transfer_upload "$(base_url plain "$target")/upload" $((16 * 1048576)) >/dev/null
  done
  for run in $(seq 1 "$RUNS"); do
    for target in $(targets_for_run "$run"); do
      pid=$(pid_of "$target")
      for direction in download upload; do
        before=$(rss_kib "$pid")
        reset_peak "$pid" || NOTES[d]+="- peak RSS is since process start: /proc/$pid/clear_refs was not writable"$'\n'
        if [ "$direction" = download ]; then
          line=$(transfer_download "$(base_url plain "$target")/download/$TRANSFER_BYTES" "$TRANSFER_BYTES")
        else
          line=$(transfer_upload "$(base_url plain "$target")/upload" "$TRANSFER_BYTES")
        fi
        echo "    $target $direction: $line, peak RSS $(( $(peak_kib "$pid") / 1024 )) MiB" >&2
        case "$line" in
          OK*)
            record "d|$direction|$target|mibps" "${line#OK }"
            record "d|$direction|$target|peak" "$(awk -v k="$(peak_kib "$pid")" 'BEGIN { printf "%.1f", k / 1024 }')"
            record "d|$direction|$target|before" "$(awk -v k="$before" 'BEGIN { printf "%.1f", k / 1024 }')"
            ;;
          *) NOTES[d]+="- $target, $direction: $line"$'\n' ;;
        esac
      done
    done
  done
  stop_stack
  section_d >"$RUN_DIR/sections/d.md"
}

scenario_e() {
  progress "e: WebSocket echo, $WS_ECHO_CONNECTIONS connections"
  start_stack
  local run target line pid ticks
  # Warmed at the measured load for the HTTP warm-up's length, so tiered JIT is done before run 1.
  for target in "${TARGETS[@]}"; do wsload_echo "$(ws_url "$target")" "$WS_ECHO_CONNECTIONS" "$WARMUP" 1 >/dev/null; done
  for run in $(seq 1 "$RUNS"); do
    for target in $(targets_for_run "$run"); do
      pid=$(pid_of "$target")
      ticks=$(cpu_ticks "$pid")
      line=$(wsload_echo "$(ws_url "$target")" "$WS_ECHO_CONNECTIONS" "$DURATION" 1)
      ticks=$(( $(cpu_ticks "$pid") - ticks ))
      echo "    $target echo: $line" >&2
      case "$line" in
        RESULT*)
          record "e|echo|$target|rate" "$(kv "$line" msgs_per_s)"
          record "e|echo|$target|p50" "$(kv "$line" p50_ms)"
          record "e|echo|$target|p99" "$(kv "$line" p99_ms)"
          # Over the whole client run, its 1 s warm-up included, alike for every path.
          record "e|echo|$target|cpu_us" "$(cpu_us_per "$ticks" "$(kv "$line" messages)")"
          ;;
        *) note_once e "- $target: $line" ;;
      esac
    done
  done
  stop_stack
  section_e >"$RUN_DIR/sections/e.md"
}

# note_once SCENARIO TEXT: the same failure in every run is said once.
note_once() { grep -qxF -- "$2" <<<"${NOTES[$1]:-}" || NOTES["$1"]+="$2"$'\n'; }

# (f): per run and path, fresh processes, so the RSS delta is the connections' and nothing else's.
scenario_f() {
  local n="$WS_IDLE_CONNECTIONS" fd_limit max
  fd_limit=$(ulimit -n)
  # A proxy holds two sockets per connection (client side and upstream side), plus its own files.
  max=$(( (fd_limit - 1000) / 2 ))
  if [ "$n" -gt "$max" ]; then
    note_once f "- $n connections asked, $max used: \`ulimit -n\` is $fd_limit and a proxy needs two descriptors per connection"
    n=$max
  fi
  IDLE_CONNECTIONS=$n
  progress "f: $n idle WebSocket connections, memory per connection"
  local run target
  for run in $(seq 1 "$RUNS"); do
    for target in $(targets_for_run "$run"); do measure_idle "$target" "$n"; done
  done
  section_f >"$RUN_DIR/sections/f.md"
}

IDLE_SEQ=0

measure_idle() {
  local target="$1" n="$2" pid before after fds client line log deadline
  start_upstream
  case "$target" in gateway) start_gateway ;; baseline) start_baseline ;; yarp) start_yarp ;; esac
  pid=$(pid_of "$target")
  line=$(wsload_echo "$(ws_url "$target")" 4 1 1)
  if [[ "$line" != RESULT* ]]; then
    note_once f "- $target: $line"
    stop_stack
    return
  fi
  sleep "$SETTLE"
  before=$(rss_kib "$pid")

  IDLE_SEQ=$((IDLE_SEQ + 1))
  log="$RUN_DIR/logs/wsload-idle-$IDLE_SEQ-$target.log"
  start_process "wsload-idle-$IDLE_SEQ-$target" dotnet "$DLL_WSLOAD" idle --url "$(ws_url "$target")" --header "$API_KEY_HEADER" \
    --connections "$n" --hold 600 --connect-timeout 180
  client=$LAST_PID
  deadline=$((SECONDS + 200))
  while [ $SECONDS -lt $deadline ] && kill -0 "$client" 2>/dev/null && ! grep -qs '^OPEN ' "$log"; do sleep 0.5; done
  line=$(grep -m1 -E '^(OPEN|FAILED) ' "$log" || true)
  if [[ "$line" == OPEN* ]]; then
    sleep "$SETTLE"
    after=$(rss_kib "$pid")
    fds=$(open_fds "$pid")
    echo "    $target: $n open, RSS $((before / 1024)) -> $((after / 1024)) MiB, $fds descriptors" >&2
    record "f|idle|$target|before" "$(awk -v k="$before" 'BEGIN { printf "%.1f", k / 1024 }')"
    record "f|idle|$target|after" "$(awk -v k="$after" 'BEGIN { printf "%.1f", k / 1024 }')"
    record "f|idle|$target|per_conn" "$(awk -v a="$after" -v b="$before" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }')"
  else
    note_once f "- $target: ${line:-the idle client opened nothing within 200 s}"
  fi
  stop_process "$client"
  # The client's last line says whether every connection stayed open while it was measured.
  line=$(grep -m1 '^RESULT ' "$log" || true)
  if [ -n "$line" ] && [ "$(kv "$line" held)" != "$n" ]; then note_once f "- $target: only $(kv "$line" held) of $n connections were still open at the end ($line)"; fi
  stop_stack
}

scenario_g() {
  local c
  start_stack
  for c in $G_LEVELS; do
    progress "g: small JSON GET at $c connections"
    run_http_scenario g "c$c" /json "$c"
  done
  stop_stack
  section_g >"$RUN_DIR/sections/g.md"
}

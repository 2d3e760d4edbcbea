# Load generators (wrk, curl, WsLoad), each bounded by `timeout`, and the store of per-run values
# whose medians the report prints.

declare -A RESULTS=()

# record KEY VALUE: one run's value (KEY = scenario|row|path|metric).
record() { RESULTS["$1"]="${RESULTS[$1]:-} $2"; }

# median KEY: the median of the recorded numeric values, or "n/a" when no run produced one.
median() {
  local values="${RESULTS[$1]:-}"
  tr ' ' '\n' <<<"$values" | awk '/^[0-9.]+$/' | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "n/a"; exit }
      if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# total KEY: the sum of the recorded values (for error counts).
total() { tr ' ' '\n' <<<"${RESULTS[$1]:-}" | awk '/^[0-9]+$/ { s += $1 } END { print s + 0 }'; }

# kv LINE KEY: the value of KEY in a "RESULT a=1 b=2" line.
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2; exit }'; }

# url PATH_KIND TARGET: the base URL of a target. Proxies get the route prefix; direct does not.
base_url() {
  case "$2" in
    gateway) echo "http://127.0.0.1:$GW_PORT/$1" ;;
    baseline) echo "http://127.0.0.1:$BASE_PORT/$1" ;;
    yarp) echo "http://127.0.0.1:$YARP_PORT/$1" ;;
    direct) echo "http://127.0.0.1:$UP_PORT" ;;
  esac
}

# pid_of TARGET: the process whose memory is reported (for direct, the upstream itself).
pid_of() {
  case "$1" in
    gateway) echo "$GW_PID" ;;
    baseline) echo "$BASE_PID" ;;
    yarp) echo "$YARP_PID" ;;
    direct) echo "$UP_PID" ;;
  esac
}

# wrk_run URL CONNECTIONS SECONDS: prints the RESULT line of bench/wrk/summary.lua, or "FAILED ...".
# WRK_SCRIPT, when set, is another script that prints that line (one that also chooses each request's path).
wrk_run() {
  local url="$1" connections="$2" seconds="$3" threads out
  threads=$(nproc)
  [ "$threads" -le "$connections" ] || threads="$connections"
  out=$(timeout $((seconds + 30)) wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
        -H "$API_KEY_HEADER" -s "${WRK_SCRIPT:-$BENCH_DIR/wrk/summary.lua}" "$url" 2>&1) || true
  grep -m1 '^RESULT ' <<<"$out" || echo "FAILED wrk: $(tail -n 1 <<<"$out")"
}

# measure_http SCENARIO ROW URL CONNECTIONS TARGET: one wrk run, recorded under SCENARIO|ROW|TARGET|...
# (with the target process's CPU time per request, which only the --baseline comparison prints).
measure_http() {
  local scenario="$1" row="$2" url="$3" connections="$4" target="$5" line key pid ticks
  pid=$(pid_of "$target")
  ticks=$(cpu_ticks "$pid")
  line=$(wrk_run "$url" "$connections" "$DURATION")
  ticks=$(( $(cpu_ticks "$pid") - ticks ))
  key="$scenario|$row|$target"
  echo "    $target $row: $line" >&2
  case "$line" in
    RESULT*)
      record "$key|rps" "$(kv "$line" rps)"
      record "$key|p50" "$(kv "$line" p50_ms)"
      record "$key|p99" "$(kv "$line" p99_ms)"
      record "$key|requests" "$(kv "$line" requests)"
      record "$key|errors" "$(( $(kv "$line" errors) + $(kv "$line" non2xx) ))"
      record "$key|cpu_us" "$(cpu_us_per "$ticks" "$(kv "$line" requests)")"
      ;;
    *) record "$key|errors" 1; NOTES["$scenario"]+="- $target, $row: ${line}"$'\n' ;;
  esac
}

# cpu_us_per TICKS COUNT: CPU microseconds per request (or message), or n/a for none.
cpu_us_per() { awk -v t="$1" -v n="$2" -v h="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.2f", t / h * 1e6 / n; else print "n/a" }'; }

warm_http() { wrk_run "$1" "$2" "$WARMUP" >/dev/null; }

# transfer_download URL BYTES: prints "OK mib_per_s" or "FAILED reason".
transfer_download() {
  local url="$1" bytes="$2" out code size seconds
  out=$(timeout 600 curl -sS -o /dev/null -H "$API_KEY_HEADER" -w '%{http_code} %{size_download} %{time_total}' "$url" 2>&1) || true
  read -r code size seconds <<<"$out"
  if [ "$code" != 200 ] || [ "$size" != "$bytes" ]; then echo "FAILED download: status ${code:-?}, ${size:-?} of $bytes bytes ($out)"; return; fi
  awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "OK %.1f\n", b / s / 1048576 }'
}

# transfer_upload URL BYTES: streams BYTES zero bytes as a chunked POST; the upstream says how many it got.
transfer_upload() {
  local url="$1" bytes="$2" out body code seconds
  out=$(head -c "$bytes" /dev/zero | timeout 600 curl -sS -X POST -T - -H 'Expect:' -H "$API_KEY_HEADER" \
        -H 'Content-Type: application/octet-stream' -w '\n%{http_code} %{time_total}' "$url" 2>&1) || true
  body=$(head -n 1 <<<"$out")
  read -r code seconds <<<"$(tail -n 1 <<<"$out")"
  if [ "$code" != 200 ] || [ "$body" != "{\"bytes\":$bytes}" ]; then echo "FAILED upload: status ${code:-?}, upstream said ${body:-nothing}"; return; fi
  awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "OK %.1f\n", b / s / 1048576 }'
}

# wsload_echo URL CONNECTIONS SECONDS WARMUP: the RESULT or FAILED line of bench/WsLoad.
wsload_echo() {
  local out
  out=$(timeout $(($3 + $4 + 150)) dotnet "$DLL_WSLOAD" echo --url "$1" --connections "$2" --duration "$3" --warmup "$4" --connect-timeout 60 --header "$API_KEY_HEADER" 2>&1) || true
  grep -m1 -E '^(RESULT|FAILED) ' <<<"$out" || echo "FAILED wsload: $(tail -n 1 <<<"$out")"
}

ws_url() {
  case "$1" in
    gateway) echo "ws://127.0.0.1:$GW_PORT/plain/ws" ;;
    baseline) echo "ws://127.0.0.1:$BASE_PORT/plain/ws" ;;
    yarp) echo "ws://127.0.0.1:$YARP_PORT/plain/ws" ;;
    direct) echo "ws://127.0.0.1:$UP_PORT/ws" ;;
  esac
}

# Markdown: one section per scenario (medians over the runs, ratios from the same run set), a header
# describing the machine and the build, and the method. Nothing here measures anything.

num() { [ "$1" = n/a ] && echo n/a || awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
int() { num "$1" "%.0f"; }
ms() { num "$1" "%.2f"; }
mib() { num "$1" "%.1f"; }

# raw_ratio A B: A / B, or n/a.
raw_ratio() {
  if [ "$1" = n/a ] || [ "$2" = n/a ]; then echo n/a; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.4f\n", a / b }'
}
times() { [ "$1" = n/a ] && echo n/a || awk -v v="$1" 'BEGIN { printf "%.2f×", v }'; }

# at_least V T / at_most V T: "met", "missed" or "not measured".
at_least() { [ "$1" = n/a ] && echo "not measured" || awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t) ? "met" : "missed" }'; }
at_most() { [ "$1" = n/a ] && echo "not measured" || awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "missed" }'; }

# both V1 V2: the verdict of two conditions together.
both() {
  case "$1 $2" in
    *"not measured"*) echo "not measured" ;;
    "met met") echo "met" ;;
    *) echo "missed" ;;
  esac
}

# per_run_ratios KEY_A KEY_B: A / B within each run, in run order, with their median; nothing for a
# single run or when a run is missing from either (the pairs would not line up). The host's speed
# drifts between runs, and a path's median over the runs mixes its states. Both figures of one run
# were measured a minute apart, so their ratio shows how much of the spread was the drift.
per_run_ratios() {
  awk -v a="${RESULTS[$1]:-}" -v b="${RESULTS[$2]:-}" 'BEGIN {
    n = split(a, x, " "); m = split(b, y, " ")
    if (n != m || n < 2) exit
    for (i = 1; i <= n; i++) {
      if (x[i] !~ /^[0-9.]+$/ || y[i] !~ /^[0-9.]+$/ || y[i] == 0) exit
      r[i] = x[i] / y[i]; s[i] = r[i]
      text = text (i > 1 ? ", " : "") sprintf("%.2f", r[i])
    }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
    median = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
    printf "%s (median %.2f×)", text, median
  }'
}

# per_run_median KEY_A KEY_B: the median of A / B within each run (one run: its ratio), or n/a when a
# run is missing from either. What (e)'s target is judged on: the two figures of a run were measured
# within the same minute, so the host's drift between runs falls on both.
per_run_median() {
  awk -v a="${RESULTS[$1]:-}" -v b="${RESULTS[$2]:-}" 'BEGIN {
    n = split(a, x, " "); m = split(b, y, " ")
    if (n != m || n < 1) { print "n/a"; exit }
    for (i = 1; i <= n; i++) {
      if (x[i] !~ /^[0-9.]+$/ || y[i] !~ /^[0-9.]+$/ || y[i] == 0) { print "n/a"; exit }
      s[i] = x[i] / y[i]
    }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
    printf "%.4f\n", (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
  }'
}

# per_run_line KEY_A KEY_B [WHAT]: the gateway/YARP ratios of per_run_ratios, as a sentence; without WHAT,
# saying that the target is judged on the ratio of the medians.
per_run_line() {
  local line
  line=$(per_run_ratios "$1" "$2")
  [ -n "$line" ] || return 0
  echo
  if [ -n "${3:-}" ]; then
    echo "$3, gateway / YARP within each run, in run order: $line."
  else
    echo "Gateway / YARP within each run, in run order: $line. The target is judged on the ratio of the medians above."
  fi
}

# baseline_table SCENARIO ROW:METRIC...: with --baseline, the gateway against the baseline gateway on each
# metric, as the ratio of the medians and run by run (both were measured in the same run, in turn).
baseline_table() {
  [ -n "$BASELINE_DIR" ] || return 0
  local s="$1" item r m a b f; shift
  echo
  echo "Against the baseline, the gateway of \`$BASELINE_COMMIT\` (\`--baseline\`), measured in the same runs:"
  echo
  echo "| row | measure | gateway | baseline | gateway / baseline | within each run |"
  echo "| --- | --- | ---: | ---: | ---: | --- |"
  for item in "$@"; do
    r=${item%%:*}; m=${item#*:}
    a=$(median "$s|$r|gateway|$m"); b=$(median "$s|$r|baseline|$m")
    case "$m" in rps|rate) f="%.0f" ;; *) f="%.2f" ;; esac
    echo "| $r | $(metric_label "$s" "$m") | $(num "$a" "$f") | $(num "$b" "$f") | $(times "$(raw_ratio "$a" "$b")") | $(per_run_ratios "$s|$r|gateway|$m" "$s|$r|baseline|$m") |"
  done
}

metric_label() {
  case "$2" in
    rps) echo "req/s" ;;
    rate) echo "msgs/s" ;;
    p99) echo "p99 ms" ;;
    cpu_us) if [ "$1" = e ]; then echo "CPU µs per message"; else echo "CPU µs per request"; fi ;;
    mibps) echo "MiB/s" ;;
    peak) echo "peak RSS MiB" ;;
    per_conn) echo "KiB per connection" ;;
    *) echo "$2" ;;
  esac
}

# target_line TEXT VERDICT [ISSUE]: the target, from issue 9 unless said otherwise.
target_line() {
  local verdict="$2"
  [ "$verdict" != missed ] || verdict="**missed**"
  [ "$QUICK" = 0 ] || verdict="$verdict (smoke run: not a verdict)"
  echo
  echo "Target (${3:-issue 9}): $1 — $verdict"
}

notes_of() {
  [ -z "${NOTES[$1]:-}" ] && return
  echo
  echo "Notes:"
  echo
  printf '%s' "${NOTES[$1]}"
}

label() {
  case "$1" in gateway) echo "gateway" ;; baseline) echo "baseline \`$BASELINE_COMMIT\`" ;; yarp) echo "YARP" ;; direct) echo "direct (no proxy)" ;; esac
}

# http_rows SCENARIO ROW [FIRST_COLUMN]: the three paths of one HTTP measurement.
http_rows() {
  local s="$1" r="$2" first="${3:-}" t rps p99 yarp_rps yarp_p99 direct_rps cell
  yarp_rps=$(median "$s|$r|yarp|rps"); yarp_p99=$(median "$s|$r|yarp|p99"); direct_rps=$(median "$s|$r|direct|rps")
  for t in "${TARGETS[@]}"; do
    rps=$(median "$s|$r|$t|rps"); p99=$(median "$s|$r|$t|p99")
    cell="| ${first:+$first | }$(label "$t") | $(int "$rps") | $(ms "$(median "$s|$r|$t|p50")") | $(ms "$p99") | $(total "$s|$r|$t|errors")"
    if [ "$t" = gateway ]; then
      cell+=" | $(times "$(raw_ratio "$rps" "$yarp_rps")") | $(times "$(raw_ratio "$p99" "$yarp_p99")")"
    else
      cell+=" | | "
    fi
    if [ "$t" = direct ]; then cell+=" | |"; else cell+=" | $(times "$(raw_ratio "$rps" "$direct_rps")") |"; fi
    echo "$cell"
  done
}

http_header() {
  echo "| ${1:+$1 | }path | req/s | p50 ms | p99 ms | errors | req/s vs YARP | p99 vs YARP | req/s vs direct |"
  echo "| ${1:+---: | }--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
}

load_line() {
  echo "wrk, $1 connections, $(nproc) threads, ${DURATION} s per run after two ${WARMUP} s warm-ups of each path in turn; median of $RUNS run(s)."
}

section_a() {
  local rps_ratio p99_ratio
  rps_ratio=$(raw_ratio "$(median "a|json|gateway|rps")" "$(median "a|json|yarp|rps")")
  p99_ratio=$(raw_ratio "$(median "a|json|gateway|p99")" "$(median "a|json|yarp|p99")")
  echo "## (a) Small JSON GET, uncached"
  echo
  echo "\`GET /json\` (an 81-byte JSON body) on the uncached route. $(load_line "$HTTP_CONNECTIONS")"
  echo
  http_header
  http_rows a json
  per_run_line "a|json|gateway|rps" "a|json|yarp|rps"
  baseline_table a json:rps json:p99 json:cpu_us
  target_line "gateway ≥ 1.0× YARP's req/s with p99 no worse than YARP's" "$(both "$(at_least "$rps_ratio" 1.0)" "$(at_most "$p99_ratio" 1.0)")"
  notes_of a
}

section_b() {
  local ratio calls requests
  ratio=$(raw_ratio "$(median "b|json|gateway|rps")" "$(median "b|json|direct|rps")")
  calls=$(total "b|json|gateway|upstream_calls")
  requests=$(total "b|json|gateway|requests")
  echo "## (b) The same GET as a cache hit"
  echo
  echo "\`GET /json\` on the gateway's caching route (filled during the warm-up), against the upstream served"
  echo "directly; YARP (no cache) proxies the same GET, for scale. $(load_line "$HTTP_CONNECTIONS")"
  echo
  http_header
  http_rows b json
  echo
  if [ "$requests" -gt 0 ] && [ "$calls" -le $((requests / 100)) ]; then
    echo "Cache check: the upstream saw $calls of the gateway's $requests requests, so the gateway row is cache hits."
  else
    echo "Cache check: the upstream saw $calls of the gateway's $requests requests: **the cache was not answering** in this build,"
    echo "so the gateway row is the proxied path, not a cache hit."
  fi
  baseline_table b json:rps json:p99 json:cpu_us
  target_line "gateway (cache hit) ≥ 0.8× the upstream served directly" "$(at_least "$ratio" 0.8)"
  notes_of b
}

section_c() {
  echo "## (c) 100 KiB responses"
  echo
  echo "\`GET /bytes/102400\` on the uncached route. $(load_line "$HTTP_CONNECTIONS")"
  echo
  http_header
  http_rows c 100k
  per_run_line "c|100k|gateway|rps" "c|100k|yarp|rps"
  baseline_table c 100k:rps 100k:p99 100k:cpu_us
  target_line "gateway ≥ 1.0× YARP's req/s" "$(at_least "$(raw_ratio "$(median "c|100k|gateway|rps")" "$(median "c|100k|yarp|rps")")" 1.0)"
  notes_of c
}

section_d() {
  local direction t mibps peak yarp_mibps yarp_peak verdicts=() ratio delta cell
  echo "## (d) $((TRANSFER_BYTES / 1048576)) MiB download and upload"
  echo
  echo "One transfer at a time with curl (upload: a chunked POST read to the end by the upstream, which"
  echo "reports the byte count; download: checked for length). Peak RSS is VmHWM of the proxy process, reset"
  echo "(\`/proc/PID/clear_refs\`) before each transfer; for the direct path it is the upstream's own. Median of $RUNS run(s)."
  echo
  echo "| transfer | path | MiB/s | peak RSS MiB | RSS before MiB | MiB/s vs YARP | peak RSS − YARP's |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for direction in download upload; do
    yarp_mibps=$(median "d|$direction|yarp|mibps"); yarp_peak=$(median "d|$direction|yarp|peak")
    for t in "${TARGETS[@]}"; do
      mibps=$(median "d|$direction|$t|mibps"); peak=$(median "d|$direction|$t|peak")
      cell="| $direction | $(label "$t") | $(mib "$mibps") | $(mib "$peak") | $(mib "$(median "d|$direction|$t|before")")"
      if [ "$t" = gateway ]; then
        ratio=$(raw_ratio "$mibps" "$yarp_mibps")
        delta=n/a
        [ "$peak" = n/a ] || [ "$yarp_peak" = n/a ] || delta=$(awk -v a="$peak" -v b="$yarp_peak" 'BEGIN { printf "%.1f", a - b }')
        if [ "$delta" = n/a ]; then cell+=" | $(times "$ratio") | n/a |"; else cell+=" | $(times "$ratio") | $delta MiB |"; fi
        verdicts+=("$(both "$(at_least "$ratio" 1.0)" "$(at_most "$delta" 50)")")
      else
        cell+=" | | |"
      fi
      echo "$cell"
    done
  done
  baseline_table d download:mibps download:peak upload:mibps upload:peak
  target_line "gateway ≥ 1.0× YARP's throughput and peak RSS within 50 MiB of YARP's, both directions" "$(both "${verdicts[0]}" "${verdicts[1]}")"
  notes_of d
}

section_e() {
  local t rate p99 cpu yarp_rate yarp_p99 yarp_cpu direct_rate cell rate_ratio cpu_ratio
  yarp_rate=$(median "e|echo|yarp|rate"); yarp_p99=$(median "e|echo|yarp|p99"); yarp_cpu=$(median "e|echo|yarp|cpu_us")
  direct_rate=$(median "e|echo|direct|rate")
  echo "## (e) WebSocket echo, small messages"
  echo
  echo "bench/WsLoad echo: $WS_ECHO_CONNECTIONS connections, each sending a 32-byte text message and waiting for its echo"
  echo "(closed loop), ${DURATION} s per run after a 1 s warm-up; median of $RUNS run(s). CPU per message: the proxy's"
  echo "(or, direct, the upstream's) user + system time over the client's run, its warm-up included, over the messages echoed."
  echo
  echo "| path | msgs/s | p50 ms | p99 ms | CPU µs per message | msgs/s vs YARP | p99 vs YARP | CPU vs YARP | msgs/s vs direct |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in "${TARGETS[@]}"; do
    rate=$(median "e|echo|$t|rate"); p99=$(median "e|echo|$t|p99"); cpu=$(median "e|echo|$t|cpu_us")
    cell="| $(label "$t") | $(int "$rate") | $(ms "$(median "e|echo|$t|p50")") | $(ms "$p99") | $(ms "$cpu")"
    if [ "$t" = gateway ]; then
      cell+=" | $(times "$(raw_ratio "$rate" "$yarp_rate")") | $(times "$(raw_ratio "$p99" "$yarp_p99")") | $(times "$(raw_ratio "$cpu" "$yarp_cpu")")"
    else
      cell+=" | | | "
    fi
    if [ "$t" = direct ]; then cell+=" | |"; else cell+=" | $(times "$(raw_ratio "$rate" "$direct_rate")") |"; fi
    echo "$cell"
  done
  per_run_line "e|echo|gateway|rate" "e|echo|yarp|rate" "Messages per second"
  per_run_line "e|echo|gateway|cpu_us" "e|echo|yarp|cpu_us" "CPU per message"
  rate_ratio=$(per_run_median "e|echo|gateway|rate" "e|echo|yarp|rate")
  cpu_ratio=$(per_run_median "e|echo|gateway|cpu_us" "e|echo|yarp|cpu_us")
  echo
  # Three decimals: a median of 1.104 is not within 1.10.
  echo "The target is judged on the medians of these per-run ratios: $(num "$rate_ratio" "%.3f×") for messages per second, $(num "$cpu_ratio" "%.3f×") for CPU per message."
  baseline_table e echo:rate echo:p99 echo:cpu_us
  # Parity within the machine's noise, not a lead: every frame passes through its relay actor's mailbox
  # (docs/architecture.md, "Decisions and their reasons").
  target_line "the median of the per-run gateway/YARP ratios of messages per second ≥ 0.95×, with CPU per message ≤ 1.10× YARP's (median of the per-run ratios)" \
    "$(both "$(at_least "$rate_ratio" 0.95)" "$(at_most "$cpu_ratio" 1.10)")" "issue 21"
  notes_of e
}

section_f() {
  local t per yarp_per cell ratio
  yarp_per=$(median "f|idle|yarp|per_conn")
  echo "## (f) Idle WebSocket connections: memory per connection"
  echo
  echo "bench/WsLoad idle opens ${IDLE_CONNECTIONS} connections and holds them silent. Per run and path a fresh upstream"
  echo "and proxy are started and warmed with a short echo run; RSS (VmRSS) is read before the connections"
  echo "open and ${SETTLE} s after the last one is up. Per connection = RSS delta / connections. For the direct path the"
  echo "process measured is the upstream's Kestrel echo itself. Median of $RUNS run(s)."
  echo
  echo "| path | connections | RSS before MiB | RSS all open MiB | KiB per connection | vs YARP |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for t in "${TARGETS[@]}"; do
    per=$(median "f|idle|$t|per_conn")
    cell="| $(label "$t") | ${IDLE_CONNECTIONS} | $(mib "$(median "f|idle|$t|before")") | $(mib "$(median "f|idle|$t|after")") | $(num "$per" "%.1f")"
    if [ "$t" = gateway ]; then ratio=$(raw_ratio "$per" "$yarp_per"); cell+=" | $(times "$ratio") |"; else cell+=" | |"; fi
    echo "$cell"
  done
  baseline_table f idle:per_conn
  target_line "gateway ≤ 1.5× YARP's memory per connection" "$(at_most "$(raw_ratio "$(median "f|idle|gateway|per_conn")" "$yarp_per")" 1.5)"
  notes_of f
}

section_g() {
  local c
  echo "## (g) Throughput and p99 by client connections"
  echo
  echo "\`GET /json\` on the uncached route at ${G_LEVELS// /, } connections. $(load_line "each level's")"
  echo
  http_header connections
  for c in $G_LEVELS; do http_rows g "c$c" "$c"; done
  local items=()
  for c in $G_LEVELS; do items+=("c$c:rps" "c$c:p99" "c$c:cpu_us"); done
  baseline_table g "${items[@]}"
  echo
  echo "Target (issue 9): none of its own; it shows how (a) holds up as connections grow."
  notes_of g
}

describe_machine() {
  local cpu memory
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
  memory=$(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB" }')
  [ -n "$memory" ] || memory=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "- Machine: $(nproc) CPUs (${cpu:-unknown model}), $memory RAM, $(uname -sr), load average at start: $LOAD_AT_START"
  echo "- Software: .NET SDK $(dotnet --version), $({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }'), curl $(curl --version | awk 'NR == 1 { print $2 }'), \`ulimit -n\` $(ulimit -n)"
}

write_report() {
  local file="$RUN_DIR/benchmarks.md" s
  {
    echo "# Benchmarks: gateway vs YARP vs direct"
    echo
    if [ "$QUICK" = 1 ]; then
      echo "> **Smoke run** (\`--quick\`: $RUNS run of ${DURATION} s, fewer connections, $((TRANSFER_BYTES / 1048576)) MiB transfers)."
      echo "> It proves the harness end to end; its numbers are not a measurement. Run \`bench/run\` on a quiet machine for those."
      echo
    fi
    if [ -n "$NOTE" ]; then echo "> $NOTE"; echo; fi
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Commit: \`$(git -C "$ROOT" rev-parse --short HEAD)\`$(git -C "$ROOT" diff --quiet HEAD -- . ':(exclude)docs/benchmarks.md' 2>/dev/null || echo ' (with uncommitted changes)') on \`$(git -C "$ROOT" rev-parse --abbrev-ref HEAD)\`"
    echo "- Command: \`$COMMAND_LINE\`"
    describe_machine
    echo "- Gateway under test (\`Gateway.Web\`, Release, overlay [\`bench/config/gateway.hocon\`](../bench/config/gateway.hocon)):"
    echo "  - auth: ${FEATURE_AUTH:-not probed (no scenario started the gateway)}"
    echo "  - rate limiting: ${FEATURE_RATE_LIMIT:-not probed}"
    echo "  - circuit breaker: ${FEATURE_BREAKER:-not probed}"
    echo "  - cache: off, except on the routes of scenarios (b) and (k); their tables say what the cache served"
    echo "  - request log: no line per request (\`logging.requests = off\`), as YARP's host writes none; \`bench/policy-costs\` measures the line's cost"
    echo "- YARP: \`bench/YarpHost\` (Yarp.ReverseProxy 2.3.0), the same two routes, no policies."
    echo "- Direct: the same upstream (\`bench/BenchUpstream\`), no proxy."
    if [ -n "$SPIN_LIMIT" ]; then
      echo "- Thread-pool spin limit of every gateway process: $SPIN_LIMIT (\`GATEWAY_BENCH_SPIN\`, as \`${GATEWAY_ENV[0]}\`; .NET 10's default is 70). YARP and the upstream run with the default."
    fi
    if [ -n "$BASELINE_DIR" ]; then
      echo "- Baseline (\`--baseline\`): the gateway of \`$BASELINE_COMMIT\` (\`$BASELINE_DIR\`), Release, the same overlay, one more path in (a)–(g)."
    fi
    echo
    echo "Ratios are the gateway's median over YARP's (or the direct path's) median from the same run. For req/s"
    echo "and MiB/s higher is better; for p99, CPU and memory lower is better."
    echo
    for s in "${SCENARIOS[@]}"; do
      if [ -f "$RUN_DIR/sections/$s.md" ]; then cat "$RUN_DIR/sections/$s.md"; echo; fi
    done
    method_text
  } >"$file"
  mkdir -p "$(dirname "$OUT_FILE")"
  cp "$file" "$OUT_FILE"
  cat "$file"
  echo >&2
  echo "bench/run: written to $OUT_FILE (logs and raw output in $RUN_DIR)" >&2
}

method_text() {
  cat <<'METHOD'
## Method

- Everything runs on 127.0.0.1 on the one machine: load generator, proxy and upstream share its CPUs,
  so the numbers are comparisons between the three paths, not capacity figures for a dedicated host.
- Each scenario starts its own upstream, gateway and YARP (scenario f: fresh ones per run and path),
  so no scenario inherits another's heap, pools or connections. Every path is warmed up before it is
  measured (the HTTP scenarios: each path in turn, then each again, since a .NET process under load goes
  on compiling its hot code for about a minute), and the paths take turns within each run (the order
  rotates from run to run), so a noisy moment on the machine falls on all three alike. Each figure is
  the median over the runs.
- The host's speed can drift between runs, so (a), (c) and (e) also list the gateway/YARP ratio within
  each run, where both were measured a minute apart. (e)'s target is judged on the median of those
  per-run ratios (messages per second, and CPU per message); the others on the ratio of the medians.
- HTTP load: wrk (closed loop: each connection sends its next request when the last answer came), with
  bench/wrk/summary.lua printing requests/s, p50, p99 and errors. Errors counts socket errors and
  non-2xx/3xx answers; a non-zero count means that row measured something other than success.
- WebSockets: bench/WsLoad (`dotnet bench/WsLoad/bin/Release/net10.0/WsLoad.dll echo|idle ...`).
- All three .NET processes use the same settings from Directory.Build.props (workstation GC,
  invariant globalization); the upstream prepares its answers once so it costs little per request.
- Logs of every process and the raw lines of every run are kept in bench/out/<time>/ (not committed).
METHOD
  if [[ " ${SCENARIOS[*]} " == *" j "* ]]; then
    cat <<'METHOD'
- (j) starts its own upstream, one gateway on its own, three clustered gateways (cluster ports in
  18100-18199, the first node the seed) and three more gateways with the cluster off, no YARP. All
  seven run throughout; the idle ones cost a little CPU while the others are measured. Its wrk runs
  use bench/wrk/cluster.lua, which adds the latency percentiles from which the three runs' p99 is
  merged, and the optional pause between requests.
METHOD
  fi
  if [ -n "$BASELINE_DIR" ]; then
    cat <<'METHOD'
- `--baseline DIR`: the gateway built from DIR runs beside this one with the same overlay, as a fourth
  path that takes its turn in every run of (a)-(g). Its comparison lists each run's gateway/baseline
  ratio, since both were measured within the same minute; CPU per request (or message) is the process's
  user + system time over the load run divided by what it answered (for (e), over the client's 1 s
  warm-up too, alike for both).
METHOD
  fi
}

# Scenario (j) of issue 18 (item 10), and (l), which checks (j)'s warm-up (at the end). (j): three gateway
# nodes in one Akka.Cluster against one gateway on its own, on this one machine, in the same run. The client
# load is the same for all: three wrk processes at once, one thread each, the scenario's connections split
# over them, all three at the one gateway or one at each node. CPU per request is the gateway processes' CPU
# time (summed over the three nodes) over the requests answered; the upstream's and wrk's are not counted.
#
# A control takes its turn in every run: three gateways with the cluster off, each on its own, under the
# same split load. Three processes on one machine cost more than one whatever they say to each other (three
# thread pools, three sets of timers, less work per wake-up), so clustered / not clustered is the cluster's
# own cost, and not clustered / one node what three processes cost on this machine.

# The paced load: each connection waits this long between an answer and its next request, so the load
# offered is about the same whatever the latency (wrk has no fixed-rate mode).
CLUSTER_PAUSE_MS=10
J_SEQ=0
NODE_PORTS=()
NODE_PIDS=()
NODE_CLUSTER_PORTS=()
APART_PORTS=()
APART_PIDS=()
# The three setups, each measured once per run in an order that rotates.
J_CONFIGS=(single cluster apart)

# cluster_base_port: the first of three consecutive ports in 18100-18199 that nothing listens on, for
# the nodes' cluster traffic (the tests take ephemeral ports, the app host's cluster 4053-4062).
cluster_base_port() {
  local port i taken
  for port in $(seq 18100 3 18197); do
    taken=0
    for i in 0 1 2; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$((port + i))") 2>/dev/null; then taken=1; fi
    done
    if [ "$taken" = 0 ]; then echo "$port"; return 0; fi
  done
  echo "bench/run: no three free ports in 18100-18199 for the cluster" >&2
  return 1
}

# Three gateways with the benchmark's overlay and a gateway.cluster block, the first the seed; returns
# once every node is ready (an up member, /readyz) and sees three members up.
start_cluster_nodes() {
  local first i cport port overlay
  first=$(cluster_base_port)
  NODE_PORTS=(); NODE_PIDS=(); NODE_CLUSTER_PORTS=()
  for i in 0 1 2; do
    cport=$((first + i))
    port=$(free_port)
    # free_port ran in a subshell: move past its port here, or the next node, started before this one
    # listens, would be given the same one.
    NEXT_PORT=$((port + 1))
    overlay=$(write_gateway_overlay "node-$cport")
    echo "gateway.cluster { enabled = on, hostname = \"127.0.0.1\", port = $cport, seed-nodes = [\"127.0.0.1:$first\"] }" >>"$overlay"
    start_process "node-$cport" env "${GATEWAY_ENV[@]}" dotnet "$DLL_GATEWAY" --urls "http://127.0.0.1:$port" --config "$overlay"
    NODE_PORTS+=("$port"); NODE_PIDS+=("$LAST_PID"); NODE_CLUSTER_PORTS+=("$cport")
    # The seed first, so the other two join a cluster that is already up.
    if [ "$i" = 0 ]; then wait_ready "node-$cport" "$LAST_PID" "http://127.0.0.1:$port/readyz"; fi
  done
  for i in 1 2; do
    wait_ready "node-${NODE_CLUSTER_PORTS[$i]}" "${NODE_PIDS[$i]}" "http://127.0.0.1:${NODE_PORTS[$i]}/readyz"
  done
  local deadline=$((SECONDS + 60)) up
  for i in 0 1 2; do
    while :; do
      up=$(members_up "${NODE_PORTS[$i]}")
      [ "$up" != 3 ] || break
      if [ $SECONDS -ge $deadline ]; then
        echo "bench/run: node ${NODE_CLUSTER_PORTS[$i]} sees $up members up, not 3, after 60 s" >&2
        return 1
      fi
      sleep 0.5
    done
  done
}

# The control: three gateways with the benchmark's overlay and nothing else, so each is a cluster of one
# (gateway.cluster off) with its own limiter, cache and breakers; returns once all three are ready.
start_apart_nodes() {
  local i port
  APART_PORTS=(); APART_PIDS=()
  for i in 0 1 2; do
    port=$(free_port)
    # As in start_cluster_nodes: free_port ran in a subshell.
    NEXT_PORT=$((port + 1))
    start_process "apart-$port" env "${GATEWAY_ENV[@]}" dotnet "$DLL_GATEWAY" --urls "http://127.0.0.1:$port" \
      --config "$(write_gateway_overlay "apart-$port")"
    APART_PORTS+=("$port"); APART_PIDS+=("$LAST_PID")
  done
  for i in 0 1 2; do
    wait_ready "apart-${APART_PORTS[$i]}" "${APART_PIDS[$i]}" "http://127.0.0.1:${APART_PORTS[$i]}/readyz"
  done
}

stop_apart_nodes() {
  local pid
  for pid in "${APART_PIDS[@]}"; do stop_process "$pid"; done
  APART_PIDS=(); APART_PORTS=()
}

# members_up PORT: how many cluster members the node's status.json lists as up.
members_up() {
  { curl -s -m 5 -H "$API_KEY_HEADER" "http://127.0.0.1:$1/_gateway/status.json" || true; } \
    | sed -n 's/.*"cluster":{\(.*\)/\1/p' | { grep -o '"status":"up"' || true; } | wc -l
}

stop_cluster_nodes() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do stop_process "$pid"; done
  NODE_PIDS=(); NODE_PORTS=(); NODE_CLUSTER_PORTS=()
}

# remote_decisions: rate-limit decisions the cluster nodes asked of a limiter on another node, summed
# over the three (their metrics' counter; a node asks when it holds no lease of the client's permits).
remote_decisions() {
  local port sum=0 v
  for port in "${NODE_PORTS[@]}"; do
    v=$(curl -s -m 5 -H "$API_KEY_HEADER" "http://127.0.0.1:$port/metrics" | awk '
      /^gateway_cluster_decision_duration_milliseconds_count\{/ && /kind="rate-limit"/ && /node="remote"/ { s += $NF }
      END { printf "%.0f\n", s }')
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

# merged_quantile Q FILE...: the Q-th percentile of several wrk runs' latencies taken together, each run
# weighted by its requests: F(x) = Σ nᵢ Fᵢ(x) / Σ nᵢ, each Fᵢ interpolated linearly between the points
# of its QUANTILES line (bench/wrk/cluster.lua), solved for F(x) = Q by bisection. Milliseconds.
merged_quantile() {
  local q="$1"; shift
  awk -v q="$q" '
    /^RESULT / { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "requests") n[FILENAME] = kv[2] } }
    /^QUANTILES / {
      f = FILENAME; files[f] = 1; k[f] = 0
      for (i = 2; i <= NF; i++) { split($i, kv, "="); k[f]++; P[f, k[f]] = kv[1] / 100; V[f, k[f]] = kv[2] }
    }
    function cdf(f, x,   j) {
      if (x < V[f, 1]) return 0
      for (j = 1; j < k[f]; j++)
        if (x < V[f, j + 1]) return P[f, j] + (P[f, j + 1] - P[f, j]) * (x - V[f, j]) / (V[f, j + 1] - V[f, j])
      return 1
    }
    END {
      total = 0; lo = ""; hi = ""
      for (f in files) {
        total += n[f]
        if (lo == "" || V[f, 1] < lo) lo = V[f, 1]
        if (hi == "" || V[f, k[f]] > hi) hi = V[f, k[f]]
      }
      if (total == 0) { print "n/a"; exit }
      for (it = 0; it < 60; it++) {
        mid = (lo + hi) / 2; F = 0
        for (f in files) F += n[f] * cdf(f, mid)
        if (F / total >= q / 100) hi = mid; else lo = mid
      }
      printf "%.3f\n", hi
    }' "$@"
}

# drive KEY PATH PAUSE_MS SECONDS PIDS PORT PORT PORT: three wrk processes at once, one thread each, the
# i-th against the i-th port. With a KEY, records under it the summed req/s, the merged p50 and p99, the
# CPU time of PIDS per request, errors (socket errors and non-2xx answers) and requests.
drive() {
  local key="$1" path="$2" pause="$3" seconds="$4" pids="$5"; shift 5
  local ports=("$@") i conns files=() wrk_pids=() pid before=0 after=0 line rps=0 requests=0 errors=0 worst=0 file
  for pid in $pids; do before=$((before + $(cpu_ticks "$pid"))); done
  for i in 0 1 2; do
    conns=$((HTTP_CONNECTIONS / 3))
    [ "$i" -ge $((HTTP_CONNECTIONS % 3)) ] || conns=$((conns + 1))
    J_SEQ=$((J_SEQ + 1))
    file="$RUN_DIR/logs/wrk-j-$J_SEQ.log"
    files+=("$file")
    BENCH_WRK_PAUSE_MS="$pause" timeout $((seconds + 30)) wrk -t1 -c"$conns" -d"${seconds}s" --timeout 10s \
      -H "$API_KEY_HEADER" -s "$BENCH_DIR/wrk/cluster.lua" "http://127.0.0.1:${ports[$i]}$path" >"$file" 2>&1 &
    wrk_pids+=("$!")
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done
  for pid in $pids; do after=$((after + $(cpu_ticks "$pid"))); done
  [ -n "$key" ] || return 0

  for file in "${files[@]}"; do
    line=$(grep -m1 '^RESULT ' "$file" || true)
    if [ -z "$line" ]; then
      note_once "${key%%|*}" "- ${key#*|}: a wrk run printed no result ($(tail -n 1 "$file"))"
      errors=$((errors + 1))
      continue
    fi
    rps=$(awk -v a="$rps" -v b="$(kv "$line" rps)" 'BEGIN { printf "%.1f", a + b }')
    requests=$((requests + $(kv "$line" requests)))
    errors=$((errors + $(kv "$line" errors) + $(kv "$line" non2xx)))
    worst=$(awk -v a="$worst" -v b="$(kv "$line" p99_ms)" 'BEGIN { print (b > a) ? b : a }')
  done
  record "$key|rps" "$rps"
  record "$key|requests" "$requests"
  record "$key|errors" "$errors"
  local p99 cpu
  p99=$(merged_quantile 99 "${files[@]}")
  cpu=$(cpu_us_per $((after - before)) "$requests")
  record "$key|p50" "$(merged_quantile 50 "${files[@]}")"
  record "$key|p99" "$p99"
  record "$key|cpu_us" "$cpu"
  echo "    ${key#*|}: $rps req/s, p99 $p99 ms (the slowest wrk's own: $worst), $cpu µs CPU per request, $errors errors" >&2
}

# measure_nodes ROW CONFIG PATH PAUSE_MS: one measurement of the single gateway (single), the cluster
# (cluster) or the three unclustered gateways (apart), recorded; warm_nodes CONFIG PATH: the same load for
# the warm-up's length, not recorded.
warm_nodes() { measure_nodes "" "$1" "$2" 0 warm-up; }

# setup_targets CONFIG: the setup's gateway processes (SETUP_PIDS, space-separated) and the three ports its
# wrk processes load (SETUP_PORTS: the one node's port three times, or one port per node).
setup_targets() {
  case "$1" in
    single) SETUP_PIDS="$GW_PID"; SETUP_PORTS=("$GW_PORT" "$GW_PORT" "$GW_PORT") ;;
    cluster) SETUP_PIDS="${NODE_PIDS[*]}"; SETUP_PORTS=("${NODE_PORTS[@]}") ;;
    apart) SETUP_PIDS="${APART_PIDS[*]}"; SETUP_PORTS=("${APART_PORTS[@]}") ;;
  esac
}

measure_nodes() {
  local row="$1" config="$2" path="$3" pause="$4" seconds="$DURATION" key="j|$1|$2" calls remote
  setup_targets "$config"
  if [ "${5:-}" = warm-up ]; then key=""; seconds=$WARMUP; fi
  calls=$(upstream_json_calls)
  [ "$config" != cluster ] || remote=$(remote_decisions)
  drive "$key" "$path" "$pause" "$seconds" "$SETUP_PIDS" "${SETUP_PORTS[@]}"
  [ -n "$key" ] || return 0
  record "$key|upstream_calls" $(( $(upstream_json_calls) - calls ))
  [ "$config" = cluster ] || return 0
  remote=$(( $(remote_decisions) - remote ))
  record "$key|remote" "$remote"
  echo "    ${key#j|}: $remote rate-limit decisions asked of another node" >&2
}

# j_order RUN: the three setups in the order run RUN measures them; each comes first, second and last
# once in three runs, so a slow stretch of the machine does not fall on one setup.
j_order() {
  local first=$(( ($1 - 1) % 3 )) i
  for i in 0 1 2; do echo "${J_CONFIGS[$(( (first + i) % 3 ))]}"; done
}

# start_setups / stop_setups: the upstream and the three setups that (j) and (l) compare (one gateway, three
# clustered nodes, three unclustered ones), all ready; and all of them stopped.
start_setups() {
  start_upstream
  start_gateway
  start_cluster_nodes
  start_apart_nodes
}

stop_setups() {
  stop_apart_nodes
  stop_cluster_nodes
  stop_stack
}

scenario_j() {
  progress "j: three clustered gateway nodes against one and three unclustered, $HTTP_CONNECTIONS connections in all"
  start_setups
  local workload shape pause run config
  for workload in plain cached; do
    for shape in closed paced; do
      pause=0
      [ "$shape" = closed ] || pause=$CLUSTER_PAUSE_MS
      progress "j: $(j_workload_label "$workload"), $(j_shape_label "$shape")"
      if [ "$shape" = closed ]; then
        # Warm-up at the measured load (tiered JIT; the cache route's entry on every node).
        for config in "${J_CONFIGS[@]}"; do warm_nodes "$config" "/$workload/json"; done
      fi
      for run in $(seq 1 "$RUNS"); do
        for config in $(j_order "$run"); do measure_nodes "$workload-$shape" "$config" "/$workload/json" "$pause"; done
      done
    done
  done
  stop_setups
  section_j >"$RUN_DIR/sections/j.md"
}

j_config_label() {
  case "$1" in
    single) echo "one node" ;;
    cluster) echo "three nodes, clustered" ;;
    apart) echo "three nodes, not clustered" ;;
  esac
}
j_workload_label() { case "$1" in plain) echo "uncached GET" ;; cached) echo "cache hit" ;; esac; }
j_shape_label() {
  case "$1" in
    closed) echo "$HTTP_CONNECTIONS connections" ;;
    paced) echo "$HTTP_CONNECTIONS connections, ${CLUSTER_PAUSE_MS} ms pause" ;;
  esac
}

# j_ratio ROW A B METRIC: setup A's median over setup B's.
j_ratio() { raw_ratio "$(median "j|$1|$2|$4")" "$(median "j|$1|$3|$4")"; }

# j_runs ROW A B METRIC: A / B within each run, in run order, with their median (empty for one run).
j_runs() { per_run_ratios "j|$1|$2|$4" "j|$1|$3|$4" || true; }

# j_sum SETUPS METRIC ROWS: a counter summed over setups and rows.
j_sum() {
  local setups="$1" metric="$2" sum=0 config row; shift 2
  for row in "$@"; do
    for config in $setups; do sum=$((sum + $(total "j|$row|$config|$metric"))); done
  done
  echo "$sum"
}

# j_verdict ROW: met / missed for CPU ≤ 1.15×, p99 ≤ 1.2× and no error, with the ratios: the issue's
# target, three clustered nodes against one node.
j_verdict() {
  local row="$1" cpu p99 errors verdict
  cpu=$(j_ratio "$row" cluster single cpu_us)
  p99=$(j_ratio "$row" cluster single p99)
  errors=$(j_sum "cluster single" errors "$row")
  verdict=$(both "$(both "$(at_most "$cpu" 1.15)" "$(at_most "$p99" 1.2)")" "$([ "$errors" = 0 ] && echo met || echo missed)")
  echo "$verdict|CPU $(times "$cpu") ($(at_most "$cpu" 1.15)), p99 $(times "$p99") ($(at_most "$p99" 1.2))$([ "$errors" = 0 ] || echo ", $errors errors")"
}

# j_own_cost SHAPE: the clustered / not clustered ratios at one load, as a sentence's end.
j_own_cost() {
  local workload parts=()
  for workload in plain cached; do
    parts+=("$(j_workload_label "$workload"): CPU $(times "$(j_ratio "$workload-$1" cluster apart cpu_us)"), p99 $(times "$(j_ratio "$workload-$1" cluster apart p99)")")
  done
  echo "${parts[0]}; ${parts[1]}"
}

ROWS_J=(plain-closed plain-paced cached-closed cached-paced)

# j_remote_shares: each row's cross-node limiter decisions as a share of its clustered requests.
j_remote_shares() {
  local row parts=() remote requests
  for row in "${ROWS_J[@]}"; do
    remote=$(j_sum cluster remote "$row"); requests=$(j_sum cluster requests "$row")
    parts+=("$(j_workload_label "${row%-*}") at $(j_shape_label "${row#*-}") $(awk -v r="$remote" -v n="$requests" 'BEGIN { if (n > 0) printf "%.1f%%", 100 * r / n; else print "n/a" }')")
  done
  local IFS=';'
  echo "${parts[*]}" | sed 's/;/; /g'
}

section_j() {
  local workload shape config row cpu p99 s_cpu s_p99 cell verdicts=() details=() v line remote requests seconds hits calls
  echo "## (j) Three clustered gateway nodes against one, and three not clustered"
  echo
  echo "\`GET /json\` through the gateway's uncached route (rate limiter on: one client, 127.0.0.1, whose one"
  echo "limiter lives on one of the nodes and leases permits to the others) and as a cache hit (filled in the"
  echo "warm-up; every node answers from memory, from the entry or its copy of it). One node: a gateway on its own (\`gateway.cluster\`"
  echo "off, a cluster of one). Three nodes, clustered: three gateways with \`gateway.cluster { enabled = on }\`, the first the"
  echo "seed, all up. Three nodes, not clustered, the control: three more gateways with the cluster off, each with its own"
  echo "limiter and cache, so the same three processes on this machine without a word between them. The load is the same"
  echo "for all: three wrk processes at once, one thread each, $HTTP_CONNECTIONS connections in all, all three at the one node or"
  echo "one at each node; \"${CLUSTER_PAUSE_MS} ms pause\" rows: each connection waits ${CLUSTER_PAUSE_MS} ms after each answer, so the load"
  echo "offered hardly depends on the latency. ${DURATION} s per run after a ${WARMUP} s warm-up; the three setups take turns (the"
  echo "order rotates from run to run); median of $RUNS run(s). CPU per request: the gateway processes' user + system time"
  echo "(three nodes: summed) over the requests answered; wrk's and the upstream's are not counted. p99: the three wrk"
  echo "runs' latencies merged, weighted by requests."
  echo
  echo "| request | load | gateway | req/s | p50 ms | p99 ms | CPU µs per request | errors | CPU vs one node | p99 vs one node |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for workload in plain cached; do
    for shape in closed paced; do
      row="$workload-$shape"
      s_cpu=$(median "j|$row|single|cpu_us"); s_p99=$(median "j|$row|single|p99")
      for config in "${J_CONFIGS[@]}"; do
        cpu=$(median "j|$row|$config|cpu_us"); p99=$(median "j|$row|$config|p99")
        cell="| $(j_workload_label "$workload") | $(j_shape_label "$shape") | $(j_config_label "$config")"
        cell+=" | $(int "$(median "j|$row|$config|rps")") | $(ms "$(median "j|$row|$config|p50")") | $(ms "$p99") | $(num "$cpu" "%.1f") | $(total "j|$row|$config|errors")"
        if [ "$config" = single ]; then
          cell+=" | | |"
        else
          cell+=" | $(times "$(raw_ratio "$cpu" "$s_cpu")") | $(times "$(raw_ratio "$p99" "$s_p99")") |"
        fi
        echo "$cell"
      done
    done
  done
  echo
  echo "Against one node within each run, in run order:"
  echo
  for workload in plain cached; do
    for shape in closed paced; do
      row="$workload-$shape"
      if [ "$RUNS" -ge 2 ]; then
        line="clustered: CPU per request $(j_runs "$row" cluster single cpu_us); p99 $(j_runs "$row" cluster single p99)."
        line+=" Not clustered: CPU per request $(j_runs "$row" apart single cpu_us); p99 $(j_runs "$row" apart single p99)"
      else
        line="one run, no ratios to list"
      fi
      echo "- $(j_workload_label "$workload"), $(j_shape_label "$shape"): $line"
    done
  done
  echo
  echo "The cluster's own cost: three clustered nodes against three not clustered, the same three processes under the"
  echo "same load (the ratio of the medians, then within each run in run order):"
  echo
  echo "| request | load | CPU per request, clustered / not clustered | within each run | p99, clustered / not clustered | within each run |"
  echo "| --- | --- | ---: | --- | ---: | --- |"
  for workload in plain cached; do
    for shape in closed paced; do
      row="$workload-$shape"
      echo "| $(j_workload_label "$workload") | $(j_shape_label "$shape") | $(times "$(j_ratio "$row" cluster apart cpu_us)") | $(j_runs "$row" cluster apart cpu_us) | $(times "$(j_ratio "$row" cluster apart p99)") | $(j_runs "$row" cluster apart p99) |"
    done
  done
  echo
  remote=$(j_sum cluster remote "${ROWS_J[@]}"); requests=$(j_sum cluster requests "${ROWS_J[@]}")
  seconds=$((4 * RUNS * DURATION))
  echo "Across nodes: during the measured clustered runs (${seconds} s in all) the nodes asked the client's limiter on"
  echo "another node for $remote rate-limit decisions (about $(awk -v r="$remote" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }') a second, $(awk -v r="$remote" -v n="$requests" 'BEGIN { if (n > 0) printf "%.1f", 100 * r / n; else print "n/a" }')% of the $requests requests; from"
  echo "\`gateway_cluster_decision_duration_milliseconds_count{node=\"remote\"}\`), each time a node had no usable lease of the"
  echo "client's permits left. Cache hits pass the rate limiter too, so they have their share: $(j_remote_shares)."
  hits=$(j_sum "${J_CONFIGS[*]}" requests cached-closed cached-paced)
  calls=$(j_sum "${J_CONFIGS[*]}" upstream_calls cached-closed cached-paced)
  echo "Cache check: the upstream saw $calls of the $hits cache-hit requests."
  echo "Errors (wrk's socket errors and non-2xx answers, which a denial of the rate limiter would be): $(j_sum "${J_CONFIGS[*]}" errors "${ROWS_J[@]}")."
  for shape in closed paced; do
    verdicts=(); details=()
    for workload in plain cached; do
      v=$(j_verdict "$workload-$shape")
      verdicts+=("${v%%|*}"); details+=("$(j_workload_label "$workload"): ${v#*|}")
    done
    v=$(both "${verdicts[0]}" "${verdicts[1]}")
    [ "$v" != missed ] || v="**missed**"
    [ "$QUICK" = 0 ] || v="$v (smoke run: not a verdict)"
    echo
    if [ "$shape" = closed ]; then
      echo "Target (issue 18): three nodes' CPU per request ≤ 1.15× one node's and p99 ≤ 1.2×, without errors, for the"
      echo "uncached GET and the cache hit at $(j_shape_label closed) — $v (${details[0]}; ${details[1]})"
    else
      echo "The same bounds at the paced load ($(j_shape_label paced); not the issue's target, which names no load):"
      echo "$v (${details[0]}; ${details[1]})"
    fi
    # No target of its own: it says how much of the gap above the cluster makes, and how much three
    # processes on one machine would make anyway.
    echo
    echo "Clustered / not clustered at $(j_shape_label "$shape"), the cluster's own cost: $(j_own_cost "$shape")."
  done
  notes_of j
}

# Scenario (l), only when asked for: how long (j)'s three setups take to reach their steady cost, to check
# that (j)'s warm-up (WARMUP seconds at the measured load, as every scenario's) is long enough for a clustered
# node too. From a fresh start (no load before), the setups take turns at (j)'s closed load on the uncached
# GET, L_WINDOWS windows of L_WINDOW_SECONDS each (the order rotating as in (j)), so that the machine's drift
# falls on all three alike; each window's CPU per request and p99 are recorded against the seconds of load
# the setup has had.
L_WINDOWS=16
L_WINDOW_SECONDS=5

scenario_l() {
  [ "$QUICK" = 0 ] || { L_WINDOWS=3; L_WINDOW_SECONDS=2; }
  progress "l: (j)'s three setups from a fresh start, taking turns, $L_WINDOWS windows of $L_WINDOW_SECONDS s of load each"
  start_setups
  local config window
  for window in $(seq 1 "$L_WINDOWS"); do
    for config in $(j_order "$window"); do
      setup_targets "$config"
      drive "l|$config|$window" /plain/json 0 "$L_WINDOW_SECONDS" "$SETUP_PIDS" "${SETUP_PORTS[@]}"
    done
  done
  stop_setups
  section_l >"$RUN_DIR/sections/l.md"
}

section_l() {
  local window config cells metric
  echo "## (l) How long (j)'s setups take to warm up"
  echo
  echo "(j)'s closed load on the uncached GET ($HTTP_CONNECTIONS connections over three wrk processes) from a fresh start (no load"
  echo "before): the three setups take turns, $L_WINDOWS windows of $L_WINDOW_SECONDS s each (the order rotating), and each window's CPU µs per"
  echo "request / p99 ms is listed against the seconds of load that setup has had. Only when asked for (\`bench/run l\`);"
  echo "it checks that (j)'s warm-up of ${WARMUP} s is long enough for every setup."
  echo
  echo "The last two columns divide the clustered nodes' figures by the one node's in the same window: a drift of the"
  echo "machine moves all three setups, and a cluster that warms up later than one node shows as ratios that fall."
  echo
  echo "| seconds of load | one node | three nodes, clustered | three nodes, not clustered | CPU, clustered / one | p99, clustered / one |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  for window in $(seq 1 "$L_WINDOWS"); do
    cells="| $(( (window - 1) * L_WINDOW_SECONDS ))-$(( window * L_WINDOW_SECONDS ))"
    for config in "${J_CONFIGS[@]}"; do
      cells+=" | $(num "$(median "l|$config|$window|cpu_us")" "%.1f") / $(ms "$(median "l|$config|$window|p99")")"
    done
    for metric in cpu_us p99; do
      cells+=" | $(times "$(raw_ratio "$(median "l|cluster|$window|$metric")" "$(median "l|single|$window|$metric")")")"
    done
    echo "$cells |"
  done
  notes_of l
}

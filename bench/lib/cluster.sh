# Scenario (j) of issue 18 (item 10): three gateway nodes in one Akka.Cluster against one gateway on its
# own, on this one machine, in the same run. The client load is the same for both: three wrk processes
# at once, one thread each, the scenario's connections split over them, all three at the one gateway or
# one at each node. CPU per request is the gateway processes' CPU time (summed over the three nodes)
# over the requests answered; the upstream's and wrk's are not counted.

# The paced load: each connection waits this long between an answer and its next request, so the load
# offered is about the same whatever the latency (wrk has no fixed-rate mode).
CLUSTER_PAUSE_MS=10
J_SEQ=0
NODE_PORTS=()
NODE_PIDS=()
NODE_CLUSTER_PORTS=()

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
    start_process "node-$cport" dotnet "$DLL_GATEWAY" --urls "http://127.0.0.1:$port" --config "$overlay"
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
      note_once j "- ${key#j|}: a wrk run printed no result ($(tail -n 1 "$file"))"
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
  echo "    ${key#j|}: $rps req/s, p99 $p99 ms (the slowest wrk's own: $worst), $cpu µs CPU per request, $errors errors" >&2
}

# measure_nodes ROW CONFIG PATH PAUSE_MS: one measurement of the single gateway or the cluster, recorded;
# warm_nodes CONFIG PATH: the same load for the warm-up's length, not recorded.
warm_nodes() { measure_nodes "" "$1" "$2" 0 warm-up; }

measure_nodes() {
  local row="$1" config="$2" path="$3" pause="$4" seconds="$DURATION" key="j|$1|$2" calls remote
  local pids ports
  if [ "$config" = single ]; then
    pids="$GW_PID"; ports=("$GW_PORT" "$GW_PORT" "$GW_PORT")
  else
    pids="${NODE_PIDS[*]}"; ports=("${NODE_PORTS[@]}")
  fi
  if [ "${5:-}" = warm-up ]; then key=""; seconds=$WARMUP; fi
  calls=$(upstream_json_calls)
  [ "$config" = single ] || remote=$(remote_decisions)
  drive "$key" "$path" "$pause" "$seconds" "$pids" "${ports[@]}"
  [ -n "$key" ] || return 0
  record "$key|upstream_calls" $(( $(upstream_json_calls) - calls ))
  [ "$config" = single ] || record "$key|remote" $(( $(remote_decisions) - remote ))
}

scenario_j() {
  progress "j: three clustered gateway nodes against one, $HTTP_CONNECTIONS connections in all"
  start_upstream
  start_gateway
  start_cluster_nodes
  local workload shape pause run config order
  for workload in plain cached; do
    for shape in closed paced; do
      pause=0
      [ "$shape" = closed ] || pause=$CLUSTER_PAUSE_MS
      progress "j: $(j_workload_label "$workload"), $(j_shape_label "$shape")"
      if [ "$shape" = closed ]; then
        # Warm-up at the measured load (tiered JIT; the cache route's entry on every node).
        warm_nodes single "/$workload/json"
        warm_nodes cluster "/$workload/json"
      fi
      for run in $(seq 1 "$RUNS"); do
        order="single cluster"
        [ $((run % 2)) = 1 ] || order="cluster single"
        for config in $order; do measure_nodes "$workload-$shape" "$config" "/$workload/json" "$pause"; done
      done
    done
  done
  stop_cluster_nodes
  stop_stack
  section_j >"$RUN_DIR/sections/j.md"
}

j_workload_label() { case "$1" in plain) echo "uncached GET" ;; cached) echo "cache hit" ;; esac; }
j_shape_label() {
  case "$1" in
    closed) echo "$HTTP_CONNECTIONS connections" ;;
    paced) echo "$HTTP_CONNECTIONS connections, ${CLUSTER_PAUSE_MS} ms pause" ;;
  esac
}

# j_verdict ROW: met / missed for CPU ≤ 1.15×, p99 ≤ 1.2× and no error, with the ratios.
j_verdict() {
  local row="$1" cpu p99 errors verdict
  cpu=$(raw_ratio "$(median "j|$row|cluster|cpu_us")" "$(median "j|$row|single|cpu_us")")
  p99=$(raw_ratio "$(median "j|$row|cluster|p99")" "$(median "j|$row|single|p99")")
  errors=$(( $(total "j|$row|cluster|errors") + $(total "j|$row|single|errors") ))
  verdict=$(both "$(both "$(at_most "$cpu" 1.15)" "$(at_most "$p99" 1.2)")" "$([ "$errors" = 0 ] && echo met || echo missed)")
  echo "$verdict|CPU $(times "$cpu") ($(at_most "$cpu" 1.15)), p99 $(times "$p99") ($(at_most "$p99" 1.2))$([ "$errors" = 0 ] || echo ", $errors errors")"
}

section_j() {
  local workload shape config row cpu p99 s_cpu s_p99 cell verdicts=() details=() v line remote requests seconds hits calls
  echo "## (j) Three clustered gateway nodes against one"
  echo
  echo "\`GET /json\` through the gateway's uncached route (rate limiter on: one client, 127.0.0.1, whose one"
  echo "limiter lives on one of the nodes and leases permits to the others) and as a cache hit (filled in the"
  echo "warm-up; every node answers from memory, from the entry or its copy of it). One node: a gateway on its own (\`gateway.cluster\`"
  echo "off, a cluster of one). Three nodes: three gateways with \`gateway.cluster { enabled = on }\`, the first the"
  echo "seed, all up. The load is the same for both: three wrk processes at once, one thread each,"
  echo "$HTTP_CONNECTIONS connections in all, all three at the one node or one at each node; \"${CLUSTER_PAUSE_MS} ms pause\" rows:"
  echo "each connection waits ${CLUSTER_PAUSE_MS} ms after each answer, so the load offered hardly depends on the latency."
  echo "${DURATION} s per run after a ${WARMUP} s warm-up; one node and three take turns (the order alternates); median of $RUNS run(s)."
  echo "CPU per request: the gateway processes' user + system time (three nodes: summed) over the requests answered;"
  echo "wrk's and the upstream's are not counted. p99: the three wrk runs' latencies merged, weighted by requests."
  echo
  echo "| request | load | gateway | req/s | p50 ms | p99 ms | CPU µs per request | errors | CPU vs one node | p99 vs one node |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for workload in plain cached; do
    for shape in closed paced; do
      row="$workload-$shape"
      s_cpu=$(median "j|$row|single|cpu_us"); s_p99=$(median "j|$row|single|p99")
      for config in single cluster; do
        cpu=$(median "j|$row|$config|cpu_us"); p99=$(median "j|$row|$config|p99")
        cell="| $(j_workload_label "$workload") | $(j_shape_label "$shape") | $([ "$config" = single ] && echo "one node" || echo "three nodes")"
        cell+=" | $(int "$(median "j|$row|$config|rps")") | $(ms "$(median "j|$row|$config|p50")") | $(ms "$p99") | $(num "$cpu" "%.1f") | $(total "j|$row|$config|errors")"
        if [ "$config" = cluster ]; then
          cell+=" | $(times "$(raw_ratio "$cpu" "$s_cpu")") | $(times "$(raw_ratio "$p99" "$s_p99")") |"
        else
          cell+=" | | |"
        fi
        echo "$cell"
      done
    done
  done
  echo
  echo "Three nodes / one node within each run, in run order:"
  echo
  for workload in plain cached; do
    for shape in closed paced; do
      row="$workload-$shape"
      line="CPU per request $(per_run_ratios "j|$row|cluster|cpu_us" "j|$row|single|cpu_us" || true); p99 $(per_run_ratios "j|$row|cluster|p99" "j|$row|single|p99" || true)"
      [ "$RUNS" -ge 2 ] || line="one run, no ratios to list"
      echo "- $(j_workload_label "$workload"), $(j_shape_label "$shape"): $line"
    done
  done
  echo
  remote=0; requests=0
  for row in plain-closed plain-paced cached-closed cached-paced; do
    remote=$((remote + $(total "j|$row|cluster|remote"))); requests=$((requests + $(total "j|$row|cluster|requests")))
  done
  seconds=$((4 * RUNS * DURATION))
  echo "Across nodes: during the measured three-node runs (${seconds} s in all) the nodes asked the client's limiter on"
  echo "another node for $remote rate-limit decisions (about $(awk -v r="$remote" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }') a second, $(awk -v r="$remote" -v n="$requests" 'BEGIN { if (n > 0) printf "%.1f", 100 * r / n; else print "n/a" }')% of the $requests requests; from"
  echo "\`gateway_cluster_decision_duration_milliseconds_count{node=\"remote\"}\`), each time a node had no usable lease of the"
  echo "client's permits left."
  hits=$(( $(total "j|cached-closed|single|requests") + $(total "j|cached-paced|single|requests") + $(total "j|cached-closed|cluster|requests") + $(total "j|cached-paced|cluster|requests") ))
  calls=$(( $(total "j|cached-closed|single|upstream_calls") + $(total "j|cached-paced|single|upstream_calls") + $(total "j|cached-closed|cluster|upstream_calls") + $(total "j|cached-paced|cluster|upstream_calls") ))
  echo "Cache check: the upstream saw $calls of the $hits cache-hit requests."
  echo "Errors (wrk's socket errors and non-2xx answers, which a denial of the rate limiter would be): $(( $(total "j|plain-closed|single|errors") + $(total "j|plain-paced|single|errors") + $(total "j|cached-closed|single|errors") + $(total "j|cached-paced|single|errors") + $(total "j|plain-closed|cluster|errors") + $(total "j|plain-paced|cluster|errors") + $(total "j|cached-closed|cluster|errors") + $(total "j|cached-paced|cluster|errors") ))."
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
  done
  notes_of j
}

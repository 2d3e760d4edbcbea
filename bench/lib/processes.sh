# Starting, watching and stopping the processes under test. Every process started here is recorded
# in STARTED_PIDS, and bench/run's EXIT trap stops each of them by its id.

STARTED_PIDS=()
NEXT_PORT=$((20000 + ($$ % 400) * 25))

# Prints a loopback port nothing listens on. Below the kernel's ephemeral range (32768+), and never
# handed out twice in one run, so a process still starting cannot collide with the next one.
free_port() {
  local port
  while :; do
    port=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
    [ "$NEXT_PORT" -lt 32000 ] || NEXT_PORT=20000
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# start_process NAME COMMAND...  -> sets LAST_PID; output goes to $RUN_DIR/logs/NAME.log. Gateways are
# started as `env "${GATEWAY_ENV[@]}" dotnet ...` (GATEWAY_BENCH_SPIN); env execs dotnet, so the id is dotnet's.
start_process() {
  local name="$1"; shift
  "$@" >"$RUN_DIR/logs/$name.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

stop_process() {
  local pid="$1" waited=0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all_processes() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_process "$pid"; done
  STARTED_PIDS=()
}

# wait_ready NAME PID URL: until URL answers 2xx, the process dies, or 60 s pass.
wait_ready() {
  local name="$1" pid="$2" url="$3" code deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench/run: $name exited while starting; its log ($RUN_DIR/logs/$name.log) ends with:" >&2
      tail -n 20 "$RUN_DIR/logs/$name.log" >&2
      return 1
    fi
    code=$(curl -s -o /dev/null -m 2 -H "$API_KEY_HEADER" -w '%{http_code}' "$url" || true)
    case "$code" in 2??) return 0 ;; esac
    sleep 0.2
  done
  echo "bench/run: $name did not answer $url within 60 s (last status: ${code:-none})" >&2
  return 1
}

# Memory of a process in KiB, from /proc/PID/status: VmRSS now, VmHWM the peak since start or reset.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
peak_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
# Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0), so the peak covers one transfer only.
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null; }
open_fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# cpu_ticks PID: user + system time in clock ticks. Fields counted after the ")" that ends the command
# name, which may itself hold spaces.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

start_upstream() {
  UP_PORT=$(free_port)
  start_process "upstream-$UP_PORT" dotnet "$DLL_UPSTREAM" --urls "http://127.0.0.1:$UP_PORT"
  UP_PID=$LAST_PID
  wait_ready "upstream-$UP_PORT" "$UP_PID" "http://127.0.0.1:$UP_PORT/healthz"
}

start_yarp() {
  YARP_PORT=$(free_port)
  start_process "yarp-$YARP_PORT" dotnet "$DLL_YARP" --urls "http://127.0.0.1:$YARP_PORT" --upstream "http://127.0.0.1:$UP_PORT"
  YARP_PID=$LAST_PID
  wait_ready "yarp-$YARP_PORT" "$YARP_PID" "http://127.0.0.1:$YARP_PORT/plain/healthz"
}

# The gateway's overlay: bench/config/gateway.hocon with the upstream filled in, plus the auth block
# unless an earlier start showed that this build refuses it. write_gateway_overlay [NAME]: the file is
# gateway-NAME.hocon (default: the gateway's port).
write_gateway_overlay() {
  local file="$RUN_DIR/gateway-${1:-$GW_PORT}.hocon"
  sed "s#@UPSTREAM@#http://127.0.0.1:$UP_PORT#g" "$BENCH_DIR/config/gateway.hocon" >"$file"
  if [ "$GATEWAY_AUTH_BLOCK" = use ]; then cat "$BENCH_DIR/config/auth.hocon" >>"$file"; fi
  echo "$file"
}

start_gateway() {
  GW_PORT=$(free_port)
  local overlay
  overlay=$(write_gateway_overlay)
  start_process "gateway-$GW_PORT" env "${GATEWAY_ENV[@]}" dotnet "$DLL_GATEWAY" --urls "http://127.0.0.1:$GW_PORT" --config "$overlay"
  GW_PID=$LAST_PID
  if ! wait_ready "gateway-$GW_PORT" "$GW_PID" "http://127.0.0.1:$GW_PORT/plain/healthz"; then
    # A build whose auth keys take another shape refuses the auth block: run without it and say so.
    if [ "$GATEWAY_AUTH_BLOCK" = use ] && grep -q 'configuration error: gateway\.auth' "$RUN_DIR/logs/gateway-$GW_PORT.log"; then
      GATEWAY_AUTH_BLOCK=refused
      GATEWAY_AUTH_REFUSAL=$(grep -m1 'configuration error' "$RUN_DIR/logs/gateway-$GW_PORT.log")
      echo "bench/run: the gateway refused bench/config/auth.hocon; running without auth" >&2
      start_gateway
      return
    fi
    return 1
  fi
  [ -n "${GATEWAY_PROBED:-}" ] || probe_gateway_features
}

# --baseline: the gateway of the other checkout, with the same overlay as this one's.
start_baseline() {
  BASE_PORT=$(free_port)
  local overlay
  overlay=$(write_gateway_overlay "baseline-$BASE_PORT")
  start_process "baseline-$BASE_PORT" env "${GATEWAY_ENV[@]}" dotnet "$DLL_BASELINE" --urls "http://127.0.0.1:$BASE_PORT" --config "$overlay"
  BASE_PID=$LAST_PID
  wait_ready "baseline-$BASE_PORT" "$BASE_PID" "http://127.0.0.1:$BASE_PORT/plain/healthz"
}

# Scenarios a-e and g share one set: upstream, gateway and YARP (and the baseline gateway with
# --baseline), started fresh for the scenario.
start_stack() {
  start_upstream
  start_gateway
  [ -z "$BASELINE_DIR" ] || start_baseline
  start_yarp
}

stop_stack() {
  local pid
  for pid in "${GW_PID:-}" "${BASE_PID:-}" "${YARP_PID:-}" "${UP_PID:-}"; do [ -z "$pid" ] || stop_process "$pid"; done
  GW_PID=""; BASE_PID=""; YARP_PID=""; UP_PID=""
}

# What the gateway build actually enforces, found by asking it rather than assumed from the overlay.
probe_gateway_features() {
  GATEWAY_PROBED=1
  local base="http://127.0.0.1:$GW_PORT/plain/json" code headers
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$base" || true)
  if [ "$GATEWAY_AUTH_BLOCK" = refused ]; then
    FEATURE_AUTH="off: this build refused bench/config/auth.hocon (\`$GATEWAY_AUTH_REFUSAL\`)"
  elif [ "$code" = 401 ]; then
    FEATURE_AUTH="on (a request without the key gets 401; every benchmark request carries the key)"
  else
    FEATURE_AUTH="**not enforced by this build** (a request without a key got $code): auth is not in the measured path yet"
  fi
  headers=$(curl -s -D - -o /dev/null -m 5 -H "$API_KEY_HEADER" "$base" || true)
  if grep -qi 'ratelimit' <<<"$headers"; then
    FEATURE_RATE_LIMIT="on (token bucket, 100 million per minute; RateLimit headers seen on responses)"
  else
    FEATURE_RATE_LIMIT="configured on (100 million per minute) but **no RateLimit headers seen**: probably not in the measured path yet"
  fi
  # A healthy upstream never trips a breaker, so there is nothing to probe: say what was configured.
  FEATURE_BREAKER="configured with its defaults (it has no off switch); not probed, since a healthy upstream never trips it"
}

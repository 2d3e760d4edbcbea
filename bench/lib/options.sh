# Command line of bench/run: which scenarios, how long, how many times. Sourced by bench/run.

usage() {
  cat <<'USAGE'
usage: bench/run [--quick] [--runs N] [--duration SECONDS] [--out FILE] [--note TEXT] [--baseline DIR] [SCENARIO...]

Benchmarks the gateway (Gateway.Web, Release) against YARP (bench/YarpHost) and the upstream served
directly, all on 127.0.0.1, and writes the medians as Markdown tables to docs/benchmarks.md.

scenarios (default: a to k, in this order):
  a  small JSON GET, uncached            e  WebSocket echo, small messages, 32 connections
  b  the same GET as a cache hit         f  idle WebSocket connections: memory per connection
  c  100 KiB responses                   g  small JSON GET at 32, 128 and 512 connections
  d  1 GiB download and 1 GiB upload: throughput and peak RSS
  h  idle CPU of the gateway beside YARP's (60 s)
  i  memory per live client limiter (100,000 clients) and after they passivate
  j  three clustered gateway nodes against one, and three unclustered ones as a control: CPU per request
     and p99, uncached GET and cache hit
  k  a revalidated cache hit (stale entry, upstream answers 304) against a full miss: req/s and CPU per request
  l  only when named: how long j's three setups take to warm up (CPU per request and p99 in 5 s windows of
     load from a fresh start)

options:
  --quick          smoke run: 1 run of 2 s each, fewer connections, 64 MiB transfers, 500 idle sockets
  --runs N         repetitions of each measurement (default 3; the median is reported)
  --duration S     seconds per HTTP/WebSocket load run (default 8)
  --out FILE       where the Markdown goes (default docs/benchmarks.md)
  --note TEXT      a line for the report's header (e.g. "machine busy with other builds")
  --baseline DIR   also measure the gateway of another checkout (e.g. `git worktree add --detach DIR REF`),
                   built in Release from DIR, as a fourth path in scenarios a-g, taking turns with the
                   others in every run; each section then compares the gateway with it run by run

environment:
  GATEWAY_BENCH_SPIN=N   an experiment: every gateway process started (the gateway, the baseline, the
                         nodes of j) runs with .NET's thread-pool spin limit set to N (decimal; passed as
                         DOTNET_ThreadPool_UnfairSemaphoreSpinLimit, which .NET reads as hex) instead of its
                         default (70 in .NET 10); YARP and the upstream keep the default. The report says so.
USAGE
}

parse_options() {
  QUICK=0
  RUNS=3
  DURATION=8
  OUT_FILE="$ROOT/docs/benchmarks.md"
  NOTE=""
  BASELINE_DIR=""
  SCENARIOS=()
  local runs_given="" duration_given=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) QUICK=1 ;;
      --runs) runs_given="${2:?--runs needs a number}"; shift ;;
      --duration) duration_given="${2:?--duration needs seconds}"; shift ;;
      --out) OUT_FILE="${2:?--out needs a file}"; shift ;;
      --note) NOTE="${2:?--note needs text}"; shift ;;
      --baseline) BASELINE_DIR="${2:?--baseline needs a directory}"; shift ;;
      -h|--help) usage; exit 0 ;;
      [a-l]) SCENARIOS+=("$1") ;;
      *) echo "bench/run: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
  done
  [ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(a b c d e f g h i j k)

  if [ "$QUICK" = 1 ]; then
    RUNS=1; DURATION=2; WARMUP=1
    HTTP_CONNECTIONS=16; G_LEVELS="8 32"; WS_ECHO_CONNECTIONS=8; WS_IDLE_CONNECTIONS=500
    TRANSFER_BYTES=$((64 * 1024 * 1024)); SETTLE=1
    IDLE_SECONDS=5; IDLE_SETTLE=3; LIMITER_CLIENTS=10000
  else
    # Tiered JIT goes on compiling for the first seconds of full load: perf showed 30-50% of the gateway's
    # samples in its background compiler for about 4 s on an idle machine, and for up to 16 s when the
    # machine was busy. 15 s of warm-up measures every path at its steady state.
    WARMUP=15
    HTTP_CONNECTIONS=64; G_LEVELS="32 128 512"; WS_ECHO_CONNECTIONS=32; WS_IDLE_CONNECTIONS=10000
    TRANSFER_BYTES=$((1024 * 1024 * 1024)); SETTLE=3
    # Tiered JIT keeps recompiling for a minute or more after load: 30 s of quiet still measured 0.9% (docs/benchmarks.md).
    IDLE_SECONDS=60; IDLE_SETTLE=60; LIMITER_CLIENTS=100000
  fi
  [ -z "$runs_given" ] || RUNS="$runs_given"
  [ -z "$duration_given" ] || DURATION="$duration_given"
  case "$RUNS$DURATION" in *[!0-9]*) echo "bench/run: --runs and --duration take whole numbers" >&2; exit 2 ;; esac
  [ "$RUNS" -ge 1 ] && [ "$DURATION" -ge 1 ] || { echo "bench/run: --runs and --duration must be at least 1" >&2; exit 2; }

  if [ -n "$BASELINE_DIR" ]; then
    [ -d "$BASELINE_DIR/Gateway.Web" ] || { echo "bench/run: --baseline $BASELINE_DIR holds no Gateway.Web/" >&2; exit 2; }
    BASELINE_DIR=$(cd "$BASELINE_DIR" && pwd)
  fi

  # GATEWAY_BENCH_SPIN: how long an idle thread-pool worker spins before it sleeps. .NET parses the
  # DOTNET_ variable as hexadecimal, so the decimal given here is converted, and an experiment that says
  # 10 means 10, not 16.
  GATEWAY_ENV=()
  SPIN_LIMIT="${GATEWAY_BENCH_SPIN:-}"
  if [ -n "$SPIN_LIMIT" ]; then
    case "$SPIN_LIMIT" in *[!0-9]*) echo "bench/run: GATEWAY_BENCH_SPIN takes a whole number" >&2; exit 2 ;; esac
    SPIN_LIMIT=$((10#$SPIN_LIMIT))
    GATEWAY_ENV=("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=$(printf '%x' "$SPIN_LIMIT")")
  fi

  COMMAND_LINE="bench/run${ORIGINAL_ARGS:+ $ORIGINAL_ARGS}"
  [ -z "$SPIN_LIMIT" ] || COMMAND_LINE="GATEWAY_BENCH_SPIN=$SPIN_LIMIT $COMMAND_LINE"
}

#!/usr/bin/env bash
# Builds once, then runs ServiceA (:8001), ServiceB (:8002) and the gateway (:8000) together.
# Ctrl+C stops all three. Extra arguments go to the gateway (e.g. --config my.hocon).
set -euo pipefail
# No cd: a relative --config or GATEWAY_CONFIG is a path from where this script was started.
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$root/Gateway.sln" -v q -nologo
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
dotnet run --no-build --project "$root/ServiceA" & pids+=($!)
dotnet run --no-build --project "$root/ServiceB" & pids+=($!)
dotnet run --no-build --project "$root/Gateway.Web" -- "$@" & pids+=($!)
wait -n "${pids[@]}"

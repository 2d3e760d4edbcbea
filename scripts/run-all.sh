#!/usr/bin/env bash
# Builds once, then runs ServiceA (:8001), ServiceB (:8002) and the gateway (:8000) together.
# Ctrl+C stops all three. Extra arguments go to the gateway (e.g. --config my.hocon).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Gateway.sln -v q -nologo
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
dotnet run --no-build --project ServiceA & pids+=($!)
dotnet run --no-build --project ServiceB & pids+=($!)
dotnet run --no-build --project Gateway.Web -- "$@" & pids+=($!)
wait -n "${pids[@]}"

#!/usr/bin/env bash
# Load and start-up figures for OmeSim beside a bare Kestrel HTTPS app, same machine, same run: ratios, not absolutes.
# Usage: bench/load.sh [--no-build] [SECONDS_PER_RUN]      (needs wrk: apt-get install -y wrk; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=1; [ "${1:-}" = "--no-build" ] && { build=0; shift; }
duration=${1:-10}
connections=64
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [ $build = 1 ]; then
  dotnet build src/OmeSim -c Release --nologo -v q >/dev/null
  dotnet build bench/BareKestrel -c Release --nologo -v q >/dev/null
fi
omesim=src/OmeSim/bin/Release/net10.0/omesim.dll
bare=bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll
work=$(mktemp -d /tmp/omesim-load.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
# wait_200 URL: polls every 10 ms for at most 60 s; prints the ms since $start.
wait_200() {
  local deadline=$(( $(now_ms) + 60000 ))
  until [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" = 200 ]; do
    [ "$(now_ms)" -lt $deadline ] || { echo "timeout waiting for $1" >&2; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - start ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

start_bare() { # sets bare_pid, bare_url
  local port; port=$(free_port); bare_url="https://127.0.0.1:$port"
  start=$(now_ms); dotnet "$bare" "$port" >"$work/bare.log" 2>&1 & bare_pid=$!; pids+=("$bare_pid")
}
start_pair() { # start_pair DATA_ARGS...: sets pair_pid, source_url, control_url
  local s t c; s=$(free_port); t=$(free_port); c=$(free_port)
  source_url="https://127.0.0.1:$s"; control_url="http://127.0.0.1:$c"
  start=$(now_ms)
  dotnet "$omesim" serve --appliance "source=$source_url" --appliance "target=https://127.0.0.1:$t" --control "$control_url" "$@" >"$work/pair.log" 2>&1 &
  pair_pid=$!; pids+=("$pair_pid")
}
stop() { kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

echo "== start to ready (3 runs each, median ms)"
bare_start=(); fresh_start=(); existing_start=()
for i in 1 2 3; do
  start_bare; bare_start+=("$(wait_200 "$bare_url/api/ApplicationService/Info")"); stop "$bare_pid"
  rm -rf "$work/data"
  start_pair --data "$work/data"; fresh_start+=("$(wait_200 "$control_url/health/ready")"); stop "$pair_pid"
  start_pair --data "$work/data"; existing_start+=("$(wait_200 "$control_url/health/ready")"); stop "$pair_pid"
done
bare_ms=$(printf '%s\n' "${bare_start[@]}" | median)
fresh_ms=$(printf '%s\n' "${fresh_start[@]}" | median)
existing_ms=$(printf '%s\n' "${existing_start[@]}" | median)
echo "bare Kestrel start to first 200:        $bare_ms ms   (${bare_start[*]})"
echo "pair start to ready, existing folder:   $existing_ms ms   (${existing_start[*]})   ratio $(ratio "$existing_ms" "$bare_ms")  target <= 2"
echo "pair start to ready, fresh folder:      $fresh_ms ms   (${fresh_start[*]})   ratio $(ratio "$fresh_ms" "$bare_ms")"

auth="Authorization: Basic $(printf 'admin:OmeSim#2026!' | base64)"
warm() { wrk -t2 -c$connections -d4s -H "$auth" "$1" >/dev/null 2>&1; }
# run_wrk URL: prints "requests/s p99_ms"
run_wrk() {
  wrk -t2 -c$connections -d2s -H "$auth" "$1" >/dev/null 2>&1   # warm-up: JIT tiering, TLS session setup
  wrk -t2 -c$connections -d"${duration}s" --timeout 5s --latency -H "$auth" "$1" >"$work/wrk.txt" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt"); [ -n "$non2xx" ] && echo "  warning: $non2xx non-2xx answers from $1" >&2
  echo "${rps:-0} ${p99:-0}"
}

echo "== load: wrk, $connections connections, keep-alive HTTPS, ${duration} s per run after 2 s of warm-up, Basic auth"
start_bare; wait_200 "$bare_url/" >/dev/null
warm "$bare_url/api/ApplicationService/Certificate"
read -r bare_rps bare_p99 < <(run_wrk "$bare_url/api/ApplicationService/Info")
bare_rss=$(rss_kb "$bare_pid"); stop "$bare_pid"

start_pair --in-memory; wait_200 "$control_url/health/ready" >/dev/null
# Both endpoints warmed up before either is measured: the first one measured was paying for the JIT's tiering (Info, in
# earlier runs, always ran first and read 0.1-0.2x lower than when run second).
warm "$source_url/api/ApplicationService/Certificate"
read -r info_rps info_p99 < <(run_wrk "$source_url/api/ApplicationService/Info")
read -r cert_rps cert_p99 < <(run_wrk "$source_url/api/ApplicationService/Certificate")
pair_rss=$(rss_kb "$pair_pid"); stop "$pair_pid"

echo "bare Kestrel GET:                   $bare_rps req/s, p99 $bare_p99 ms"
echo "OmeSim GET ApplicationService/Info:   $info_rps req/s, p99 $info_p99 ms   ratio $(ratio "$info_rps" "$bare_rps")  target >= 0.75, p99 <= 10 ms"
echo "OmeSim GET .../Certificate:          $cert_rps req/s, p99 $cert_p99 ms   ratio $(ratio "$cert_rps" "$bare_rps")  target >= 0.75, p99 <= 10 ms"
echo "== 10 appliances in one process (serve --appliances 10 --control http://127.0.0.1:0 --ready-file), same wrk runs"
ready="$work/ready.json"
dotnet "$omesim" serve --appliances 10 --in-memory --control http://127.0.0.1:0 --ready-file "$ready" >"$work/ten.log" 2>&1 &
ten_pid=$!; pids+=("$ten_pid")
deadline=$(( $(now_ms) + 60000 ))
until [ -f "$ready" ]; do [ "$(now_ms)" -lt $deadline ] || { echo "serve --appliances 10 did not become ready" >&2; exit 1; }; sleep 0.05; done
mapfile -t ten_urls < <(python3 -c 'import json,sys; [print(a["Url"].rstrip("/")) for a in json.load(open(sys.argv[1]))["Appliances"]]' "$ready")
warm "${ten_urls[0]}/api/ApplicationService/Certificate"
read -r one_info_rps one_info_p99 < <(run_wrk "${ten_urls[0]}/api/ApplicationService/Info")
read -r one_cert_rps one_cert_p99 < <(run_wrk "${ten_urls[0]}/api/ApplicationService/Certificate")
# All ten at once: one wrk per appliance, the same 64 connections in all, for the same time; req/s summed, worst p99.
spread() {
  local path=$1 i running=()
  for i in "${!ten_urls[@]}"; do
    wrk -t1 -c$((connections / ${#ten_urls[@]})) -d"${duration}s" --timeout 5s --latency -H "$auth" "${ten_urls[$i]}$path" >"$work/spread-$i.txt" 2>&1 &
    running+=($!)
  done
  wait "${running[@]}" || true
  cat "$work"/spread-*.txt | awk '/Requests\/sec/ {r += $2} $1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; if (v > m) m = v} END {printf "%.0f %.2f\n", r, m}'
}
for u in "${ten_urls[@]}"; do wrk -t1 -c4 -d1s -H "$auth" "$u/api/ApplicationService/Info" >/dev/null 2>&1; done   # warm-up
read -r ten_info_rps ten_info_p99 < <(spread /api/ApplicationService/Info)
read -r ten_cert_rps ten_cert_p99 < <(spread /api/ApplicationService/Certificate)
stop "$ten_pid"
echo "10 appliances, wrk on one:  Info $one_info_rps req/s p99 $one_info_p99 ms ratio $(ratio "$one_info_rps" "$bare_rps");  Certificate $one_cert_rps req/s p99 $one_cert_p99 ms ratio $(ratio "$one_cert_rps" "$bare_rps")"
echo "10 appliances, wrk on all:  Info $ten_info_rps req/s worst p99 $ten_info_p99 ms ratio $(ratio "$ten_info_rps" "$bare_rps");  Certificate $ten_cert_rps req/s worst p99 $ten_cert_p99 ms ratio $(ratio "$ten_cert_rps" "$bare_rps")   target >= 0.75, p99 <= 10 ms"

echo "== peak RSS (VmHWM)"
echo "bare Kestrel under load:  $((bare_rss / 1024)) MiB"
echo "OmeSim pair under load:   $((pair_rss / 1024)) MiB   ratio $(ratio "$pair_rss" "$bare_rss")  target <= 2"

#!/usr/bin/env bash
# Start-up, cold ramp and steady load of OmeSim beside a bare Kestrel HTTPS app, same machine, same run: ratios, not
# absolutes. Every process gets the same treatment from the moment it is ready: one 15 s wrk run that counts answers
# per 100 ms (bench/ramp.lua; the cold ramp), wrk until 20 s after ready (warm-up), then the steady run with latencies;
# then the steady ratio by turns: short rounds alternating between that OmeSim and a bare Kestrel kept up and warm.
# Usage: bench/load.sh [--no-build] [--r2r] [--omesim DLL] [--parts start,one,ten] [--starts N] [SECONDS_PER_STEADY_RUN]
#   --no-build      use what is built (src/OmeSim, bench/BareKestrel in Release; with --r2r, the publish)
#   --r2r           also the release publish (docs/release.md: self-contained composite ReadyToRun, linux-x64, in
#                   artifacts/bench/omesim-r2r; run as dotnet omesim.dll, which takes the runtime beside it):
#                   start to ready of both interleaved in the same runs, then the load lines of each
#   --omesim DLL    run this omesim.dll instead of the Release build
#   --parts LIST    any of start (start to ready), one (1 appliance), ten (10 appliances); default all three
#   --starts N      start-to-ready runs of each kind (default 5)
#   --paths LIST    the GETs measured on OmeSim: Info,Certificate (default both)
#   --env 'DOTNET_X=V ...'   one more variant: the last build named (the publish with --r2r) with this environment;
#                   repeatable, for A/B of runtime settings (TieredPGO, TC_QuickJitForLoops, ...) in the same run
#   --no-plain      measure only the --r2r publish and the --env variants, not the plain Release build
# Needs wrk (apt-get install -y wrk), curl, python3. Loopback only; every loop is bounded; everything killed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=1 omesim=src/OmeSim/bin/Release/net10.0/omesim.dll parts=start,one,ten starts=5 r2r=0 paths=Info,Certificate plain=1
extra_envs=()
r2r_dir=artifacts/bench/omesim-r2r
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0; shift ;;
    --r2r) r2r=1; shift ;;
    --omesim) omesim=$2; shift 2 ;;
    --parts) parts=$2; shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    --paths) paths=$2; shift 2 ;;
    --env) extra_envs+=("$2"); shift 2 ;;
    --no-plain) plain=0; shift ;;
    *) break ;;
  esac
done
duration=${1:-10}
connections=64
ramp_seconds=${RAMP_SECONDS:-15} warm_until=${WARM_UNTIL:-20} paired_rounds=6 paired_seconds=3
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [ $build = 1 ]; then
  dotnet build src/OmeSim -c Release --nologo -v q >/dev/null
  dotnet build bench/BareKestrel -c Release --nologo -v q >/dev/null
  if [ $r2r = 1 ]; then
    rm -rf "$r2r_dir"
    dotnet publish src/OmeSim/OmeSim.csproj -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
      -p:PublishReadyToRunComposite=true -o "$r2r_dir" --nologo -v q >/dev/null
  fi
fi
# The OmeSim builds measured: name and dll.
variants=() dlls=() envs=()
[ $plain = 1 ] && { variants+=("build"); dlls+=("$omesim"); envs+=(""); }
[ $r2r = 1 ] && { variants+=("r2r"); dlls+=("$r2r_dir/omesim.dll"); envs+=(""); }
last_dll=$omesim last_name=build; [ $r2r = 1 ] && last_dll=$r2r_dir/omesim.dll last_name=r2r
for e in "${extra_envs[@]}"; do variants+=("$last_name $e"); dlls+=("$last_dll"); envs+=("$e"); done
[ ${#variants[@]} -gt 0 ] || { echo "nothing to measure" >&2; exit 2; }
IFS=, read -r -a path_list <<<"$paths"
omesim_env=()
use_variant() { dll=${dlls[$1]} v=${variants[$1]}; read -r -a omesim_env <<<"${envs[$1]}"; }
for dll in "${dlls[@]}"; do [ -f "$dll" ] || { echo "no $dll" >&2; exit 2; }; done
bare=bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll
work=$(mktemp -d /tmp/omesim-load.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
has_part() { [[ ",$parts," == *",$1,"* ]]; }

auth="Authorization: Basic $(printf 'admin:OmeSim#2026!' | base64)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
# wait_200 URL: polls every 10 ms for at most 60 s (Basic auth, as the load does); prints the ms since $start.
wait_200() {
  local deadline=$(( $(now_ms) + 60000 ))
  until [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 -H "$auth" "$1" || true)" = 200 ]; do
    [ "$(now_ms)" -lt $deadline ] || { echo "timeout waiting for $1" >&2; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - start ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "" || b == "") print "n/a"; else printf "%.2f", a / b }'; }
stop() { kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

start_bare() { # sets bare_pid, bare_url
  local port; port=$(free_port); bare_url="https://127.0.0.1:$port"
  start=$(now_ms); dotnet "$bare" "$port" >"$work/bare.log" 2>&1 & bare_pid=$!; pids+=("$bare_pid")
}
start_pair() { # start_pair DATA_ARGS...: sets pair_pid, control_url, source_url
  local s t c; s=$(free_port); t=$(free_port); c=$(free_port)
  control_url="http://127.0.0.1:$c" source_url="https://127.0.0.1:$s"
  start=$(now_ms)
  env "${omesim_env[@]}" dotnet "$dll" serve --appliance "source=https://127.0.0.1:$s" --appliance "target=https://127.0.0.1:$t" \
    --control "$control_url" "$@" >"$work/pair.log" 2>&1 &
  pair_pid=$!; pids+=("$pair_pid")
}
# start_fleet N PATH: serve --appliances N in memory; waits for the ready file (<= 60 s), then a 200 to GET PATH from
# each appliance; sets fleet_pid, fleet_urls, file_ms (spawn to ready file), ready_ms (the time of the last 200)
start_fleet() {
  local ready="$work/ready-$1.json" deadline
  rm -f "$ready"
  start=$(now_ms)
  env "${omesim_env[@]}" dotnet "$dll" serve --appliances "$1" --in-memory --control http://127.0.0.1:0 --ready-file "$ready" \
    >"$work/fleet.log" 2>&1 &
  fleet_pid=$!; pids+=("$fleet_pid")
  deadline=$(( start + 60000 ))
  until [ -f "$ready" ]; do [ "$(now_ms)" -lt $deadline ] || { echo "serve --appliances $1 did not become ready" >&2; exit 1; }; sleep 0.01; done
  # Not python: its start (a pyenv shim here) would delay the first request by up to 2 s on a busy machine.
  mapfile -t fleet_urls < <(grep -o '"Url": *"[^"]*"' "$ready" | sed 's/^"Url": *"//; s|/*"$||')
  file_ms=$(( $(now_ms) - start ))
  # Ready as for bare Kestrel: every appliance has answered the GET measured once (the first TLS handshake and
  # request of a fresh process are part of starting, not of the ramp).
  local url; for url in "${fleet_urls[@]}"; do wait_200 "$url/api/ApplicationService/$2" >/dev/null; done
  ready_ms=$(now_ms)
}

# load SECONDS MODE URL...: one wrk per URL, the 64 connections shared out, all for the same time. MODE: plain,
# latency (--latency) or ramp (bench/ramp.lua: answers per 100 ms, appended to $work/slots as "TENTHS COUNT" lines).
# Prints "requests seconds req/s worst_p99_ms"; warns of non-2xx answers and socket errors.
load() {
  local seconds=$1 mode=$2; shift 2
  local n=$# i=0 running=() threads=2 url extra=()
  [ "$n" -gt 1 ] && threads=1
  case $mode in latency) extra=(--latency) ;; ramp) extra=(-s bench/ramp.lua) ;; esac
  for url in "$@"; do
    wrk -t$threads -c$((connections / n)) -d"${seconds}s" --timeout 5s "${extra[@]}" -H "$auth" "$url" >"$work/wrk-$i.txt" 2>&1 &
    running+=($!); i=$((i + 1))
  done
  wait "${running[@]}" || true
  local f; for f in "$work"/wrk-*.txt; do
    if grep -q 'Non-2xx' "$f"; then echo "  warning: $(awk '/Non-2xx/ {print $NF}' "$f") non-2xx answers from $url" >&2; fi
    if grep -q 'errors:' "$f"; then echo "  warning: $(grep 'errors:' "$f" | sed 's/^ *//') ($url)" >&2; fi
    [ "$mode" = ramp ] && awk '$1 == "slot" {print $2, $3}' "$f" >>"$work/slots"
  done
  # Summed into a variable and the files removed before printing: the caller reads the line and may start the next
  # load at once, whose files a later rm would delete.
  local summary
  summary=$(cat "$work"/wrk-*.txt | awk '
    function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
                     if (v ~ /m$/) { sub(/m$/, "", v); return v * 60000 } sub(/s$/, "", v); return v * 1000 }
    / requests in / { q += $1; d = ms(substr($4, 1, length($4) - 1)) / 1000; if (d > s) s = d }
    /Requests\/sec/ { r += $2 }
    $1 == "99%" { p = ms($2); if (p > m) m = p }
    END { printf "%d %.3f %.0f %.2f\n", q, s, r, m }')
  rm -f "$work"/wrk-*.txt
  echo "$summary"
}

# cold_and_steady LABEL READY_MS URL...: from ready, one ramp run of $ramp_seconds (connections kept open), wrk until
# $warm_until s, then the steady run; prints two lines, sets steady_rps, last_p99, last_t80.
cold_and_steady() {
  local label=$1 ready=$2; shift 2
  local requests seconds p99
  rm -f "$work/slots"
  load "$ramp_seconds" ramp "$@" >/dev/null
  local left=$(( warm_until - ($(now_ms) - ready) / 1000 ))
  [ $left -gt 0 ] && load "$left" plain "$@" >/dev/null
  read -r requests seconds steady_rps steady_p99 < <(load "$duration" latency "$@")
  # From the 100 ms slots (by their middle, in ms since ready): req/s in 0-5, 5-10, 10-15 s; req/s per second (trace);
  # time to 80 %: the end of the first 0.5 s window (in 0.1 s steps) whose rate is >= 80 % of the steady rate.
  local figures
  figures=$(sort -n "$work/slots" 2>/dev/null | awk -v ready="$ready" -v steady="$steady_rps" -v span="$ramp_seconds" '
    { t = $1 * 100 + 50 - ready; k = int(t / 100); if (t >= 0) { n[k] += $2; if (k > last) last = k } }
    END {
      for (w = 0; w < 3; w++) { c = 0; for (k = 50 * w; k < 50 * (w + 1); k++) c += n[k]; printf "%.0f ", c / 5 }
      t80 = ">" span
      for (k = 4; k <= last; k++) { c = 0; for (j = k - 4; j <= k; j++) c += n[j]; if (c * 2 >= 0.8 * steady) { t80 = sprintf("%.1f", (k + 1) / 10); break } }
      printf "%s ", t80
      for (s = 0; s < span; s++) { c = 0; for (k = 10 * s; k < 10 * (s + 1); k++) c += n[k]; printf "%s%.1fk", (s ? " " : ""), c / 1000 }
    }')
  local r0 r1 r2 t80 trace
  read -r r0 r1 r2 t80 trace <<<"$figures"
  printf '%-36s 0-5 s %6s  5-10 s %6s  10-15 s %6s  steady %6s req/s  p99 %6s ms  to 80%% %5s s\n' \
    "$label" "$r0" "$r1" "$r2" "$steady_rps" "$steady_p99" "$t80"
  printf '%-36s   req/s in each second: %s\n' "" "$trace"
  last_t80=$t80 last_p99=$steady_p99
}

echo "== machine: $(nproc) cores, load average $(load_average) at start"
for i in "${!variants[@]}"; do echo "   OmeSim (${variants[$i]}): ${dlls[$i]}"; done

if has_part start; then
  echo "== start to ready ($starts runs of each, interleaved; median ms): bare, spawn to its first 200; OmeSim's pair"
  echo "   (source and target appliances, control plane), spawn to /health/ready 200 and to the source's first 200 to GET Info"
  declare -A times=()
  bare_start=()
  # pair_times KEY: /health/ready, then the source's first Info (its first TLS handshake and request)
  pair_times() { times[$1]+="$(wait_200 "$control_url/health/ready") "; times[$1,info]+="$(wait_200 "$source_url/api/ApplicationService/Info") "; }
  for _ in $(seq "$starts"); do
    start_bare; bare_start+=("$(wait_200 "$bare_url/api/ApplicationService/Info")"); stop "$bare_pid"
    for i in "${!variants[@]}"; do
      use_variant "$i"
      rm -rf "$work/data"
      start_pair --data "$work/data"; pair_times "$v,fresh"; stop "$pair_pid"
      start_pair --data "$work/data"; pair_times "$v,existing"; stop "$pair_pid"
      start_pair --in-memory; pair_times "$v,memory"; stop "$pair_pid"
    done
  done
  bare_ms=$(printf '%s\n' "${bare_start[@]}" | median)
  echo "bare Kestrel, spawn to first 200: $bare_ms ms (${bare_start[*]})"
  for v in "${variants[@]}"; do
    for kind in existing memory fresh; do
      # shellcheck disable=SC2086
      health=$(printf '%s\n' ${times[$v,$kind]} | median); info=$(printf '%s\n' ${times[$v,$kind,info]} | median)
      case $kind in existing) what="existing folder" goal=" target <= 1.0" ;; memory) what="in memory" goal= ;; *) what="fresh folder" goal= ;; esac
      printf '(%s) pair, %s: ready %s ms (%s), ratio %s; first Info %s ms (%s), ratio %s%s\n' "$v" "$what" \
        "$health" "${times[$v,$kind]% }" "$(ratio "$health" "$bare_ms")" "$info" "${times[$v,$kind,info]% }" "$(ratio "$info" "$bare_ms")" "$goal"
    done
  done
fi

if has_part one || has_part ten; then
  echo "== load: wrk, $connections keep-alive HTTPS connections, Basic auth; from ready: ${ramp_seconds} s counted per 100 ms,"
  echo "   wrk until ${warm_until} s, then ${duration} s steady with latencies; a fresh process for each line;"
  echo "   10 appliances: one wrk per appliance, the connections shared out, req/s summed, the worst p99; their"
  echo "   baseline is bare Kestrel under the same 10 wrk processes (all on its one URL)"
  # bare_runs WHEN LABEL_END: bare Kestrel's lines (one client; with ten, also 10 clients); their times to 80 % in
  # one_t80_WHEN and ten_t80_WHEN.
  bare_runs() {
    start_bare; ready=$(( start + $(wait_200 "$bare_url/") ))
    cold_and_steady "bare Kestrel GET$2" "$ready" "$bare_url/api/ApplicationService/Info"
    printf -v "one_t80_$1" %s "$last_t80"
    if [ "$1" = before ]; then
      bare_rss=$(rss_kb "$bare_pid") live_bare_pid=$bare_pid live_bare_url=$bare_url # stays up, warm, for paired
    else
      stop "$bare_pid"
    fi
    if has_part ten; then
      # The 10-appliance lines' baseline gets their client too: 10 wrk processes of one thread and 6 connections each
      # cost the shared cores more than one wrk of two threads and 64 (bare's steady rate drops by about a third), so
      # comparing them with the one-wrk figure would charge that to OmeSim.
      start_bare; ready=$(( start + $(wait_200 "$bare_url/") ))
      bare_urls=(); for _ in $(seq 10); do bare_urls+=("$bare_url/api/ApplicationService/Info"); done
      cold_and_steady "bare Kestrel GET, 10 clients$2" "$ready" "${bare_urls[@]}"
      printf -v "ten_t80_$1" %s "$last_t80"
      stop "$bare_pid"
    fi
  }
  # paired N URL...: the steady ratio, by turns: rounds of $paired_seconds s on the live bare Kestrel (under N wrk
  # clients, as OmeSim's) and on OmeSim's URLs, alternating which goes first, both processes up and warm all along, so
  # that the machine's speed drifting (it moves by a third within a run) hits both alike. Sets paired_ratio (the median
  # of the rounds' ratios) and prints one line.
  paired() {
    local n=$1 bare_urls=() ratios=() b=() o=() rb ro round; shift
    for _ in $(seq "$n"); do bare_urls+=("$live_bare_url/api/ApplicationService/Info"); done
    for round in $(seq "$paired_rounds"); do
      if [ $((round % 2)) = 1 ]; then
        read -r _ _ rb _ < <(load "$paired_seconds" plain "${bare_urls[@]}")
        read -r _ _ ro _ < <(load "$paired_seconds" plain "$@")
      else
        read -r _ _ ro _ < <(load "$paired_seconds" plain "$@")
        read -r _ _ rb _ < <(load "$paired_seconds" plain "${bare_urls[@]}")
      fi
      b+=("$rb"); o+=("$ro"); ratios+=("$(ratio "$ro" "$rb")")
    done
    paired_ratio=$(printf '%s\n' "${ratios[@]}" | median)
    printf '%-36s   by turns with bare, %s rounds of %s s: medians bare %s, OmeSim %s req/s; ratio %s (rounds: %s)\n' "" \
      "$paired_rounds" "$paired_seconds" "$(printf '%s\n' "${b[@]}" | median)" "$(printf '%s\n' "${o[@]}" | median)" \
      "$paired_ratio" "${ratios[*]}"
  }
  mean() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ />/ || b ~ />/) print ">"; else printf "%.1f", (a + b) / 2 }'; }
  goal() { # LABEL RATIO P99 T80 BARE_T80
    local t r=$2
    t=$(awk -v a="$4" -v b="$5" 'BEGIN { if (a ~ />/ || b ~ />/) print "n/a"; else printf "%.2f", a / b }')
    printf '%-36s ratio %s (>= 0.75: %s), p99 %s ms (<= 10: %s), to 80%% %sx bare'"'"'s (<= 1.5: %s)\n' "$1" "$r" \
      "$(awk -v r="$r" 'BEGIN {print (r >= 0.75) ? "met" : "missed"}')" "$3" "$(awk -v p="$3" 'BEGIN {print (p <= 10) ? "met" : "missed"}')" \
      "$t" "$(awk -v r="$t" 'BEGIN {print (r != "n/a" && r <= 1.5) ? "met" : "missed"}')"
  }
  bare_runs before ""
  declare -A rss=()
  results=()
  counts=(); has_part one && counts+=(1); has_part ten && counts+=(10)
  # Interleaved: each GET on each variant in turn, so that the machine's load drifting hits every variant alike. Each
  # line's steady ratio comes by turns with the live bare Kestrel; its time to 80 % is set against the mean of bare's
  # fresh runs before and after them all.
  for count in "${counts[@]}"; do
    for path in "${path_list[@]}"; do
      for i in "${!variants[@]}"; do
        use_variant "$i"
        start_fleet "$count" "$path"
        if [ "$count" = 1 ]; then
          label="($v) 1 appliance, $path"
          cold_and_steady "$label" "$ready_ms" "${fleet_urls[0]}/api/ApplicationService/$path"
          [ "$path" = "${path_list[0]}" ] && rss[$v]=$(rss_kb "$fleet_pid")
          paired 1 "${fleet_urls[0]}/api/ApplicationService/$path"
        else
          label="($v) 10 appliances, $path"
          cold_and_steady "$label" "$ready_ms" "${fleet_urls[@]/%//api/ApplicationService/$path}"
          paired 10 "${fleet_urls[@]/%//api/ApplicationService/$path}"
        fi
        results+=("$count|$label|$paired_ratio|$last_p99|$last_t80")
        stop "$fleet_pid"
      done
    done
  done
  stop "$live_bare_pid"
  bare_runs after ", again at the end"
  echo "== goals: steady, the ratio by turns; p99, OmeSim's steady run; time to 80 %, against the mean of bare's fresh"
  echo "   runs before and after (1 appliance: one client; 10: 10 clients)"
  for result in "${results[@]}"; do
    IFS='|' read -r count label r p99 t80 <<<"$result"
    if [ "$count" = 1 ]; then
      goal "$label" "$r" "$p99" "$t80" "$(mean "$one_t80_before" "$one_t80_after")"
    else
      goal "$label" "$r" "$p99" "$t80" "$(mean "$ten_t80_before" "$ten_t80_after")"
    fi
  done
  if has_part one; then
    echo "== peak RSS (VmHWM) after the steady run"
    echo "bare Kestrel:                $((bare_rss / 1024)) MiB"
    for v in "${variants[@]}"; do
      echo "OmeSim ($v), 1 appliance: $((${rss[$v]} / 1024)) MiB   ratio $(ratio "${rss[$v]}" "$bare_rss")  target <= 2"
    done
  fi
fi
echo "== load average at the end $(load_average)"

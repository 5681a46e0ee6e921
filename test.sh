#!/usr/bin/env bash
# Runs every OmeSim test suite and ends with one line: "N passed, N failed".
# Two checks count one each besides: every line of a tracked .cs file fits in 160 characters; the compose file is valid.
# Usage: ./test.sh                  all suites (unit, HTTP + real TLS, interop with real clients, the compose pair in containers)
#        ./test.sh --no-interop     without the interop checks
#        ./test.sh --no-containers  without the container and Kubernetes checks (they need root: podman, docker-compose, debootstrap)
#        ./test.sh --quick          a quick local run: only the dotnet suites, without the tests marked
#                                   [Trait("Speed", "Slow")] (CI runs everything)
set -uo pipefail
cd "$(dirname "$0")"
interop=1 containers=1 filter=()
for arg in "$@"; do
  case $arg in
    --no-interop) interop= ;;
    --no-containers) containers= ;;
    --quick) interop= containers= filter=(--filter "Speed!=Slow") ;;
    *) echo "unknown option: $arg (see the usage at the top of test.sh)" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
passed=0 failed=0 status=0

dotnet build OmeSim.sln -c Release -warnaserror --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo -v q "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=1
  [ -f "$results/$name.trx" ] || { echo "$name: no test results"; failed=$((failed + 1)); status=1; }
done

for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
done

# A script's checks count through its closing line "NAME: N passed, M failed"; no such line is one failure.
count_script() { # NAME SCRIPT
  local output="$results/$1.txt" p f
  "$2" | tee "$output" || status=1
  p=$(sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p" "$output" | tail -n 1)
  f=$(sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p" "$output" | tail -n 1)
  if [ -z "$p" ]; then failed=$((failed + 1)); status=1; fi
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
}

if [ -n "$interop" ] && [ -x tests/interop/run.sh ]; then
  count_script interop tests/interop/run.sh
fi

# The compose pair, built and run under rootful podman (installs what is missing; .ci/run requires it).
if [ -n "$containers" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    count_script containers tests/containers/run.sh
    # The Helm chart and kustomize base, validated offline and run by podman kube play on the image just built.
    count_script k8s tests/k8s/run.sh
  elif [ -n "${OMESIM_REQUIRE_CONTAINERS:-}" ]; then
    echo "containers: need root (rootful podman)"; failed=$((failed + 1)); status=1
  else
    echo "containers: skipped (they need root, for rootful podman; ./test.sh --no-containers skips them quietly)"
  fi
fi

# Every line of a tracked C# file fits in 160 characters (max_line_length in .editorconfig); each longer line is printed.
long_lines=$({ git ls-files -z -- '*.cs' 2>/dev/null || find src tests bench -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -print0; } \
  | LC_ALL=C.UTF-8 xargs -0 -r grep -nHE '^.{161}' --)
if [ -z "$long_lines" ]; then
  echo "line length: every line of the C# files fits in 160 characters"; passed=$((passed + 1))
else
  printf '%s\n' "$long_lines"
  echo "line length: $(wc -l <<<"$long_lines") line(s) of C# longer than 160 characters"; failed=$((failed + 1)); status=1
fi

# The compose file must stay valid for Debian's docker-compose (also where the container checks cannot run).
if command -v docker-compose >/dev/null 2>&1; then
  if docker-compose -f docker/docker-compose.yml config -q; then
    echo "compose: docker/docker-compose.yml is valid"; passed=$((passed + 1))
  else
    echo "compose: docker/docker-compose.yml is invalid"; failed=$((failed + 1)); status=1
  fi
elif [ -n "${OMESIM_REQUIRE_COMPOSE:-}" ]; then
  echo "compose: docker-compose is not installed"; failed=$((failed + 1)); status=1
else
  echo "compose: skipped (docker-compose not installed; apt-get install docker-compose)"
fi

[ "$passed" -gt 0 ] || status=1
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status

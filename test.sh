#!/usr/bin/env bash
# Runs every OmeSim test suite and ends with one line: "N passed, N failed".
# Usage: ./test.sh            all suites (unit, HTTP + real TLS, interop with real clients)
#        ./test.sh --no-interop   only the dotnet suites
#        ./test.sh --quick        only the dotnet suites, without the tests marked [Trait("Speed", "Slow")] (CI runs all)
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
passed=0 failed=0 status=0
mode="${1:-}" filter=()
if [ "$mode" = "--quick" ]; then filter=(--filter "Speed!=Slow"); fi

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

if [ "$mode" != "--no-interop" ] && [ "$mode" != "--quick" ] && [ -x tests/interop/run.sh ]; then
  interop_out="$results/interop.txt"
  tests/interop/run.sh | tee "$interop_out" || status=1
  p=$(sed -n 's/^interop: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$interop_out" | tail -n 1)
  f=$(sed -n 's/^interop: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$interop_out" | tail -n 1)
  if [ -z "$p" ]; then failed=$((failed + 1)); status=1; fi
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
fi

# The compose file must stay valid for Debian's docker-compose (there is no Docker engine here, so no build or up).
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

#!/usr/bin/env bash
# Runs README sections as written (tests/interop/readme_blocks.sh extracts them), in a folder that looks like the
# repository's root to them (below).
# Usage: readme_run.sh first-start   "Two commands": `dotnet run --project src/OmeSim` on free ports (the OmeSim__*
#                                    settings the README documents), its banner, its data in the caller's folder; then
#                                    the migration check against it
#        readme_run.sh on-demand     "Appliances on demand", whose serve must stop at its own last line
#        readme_run.sh newman        the newman line, in a folder whose postman/ holds the collection and the
#                                    environment pointed at the interop serve (OMESIM_TARGET and the rest, from run.sh)
#        readme_run.sh blocks        every bash block is in a section a test runs; the one-line sections name what test.sh and CI run
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
readme=$root/README.md
PY=${OMESIM_INTEROP_PY:-/usr/bin/python3}
FIRST_START_TIMEOUT_SECONDS=240   # the first `dotnet run` restores and builds
SECTION_TIMEOUT_SECONDS=360
STOP_SECONDS=15

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# The folder the sections run in, as the repository's root looks to them: a copy of src/ and the build files beside
# it (tar keeps the times, so each run's build is incremental), in one stable place; what they write to "the folder
# the user ran from" lands there. Links instead of copies would not do: MSBuild resolves project references through them.
sandbox=$root/artifacts/readme-sandbox
mkdir -p "$sandbox/src"
find "$sandbox/src" -mindepth 1 \( -name bin -o -name obj \) -prune -o -type f -print0 | xargs -0 -r rm -f
(cd "$root" && tar -cf - --exclude=bin --exclude=obj src Directory.Build.props Directory.Packages.props global.json .editorconfig) |
  tar -C "$sandbox" -xf -
find "$sandbox" -mindepth 1 -maxdepth 1 ! -name src ! -name '*.props' ! -name global.json ! -name .editorconfig -exec rm -rf {} +
work=$(mktemp -d /tmp/omesim-readme.XXXXXX)
group=
cleanup() {
  [ -z "$group" ] || kill -TERM -- "-$group" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$sandbox"

section() { # NAME...: the sections as one script, $work/NAME.sh
  "$here/readme_blocks.sh" script "$readme" "$@" >"$work/$1.sh" || exit 1
}

# Runs $work/NAME.sh in its own process group, in the background, output in $work/NAME.out; sets group.
start_group() {
  setsid bash -euo pipefail "$work/$1.sh" >"$work/$1.out" 2>&1 </dev/null &
  group=$!
}

# Fails when a process of the group is still there STOP_SECONDS after the script ended (a README line left one running).
check_stopped() {
  local deadline=$((SECONDS + STOP_SECONDS))
  while pgrep -g "$group" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "still running after the README's last line:"; pgrep -a -g "$group"; return 1
    fi
    sleep 0.5
  done
}

data_left_in_src() { find "$sandbox/src/OmeSim" -name omesim-data -type d 2>/dev/null; }

first_start() {
  local before started
  before=$(data_left_in_src)
  section first-start
  grep -qx 'dotnet run --project src/OmeSim.*' "$work/first-start.sh" || { echo "first-start: no 'dotnet run --project src/OmeSim' line"; cat "$work/first-start.sh"; return 1; }
  local source_port target_port control_port
  source_port=$(free_port) target_port=$(free_port) control_port=$(free_port)
  # The README's command takes no flags; the settings it documents move it to free ports.
  export OmeSim__Appliance__0="source=https://127.0.0.1:$source_port" OmeSim__Appliance__1="target=https://127.0.0.1:$target_port"
  export OmeSim__Control="http://127.0.0.1:$control_port"
  started=$SECONDS
  start_group first-start
  local deadline=$((SECONDS + FIRST_START_TIMEOUT_SECONDS))
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$control_port/health/ready" 2>/dev/null; do
    kill -0 "$group" 2>/dev/null || { echo "first-start: serve exited:"; cat "$work/first-start.out"; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "first-start: not ready after ${FIRST_START_TIMEOUT_SECONDS}s"; cat "$work/first-start.out"; return 1; }
    sleep 1
  done
  echo "first-start: ready $((SECONDS - started)) s after dotnet run"
  cat "$work/first-start.out"
  grep -qE "^  source +https://127\.0\.0\.1:$source_port/ +OME 3\.10\.2 +web console and REST API$" "$work/first-start.out" &&
    grep -qE "^  target +https://127\.0\.0\.1:$target_port/ +OME 4\.0\.1 +web console and REST API$" "$work/first-start.out" &&
    grep -qE "^  control +http://127\.0\.0\.1:$control_port/ +dashboard; " "$work/first-start.out" ||
    { echo "first-start: the banner does not call the https URLs web consoles and the control URL a dashboard"; return 1; }
  [ -d omesim-data/source ] && [ -d omesim-data/target ] || { echo "first-start: no omesim-data/{source,target} in the folder dotnet run ran from"; ls -la; return 1; }
  [ "$(data_left_in_src)" = "$before" ] || { echo "first-start: an omesim-data appeared under src/OmeSim:"; data_left_in_src; return 1; }
  echo "first-start: data in the caller's folder ($(ls omesim-data | tr '\n' ' ')), none under src/OmeSim"

  section migration
  SOURCE_PORT=$source_port TARGET="https://127.0.0.1:$target_port" CTL="http://127.0.0.1:$control_port" \
    timeout -k 5 "$SECTION_TIMEOUT_SECONDS" bash -euo pipefail "$work/migration.sh" || { echo "migration: failed"; return 1; }
  echo "migration: every line ran"
  kill -TERM -- "-$group"; check_stopped
}

on_demand() {
  section on-demand
  start_group on-demand
  local deadline=$((SECONDS + SECTION_TIMEOUT_SECONDS))
  while kill -0 "$group" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "on-demand: still running after ${SECTION_TIMEOUT_SECONDS}s"; cat "$work/on-demand.out"; return 1; }
    sleep 1
  done
  wait "$group"; local rc=$?
  cat "$work/on-demand.out"
  [ "$rc" -eq 0 ] || { echo "on-demand: exit $rc"; return 1; }
  check_stopped || return 1
  [ ! -e r.json ] || { echo "on-demand: r.json left behind after serve stopped"; return 1; }
  echo "on-demand: every line ran; serve stopped at the README's last line and removed r.json"
}

newman() {
  : "${OMESIM_TARGET:?run by tests/interop/run.sh}"
  # The environment the README runs must hold serve's defaults; the test points a copy of it at its own serve.
  mkdir -p "$work/newman/postman" && cd "$work/newman" && cp "$root/postman/OmeSim.postman_collection.json" postman/
  "$PY" - "$root/postman/OmeSim.postman_environment.json" postman/OmeSim.postman_environment.json <<'PY' || return 1
import json, os, sys
env = json.load(open(sys.argv[1]))
values = {v["key"]: v for v in env["values"]}
defaults = {"source": "https://127.0.0.1:8443", "target": "https://127.0.0.1:9443", "ctl": "http://127.0.0.1:8440",
            "user": "admin", "password": "OmeSim#2026!", "sourceAddress": "127.0.0.1", "sourcePort": "8443"}
wrong = {k: values[k]["value"] for k in defaults if values[k]["value"] != defaults[k]}
if wrong:
    sys.exit("postman environment differs from serve's defaults: %s" % wrong)
ours = {"source": os.environ["OMESIM_SOURCE"], "target": os.environ["OMESIM_TARGET"], "ctl": os.environ["OMESIM_CONTROL"],
        "user": os.environ["OMESIM_USER"], "password": os.environ["OMESIM_PASSWORD"], "sourcePort": os.environ["OMESIM_SOURCE_PORT"]}
for key, value in ours.items():
    values[key]["value"] = value
json.dump(env, open(sys.argv[2], "w"), indent=2)
PY
  section newman
  timeout -k 5 "$SECTION_TIMEOUT_SECONDS" bash -euo pipefail "$work/newman.sh"
}

blocks() {
  "$here/readme_blocks.sh" covered "$readme" || return 1
  section test-command
  grep -qx './test.sh .*' "$work/test-command.sh" && grep -qx 'exec ./test.sh' "$root/.ci/run" ||
    { echo "test-command: the README's line is not the ./test.sh that .ci/run executes"; cat "$work/test-command.sh"; return 1; }
  section interop
  grep -qE '^tests/interop/run.sh( |$)' "$work/interop.sh" && grep -q 'count_script interop tests/interop/run.sh' "$root/test.sh" ||
    { echo "interop: the README's line is not the tests/interop/run.sh that test.sh runs"; cat "$work/interop.sh"; return 1; }
  echo "test-command and interop: the lines test.sh and .ci/run execute"
}

case "${1:-}" in
  first-start) first_start ;;
  on-demand) on_demand ;;
  newman) newman ;;
  blocks) blocks ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac

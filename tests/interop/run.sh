#!/usr/bin/env bash
# Interop checks: real clients (Dell's Ansible modules, newman, Dell-style Python, the README's
# curl walk-through) against a running `omesim serve`. Ends with "interop: N passed, M failed".
# Usage: tests/interop/run.sh [CHECK...]     (default: every check; names below in CHECKS)
# Needs the Release build (./test.sh makes it; or: dotnet build OmeSim.sln -c Release).
# Says first, in one line, what the selected checks need; then installs what is missing: Debian's ansible,
# python3-requests, python3-pytest, python3-pytest-xdist, openssl, curl, nodejs, npm (as root), newman from npm.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

NEWMAN_VERSION=6.2.2
READY_TIMEOUT_SECONDS=60
CHECK_TIMEOUT_SECONDS=180
README_BUILD_TIMEOUT_SECONDS=600   # the README's `dotnet run` lines build a Debug copy first
CHECKS=(ansible-session ansible-certificate ansible-errors ansible-on-demand dell-style-python readme-walkthrough newman pytest-pairs
  terraform-acceptance-flow terraform-no-key-encipherment terraform-client-auth-only
  ansible-it-single-upload ansible-it-no-key-encipherment ansible-it-client-auth-only
  readme-blocks readme-first-start readme-on-demand readme-newman)
# pytest-pairs: at least this many tests, on this many workers (pytest-xdist).
PYTEST_MIN_TESTS=16
PYTEST_WORKERS=4

out=${OMESIM_INTEROP_OUT:-$root/artifacts/interop}
passed=0 failed=0

say() { printf '%s\n' "$*"; }

# Debian's python3 has python3-requests; the PATH's python3 may be another one without it.
PY=${OMESIM_INTEROP_PY:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3)

# What the selected checks need: "apt:PACKAGE" when a command or module is missing, "npm:newman", "npx".
needs() {
  local check want=() ansible= pytest= newman= npx=
  for check in "$@"; do
    case $check in
      ansible-*) ansible=1 ;;
      pytest-pairs) pytest=1 ;;
      newman) newman=1 ;;
      readme-newman) npx=1 ;;
    esac
  done
  if [ -n "$ansible" ]; then command -v ansible-playbook >/dev/null 2>&1 || want+=(apt:ansible); fi
  "$PY" -c 'import requests' >/dev/null 2>&1 || want+=(apt:python3-requests)
  if [ -n "$pytest" ]; then
    "$PY" -c 'import pytest' >/dev/null 2>&1 || want+=(apt:python3-pytest)
    "$PY" -c 'import xdist' >/dev/null 2>&1 || want+=(apt:python3-pytest-xdist)
  fi
  command -v openssl >/dev/null 2>&1 || want+=(apt:openssl)
  command -v curl >/dev/null 2>&1 || want+=(apt:curl)
  if [ -n "$newman$npx" ]; then command -v npm >/dev/null 2>&1 || want+=(apt:nodejs apt:npm); fi
  local newman_bin="$here/.npm/node_modules/.bin/newman"
  if [ -n "$newman" ] && ! { [ -x "$newman_bin" ] && [ "$("$newman_bin" --version 2>/dev/null)" = "$NEWMAN_VERSION" ]; }; then
    want+=(npm:newman@$NEWMAN_VERSION)
  fi
  [ ${#want[@]} -eq 0 ] || printf '%s\n' "${want[@]}"
}

describe() { # the needs as words: "python3-pytest newman@6.2.2 (npm)"
  local item words=()
  for item in "$@"; do case $item in apt:*) words+=("${item#apt:}") ;; npm:*) words+=("${item#npm:} (npm)") ;; esac; done
  printf '%s' "${words[*]}"
}

install_clients() {
  local missing=() npm_packages=() item
  for item in "$@"; do
    case $item in apt:*) missing+=("${item#apt:}") ;; npm:*) npm_packages+=("${item#npm:}") ;; esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >>"$out/install.log" 2>&1
    "${sudo[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >>"$out/install.log" 2>&1 \
      || say "apt-get install failed (see $out/install.log)"
    PY=/usr/bin/python3
  fi
  if [ ${#npm_packages[@]} -gt 0 ]; then
    npm install --prefix "$here/.npm" --no-audit --no-fund --loglevel=error "${npm_packages[@]}" >>"$out/install.log" 2>&1 \
      || say "npm install failed (see $out/install.log)"
  fi
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

serve_pid=
stop_serve() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$serve_pid" 2>/dev/null
  fi
  serve_pid=
}
trap stop_serve EXIT
trap 'stop_serve; exit 130' INT TERM

start_serve() {
  local dll="$root/src/OmeSim/bin/Release/net10.0/omesim.dll"
  if [ ! -f "$dll" ]; then
    say "no Release build at $dll (run: dotnet build OmeSim.sln -c Release)"
    return 1
  fi
  SOURCE_PORT=$(free_port) TARGET_PORT=$(free_port) CONTROL_PORT=$(free_port)
  export OMESIM_PASSWORD='Interop#Pass!42' OMESIM_INTEROP_PY="$PY"
  dotnet "$dll" serve --in-memory \
    --appliance "source=https://127.0.0.1:$SOURCE_PORT" \
    --appliance "target=https://127.0.0.1:$TARGET_PORT" \
    --control "http://127.0.0.1:$CONTROL_PORT" \
    --password "$OMESIM_PASSWORD" >"$out/serve.log" 2>&1 &
  serve_pid=$!
  export OMESIM_SOURCE="https://127.0.0.1:$SOURCE_PORT" OMESIM_TARGET="https://127.0.0.1:$TARGET_PORT"
  export OMESIM_CONTROL="http://127.0.0.1:$CONTROL_PORT" OMESIM_USER=admin
  export OMESIM_SOURCE_PORT=$SOURCE_PORT OMESIM_TARGET_PORT=$TARGET_PORT
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$serve_pid" 2>/dev/null || { say "serve exited:"; sed 's/^/  /' "$out/serve.log"; return 1; }
    if curl -fsS -o /dev/null --max-time 2 "$OMESIM_CONTROL/health/ready" 2>/dev/null; then
      say "serve ready: source $OMESIM_SOURCE, target $OMESIM_TARGET, control $OMESIM_CONTROL"
      return 0
    fi
    sleep 0.5
  done
  say "serve not ready after ${READY_TIMEOUT_SECONDS}s:"
  curl -sS --max-time 2 "$OMESIM_CONTROL/health/ready" 2>&1 | sed 's/^/  /'
  return 1
}

ansible_check() {
  # An assert condition with ": " in it, unquoted, is a YAML mapping, and a mapping is always true.
  "$PY" - "$here/ansible/$1" <<'PY' || return 1
import sys, yaml
for play in yaml.safe_load(open(sys.argv[1])):
    for task in play.get("tasks", []):
        that = (task.get("ansible.builtin.assert") or task.get("assert") or {}).get("that", [])
        for condition in that if isinstance(that, list) else [that]:
            if not isinstance(condition, str):
                sys.exit("%s: task %r has a condition that is not a string: %r" % (sys.argv[1], task.get("name"), condition))
PY
  ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_RETRY_FILES_ENABLED=False \
  ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False \
  OMESIM_WORK="$out/ansible" \
    ansible-playbook -i localhost, -c local -e ansible_python_interpreter="$PY" "$here/ansible/$1" "${@:2}"
}

run_check() {
  local dll="$root/src/OmeSim/bin/Release/net10.0/omesim.dll"
  case "$1" in
    ansible-session) ansible_check session.yml ;;
    ansible-certificate) mkdir -p "$out/ansible" && ansible_check certificate.yml ;;
    ansible-errors) mkdir -p "$out/ansible" && ansible_check errors.yml ;;
    ansible-on-demand) ansible_check on_demand.yml ;;
    dell-style-python) "$PY" "$here/dell_style_login.py" "$OMESIM_TARGET" "$OMESIM_USER" ;;
    terraform-acceptance-flow) OMESIM_DLL="$dll" bash "$here/terraform_acceptance_flow.sh" accepted ;;
    terraform-no-key-encipherment) OMESIM_DLL="$dll" bash "$here/terraform_acceptance_flow.sh" no-key-encipherment ;;
    terraform-client-auth-only) OMESIM_DLL="$dll" bash "$here/terraform_acceptance_flow.sh" client-auth-only ;;
    ansible-it-single-upload) mkdir -p "$out/ansible" && OMESIM_DLL="$dll" ansible_check it_single_upload.yml -e variant=accepted ;;
    ansible-it-no-key-encipherment) mkdir -p "$out/ansible" && OMESIM_DLL="$dll" ansible_check it_single_upload.yml -e variant=no-key-encipherment ;;
    ansible-it-client-auth-only) mkdir -p "$out/ansible" && OMESIM_DLL="$dll" ansible_check it_single_upload.yml -e variant=client-auth-only ;;
    readme-blocks) bash "$here/readme_run.sh" blocks ;;
    readme-first-start) bash "$here/readme_run.sh" first-start ;;
    readme-on-demand) bash "$here/readme_run.sh" on-demand ;;
    readme-newman) bash "$here/readme_run.sh" newman ;;
    readme-walkthrough)
      OMESIM_DLL="$root/src/OmeSim/bin/Release/net10.0/omesim.dll" \
      OME=$OMESIM_TARGET CTL=$OMESIM_CONTROL OME_USER=$OMESIM_USER OME_PASSWORD=$OMESIM_PASSWORD \
        bash "$here/readme_walkthrough.sh" "$root/README.md" ;;
    newman)
      "$here/.npm/node_modules/.bin/newman" run "$root/postman/OmeSim.postman_collection.json" \
        -e "$root/postman/OmeSim.postman_environment.json" --insecure --color off \
        --env-var "source=$OMESIM_SOURCE" --env-var "target=$OMESIM_TARGET" --env-var "ctl=$OMESIM_CONTROL" \
        --env-var "user=$OMESIM_USER" --env-var "password=$OMESIM_PASSWORD" \
        --env-var "sourceAddress=127.0.0.1" --env-var "sourcePort=$OMESIM_SOURCE_PORT" \
        --reporters cli,junit --reporter-junit-export "$out/newman.xml" ;;
    pytest-pairs)
      # Every test creates its own source + target on the control plane (conftest.py) and deletes them after.
      (cd "$here/pytest" && OMESIM_CONTROL=$OMESIM_CONTROL OMESIM_USER=$OMESIM_USER OMESIM_PASSWORD=$OMESIM_PASSWORD \
        "$PY" -m pytest -n "$PYTEST_WORKERS" -q -rA --junitxml="$out/pytest.xml") || return 1
      "$PY" - "$out/pytest.xml" "$PYTEST_MIN_TESTS" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root if root.tag == "testsuite" else root.find("testsuite")
tests, bad = int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors")) + int(suite.get("skipped"))
print("pytest-pairs: %d tests, %d not passed" % (tests, bad))
sys.exit(0 if tests >= int(sys.argv[2]) and bad == 0 else 1)
PY
      ;;
    *) say "unknown check: $1"; return 2 ;;
  esac
}

record() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1)); say "PASS $1"
  else
    failed=$((failed + 1)); say "FAIL $1 (exit $2; log: artifacts/interop/$1.log)"
    [ ! -f "$out/$1.log" ] || tail -n 40 "$out/$1.log" | sed 's/^/    /'
  fi
}

if [ "${1:-}" = --run-one ]; then
  run_check "$2"
  exit
fi

rm -rf "$out" && mkdir -p "$out"
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${CHECKS[@]}")

for check in "${selected[@]}"; do
  [[ " ${CHECKS[*]} " == *" $check "* ]] || { say "unknown check: $check (the checks: ${CHECKS[*]})"; exit 2; }
done
# What is needed, in one line, before anything is installed or started.
dll="$root/src/OmeSim/bin/Release/net10.0/omesim.dll"
mapfile -t wanted < <(needs "${selected[@]}")
if [ ! -f "$dll" ]; then
  say "interop: needs the Release build (run: dotnet build OmeSim.sln -c Release)${wanted[*]:+; would also install: $(describe "${wanted[@]}")}"
  for check in "${selected[@]}"; do record "$check" 1 >/dev/null; done
  say "interop: $passed passed, $failed failed"
  exit 1
fi
if [ ${#wanted[@]} -gt 0 ]; then
  say "interop: installing what ${selected[*]:0:3}${selected[3]:+...} need: $(describe "${wanted[@]}") (log: artifacts/interop/install.log)"
  install_clients "${wanted[@]}"
fi
if start_serve; then
  for check in "${selected[@]}"; do
    # timeout signals the check's whole process group when it overruns.
    seconds=$CHECK_TIMEOUT_SECONDS
    case $check in readme-first-start | readme-on-demand) seconds=$README_BUILD_TIMEOUT_SECONDS ;; esac
    timeout -k 5 "$seconds" "$here/run.sh" --run-one "$check" >"$out/$check.log" 2>&1 </dev/null
    record "$check" $?
  done
else
  for check in "${selected[@]}"; do record "$check" 1 >/dev/null; say "FAIL $check (serve did not start)"; done
fi
stop_serve

say "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

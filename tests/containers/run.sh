#!/usr/bin/env bash
# Container checks: docker/Dockerfile and docker/docker-compose.yml, built and brought up for real under podman
# (Debian's podman behind its Docker-compatible API, driven by Debian's docker-compose 1.29), on stand-ins for the
# official .NET images (tests/containers/standins.sh). Ends with "containers: N passed, M failed".
# Usage: tests/containers/run.sh             every check (as root; installs what is missing)
#        tests/containers/run.sh --install   only install podman, docker-compose, debootstrap, runc, iptables and configure podman
# Figures (image size, up to healthy, restart to healthy, memory per container) go to artifacts/containers/figures.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

BUILD_TIMEOUT_SECONDS=600
UP_TIMEOUT_SECONDS=300
HEALTHY_TIMEOUT_SECONDS=120
PROVISION_TIMEOUT_SECONDS=120
DOWN_TIMEOUT_SECONDS=120
HEALTH_POLL_SECONDS=2
TOKEN=omesim-ct-$$
PASSWORD='OmeSim#2026!'
# iptables: netavark sets up each compose network with it; without the binary, "netavark: No such file or directory".
PACKAGES=(podman runc netavark aardvark-dns iptables docker-compose debootstrap)

out="$root/artifacts/containers"
# say, pass, fail, check, figure
. "$root/tests/lib/checks.sh"

# Debian's podman needs lower default limits here ("error setting rlimit type 7") and, on hosts with hybrid
# cgroups (v1 controllers beside a v2 mount), runc: crun refuses them. Netavark with aardvark-dns lets the containers
# of a compose network find each other by service name (CNI without its dnsname plugin cannot).
configure_podman() {
  mkdir -p /etc/containers
  python3 - /etc/containers/containers.conf <<'PY'
import os, re, sys
path = sys.argv[1]
wanted = {"containers": ("default_ulimits", '["nofile=4096:4096", "nproc=4096:4096"]'), "engine": ("runtime", '"runc"'),
          "network": ("network_backend", '"netavark"')}
text = open(path).read() if os.path.exists(path) else ""
for section, (key, value) in wanted.items():
    m = re.search(r"^\[%s\][^\n]*\n(.*?)(?=^\[|\Z)" % section, text, re.M | re.S)
    if m and re.search(r"^\s*%s\s*=" % key, m.group(1), re.M):
        continue
    line = "%s = %s\n" % (key, value)
    text = text[:m.start(1)] + line + text[m.start(1):] if m else text + ("\n" if text and not text.endswith("\n") else "") + "[%s]\n%s" % (section, line)
open(path, "w").write(text)
PY
}

install() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || { say "containers: needs root to install ${missing[*]}"; return 1; }
    say "containers: installing with apt-get: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local try
    for try in 1 2 3 4 5 6; do # another apt-get may hold the lock for a while
      apt-get update -qq >>"$out/apt.log" 2>&1 &&
        apt-get install -y -qq -o DPkg::Lock::Timeout=120 --no-install-recommends "${missing[@]}" >>"$out/apt.log" 2>&1 && break
      sleep 10
    done
    for package in "${missing[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || { say "containers: apt-get could not install $package (see $out/apt.log)"; return 1; }; done
  else
    say "containers: already installed: ${PACKAGES[*]} ansible"
  fi
  configure_podman
  say "containers: /etc/containers/containers.conf sets default_ulimits (nofile, nproc 4096), runtime runc, network_backend netavark"
}

mkdir -p "$out"
if [ "${1:-}" = --install ]; then
  install
  exit
fi
rm -rf "$out" && mkdir -p "$out"

project=omesimct$$
work=$(mktemp -d /tmp/omesim-containers.XXXXXX)
socket=$work/podman.sock
service_pid= driver_pid=
compose_up=
# COMPOSE_DOCKER_CLI_BUILD=0: compose builds through the API itself, whether or not a docker CLI is on the PATH.
export COMPOSE_DOCKER_CLI_BUILD=0 COMPOSE_PROJECT_NAME=$project COMPOSE_FILE="$root/docker/docker-compose.yml" DOCKER_HOST=unix://$socket
export OMESIM_SDK_IMAGE=localhost/omesim-standin/dotnet-sdk:10.0 OMESIM_ASPNET_IMAGE=localhost/omesim-standin/dotnet-aspnet:10.0
export OMESIM_IMAGE=localhost/omesim-containers-test:latest OMESIM_CONTROL_TOKEN=$TOKEN
compose() { docker-compose --ansi never "$@"; }

stop_driver() { [ -z "$driver_pid" ] || { kill "$driver_pid" 2>/dev/null; wait "$driver_pid" 2>/dev/null; driver_pid=; }; }
cleanup() {
  stop_driver
  if [ -n "$compose_up" ]; then timeout "$DOWN_TIMEOUT_SECONDS" docker-compose --ansi never down -v --remove-orphans >>"$out/cleanup.log" 2>&1; fi
  podman rm -f "$project-readonly" >/dev/null 2>&1
  podman volume rm -f "$project-readonly" >/dev/null 2>&1
  if [ -n "$service_pid" ]; then
    kill "$service_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$service_pid" 2>/dev/null
    wait "$service_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
container() { printf '%s_%s_1' "$project" "$1"; }
health() { podman inspect --format '{{.State.Health.Status}}' "$(container "$1")" 2>/dev/null; }

# No systemd here, so podman never runs a HEALTHCHECK by itself: run them while containers are starting (README's loop).
drive_health() {
  local deadline=$((SECONDS + $1)) name
  while [ $SECONDS -lt $deadline ]; do
    for name in $(podman ps --filter "label=com.docker.compose.project=$project" --filter health=starting --format '{{.Names}}'); do
      timeout 30 podman healthcheck run "$name" >/dev/null 2>&1
    done
    sleep "$HEALTH_POLL_SECONDS"
  done
}

wait_exited_zero() { # SERVICE SECONDS
  local deadline=$((SECONDS + $2)) state
  while [ $SECONDS -lt $deadline ]; do
    state=$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$(container "$1")" 2>/dev/null)
    case $state in "exited 0") return 0 ;; exited*) echo "$1: $state"; podman logs "$(container "$1")"; return 1 ;; esac
    sleep 1
  done
  echo "$1 still ${state:-missing} after $2 s"; return 1
}

tls_leaf() { # PORT: the leaf the port serves, PEM
  openssl s_client -connect "127.0.0.1:$1" -servername localhost </dev/null 2>/dev/null | openssl x509
}
fingerprint() { tls_leaf "$1" | openssl x509 -noout -fingerprint -sha256; }

api() { # METHOD URL [BODY]: prints the status line number, then the body
  curl -sS -k --max-time 30 -u "admin:$PASSWORD" -X "$1" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} \
    -o "$work/body" -w '%{http_code}\n' "$2" && cat "$work/body"
}
ctl() { # METHOD CONTROL_URL PATH
  curl -sS --max-time 60 -X "$1" -H "Authorization: Bearer $TOKEN" -o "$work/body" -w '%{http_code}\n' "$2$3" && cat "$work/body"
}

check_info() { # PORT VERSION
  local answer
  answer=$(api GET "https://127.0.0.1:$1/api/ApplicationService/Info") || return 1
  echo "$answer"
  [ "$(head -n 1 <<<"$answer")" = 200 ] &&
    python3 -c 'import json, sys; v = json.loads(sys.stdin.read())["Version"]; sys.exit(v != sys.argv[1])' "$2" <<<"$(tail -n +2 <<<"$answer")"
}

check_advertised() { # NAME PORT CONTROL_URL: the control plane shows the URL a user reaches on the host (--advertise)
  local answer
  answer=$(ctl GET "$3" "/appliances/$1") || return 1
  echo "$answer"
  [ "$(head -n 1 <<<"$answer")" = 200 ] &&
    python3 -c 'import json, sys; u = json.loads(sys.stdin.read())["Url"]; print(u); sys.exit(u != sys.argv[1])' "https://127.0.0.1:$2/" \
      <<<"$(tail -n +2 <<<"$answer")"
}

check_chain() { # PORT CONTROL_URL
  ctl GET "$2" /pki/root.pem >"$work/root.answer" || return 1
  [ "$(head -n 1 "$work/root.answer")" = 200 ] || { cat "$work/root.answer"; return 1; }
  tail -n +2 "$work/root.answer" >"$work/root.pem"
  openssl s_client -connect "127.0.0.1:$1" -servername localhost -showcerts -CAfile "$work/root.pem" -verify_return_error </dev/null 2>&1 |
    tee "$work/s_client.txt" | grep -E '^ *[0-9] s:|Verify return code'
  [ "${PIPESTATUS[0]}" -eq 0 ] && grep -q 'Verify return code: 0 (ok)' "$work/s_client.txt"
}

validate() { # EXPECTED_STATUS: ValidateConnection on the target against the source by its compose service name
  local body answer
  body=$(printf '{"SourceAddress":"source","SourcePort":8443,"SourceUserName":"admin","SourcePassword":"%s"}' "$PASSWORD")
  answer=$(api POST "https://127.0.0.1:$target_port/api/MigrationService/Actions/MigrationService.ValidateConnection" "$body") || return 1
  echo "$answer"
  [ "$(head -n 1 <<<"$answer")" = "$1" ] || return 1
  tail -n +2 <<<"$answer" >"$work/validation.json"
}

check_validated() {
  validate 200 && python3 - "$work/validation.json" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
assert body["Result"] == "Validated", body["Result"]
assert body["TargetCheck"]["CheckedBy"] == "Target" and body["TargetCheck"]["Passed"] is True, body["TargetCheck"]
assert "source's server certificate chain" in body["TargetCheck"]["Checked"], body["TargetCheck"]
assert body["SourceCheck"]["CheckedBy"] == "Source" and body["SourceCheck"]["Passed"] is True, body["SourceCheck"]
assert "target's client certificate chain" in body["SourceCheck"]["Checked"], body["SourceCheck"]
PY
}

provision() { # APPLIANCE CONTROL_URL PROFILE
  local answer
  answer=$(ctl POST "$2" "/appliances/$1/provision?profile=$3") || return 1
  echo "$answer"
  [ "$(head -n 1 <<<"$answer")" = 200 ]
}

check_refused() {
  provision target "$target_control" inter-ca2 || return 1
  validate 400 || return 1
  python3 - "$work/validation.json" <<'PY' || return 1
import json, sys
info = json.load(open(sys.argv[1]))["error"]["@Message.ExtendedInfo"][0]
assert info["MessageId"] == "CMIG1001", info
assert "signed by the same CA" in info["Resolution"], info
PY
  curl -sS --max-time 30 -H "Authorization: Bearer $TOKEN" -o "$work/logs.zip" "$target_control/appliances/target/logs" || return 1
  python3 - "$work/logs.zip" <<'PY'
import sys, zipfile
log = zipfile.ZipFile(sys.argv[1]).read("tomcat/application.log").decode()
lines = [l for l in log.splitlines() if "validateConnection()" in l and l.startswith("[ERROR]")]
print("\n".join(lines))
assert any("the target's check of the source's server chain failed" in l for l in lines), log
PY
}

check_restart() {
  local before after started=$SECONDS deadline
  before=$(fingerprint "$source_port") && [ -n "$before" ] || { echo "no certificate on the source before the restart"; return 1; }
  local first_start
  first_start=$(podman inspect --format '{{.State.StartedAt}}' "$(container source)")
  timeout "$UP_TIMEOUT_SECONDS" docker-compose --ansi never restart source || return 1
  [ "$(podman inspect --format '{{.State.StartedAt}}' "$(container source)")" != "$first_start" ] || { echo "source was not restarted"; return 1; }
  deadline=$((SECONDS + HEALTHY_TIMEOUT_SECONDS))
  until timeout 30 podman healthcheck run "$(container source)"; do
    [ $SECONDS -lt $deadline ] || { echo "source not healthy ${HEALTHY_TIMEOUT_SECONDS}s after the restart"; return 1; }
    sleep 1
  done
  figure "restart source to healthy: $((SECONDS - started)) s"
  [ "$(health source)" = healthy ] || { echo "source is $(health source)"; return 1; }
  after=$(fingerprint "$source_port")
  echo "before: $before"; echo "after:  $after"
  [ "$before" = "$after" ] && check_validated
}

check_ansible() {
  mkdir -p "$out/interop/ansible"
  OMESIM_INTEROP_OUT="$out/interop" OMESIM_TARGET="https://127.0.0.1:$target_port" OMESIM_CONTROL="$target_control" \
    OMESIM_USER=admin OMESIM_PASSWORD="$PASSWORD" timeout -k 5 300 "$root/tests/interop/run.sh" --run-one ansible-certificate
}

one_clear_line() { # NAME EXPECTED_WORDS COMMAND...: exits non-zero, says one line naming what and where, no stack trace
  local words=$1 rc; shift
  "$@" >"$work/failure.out" 2>&1; rc=$?
  cat "$work/failure.out"
  echo "exit $rc"
  [ "$rc" -ne 0 ] && [ "$(grep -c . "$work/failure.out")" -eq 1 ] && grep -q -- "$words" "$work/failure.out" && ! grep -qE '^\s+at |Exception' "$work/failure.out"
}

check_down() {
  timeout "$DOWN_TIMEOUT_SECONDS" docker-compose --ansi never down -v --remove-orphans || return 1
  compose_up=
  local left
  left=$( {
    podman ps -a --filter "label=com.docker.compose.project=$project" --format 'container {{.Names}}'
    podman ps -a --format 'container {{.Names}}' | grep " ${project}_"
    podman network ls --format 'network {{.Name}}' | grep " ${project}_"
    podman volume ls --format 'volume {{.Name}}' | grep " ${project}_"
    podman volume ls --filter "label=com.docker.compose.project=$project" --format 'volume {{.Name}}'
  } | sort -u)
  [ -z "$left" ] || { echo "left behind:"; echo "$left"; return 1; }
}

# The README's podman and Docker sections, as written, in one shell: their own project, ports, image and token.
check_readme() {
  local name=${project}readme
  local -a env=(COMPOSE_PROJECT_NAME="$name" OMESIM_IMAGE=localhost/omesim-readme-test:latest OMESIM_CONTROL_TOKEN="$TOKEN-readme"
    OMESIM_SOURCE_PORT="$(free_port)" OMESIM_TARGET_PORT="$(free_port)" OMESIM_SOURCE_CONTROL_PORT="$(free_port)"
    OMESIM_TARGET_CONTROL_PORT="$(free_port)")
  "$root/tests/interop/readme_blocks.sh" script "$root/README.md" podman docker >"$work/readme.sh" || return 1
  cat "$work/readme.sh"
  (cd "$root" && env -u DOCKER_HOST -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u OMESIM_IMAGE -u OMESIM_SDK_IMAGE -u OMESIM_ASPNET_IMAGE \
      "${env[@]}" timeout -k 10 1200 bash -euo pipefail "$work/readme.sh")
  local rc=$?
  (cd "$root" && env -u DOCKER_HOST -u COMPOSE_FILE "${env[@]}" OMESIM_ENGINE=podman docker/pair.sh down) >/dev/null 2>&1
  [ "$rc" -eq 0 ] || return 1
  [ -z "$(podman ps -a --filter "label=com.docker.compose.project=$name" -q)" ] || { echo "the README's down left containers"; return 1; }
}

run_all() {
  [ "$(id -u)" -eq 0 ] || { fail root "the container checks run rootful podman: run them as root"; return; }
  check install install
  [ "$failed" -eq 0 ] || return
  local started=$SECONDS
  check standins "$here/standins.sh"
  [ "$failed" -eq 0 ] || return
  figure "stand-in images ready in $((SECONDS - started)) s"

  podman system service --time=0 "unix://$socket" >"$out/podman-service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done

  source_port=$(free_port) target_port=$(free_port)
  source_control_port=$(free_port) target_control_port=$(free_port)
  export OMESIM_SOURCE_PORT=$source_port OMESIM_TARGET_PORT=$target_port
  export OMESIM_SOURCE_CONTROL_PORT=$source_control_port OMESIM_TARGET_CONTROL_PORT=$target_control_port
  source_control=http://127.0.0.1:$source_control_port target_control=http://127.0.0.1:$target_control_port
  say "project $project: source 127.0.0.1:$source_port (control $source_control_port), target 127.0.0.1:$target_port (control $target_control_port)"

  started=$SECONDS
  check build timeout "$BUILD_TIMEOUT_SECONDS" docker-compose --ansi never build
  [ "$failed" -eq 0 ] || return
  figure "image built in $((SECONDS - started)) s"
  figure "image size: $(podman image inspect --format '{{.Size}}' "$OMESIM_IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"

  compose_up=1
  drive_health "$UP_TIMEOUT_SECONDS" &
  driver_pid=$!
  started=$SECONDS
  check up timeout "$UP_TIMEOUT_SECONDS" docker-compose --ansi never up -d --build
  local up_seconds=$((SECONDS - started))
  check ca-completed wait_exited_zero ca 10
  check source-healthy test "$(health source)" = healthy
  check target-healthy test "$(health target)" = healthy
  [ "$(health source)$(health target)" = healthyhealthy ] && figure "up -d (image cached) to both healthy: $up_seconds s"
  check provision-completed wait_exited_zero provision "$PROVISION_TIMEOUT_SECONDS"
  stop_driver
  podman stats --no-stream --format '{{.Name}} {{.MemUsage}}' "$(container source)" "$(container target)" >"$work/stats" 2>&1
  while read -r line; do figure "memory: $line"; done <"$work/stats"

  check source-info check_info "$source_port" 3.10.2
  check target-info check_info "$target_port" 4.0.1
  check source-chain check_chain "$source_port" "$source_control"
  check target-chain check_chain "$target_port" "$target_control"
  check source-advertised check_advertised source "$source_port" "$source_control"
  check target-advertised check_advertised target "$target_port" "$target_control"
  check validate-200 check_validated
  check inter-ca2-refused check_refused
  check provision-good-200 eval 'provision target "$target_control" good && check_validated'
  check restart-source check_restart
  check ansible-certificate check_ansible
  podman volume create "$project-readonly" >/dev/null
  check ca-readonly-volume one_clear_line /ca podman run --rm --no-healthcheck -v "$project-readonly:/ca:ro" "$OMESIM_IMAGE" ca init --out /ca
  check serve-readonly-data one_clear_line /data timeout 60 podman run --rm --no-healthcheck --name "$project-readonly" -v "$project-readonly:/data:ro" "$OMESIM_IMAGE"
  podman volume rm -f "$project-readonly" >/dev/null 2>&1
  check down check_down
  check readme-containers check_readme
}

run_all
cleanup
trap - EXIT
[ -f "$out/figures.txt" ] && sed 's/^/figure: /' "$out/figures.txt"
say "containers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# The compose pair (docker-compose.yml: ca, source, target, provision) up or down, every wait bounded.
# Usage: docker/pair.sh up      build the image, start the pair, wait until both appliances are healthy and provisioned
#        docker/pair.sh down    remove the pair's containers, network and volumes
# Engine: Docker (`docker compose`, else docker-compose), or with OMESIM_ENGINE=podman rootful podman behind its
# Docker-compatible API on a private socket, driven by Debian's docker-compose; podman runs HEALTHCHECKs only from
# systemd timers, so this script runs them while the pair starts. The compose file's OMESIM_* variables pass through
# (ports, control token, image, base images); COMPOSE_PROJECT_NAME names the pair (default: omesim).
set -euo pipefail
cd "$(dirname "$0")"

UP_TIMEOUT_SECONDS=${OMESIM_UP_TIMEOUT_SECONDS:-900}   # image build included; the first build restores from NuGet
DOWN_TIMEOUT_SECONDS=120
HEALTH_POLL_SECONDS=2
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-omesim} COMPOSE_FILE=$PWD/docker-compose.yml

say() { printf 'pair: %s\n' "$*" >&2; }

service_pid=
if [ "${OMESIM_ENGINE:-docker}" = podman ]; then
  [ "$(id -u)" -eq 0 ] || { say "podman: run as root (rootful podman)"; exit 1; }
  command -v docker-compose >/dev/null || { say "podman: needs docker-compose (tests/containers/run.sh --install)"; exit 1; }
  socket=/run/omesim-pair-$COMPOSE_PROJECT_NAME.sock
  podman system service --time=0 "unix://$socket" >/dev/null 2>&1 &
  service_pid=$!
  trap 'kill "$service_pid" 2>/dev/null; wait "$service_pid" 2>/dev/null; rm -f "$socket"' EXIT
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  [ -S "$socket" ] || { say "podman: the API service did not start on $socket"; exit 1; }
  # COMPOSE_DOCKER_CLI_BUILD=0: compose builds through the API itself, whatever docker CLI is on the PATH.
  export DOCKER_HOST=unix://$socket COMPOSE_DOCKER_CLI_BUILD=0
  compose=(docker-compose --ansi never)
  inspect=(podman inspect)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose --ansi never)
  inspect=(docker inspect)
else
  command -v docker-compose >/dev/null || { say "needs Docker with compose (docker compose or docker-compose), or OMESIM_ENGINE=podman"; exit 1; }
  compose=(docker-compose --ansi never)
  inspect=(docker inspect)
fi

state() { # SERVICE: "status exitcode health" of its container, empty when there is none
  local id
  id=$("${compose[@]}" ps -a -q "$1" 2>/dev/null | head -n 1)
  [ -z "$id" ] || "${inspect[@]}" --format '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id"
}

health_driver() { # podman: run the starting containers' HEALTHCHECKs until the deadline
  local deadline=$1 name
  while [ $SECONDS -lt "$deadline" ]; do
    for name in $(podman ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter health=starting --format '{{.Names}}'); do
      timeout 30 podman healthcheck run "$name" >/dev/null 2>&1 || true
    done
    sleep "$HEALTH_POLL_SECONDS"
  done
}

up() {
  local deadline=$((SECONDS + UP_TIMEOUT_SECONDS)) driver= status
  if [ -n "$service_pid" ]; then health_driver "$deadline" & driver=$!; fi
  say "building and starting $COMPOSE_PROJECT_NAME (at most $UP_TIMEOUT_SECONDS s)"
  # up -d returns once provision is started, which waits for both appliances to be healthy.
  if ! timeout "$UP_TIMEOUT_SECONDS" "${compose[@]}" up -d --build; then
    [ -z "$driver" ] || kill "$driver" 2>/dev/null
    say "up failed or took longer than $UP_TIMEOUT_SECONDS s; logs: ${compose[*]} logs"; return 1
  fi
  until status=$(state provision) && [[ $status == exited* ]]; do
    if [ $SECONDS -ge "$deadline" ]; then
      [ -z "$driver" ] || kill "$driver" 2>/dev/null
      say "provision not finished after $UP_TIMEOUT_SECONDS s (${status:-no container})"; return 1
    fi
    sleep 1
  done
  [ -z "$driver" ] || kill "$driver" 2>/dev/null
  if [ "$status" != "exited 0 " ]; then
    "${compose[@]}" logs provision >&2; say "provision failed ($status)"; return 1
  fi
  say "source https://127.0.0.1:${OMESIM_SOURCE_PORT:-8443} ($(state source | cut -d' ' -f3)), target https://127.0.0.1:${OMESIM_TARGET_PORT:-9443} ($(state target | cut -d' ' -f3)), both provisioned"
}

down() {
  timeout "$DOWN_TIMEOUT_SECONDS" "${compose[@]}" down -v --remove-orphans
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac

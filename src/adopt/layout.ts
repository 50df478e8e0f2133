// The deploy layout adopt proposes, from the files the app already has: its Helm chart (Chart.yaml:
// `layout: helm`, the chart directory, each workload template), a Kustomize base
// (<deploy|k8s>/base/kustomization.yaml: `layout: kustomize`, an environment per overlay), or plain
// manifests. The generator then wires the env into those files instead of writing a parallel set.
import { basename, posix } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { LAYOUTS, WORKLOAD_KINDS, type Answers } from '../model.js';
import type { AppFiles } from './files.js';
import { KUSTOMIZATION_FILES, isKustomizationPath } from '../kustomizationFiles.js';
import { containerEnv } from '../write/merge/helmInclude.js';

type Layout = (typeof LAYOUTS)[number];
type WorkloadAnswer = NonNullable<Answers['workloads']>[number];

export interface DeployLayout {
  layout: Layout;
  from: string;
  chartDir?: string;
  deployDir?: 'deploy' | 'k8s';
  /** Only when the default (one Deployment named like the app, in deployment.yaml) would not fit. */
  workloads?: WorkloadAnswer[];
  environments?: { name: string }[];
  /**
   * Helm: the env names each workload template (by file under templates/) already sets itself. The
   * include must not set them again: a container's env with one name twice is refused by server-side
   * apply (and the later entry silently wins under client-side apply).
   */
  templateEnv?: { file: string; containers: { container: string; names: string[] }[] }[];
  /** Workload templates adopt cannot wire by itself (said in the proposal's notes). */
  notes: string[];
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = new RegExp(`^kind:[ \\t]*(${WORKLOAD_KINDS.join('|')})[ \\t]*$`, 'gm');

const toLabel = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 52)
    .replace(/-+$/, '');

/** The chart of the app: the one whose directory or Chart.yaml name is the app's, else the only one. */
function chartOf(files: AppFiles, app: string, chartName: (dir: string) => string | null): string | null {
  const charts = files.charts.filter((c) => c !== '' && !/(^|\/)charts\/[^/]+\/charts\//.test(`${c}/`));
  const named = charts.find((c) => basename(c) === app || chartName(c) === app);
  if (named) return named;
  return charts.length === 1 ? charts[0]! : null;
}

/** Each workload template of the chart (one workload per template file: the include merge edits one per file). */
function chartWorkloads(files: AppFiles, chartDir: string, app: string, notes: string[], templateEnv: NonNullable<DeployLayout['templateEnv']>): WorkloadAnswer[] | undefined {
  const templates = `${chartDir}/templates/`;
  const found: WorkloadAnswer[] = [];
  const names = new Set<string>();
  for (const f of files.files) {
    if (f.type !== 'helm' || !f.path.startsWith(templates) || !/\.ya?ml$/.test(f.path) || !/\bcontainers:/.test(f.text)) continue;
    const kinds = [...f.text.matchAll(KIND)].map((m) => m[1] as WorkloadAnswer['kind']);
    if (kinds.length === 0) continue;
    if (kinds.length > 1) notes.push(`${f.path}: ${kinds.length} workloads in one template; only the first (${kinds[0]}) gets the env include, add it to the others by hand`);
    const literal = /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*["']?([a-z0-9][-a-z0-9]*)["']?[ \t]*$/m.exec(f.text)?.[1];
    const file = f.path.slice(templates.length);
    let name = literal && LABEL.test(literal) ? literal : toLabel(posix.basename(file).replace(/\.ya?ml$/, ''));
    if (name === 'deployment' && kinds[0] === 'Deployment') name = app;
    while (names.has(`${kinds[0]}/${name}`)) name = toLabel(`${name}-${found.length + 1}`);
    names.add(`${kinds[0]}/${name}`);
    found.push({ name, kind: kinds[0]!, file });
    const containers = containerEnv(f.text);
    if (containers.some((c) => c.names.length)) templateEnv.push({ file, containers });
  }
  if (found.length === 0) return undefined; // the generator writes templates/deployment.yaml
  const only = found[0]!;
  if (found.length === 1 && only.kind === 'Deployment' && only.name === app && only.file === 'deployment.yaml') return undefined;
  return found.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? ''));
}

/** The workloads of a Kustomize base (plain YAML, several to a file allowed), when not just the default Deployment. */
function baseWorkloads(files: AppFiles, base: string, app: string): WorkloadAnswer[] | undefined {
  const found: WorkloadAnswer[] = [];
  for (const f of files.files) {
    if (f.type !== 'k8s' || !f.path.startsWith(base) || f.path.slice(base.length).includes('/')) continue;
    for (const d of parseAllDocuments(f.text)) {
      if (!isMap(d.contents)) continue;
      const kind = d.get('kind');
      const name = d.getIn(['metadata', 'name']);
      if (typeof name !== 'string' || !LABEL.test(name) || name.length > 52 || !(WORKLOAD_KINDS as readonly unknown[]).includes(kind)) continue;
      found.push({ name, kind: kind as WorkloadAnswer['kind'], file: f.path.slice(base.length) });
    }
  }
  if (found.length === 0) return undefined;
  const only = found[0]!;
  if (found.length === 1 && only.kind === 'Deployment' && only.name === app && only.file === 'deployment.yaml') return undefined;
  return found;
}

export function deployLayoutOf(files: AppFiles, app: string, chartName: (dir: string) => string | null): DeployLayout {
  const notes: string[] = [];
  const chartDir = chartOf(files, app, chartName);
  if (chartDir) {
    const templateEnv: NonNullable<DeployLayout['templateEnv']> = [];
    const workloads = chartWorkloads(files, chartDir, app, notes, templateEnv);
    return { layout: 'helm', chartDir, from: `${chartDir}/Chart.yaml`, ...(workloads ? { workloads } : {}), ...(templateEnv.length ? { templateEnv } : {}), notes };
  }
  if (files.charts.filter((c) => c !== '').length > 1) notes.push(`several Helm charts (${files.charts.join(', ')}) and none named like the app: pass the answers' layout and chartDir`);
  for (const deployDir of ['deploy', 'k8s'] as const) {
    const base = KUSTOMIZATION_FILES.map((n) => `${deployDir}/base/${n}`).find((p) => files.paths.includes(p));
    if (!base) continue;
    const overlays = files.paths
      .filter(isKustomizationPath)
      .map((p) => new RegExp(`^${deployDir}/overlays/([^/]+)/[^/]+$`).exec(p)?.[1])
      .filter((n): n is string => n !== undefined && LABEL.test(n));
    const overlayNames = [...new Set(overlays)].sort();
    const workloads = baseWorkloads(files, `${deployDir}/base/`, app);
    return { layout: 'kustomize', deployDir, from: base, ...(workloads ? { workloads } : {}), ...(overlayNames.length ? { environments: overlayNames.map((name) => ({ name })) } : {}), notes };
  }
  const flat = files.paths.filter(isKustomizationPath);
  if (flat.length) notes.push(`${flat[0]}: a Kustomize layout other than <deploy|k8s>/base + overlays/<env>; proposing plain manifests (add ours to your kustomization by hand)`);
  return { layout: 'plain', from: flat.length ? 'no <deploy|k8s>/base/kustomization.yaml' : 'no Chart.yaml or kustomization.yaml', notes };
}

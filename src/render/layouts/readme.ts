// What the README "Secrets architecture" section says about the layout: where the ExternalSecret
// is, which workloads read the Secret, and (for anything but the default Deployment) a subsection
// describing the layout's files.
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { workloadEntries } from '../workloads.js';

export interface LayoutReadme {
  externalSecretPath: string;
  workloadsText: string;
  layoutSection: string;
}

export function layoutReadme(m: Model): LayoutReadme {
  const esPath = m.layout === 'helm' ? `${m.chartDir}/templates/externalsecret.yaml` : `${m.manifestDir}/external-secret.yaml`;
  if (m.layout === 'plain' && m.defaultWorkloads) {
    return { externalSecretPath: esPath, workloadsText: `\`${m.deployDir}/deployment.yaml\``, layoutSection: '' };
  }
  const workloads = m.workloads.map((w) => ({
    kind: w.kind,
    name: w.name,
    path: w.path,
    containers: [...(w.containers ?? ['every container']), ...w.initContainers.map((c) => `${c} (init)`)].join(', '),
    keys: workloadEntries(m, w).map((e) => e.name),
  }));
  const layoutSection = renderTemplate(`readme/layout-${m.layout}.md.hbs`, {
    app: m.app,
    namespace: m.namespace,
    deployDir: m.deployDir,
    manifestDir: m.manifestDir,
    chartDir: m.chartDir,
    secretName: m.secretName,
    vaultPath: m.vault.path,
    storeName: m.eso.storeName,
    workloads,
    environments: m.environments,
  }).trimEnd();
  return { externalSecretPath: esPath, workloadsText: m.layout === 'helm' ? 'the chart\'s workload templates (below)' : 'the workloads below', layoutSection };
}

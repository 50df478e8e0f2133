// The layout a target already deploys with, as default answers: a Kustomize base
// (<deploy|k8s>/base/kustomization.yaml) or a Helm chart (charts/<name>/, helm/, chart/ with a
// Chart.yaml). Read-only and cheap: a handful of existsSync calls, no parsing.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const CHART_DIRS = ['helm', 'chart', 'deploy/helm', 'deploy/chart'];

function charts(target: string): string[] {
  const found = CHART_DIRS.filter((d) => existsSync(join(target, d, 'Chart.yaml')));
  for (const parent of ['charts', 'helm', 'deploy/charts']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(target, parent));
    } catch {
      continue;
    }
    for (const n of names.sort()) if (existsSync(join(target, parent, n, 'Chart.yaml'))) found.push(`${parent}/${n}`);
  }
  return found;
}

/** Answers the target's files imply (empty when it has neither a kustomization nor a chart). */
export function detectLayout(target: string, app?: string): Record<string, unknown> {
  const found = charts(target);
  if (found.length) {
    // Several charts: the one named like the app, else the first.
    const chartDir = found.find((d) => app !== undefined && d.split('/').pop() === app) ?? found[0]!;
    return { layout: 'helm', chartDir };
  }
  for (const deployDir of ['deploy', 'k8s']) {
    if (existsSync(join(target, deployDir, 'base', 'kustomization.yaml')) || existsSync(join(target, deployDir, 'base', 'kustomization.yml'))) {
      return { layout: 'kustomize', deployDir };
    }
  }
  return {};
}

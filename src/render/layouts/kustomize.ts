// Kustomize: one base (<deployDir>/base) holding the ExternalSecret and the workloads' env, listed
// in the base's kustomization.yaml; one overlay per environment (<deployDir>/overlays/<env>) whose
// generated patch points the ExternalSecret at that environment's Vault path and store. Overlays
// patch, they never copy: the workloads and their env live only in the base.
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { externalSecretSpecs, renderExternalSecrets } from '../externalSecret.js';
import type { RenderedFile } from '../types.js';
import { renderWorkloads } from '../workloads.js';

export const overlayDir = (m: Model, env: string): string => `${m.deployDir}/overlays/${env}`;

export function renderKustomize(m: Model): RenderedFile[] {
  const base = m.manifestDir;
  const files = [...renderExternalSecrets(m), ...renderWorkloads(m)];
  const resources = [...new Set(files.map((f) => f.path.slice(base.length + 1)))];
  files.push({
    path: `${base}/kustomization.yaml`,
    content: renderTemplate('kustomize/kustomization.yaml.hbs', { overlay: '', namespace: '', resources, patches: [] }),
    strategy: { kind: 'yaml', merge: 'kustomization', namespace: false },
  });
  for (const env of m.environments) {
    const dir = overlayDir(m, env.name);
    const specs = externalSecretSpecs(m, env.pathNoMount);
    const patches = specs.map((s) => ({ path: s.file.replace(/\.yaml$/, '-patch.yaml'), name: s.name }));
    files.push({
      path: `${dir}/kustomization.yaml`,
      content: renderTemplate('kustomize/kustomization.yaml.hbs', {
        overlay: env.name,
        vaultPath: env.vaultPath,
        namespace: env.given.namespace ?? '',
        resources: ['../../base'],
        patches,
      }),
      strategy: { kind: 'yaml', merge: 'kustomization', namespace: env.given.namespace !== undefined },
    });
    specs.forEach((s, i) =>
      files.push({
        path: `${dir}/${patches[i]!.path}`,
        content: renderTemplate('kustomize/external-secret-patch.yaml.hbs', {
          overlay: env.name,
          apiVersion: m.eso.apiVersion,
          name: s.name,
          vaultPath: s.vaultPath,
          storeName: env.storeName,
          storeKind: m.eso.storeKind,
          entries: s.entries,
        }),
        strategy: { kind: 'yaml', merge: 'external-secret' },
      }),
    );
  }
  return files;
}

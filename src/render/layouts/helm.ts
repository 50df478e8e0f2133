// Helm: the chart (<chartDir>, charts/<app> unless answered or detected) gets
// templates/externalsecret.yaml, a named template per key set in templates/_mosaic-secrets.tpl
// (`{{ include "<app>.secretEnv" . }}`) that each workload template includes in its containers'
// env, and a `mosaicSecrets:` block in values.yaml (per environment in values-<env>.yaml) that the
// templates `required` — never a `| default` on where secrets come from. Chart.yaml and workload
// templates are created only when missing; in the user's templates only the include line is added.
import type { Model, Workload } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { externalSecretSpecs } from '../externalSecret.js';
import type { RenderedFile } from '../types.js';
import { renderWorkloadDoc, workloadEntries } from '../workloads.js';

/** The named template a workload includes: every key, or its own `keys`. */
export const includeName = (m: Model, w: Workload): string => (w.keys ? `${m.app}.secretEnv.${w.name}` : `${m.app}.secretEnv`);

/**
 * `namespace`: an environment's namespace answer, recorded so the chart refuses a release into another
 * namespace (Helm sets it with -n at install time; the ExternalSecret goes to .Release.Namespace).
 */
function valuesFile(m: Model, path: string, environment: string, vaultPath: string, storeName: string, namespace = '', installNamespace = m.namespace): RenderedFile {
  return {
    path,
    content: renderTemplate('helm/values.yaml.hbs', {
      environment,
      namespace,
      installNamespace,
      app: m.app,
      chartDir: m.chartDir,
      secretName: m.secretName,
      vaultPath,
      storeName,
      storeKind: m.eso.storeKind,
      refreshInterval: m.eso.refreshInterval,
    }),
    strategy: { kind: 'yaml', merge: 'helm-values' },
  };
}

export function renderHelm(m: Model): RenderedFile[] {
  const t = `${m.chartDir}/templates`;
  const files: RenderedFile[] = [
    { path: `${m.chartDir}/Chart.yaml`, content: renderTemplate('helm/Chart.yaml.hbs', { app: m.app }), strategy: { kind: 'yaml', merge: 'seed' } },
    valuesFile(m, `${m.chartDir}/values.yaml`, '', m.remoteKey, m.eso.storeName),
  ];
  for (const e of m.environments) files.push(valuesFile(m, `${m.chartDir}/values-${e.name}.yaml`, e.name, e.remoteKey, e.storeName, e.given.namespace ?? '', e.namespace));
  externalSecretSpecs(m).forEach((s, i) =>
    files.push({
      path: `${t}/${s.file.replace('external-secret', 'externalsecret')}`,
      content: renderTemplate('helm/externalsecret.yaml.hbs', {
        apiVersion: m.eso.apiVersion,
        name: s.name,
        entries: s.entries,
        // The bootstrap ExternalSecret reads <path>-bootstrap of the same values key.
        pathExpr: i === 0 ? '$path' : '(printf "%s-bootstrap" $path)',
      }),
      strategy: { kind: 'whole' },
    }),
  );
  const defines = new Map<string, ReturnType<typeof workloadEntries>>();
  defines.set(`${m.app}.secretEnv`, workloadEntries(m, { ...m.workloads[0]!, keys: null }));
  for (const w of m.workloads) if (w.keys) defines.set(includeName(m, w), workloadEntries(m, w));
  files.push({
    path: `${t}/_mosaic-secrets.tpl`,
    content: renderTemplate('helm/secret-env.tpl.hbs', { app: m.app, secretName: m.secretName, defines: [...defines].map(([name, entries]) => ({ name, entries })) }),
    strategy: { kind: 'whole' },
  });
  for (const w of m.workloads) {
    files.push({
      path: w.path,
      content: renderWorkloadDoc(m, w, true, { include: includeName(m, w) }),
      strategy: { kind: 'yaml', merge: 'helm-include', include: { name: includeName(m, w), family: `${m.app}.secretEnv`, containers: w.containers, initContainers: w.initContainers, literals: workloadEntries(m, w).filter((e) => e.secretRef === null).map((e) => e.name) } },
    });
  }
  return files;
}

// <deployDir>/deployment.yaml: a minimal Deployment whose container env is ours. An existing
// Deployment is merged (src/write/merge/yamlEntries.ts): only our env entries change.
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import { k8sEnvLiteral } from './escape.js';
import { ownedOfEnv } from './owned.js';
import type { RenderedFile } from './types.js';

export interface EnvEntry {
  name: string;
  /** k8s Secret holding the value (secretKeyRef), or null for a literal tagged safe-default. */
  secretRef: string | null;
  /** The literal as written in the manifest: `$` doubled, so `$(VAR)` expansion yields the validated default. */
  value: string;
  reason: string;
}

/** Every env entry we own, in render order: secrets, Direct-Vault bootstrap, then config. */
export function envEntries(m: Model): EnvEntry[] {
  const entries: EnvEntry[] = m.secrets.map((s) => ({ name: s.env, secretRef: m.secretName, value: '', reason: '' }));
  const dv = m.directVault;
  if (dv) {
    entries.push(
      { name: 'VAULT_ADDR', secretRef: null, value: k8sEnvLiteral(dv.vaultAddr), reason: 'non-secret cluster address of Vault' },
      { name: 'VAULT_ROLE_ID', secretRef: dv.authName, value: '', reason: '' },
      { name: 'VAULT_SECRET_ID', secretRef: dv.authName, value: '', reason: '' },
    );
  }
  for (const c of m.config) entries.push({ name: c.env, secretRef: null, value: k8sEnvLiteral(c.default), reason: c.reason });
  return entries;
}

export function renderDeployment(m: Model): RenderedFile {
  const entries = envEntries(m);
  const content = renderTemplate('k8s/deployment.yaml.hbs', {
    app: m.app,
    namespace: m.namespace,
    image: `registry.example.com/${m.app}:latest`,
    entries,
  });
  return { path: `${m.deployDir}/deployment.yaml`, content, strategy: { kind: 'yaml', merge: 'deployment-env' }, owned: ownedOfEnv(entries) };
}

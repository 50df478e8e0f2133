// <deployDir>/deployment.yaml: the container env this tool owns. A new file starts from a minimal
// Deployment; an existing one is merged (src/write/deploymentEnv.ts) so the user's edits survive.
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import type { RenderedFile } from './types.js';

export interface EnvEntry {
  name: string;
  /** k8s Secret holding the value (secretKeyRef), or null for a literal tagged safe-default. */
  secretRef: string | null;
  value: string;
  reason: string;
}

/** Every env entry we own, in render order: secrets, Direct-Vault bootstrap, then config. */
export function envEntries(m: Model): EnvEntry[] {
  const entries: EnvEntry[] = m.secrets.map((s) => ({ name: s.env, secretRef: m.secretName, value: '', reason: '' }));
  const dv = m.directVault;
  if (dv) {
    entries.push(
      { name: 'VAULT_ADDR', secretRef: null, value: dv.vaultAddr, reason: 'non-secret cluster address of Vault' },
      { name: 'VAULT_ROLE_ID', secretRef: dv.authName, value: '', reason: '' },
      { name: 'VAULT_SECRET_ID', secretRef: dv.authName, value: '', reason: '' },
    );
  }
  for (const c of m.config) entries.push({ name: c.env, secretRef: null, value: c.default, reason: c.reason });
  return entries;
}

/** The env entries as a YAML block sequence (merged into the container by the writer). */
export function renderEnvEntries(m: Model): string {
  return renderTemplate('k8s/env-entries.yaml.hbs', { entries: envEntries(m) });
}

export function renderDeployment(m: Model): RenderedFile {
  const base = renderTemplate('k8s/deployment.yaml.hbs', { app: m.app, namespace: m.namespace, image: `registry.example.com/${m.app}:latest` });
  return { path: `${m.deployDir}/deployment.yaml`, content: base, strategy: { kind: 'deployment-env' } };
}

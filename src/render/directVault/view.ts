// The one view every Direct-Vault template reads: the model's Direct-Vault fields plus the exact
// Vault API paths, computed once so the policy, the script, the clients and the README agree.
import type { DirectVault, Model } from '../../model.js';

export interface DirectVaultView {
  app: string;
  namespace: string;
  deployDir: string;
  languages: Model['languages'];
  /** KV v2 mount, e.g. `secret`. */
  mount: string;
  /** App path without the mount, e.g. `k3s/billing-api` (what the KV v2 API puts after `data/`). */
  pathNoMount: string;
  /** App path with the mount, e.g. `secret/k3s/billing-api` (how ESO and humans name it). */
  path: string;
  /** ACL paths: KV v2 reads go to `<mount>/data/...`, list and version info to `<mount>/metadata/...`. */
  dataPath: string;
  dataGlob: string;
  metadataPath: string;
  metadataGlob: string;
  /** `database/creds/<app>-role` when the database engine was chosen, else null. */
  databaseCredsPath: string | null;
  dv: DirectVault;
  /** `auth/approle/role/<app>` */
  rolePath: string;
  policyFile: string;
  scriptFile: string;
  /** Generated client files, for the README. */
  clientFiles: string[];
  /** Environment names (all read the app's own path in Direct-Vault mode), for the README. */
  environments: string;
  /** Every namespace the bootstrap ExternalSecret lands in (one per environment, or the app's). */
  namespaces: string[];
}

export const policyFileOf = (m: Model): string => `vault/policy-${m.app}.hcl`;
export const SCRIPT_FILE = 'vault/provision-approle.sh';

export function clientPathOf(m: Model, language: Model['languages'][number]): string {
  switch (language) {
    case 'typescript':
      return 'src/vault-client.ts';
    case 'python':
      return `${m.pythonPackage}/vault_client.py`;
    case 'go':
      return 'vaultclient/vaultclient.go';
  }
}

/** Throws when called for an ESO-mode model: callers check `model.directVault` first. */
export function directVaultView(m: Model): DirectVaultView {
  const dv = m.directVault;
  if (!dv) throw new Error('directVaultView: model is not in direct-vault mode');
  const { mount, pathNoMount, path } = m.vault;
  return {
    app: m.app,
    namespace: m.namespace,
    deployDir: m.deployDir,
    languages: m.languages,
    mount,
    pathNoMount,
    path,
    dataPath: `${mount}/data/${pathNoMount}`,
    dataGlob: `${mount}/data/${pathNoMount}/*`,
    metadataPath: `${mount}/metadata/${pathNoMount}`,
    metadataGlob: `${mount}/metadata/${pathNoMount}/*`,
    databaseCredsPath: dv.engine === 'database' ? `database/creds/${m.app}-role` : null,
    dv,
    rolePath: `auth/approle/role/${dv.roleName}`,
    policyFile: policyFileOf(m),
    scriptFile: SCRIPT_FILE,
    clientFiles: m.languages.map((l) => clientPathOf(m, l)),
    environments: m.environments.map((e) => e.name).join(', '),
    namespaces: m.environments.length ? [...new Set(m.environments.map((e) => e.namespace))] : [m.namespace],
  };
}

// <manifestDir>/external-secret.yaml (and, for Direct-Vault, the AppRole bootstrap one).
import { remoteKeyOf, type Model } from '../model.js';
import { renderTemplate } from './engine.js';
import { ownedOfExternalSecret } from './owned.js';
import type { RenderedFile } from './types.js';

interface Entry {
  secretKey: string;
  key: string;
  property: string;
  description: string;
}

/** One ExternalSecret we render: its file name, names and the entries it syncs from `vaultPath`. */
export interface ExternalSecretSpec {
  file: string;
  name: string;
  refreshInterval: string;
  vaultPath: string;
  /** `remoteRef.key` of every entry (the path in the provider's form). */
  remoteKey: string;
  entries: Entry[];
}

/** The ExternalSecrets reading `<mount>/<pathNoMount>` (the answers' own path unless an environment overrides it). */
export function externalSecretSpecs(m: Model, pathNoMount = m.vault.pathNoMount): ExternalSecretSpec[] {
  // remoteRef.key in the form the store's provider resolves (model.ts remoteKeyOf): with the mount
  // for ESO's Vault provider, relative to the mount for its OpenBao provider.
  const vaultPath = `${m.vault.mount}/${pathNoMount}`;
  const key = remoteKeyOf(m.eso.provider, m.vault.mount, pathNoMount);
  const specs: ExternalSecretSpec[] = [
    {
      file: 'external-secret.yaml',
      name: m.secretName,
      refreshInterval: m.eso.refreshInterval,
      vaultPath,
      remoteKey: key,
      entries: m.secrets.map((s) => ({ secretKey: s.env, key, property: s.property, description: s.description })),
    },
  ];
  const dv = m.directVault;
  if (dv) {
    const bootstrapNoMount = `${pathNoMount}-bootstrap`;
    const bootstrapKey = remoteKeyOf(m.eso.provider, m.vault.mount, bootstrapNoMount);
    specs.push({
      file: 'external-secret-bootstrap.yaml',
      name: dv.authName,
      refreshInterval: '24h',
      vaultPath: `${m.vault.mount}/${bootstrapNoMount}`,
      remoteKey: bootstrapKey,
      entries: [
        { secretKey: 'VAULT_ROLE_ID', key: bootstrapKey, property: 'role_id', description: `AppRole role-id of ${dv.roleName}` },
        { secretKey: 'VAULT_SECRET_ID', key: bootstrapKey, property: 'secret_id', description: `AppRole secret-id of ${dv.roleName}` },
      ],
    });
  }
  return specs;
}

export function renderExternalSecrets(m: Model): RenderedFile[] {
  // No secret keys, no ExternalSecret: ESO's admission webhook refuses one without data or dataFrom.
  return externalSecretSpecs(m).filter((s) => s.entries.length > 0).map((s) => {
    const data = {
      apiVersion: m.eso.apiVersion,
      name: s.name,
      namespace: m.namespace,
      refreshInterval: s.refreshInterval,
      storeName: m.eso.storeName,
      storeKind: m.eso.storeKind,
      entries: s.entries,
    };
    return {
      path: `${m.manifestDir}/${s.file}`,
      content: renderTemplate('k8s/external-secret.yaml.hbs', { ...data, vaultPath: s.vaultPath }),
      strategy: { kind: 'yaml', merge: 'external-secret' },
      owned: ownedOfExternalSecret(data),
    };
  });
}

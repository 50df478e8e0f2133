// <deployDir>/external-secret.yaml (and, for Direct-Vault, the AppRole bootstrap one).
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import type { RenderedFile } from './types.js';

interface Entry {
  secretKey: string;
  key: string;
  property: string;
  description: string;
}

function externalSecret(m: Model, name: string, refreshInterval: string, vaultPath: string, entries: Entry[]): string {
  return renderTemplate('k8s/external-secret.yaml.hbs', {
    apiVersion: m.eso.apiVersion,
    name,
    namespace: m.namespace,
    refreshInterval,
    storeName: m.eso.storeName,
    storeKind: m.eso.storeKind,
    vaultPath,
    entries,
  });
}

export function renderExternalSecrets(m: Model): RenderedFile[] {
  // remoteRef.key in the form the store's provider resolves (model.ts remoteKeyOf): with the mount
  // for ESO's Vault provider, relative to the mount for its OpenBao provider.
  const main = externalSecret(
    m,
    m.secretName,
    m.eso.refreshInterval,
    m.vault.path,
    m.secrets.map((s) => ({ secretKey: s.env, key: m.remoteKey, property: s.property, description: s.description })),
  );
  // No secret keys, no ExternalSecret: ESO's admission webhook refuses one without data or dataFrom
  // ("either data or dataFrom should be specified"), so the first kubectl apply would fail.
  const files: RenderedFile[] = m.secrets.length ? [{ path: `${m.deployDir}/external-secret.yaml`, content: main, strategy: { kind: 'yaml', merge: 'external-secret' } }] : [];
  const dv = m.directVault;
  if (dv) {
    const bootstrap = externalSecret(m, dv.authName, '24h', dv.bootstrapPath, [
      { secretKey: 'VAULT_ROLE_ID', key: dv.bootstrapRemoteKey, property: 'role_id', description: `AppRole role-id of ${dv.roleName}` },
      { secretKey: 'VAULT_SECRET_ID', key: dv.bootstrapRemoteKey, property: 'secret_id', description: `AppRole secret-id of ${dv.roleName}` },
    ]);
    files.push({ path: `${m.deployDir}/external-secret-bootstrap.yaml`, content: bootstrap, strategy: { kind: 'yaml', merge: 'external-secret' } });
  }
  return files;
}

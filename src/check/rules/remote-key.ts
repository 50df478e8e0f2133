// An ExternalSecret whose remoteRef.key does not fit the store provider the app declares
// (`eso.provider` in .mosaic-secrets.yaml): ESO's Vault provider wants the key with the KV mount
// (`secret/k3s/app`), its OpenBao provider wants it relative to the mount (`k3s/app`). The wrong
// form syncs nothing (see model.ts remoteKeyOf); a schema check cannot see it.
import type { FileRule } from '../types.js';
import { declaresManifest, readManifests } from '../k8s.js';

const ID = 'eso-remote-key-provider' as const;

function declared(answers: Record<string, unknown> | null): { provider: string; mount: string } | null {
  if (!answers) return null;
  const eso = answers.eso as Record<string, unknown> | undefined;
  const vault = answers.vault as Record<string, unknown> | undefined;
  const provider = typeof eso?.provider === 'string' ? eso.provider : 'vault';
  const mount = typeof vault?.mount === 'string' ? vault.mount : 'secret';
  return { provider, mount };
}

export const remoteKeyProvider: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'remoteRef.key does not fit the store provider',
  message: "An ExternalSecret's remoteRef.key is in the form the other ESO provider reads, so the declared store resolves another Vault path.",
  doc: 'README "Answers file" (eso.provider): vault → key with the mount (secret/k3s/app); openbao → key relative to the mount (k3s/app), with the store path set to the mount.',
  policy: 'Checklist: external-secret.yaml committed',
  applies: (f) => f.kind === 'yaml' && f.app?.answers != null && declaresManifest(f.text),
  check(file, emit) {
    const d = declared(file.app?.answers ?? null);
    if (!d) return;
    const withMount = `${d.mount}/`;
    for (const es of readManifests(file.text).externalSecrets) {
      for (const k of es.keys) {
        const key = k.remoteKey;
        if (key === null) continue;
        const hasMount = key.startsWith(withMount);
        if (d.provider === 'openbao' && hasMount) {
          emit({
            rule: ID,
            start: k.offset,
            end: k.offset + k.secretKey.length,
            key: `${es.name}/${k.secretKey}`,
            message: `${es.name} ${k.secretKey}: remoteRef.key ${key} carries the mount, but ESO's OpenBao provider (eso.provider: openbao) reads it relative to the mount (${d.mount}/data/${key}); write ${key.slice(withMount.length)}`,
          });
        } else if (d.provider === 'vault' && !hasMount) {
          emit({
            rule: ID,
            start: k.offset,
            end: k.offset + k.secretKey.length,
            key: `${es.name}/${k.secretKey}`,
            message: `${es.name} ${k.secretKey}: remoteRef.key ${key} lacks the mount ${d.mount}, so ESO's Vault provider (eso.provider: vault) misreads it when the store sets no path; write ${withMount}${key}`,
          });
        }
      }
    }
  },
};

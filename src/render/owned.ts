// Our part of a YAML file we merge, as the manifest records it, straight from the data the file is
// rendered from: the same string src/write/merge/yamlEntries.ts reads back from the rendered text
// (canonical(): each owned entry and scalar as JSON plus its comments), so a first write needs no
// YAML parse of our own output. test/write/owned.test.ts holds both to the same value on generated
// answers; a renderer that does not say (a layout without this) is read back by the merger instead.
import type { EnvEntry } from './deployment.js';
import { commentText } from './escape.js';
import type { OwnedPart } from './types.js';

/** yamlEntries' full(): the value as JSON, a NUL, then its comments in document order. */
const full = (value: unknown, comments: string[] = []): string => `${JSON.stringify(value)}\u0000${comments.join('\n')}`;

/** yamlEntries' canonical() over a list keyed by `key` (a later duplicate replaces an earlier one in place, as a Map does). */
function canonical(items: { key: string; full: string }[], scalars: Record<string, string> = {}): OwnedPart {
  const byKey = new Map<string, string>();
  for (const i of items) byKey.set(i.key, i.full);
  return { ownedNext: JSON.stringify({ entries: [...byKey.values()], scalars }), ownedKeys: [...byKey.keys()] };
}

/** A `# text` line or trailing comment, as the YAML parser hands it back (the text after `#`). */
const comment = (text: string): string => ` ${commentText(text)}`;

/** The env list of templates/k8s/deployment.yaml.hbs and env.yaml.hbs. */
export function ownedOfEnv(entries: EnvEntry[]): OwnedPart {
  return canonical(
    entries.map((e) => ({
      key: e.name,
      full: e.secretRef
        ? full({ name: e.name, valueFrom: { secretKeyRef: { name: e.secretRef, key: e.name } } })
        : full({ name: e.name, value: e.value }, [comment(`safe-default: ${e.reason}`)]),
    })),
  );
}

export interface ExternalSecretData {
  apiVersion: string;
  name: string;
  namespace: string;
  refreshInterval: string;
  storeName: string;
  storeKind: string;
  entries: { secretKey: string; key: string; property: string; description: string }[];
}

/** spec.data and the wiring scalars of templates/k8s/external-secret.yaml.hbs (yamlEntries' externalSecretTarget). */
export function ownedOfExternalSecret(d: ExternalSecretData): OwnedPart {
  const scalars = {
    apiVersion: full(d.apiVersion),
    'metadata.name': full(d.name),
    'metadata.namespace': full(d.namespace),
    'spec.refreshInterval': full(d.refreshInterval),
    'spec.secretStoreRef.name': full(d.storeName, [comment(`${d.storeKind} owned by the cluster admin; verify the name with them`)]),
    'spec.secretStoreRef.kind': full(d.storeKind),
    'spec.target.name': full(d.name, [comment('the k8s Secret ESO creates and owns')]),
    'spec.target.creationPolicy': full('Owner'),
  };
  const items = d.entries.map((e) => ({
    key: e.secretKey,
    full: full({ secretKey: e.secretKey, remoteRef: { key: e.key, property: e.property } }, e.description ? [comment(e.description)] : []),
  }));
  return canonical(items, scalars);
}

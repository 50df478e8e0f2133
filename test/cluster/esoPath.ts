// How each ESO provider turns a store's `path` and an ExternalSecret's remoteRef.key into the API
// path it reads, ported from the providers' sources (see keyForms.test.ts for the sources and the table
// in shared/notes/eso-vault-facts.md), and the read itself: what ESO should have synced.
import type { OpenBao } from '../helpers/openbao.js';

/** How a store of this shape turns remoteRef.key into the API path it reads. */
export function readPath(store: { provider: 'vault' | 'openbao'; path?: string }, key: string): string {
  if (store.provider === 'openbao') return `${store.path ?? 'kv'}/data/${key}`;
  if (store.path !== undefined) {
    let rest = key;
    if (rest.startsWith(`${store.path}/`)) {
      rest = rest.slice(store.path.length + 1);
      if (rest.startsWith('data/')) rest = rest.slice('data/'.length);
    }
    return `${store.path}/data/${rest}`;
  }
  if (key.includes('/data/')) return key;
  const [first, ...rest] = key.split('/');
  return [first, 'data', ...rest].join('/');
}


/** GET /v1/<API path> (a KV v2 data path) as the store's token would; null when OpenBao has nothing there. */
export async function kvRead(bao: OpenBao, path: string): Promise<Record<string, string> | null> {
  const res = await fetch(`${bao.addr}/v1/${path}`, { headers: { 'X-Vault-Token': bao.token } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return ((await res.json()) as { data: { data: Record<string, string> } }).data.data;
}

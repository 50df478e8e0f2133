// App-side Vault clients, one per chosen language: AppRole login, KV v2 read, token renewal.
import type { Language, Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import type { RenderedFile } from '../types.js';
import { clientPathOf, directVaultView } from './view.js';

const TEMPLATE: Record<Language, string> = {
  typescript: 'client/vault-client.ts.hbs',
  python: 'client/vault_client.py.hbs',
  go: 'client/vaultclient.go.hbs',
};

export function renderClients(m: Model): RenderedFile[] {
  const v = directVaultView(m);
  const data = { ...v, bootstrapPath: v.dv.bootstrapPath, authName: v.dv.authName };
  return m.languages.map((lang) => ({
    path: clientPathOf(m, lang),
    content: renderTemplate(TEMPLATE[lang], data),
    strategy: { kind: 'whole' } as const,
  }));
}

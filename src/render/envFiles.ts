// `.env.example` (names and descriptions only) and the `.env` line in `.gitignore`.
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import type { RenderedFile } from './types.js';

export function renderEnvExample(m: Model): RenderedFile {
  const secrets = m.secrets.map((s) => ({ env: s.env, description: s.description, minLength: s.minLength }));
  if (m.directVault) {
    secrets.push(
      { env: 'VAULT_ADDR', description: `Vault address (the Deployment sets ${m.directVault.vaultAddr})`, minLength: 1 },
      { env: 'VAULT_ROLE_ID', description: `AppRole role-id (synced from ${m.directVault.bootstrapPath})`, minLength: 1 },
      { env: 'VAULT_SECRET_ID', description: `AppRole secret-id (synced from ${m.directVault.bootstrapPath})`, minLength: 1 },
    );
  }
  const content = renderTemplate('env/env.example.hbs', { mode: m.mode, secretName: m.secretName, vaultPath: m.vault.path, secrets, config: m.config });
  return { path: '.env.example', content, strategy: { kind: 'whole' } };
}

export function renderGitignore(): RenderedFile {
  return { path: '.gitignore', content: '.env\n', strategy: { kind: 'lines' } };
}

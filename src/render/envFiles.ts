// `.env.example` (names and descriptions only) and the `.env` line in `.gitignore`.
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import type { RenderedFile } from './types.js';
import { validatorKeys } from './validators/keys.js';

export function renderEnvExample(m: Model): RenderedFile {
  // The same required keys the startup validators check (secrets, plus the AppRole bootstrap).
  const secrets = validatorKeys(m).filter((k) => k.kind === 'required');
  const content = renderTemplate('env/env.example.hbs', { secretName: m.secretName, authName: m.directVault?.authName ?? '', vaultPath: m.vault.path, secrets, config: m.config });
  return { path: '.env.example', content, strategy: { kind: 'whole' } };
}

export function renderGitignore(): RenderedFile {
  return { path: '.gitignore', content: '.env\n', strategy: { kind: 'lines' } };
}

// The README's Direct-Vault subsection (Markdown); the lead's README section embeds it.
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { directVaultView } from './view.js';

/** '' for ESO-mode models, so the caller can pass it through unconditionally. */
export function directVaultReadme(m: Model): string {
  if (!m.directVault) return '';
  const v = directVaultView(m);
  return renderTemplate('readme/direct-vault.md.hbs', v).trimEnd();
}

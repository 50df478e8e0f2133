// Direct-Vault artifacts: the policy, the AppRole provisioning script and the app-side clients.
// ESO-mode apps get none of them (`check` flags Vault clients in ESO-mode apps).
import type { Model } from '../../model.js';
import type { RenderedFile } from '../types.js';
import { renderClients } from './clients.js';
import { renderPolicy } from './policy.js';
import { renderProvisionScript } from './provision.js';

export { directVaultReadme } from './readme.js';
export { clientPathOf, policyFileOf, SCRIPT_FILE } from './view.js';

export function renderDirectVault(m: Model): RenderedFile[] {
  if (m.mode !== 'direct-vault' || !m.directVault) return [];
  return [renderPolicy(m), renderProvisionScript(m), ...renderClients(m)];
}

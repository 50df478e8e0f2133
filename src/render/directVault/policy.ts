// vault/policy-<app>.hcl: the app's read-only Vault policy (paths per the seed's Direct-Vault pattern).
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import type { RenderedFile } from '../types.js';
import { directVaultView } from './view.js';

export function renderPolicy(m: Model): RenderedFile {
  const v = directVaultView(m);
  return {
    path: v.policyFile,
    content: renderTemplate('vault/policy.hcl.hbs', { ...v, policyName: v.dv.policyName }),
    strategy: { kind: 'whole' },
  };
}

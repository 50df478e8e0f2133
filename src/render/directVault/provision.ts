// vault/provision-approle.sh: idempotent AppRole + policy + bootstrap-credential provisioning.
import { posix } from 'node:path';
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import type { RenderedFile } from '../types.js';
import { directVaultView } from './view.js';

export function renderProvisionScript(m: Model): RenderedFile {
  const v = directVaultView(m);
  return {
    path: v.scriptFile,
    content: renderTemplate('vault/provision-approle.sh.hbs', {
      ...v,
      policyName: v.dv.policyName,
      authName: v.dv.authName,
      bootstrapPath: v.dv.bootstrapPath,
      // The script finds the policy next to itself, so it works from any working directory.
      policyFileName: posix.basename(v.policyFile),
    }),
    strategy: { kind: 'whole' },
    executable: true,
  };
}

// Plain manifests in <deployDir>/: the ExternalSecret(s) and every workload's env. Without a
// `workloads` answer it is the one Deployment in deployment.yaml, exactly as before workloads existed.
import type { Model } from '../../model.js';
import { renderDeployment } from '../deployment.js';
import { renderExternalSecrets } from '../externalSecret.js';
import type { RenderedFile } from '../types.js';
import { renderWorkloads } from '../workloads.js';

export function renderPlain(m: Model): RenderedFile[] {
  return [...renderExternalSecrets(m), ...(m.defaultWorkloads ? [renderDeployment(m)] : renderWorkloads(m))];
}

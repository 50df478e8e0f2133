// A layout is a renderer of the deploy files (plus the merge strategies they name): plain
// manifests, a Kustomize base with overlays, or a Helm chart. Everything else is layout-blind.
import { UsageError } from '../../errors.js';
import type { Model } from '../../model.js';
import type { RenderedFile } from '../types.js';
import { renderPlain } from './plain.js';

export function renderDeployFiles(m: Model): RenderedFile[] {
  switch (m.layout) {
    case 'plain':
      return renderPlain(m);
    default:
      throw new UsageError(`layout: ${m.layout} is not supported by this version yet (use plain)`);
  }
}

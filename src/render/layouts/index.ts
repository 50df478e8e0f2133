// A layout is a renderer of the deploy files (plus the merge strategies they name): plain
// manifests, a Kustomize base with overlays, or a Helm chart. Everything else is layout-blind.
import type { Model } from '../../model.js';
import type { RenderedFile } from '../types.js';
import { renderHelm } from './helm.js';
import { renderKustomize } from './kustomize.js';
import { renderPlain } from './plain.js';

export function renderDeployFiles(m: Model): RenderedFile[] {
  switch (m.layout) {
    case 'plain':
      return renderPlain(m);
    case 'kustomize':
      return renderKustomize(m);
    case 'helm':
      return renderHelm(m);
  }
}

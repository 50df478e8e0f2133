// The structured YAML merges by strategy name: the one seam write/plan.ts calls, so a layout adds
// its merge here instead of a branch in the planner.
import type { Strategy } from '../../render/types.js';
import { ensureIncludes } from './helmInclude.js';
import { mergeValues, ownedOfValues } from './helmValues.js';
import { mergeKustomization, ownedOfKustomization } from './kustomization.js';
import { mergeWorkloads, ownedOfWorkloads } from './workloads.js';
import { deploymentEnvTarget, externalSecretTarget, mergeYamlEntries, ownedOfRender, type YamlMerge } from './yamlEntries.js';

export interface MergeOptions {
  previouslyOwned: readonly string[];
  recordedHash: string | undefined;
  hash: (s: string) => string;
}

export interface YamlMerger {
  /** Our part of a file we create as rendered. */
  owned(text: string, file: string): { ownedNext: string; ownedKeys: string[] };
  merge(current: string, base: string | null, next: string, file: string, opts: MergeOptions): YamlMerge;
}

export function yamlMerger(s: Extract<Strategy, { kind: 'yaml' }>, app: string): YamlMerger {
  if (s.merge === 'workload-env') {
    const slots = s.workloads;
    return {
      owned: (text, file) => ownedOfWorkloads(text, slots, file),
      merge: (current, base, next, file, opts) => mergeWorkloads(current, base, next, slots, file, opts),
    };
  }
  if (s.merge === 'kustomization') {
    const ns = s.namespace;
    return {
      owned: (text, file) => ownedOfKustomization(text, file, ns),
      merge: (current, base, next, file, opts) => mergeKustomization(current, base, next, file, ns, opts),
    };
  }
  if (s.merge === 'helm-values') return { owned: ownedOfValues, merge: (current, base, next, file, opts) => mergeValues(current, base, next, file, opts) };
  if (s.merge === 'helm-include' || s.merge === 'seed') {
    // Nothing of ours to record: the include line is added once (the keys live in _mosaic-secrets.tpl),
    // and a seed (Chart.yaml) is only ever created.
    const include = s.merge === 'helm-include' ? s.include : null;
    const unchangedOwned = { ownedCurrent: '', ownedNext: '', ownedKeys: [], conflicts: [] };
    return {
      owned: () => ({ ownedNext: '', ownedKeys: [] }),
      merge: (current, _base, _next, file) => ({ ...unchangedOwned, content: include ? ensureIncludes(current, include, file) : current }),
    };
  }
  const target = s.merge === 'deployment-env' ? deploymentEnvTarget(app) : externalSecretTarget;
  return {
    owned: (text, file) => ownedOfRender(text, target, file),
    merge: (current, base, next, file, opts) => mergeYamlEntries(current, base, next, target, file, opts),
  };
}

// The structured YAML merges by strategy name: the one seam write/plan.ts calls, so a layout adds
// its merge here instead of a branch in the planner.
import type { Strategy } from '../../render/types.js';
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
  const target = s.merge === 'deployment-env' ? deploymentEnvTarget(app) : externalSecretTarget;
  return {
    owned: (text, file) => ownedOfRender(text, target, file),
    merge: (current, base, next, file, opts) => mergeYamlEntries(current, base, next, target, file, opts),
  };
}

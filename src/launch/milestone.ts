// How far into the program a run got, for the code cache (src/launch/codeCache.ts): the cache is
// written again when a run reaches a part of the program the runs that made it did not (a cache
// from a run cancelled at its first prompt would otherwise lack the renderers for good).
// A no-op unless the bin installed its hook (not from source, not in tests that import modules).
export const MILESTONES = ['prompt', 'render', 'vault', 'check'] as const;
export type Milestone = (typeof MILESTONES)[number];
export const MILESTONE_HOOK = Symbol.for('create-mosaic-secrets.milestone');

export function reached(m: Milestone): void {
  const hook = (globalThis as Record<symbol, unknown>)[MILESTONE_HOOK];
  if (typeof hook === 'function') hook(m);
}

/** One bit per milestone, as the cache header stores the set. */
export const milestoneBit = (m: Milestone): number => 1 << MILESTONES.indexOf(m);

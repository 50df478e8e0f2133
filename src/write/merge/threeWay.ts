// Three-way text merge (diff3) of our part of a file: what we generated last time (base),
// what is on disk now (current, maybe hand-edited), and the new render (next).
import { diff3Merge } from 'node-diff3';

export interface TextMerge {
  /** Content to write; on conflict it is the new render (used only with --force or an explicit overwrite). */
  text: string;
  conflict: boolean;
}

/**
 * `pristine`: current is byte-for-byte what we last wrote (hash recorded in the manifest).
 * `base`: what we last wrote, re-rendered from the recorded answers, or null if unknown.
 */
export function threeWay(base: string | null, current: string, next: string, pristine: boolean): TextMerge {
  if (current === next) return { text: current, conflict: false };
  if (pristine || current === base) return { text: next, conflict: false };
  if (base === null) return { text: next, conflict: true };
  if (base === next) return { text: current, conflict: false }; // only the user changed it
  const regions = diff3Merge(current.split('\n'), base.split('\n'), next.split('\n'));
  if (regions.some((r) => r.conflict)) return { text: next, conflict: true };
  return { text: regions.flatMap((r) => r.ok ?? []).join('\n'), conflict: false };
}

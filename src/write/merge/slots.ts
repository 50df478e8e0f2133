// Several owned lists in one file (every container's env in a multi-document workload file, the
// resources and patches of a kustomization.yaml): each list is one slot, merged by the same
// three-way entry merge as a single list (yamlEntries.ts), one after another on the evolving text.
// Each splices only its own list, so everything else keeps its bytes. The manifest records one
// hash over all slots and every owned key as `<slot id>:<key>`.
import { mergeYamlEntries, ownedOfRender, type YamlMerge, type YamlTarget } from './yamlEntries.js';

export interface Slot {
  id: string;
  target: YamlTarget;
}

export interface SlotMergeOptions {
  previouslyOwned: readonly string[];
  recordedHash: string | undefined;
  hash: (s: string) => string;
}

const ownedIn = (owned: readonly string[], id: string): string[] => owned.filter((k) => k.startsWith(`${id}:`)).map((k) => k.slice(id.length + 1));
const combined = (parts: (string | null)[]): string => JSON.stringify(parts);

/** Our part of a file we are about to create as rendered. */
export function ownedOfSlots(text: string, slots: Slot[], file: string): { ownedNext: string; ownedKeys: string[] } {
  const parts: string[] = [];
  const keys: string[] = [];
  for (const s of slots) {
    const o = ownedOfRender(text, s.target, file);
    parts.push(o.ownedNext);
    keys.push(...o.ownedKeys.map((k) => `${s.id}:${k}`));
  }
  return { ownedNext: combined(parts), ownedKeys: keys };
}

export function mergeSlots(current: string, base: string | null, next: string, slots: Slot[], file: string, opts: SlotMergeOptions): YamlMerge {
  const run = (pristine: boolean): YamlMerge => {
    let content = current;
    const conflicts: string[] = [];
    const cur: (string | null)[] = [];
    const nxt: string[] = [];
    const keys: string[] = [];
    for (const s of slots) {
      const r = mergeYamlEntries(content, base, next, s.target, file, { ...opts, previouslyOwned: ownedIn(opts.previouslyOwned, s.id), pristine });
      content = r.content;
      conflicts.push(...r.conflicts.map((k) => `${s.id}:${k}`));
      cur.push(r.ownedCurrent);
      nxt.push(r.ownedNext);
      keys.push(...r.ownedKeys.map((k) => `${s.id}:${k}`));
    }
    return { content, conflicts, ownedCurrent: cur.every((c) => c === null) ? null : combined(cur), ownedNext: combined(nxt), ownedKeys: keys };
  };
  const first = run(false);
  // Byte for byte what we last wrote (all slots together): every difference from the new render is
  // ours to take. Without that, a difference surfaces as a conflict, so only then is a second pass needed.
  const pristine = first.ownedCurrent !== null && opts.recordedHash !== undefined && opts.hash(first.ownedCurrent) === opts.recordedHash;
  return pristine && first.conflicts.length ? run(true) : first;
}

// The `kustomization` merge: the entries we own in a kustomization.yaml — `resources` (the files we
// render, or ../../base in an overlay) and `patches` (by path) — plus `namespace` when an
// environment sets one. Added once, removed when we stop rendering them; the user's own resources,
// patches, fields and comments are kept (slots.ts, yamlEntries.ts).
import { isMap } from '../../lazyYaml.js';
import { namespaceOf } from './kustomizationNamespace.js';
import { UsageError } from '../../errors.js';
import { mergeSlots, ownedOfSlots, type Slot, type SlotMergeOptions } from './slots.js';
import { seqIn, type YamlMerge, type YamlTarget } from './yamlEntries.js';

function listTarget(field: 'resources' | 'patches', key: string): YamlTarget {
  return {
    kind: null,
    key,
    scalars: [],
    list(doc, file, create) {
      if (!isMap(doc.contents)) throw new UsageError(`${file}: must be a mapping (a kustomization)`);
      return seqIn(doc.contents, field, file, '(top level)', create);
    },
  };
}

const SLOTS: Slot[] = [
  { id: 'resources', target: listTarget('resources', '.') },
  { id: 'patches', target: listTarget('patches', 'path') },
];

export function ownedOfKustomization(text: string, file: string, namespace: boolean) {
  const o = ownedOfSlots(text, SLOTS, file);
  return namespace ? { ...o, ownedKeys: [...o.ownedKeys, `namespace:${namespaceOf(text)?.value ?? ''}`] } : o;
}

export function mergeKustomization(current: string, base: string | null, next: string, file: string, namespace: boolean, opts: SlotMergeOptions): YamlMerge {
  const merged = mergeSlots(current, base, next, SLOTS, file, opts);
  if (!namespace) return merged;
  // The overlay's namespace: added when missing; replaced while it is what we wrote; else the user's.
  const want = namespaceOf(next)!.value;
  const have = namespaceOf(merged.content);
  const before = base === null ? undefined : namespaceOf(base)?.value;
  let content = merged.content;
  const conflicts = [...merged.conflicts];
  if (!have) {
    const at = /^kind:.*\n/m.exec(content);
    const pos = at ? at.index + at[0].length : 0;
    content = `${content.slice(0, pos)}namespace: ${JSON.stringify(want)}\n${content.slice(pos)}`;
  } else if (have.value !== want && before !== want) {
    if (have.value !== before) conflicts.push('namespace');
    content = `${content.slice(0, have.range[0])}${JSON.stringify(want)}${content.slice(have.range[1])}`;
  }
  return { ...merged, content, conflicts, ownedKeys: [...merged.ownedKeys, `namespace:${want}`] };
}

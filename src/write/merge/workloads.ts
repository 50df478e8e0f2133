// The `workload-env` merge: our env entries in every listed container of every workload of one
// (multi-document) file, each container's env list one slot (slots.ts). The user's other
// documents, containers and bytes stay as they were.
import type { Document, YAMLMap } from 'yaml';
import { isMap, isSeq, parseAllDocuments } from '../../lazyYaml.js';
import { UsageError } from '../../errors.js';
import type { WorkloadSlot } from '../../render/types.js';
import { mergeSlots, ownedOfSlots, type Slot, type SlotMergeOptions } from './slots.js';
import { seqIn, type YamlMerge, type YamlTarget } from './yamlEntries.js';

type Field = 'containers' | 'initContainers';

const podSpecPath = (kind: string): string[] => (kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec']);

function containerList(doc: Document.Parsed, slot: WorkloadSlot, field: Field): YAMLMap[] | null {
  const seq = doc.getIn([...podSpecPath(slot.kind), field]);
  return isSeq(seq) ? (seq.items.filter(isMap) as YAMLMap[]) : null;
}

/** The env list of one container of one workload; `anyInRender`: our render names its one container after the workload. */
function containerTarget(slot: WorkloadSlot, field: Field, container: string, anyInRender: boolean): YamlTarget {
  const where = `${slot.kind} ${slot.name}`;
  return {
    kind: slot.kind,
    name: slot.name,
    key: 'name',
    scalars: [],
    list(doc, file, create) {
      const maps = containerList(doc, slot, field) ?? [];
      const found = maps.find((c) => c.get('name') === container) ?? (anyInRender && !create ? maps[0] : undefined);
      if (!found) {
        if (!create) return null; // an older render without this container: nothing of ours there
        const names = maps.map((c) => String(c.get('name'))).join(', ') || 'none';
        throw new UsageError(`${file}: ${where} has no ${field} entry named "${container}" (it has: ${names}); fix the workloads answer or the file`);
      }
      return seqIn(found, 'env', file, `${where} ${field}[${container}]`, create);
    },
  };
}

/** Every env list we own in `text` (the user's file, or our render): `containers: null` means each container it has. */
function slotsOf(text: string, workloads: WorkloadSlot[], file: string): Slot[] {
  const docs = parseAllDocuments(text, { version: '1.1' }) as Document.Parsed[];
  const out: Slot[] = [];
  for (const w of workloads) {
    const doc = Array.isArray(docs) ? docs.find((d) => isMap(d.contents) && d.get('kind') === w.kind && d.getIn(['metadata', 'name']) === w.name) : undefined;
    if (!doc) throw new UsageError(`${file}: has no ${w.kind} named ${w.name} (listed in the workloads answer); add it or fix the answer`);
    const names = w.containers ?? (containerList(doc, w, 'containers') ?? []).map((c) => String(c.get('name')));
    if (names.length === 0) throw new UsageError(`${file}: ${w.kind} ${w.name} must list at least one container`);
    for (const c of names) out.push({ id: `${w.kind}/${w.name}/containers/${c}`, target: containerTarget(w, 'containers', c, w.containers === null) });
    for (const c of w.initContainers) out.push({ id: `${w.kind}/${w.name}/initContainers/${c}`, target: containerTarget(w, 'initContainers', c, false) });
  }
  return out;
}

export function ownedOfWorkloads(text: string, workloads: WorkloadSlot[], file: string): { ownedNext: string; ownedKeys: string[] } {
  return ownedOfSlots(text, slotsOf(text, workloads, file), file);
}

export function mergeWorkloads(current: string, base: string | null, next: string, workloads: WorkloadSlot[], file: string, opts: SlotMergeOptions): YamlMerge {
  return mergeSlots(current, base, next, slotsOf(current, workloads, file), file, opts);
}

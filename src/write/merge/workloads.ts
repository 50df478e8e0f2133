// The `workload-env` merge: our env entries in every listed container of every workload of one
// (multi-document) file. Each container's env list is one slot, merged by the same three-way entry
// merge as the single Deployment (yamlEntries.ts), one after another on the evolving text: each
// splices only its own list, so the user's other documents, containers and bytes stay as they were.
import { isMap, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { UsageError } from '../../errors.js';
import type { WorkloadSlot } from '../../render/types.js';
import { mergeYamlEntries, ownedOfRender, seqIn, type YamlMerge, type YamlTarget } from './yamlEntries.js';

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

interface Slot {
  id: string;
  target: YamlTarget;
}

/** Every env list we own in `text` (the user's file, or our render when `rendered`). */
function slotsOf(text: string, slots: WorkloadSlot[], file: string): Slot[] {
  const docs = parseAllDocuments(text, { version: '1.1' }) as Document.Parsed[];
  const out: Slot[] = [];
  for (const w of slots) {
    const doc = Array.isArray(docs) ? docs.find((d) => isMap(d.contents) && d.get('kind') === w.kind && d.getIn(['metadata', 'name']) === w.name) : undefined;
    if (!doc) throw new UsageError(`${file}: has no ${w.kind} named ${w.name} (listed in the workloads answer); add it or fix the answer`);
    const names = w.containers ?? (containerList(doc, w, 'containers') ?? []).map((c) => String(c.get('name')));
    if (names.length === 0) throw new UsageError(`${file}: ${w.kind} ${w.name} must list at least one container`);
    for (const c of names) out.push({ id: `${w.kind}/${w.name}/containers/${c}`, target: containerTarget(w, 'containers', c, w.containers === null) });
    for (const c of w.initContainers) out.push({ id: `${w.kind}/${w.name}/initContainers/${c}`, target: containerTarget(w, 'initContainers', c, false) });
  }
  return out;
}

const ownedIn = (owned: readonly string[], id: string): string[] => owned.filter((k) => k.startsWith(`${id}:`)).map((k) => k.slice(id.length + 1));
const combined = (parts: (string | null)[]): string => JSON.stringify(parts);

/** Our part of a file we are about to create as rendered. */
export function ownedOfWorkloads(text: string, slots: WorkloadSlot[], file: string): { ownedNext: string; ownedKeys: string[] } {
  const parts: string[] = [];
  const keys: string[] = [];
  for (const s of slotsOf(text, slots, file)) {
    const o = ownedOfRender(text, s.target, file);
    parts.push(o.ownedNext);
    keys.push(...o.ownedKeys.map((k) => `${s.id}:${k}`));
  }
  return { ownedNext: combined(parts), ownedKeys: keys };
}

export function mergeWorkloads(
  current: string,
  base: string | null,
  next: string,
  slots: WorkloadSlot[],
  file: string,
  opts: { previouslyOwned: readonly string[]; recordedHash: string | undefined; hash: (s: string) => string },
): YamlMerge {
  const found = slotsOf(current, slots, file);
  const run = (pristine: boolean): YamlMerge => {
    let content = current;
    const conflicts: string[] = [];
    const cur: (string | null)[] = [];
    const nxt: string[] = [];
    const keys: string[] = [];
    for (const s of found) {
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
  // Byte-for-byte what we last wrote (all slots together): every difference from the new render is ours to take.
  const pristine = first.ownedCurrent !== null && opts.recordedHash !== undefined && opts.hash(first.ownedCurrent) === opts.recordedHash;
  return pristine && first.conflicts.length ? run(true) : first;
}


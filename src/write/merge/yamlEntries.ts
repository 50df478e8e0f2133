// Structured three-way merge of the YAML we share with the user (the Deployment's container env,
// the ExternalSecret's data). Only entries and scalars we own change; everything else — the
// user's entries, comments, key order, other documents — is kept by the yaml Document API.
import { isMap, isScalar, isSeq, parseAllDocuments, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { UsageError } from '../../errors.js';

export interface YamlTarget {
  /** Which document of a multi-document file is ours. */
  kind: 'Deployment' | 'ExternalSecret';
  /** Field that names an entry ('name' for env, 'secretKey' for data). */
  key: string;
  /** Scalars we own, as paths inside the document. */
  scalars: (string | number)[][];
  /** The sequence of entries inside our document (created when `create`). */
  list(doc: Document.Parsed, file: string, create: boolean): YAMLSeq | null;
}

export interface YamlMerge {
  content: string;
  /** Entry keys or scalar paths the user changed where we change them too. */
  conflicts: string[];
  /** Canonical JSON of our part, now and after the merge (for the manifest hash). */
  ownedCurrent: string | null;
  ownedNext: string;
  ownedKeys: string[];
}

type Parsed = Document.Parsed[];

function parseFile(text: string, file: string): Parsed {
  // Kubernetes reads YAML 1.1: parsing as 1.2 would re-serialise the user's 0400 as 400 (a different mode).
  const docs = parseAllDocuments(text, { version: '1.1' }) as Parsed;
  if (!Array.isArray(docs)) throw new UsageError(`${file}: is not valid YAML`);
  for (const d of docs) {
    if (d.errors.length) throw new UsageError(`${file}: is not valid YAML (${d.errors[0]!.message.split('\n')[0]})`);
  }
  return docs;
}

function ourDoc(docs: Parsed, target: YamlTarget, file: string): Document.Parsed {
  const found = docs.filter((d) => isMap(d.contents) && d.get('kind') === target.kind);
  if (found.length !== 1) throw new UsageError(`${file}: must hold exactly one ${target.kind} to merge into (found ${found.length})`);
  return found[0]!;
}

const json = (node: unknown): string => JSON.stringify(isMap(node) || isSeq(node) || isScalar(node) ? node.toJSON() : (node ?? null));

function entries(seq: YAMLSeq | null, key: string): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const item of seq?.items ?? []) if (isMap(item)) m.set(String(item.get(key)), item);
  return m;
}

function scalarsOf(doc: Document.Parsed | null, paths: (string | number)[][]): Map<string, unknown> {
  return new Map(paths.map((p) => [p.join('.'), doc ? json(doc.getIn(p, true)) : undefined]));
}

function canonical(list: Map<string, unknown>, keys: Iterable<string>, scalars: Map<string, unknown>): string {
  const e = [...keys].filter((k) => list.has(k)).map((k) => json(list.get(k)));
  return JSON.stringify({ entries: e, scalars: Object.fromEntries(scalars) });
}

/**
 * Merge `next` (our full render) into `current` (the file on disk), using `base` (our previous
 * render, or null) to tell the user's edits from ours. `previouslyOwned` adds keys we owned before.
 */
/**
 * Our part of a file we are about to create as rendered: no merge, so no re-serialisation. (Merging a
 * render into itself returns it unchanged — the re-run tests prove it — so this is the same result.)
 */
export function ownedOfRender(text: string, target: YamlTarget, file: string): { ownedNext: string; ownedKeys: string[] } {
  const doc = ourDoc(parseFile(text, file), target, file);
  const list = entries(target.list(doc, file, false), target.key);
  const ownedKeys = [...list.keys()];
  return { ownedNext: canonical(list, ownedKeys, scalarsOf(doc, target.scalars)), ownedKeys };
}

export function mergeYamlEntries(
  current: string,
  base: string | null,
  next: string,
  target: YamlTarget,
  file: string,
  opts: { previouslyOwned: readonly string[]; recordedHash: string | undefined; hash: (s: string) => string },
): YamlMerge {
  // Parsing is most of a merge's cost, so equal texts share one parse (a new file passes our render
  // as all three). `current` shares only with an equal `next`: then every decision below is 'keep'.
  const curDocs = parseFile(current, file);
  const nxtDocs = next === current ? curDocs : parseFile(next, file);
  const cur = ourDoc(curDocs, target, file);
  const nxt = ourDoc(nxtDocs, target, file);
  const bas = base === null ? null : ourDoc(base === next ? nxtDocs : parseFile(base, file), target, file);

  const nextList = entries(target.list(nxt, file, false), target.key);
  const baseList = bas ? entries(target.list(bas, file, false), target.key) : new Map<string, unknown>();
  const seq = target.list(cur, file, true)!;
  const curList = entries(seq, target.key);
  const owned = new Set([...opts.previouslyOwned, ...baseList.keys(), ...nextList.keys()]);

  const curScalars = scalarsOf(cur, target.scalars);
  const ownedCurrent = [...owned].some((k) => curList.has(k)) ? canonical(curList, owned, curScalars) : null;
  const pristine = ownedCurrent !== null && opts.recordedHash !== undefined && opts.hash(ownedCurrent) === opts.recordedHash;

  const conflicts: string[] = [];
  // Decide one owned value: returns 'keep' | 'take' | 'conflict'.
  const decide = (c: unknown, b: unknown, n: unknown, hasBase: boolean): 'keep' | 'take' | 'conflict' => {
    const [cj, bj, nj] = [json(c), json(b), json(n)];
    if (cj === nj) return 'keep';
    if (pristine || (hasBase && cj === bj)) return 'take';
    if (hasBase && bj === nj) return 'keep';
    return 'conflict';
  };

  const indexOf = (k: string) => seq.items.findIndex((i) => isMap(i) && String(i.get(target.key)) === k);
  const order = [...nextList.keys()];
  for (const [pos, [k, n]] of [...nextList].entries()) {
    const idx = indexOf(k);
    if (idx === -1 && baseList.has(k) && !pristine) {
      // We wrote k before and the user deleted it: their choice stands while our render of it is
      // unchanged; if we now render it differently, they decide (conflict).
      if (json(baseList.get(k)) === json(n)) continue;
      conflicts.push(k);
    }
    if (idx === -1) {
      // A new entry goes right after the one before it in our render order, so our entries keep
      // the order a fresh render has and the user's entries keep their place relative to them.
      const prev = order.slice(0, pos).reverse().map(indexOf).find((i) => i !== -1);
      const after = order.slice(pos + 1).map(indexOf).find((i) => i !== -1);
      const at = prev !== undefined ? prev + 1 : after !== undefined ? after : seq.items.length;
      seq.items.splice(at, 0, n);
      continue;
    }
    const d = decide(seq.items[idx], baseList.get(k), n, baseList.has(k));
    if (d === 'conflict') conflicts.push(k);
    if (d !== 'keep') seq.items[idx] = n; // conflicts resolve to ours only if the caller writes
  }
  seq.items = seq.items.filter((i) => {
    if (!isMap(i)) return true;
    const k = String(i.get(target.key));
    if (nextList.has(k) || !owned.has(k)) return true;
    // We no longer render k: drop it unless the user changed it since we wrote it.
    const b = baseList.get(k);
    if (pristine || (b !== undefined && json(b) === json(i))) return false;
    conflicts.push(k);
    return false;
  });
  for (const path of target.scalars) {
    // keepScalar: the node, so a comment on our scalar travels with it.
    const n = nxt.getIn(path, true);
    const c = cur.getIn(path, true);
    const d = decide(c, bas?.getIn(path, true), n, bas !== null);
    if (d === 'conflict') conflicts.push(path.join('.'));
    if (d !== 'keep') cur.setIn(path, n);
  }
  seq.flow = seq.items.length === 0;

  const finalList = entries(seq, target.key);
  const ownedKeys = [...nextList.keys()];
  return {
    content: curDocs.map((d) => d.toString({ lineWidth: 0 })).join(''),
    conflicts,
    ownedCurrent,
    ownedNext: canonical(finalList, ownedKeys, scalarsOf(cur, target.scalars)),
    ownedKeys,
  };
}

function mapAt(doc: Document.Parsed, path: string[], file: string): YAMLMap | null {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return null;
  if (!isMap(node)) throw new UsageError(`${file}: ${path.join('.')} must be a mapping`);
  return node;
}

function seqIn(map: YAMLMap, field: string, file: string, where: string, create: boolean): YAMLSeq | null {
  const node: unknown = map.get(field, true);
  if (isSeq(node)) return node;
  const empty = node === undefined || node === null || (isScalar(node) && node.value === null);
  if (!empty) throw new UsageError(`${file}: ${where}.${field} must be a list`);
  if (!create) return null;
  const seq = new YAMLSeq();
  map.set(field, seq);
  return seq;
}

/** The env list of the container named like the app (or the only container). */
export function deploymentEnvTarget(app: string): YamlTarget {
  return {
    kind: 'Deployment',
    key: 'name',
    scalars: [],
    list(doc, file, create) {
      const containers = doc.getIn(['spec', 'template', 'spec', 'containers']);
      if (!isSeq(containers) || containers.items.length === 0) {
        throw new UsageError(`${file}: spec.template.spec.containers must list at least one container`);
      }
      const maps = containers.items.filter(isMap) as YAMLMap[];
      const container = maps.find((c) => c.get('name') === app) ?? (maps.length === 1 ? maps[0] : undefined);
      if (!container) {
        const names = maps.map((c) => String(c.get('name'))).join(', ');
        throw new UsageError(`${file}: no container named "${app}" among ${names}; name the app's container "${app}"`);
      }
      return seqIn(container, 'env', file, `containers[${app}]`, create);
    },
  };
}

/** spec.data of the ExternalSecret, plus the scalars that wire it to the store and the Secret. */
export const externalSecretTarget: YamlTarget = {
  kind: 'ExternalSecret',
  key: 'secretKey',
  scalars: [
    ['apiVersion'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['spec', 'refreshInterval'],
    ['spec', 'secretStoreRef', 'name'],
    ['spec', 'secretStoreRef', 'kind'],
    ['spec', 'target', 'name'],
    ['spec', 'target', 'creationPolicy'],
  ],
  list(doc, file, create) {
    const spec = mapAt(doc, ['spec'], file);
    if (!spec) throw new UsageError(`${file}: the ExternalSecret has no spec`);
    return seqIn(spec, 'data', file, 'spec', create);
  },
};

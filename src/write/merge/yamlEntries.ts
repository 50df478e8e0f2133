// Structured three-way merge of the YAML we share with the user (the Deployment's container env,
// the ExternalSecret's data). Only entries and scalars we own change; everything else — the
// user's entries, comments, key order, other documents — is kept by the yaml Document API.
import type { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, yaml } from '../../lazyYaml.js';
import { UsageError } from '../../errors.js';

export interface YamlTarget {
  /** Which document of a multi-document file is ours. */
  /** null: the file's one document, whatever its kind (a kustomization.yaml need not say). */
  kind: string | null;
  /** metadata.name of our document, when a file may hold several of that kind. */
  name?: string;
  /** Field that names an entry ('name' for env, 'secretKey' for data; '.' for a list of plain strings). */
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
  /** Canonical JSON of our part: on disk now over the recorded keys (to compare with the record), and after the merge. */
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
  const found = docs.filter(
    (d) => isMap(d.contents) && (target.kind === null || d.get('kind') === target.kind) && (target.name === undefined || d.getIn(['metadata', 'name']) === target.name),
  );
  if (found.length !== 1) {
    const what = target.kind === null ? 'YAML document' : target.name === undefined ? target.kind : `${target.kind} named ${target.name}`;
    throw new UsageError(`${file}: must hold exactly one ${what} to merge into (found ${found.length})`);
  }
  return found[0]!;
}

const json = (node: unknown): string => JSON.stringify(isMap(node) || isSeq(node) || isScalar(node) ? node.toJSON() : (node ?? null));

/** The name of a list item: its `key` field, or for key '.' the string itself; null for anything else. */
function itemKey(item: unknown, key: string): string | null {
  if (key === '.') return isScalar(item) ? String(item.value) : null;
  return isMap(item) ? String(item.get(key)) : null;
}

/**
 * The comment above a block list's first entry: the yaml AST gives it to the list, but to the reader
 * (and to our render, where it is the entry's description) it belongs to that entry. entries() notes it.
 */
const leading = new WeakMap<object, string>();

/** Every comment in a node's subtree, in order (a list's first entry counts the comment above it). */
function commentsOf(node: unknown, out: string[] = [], top = true): string[] {
  if (node === null || typeof node !== 'object') return out;
  const n = node as { commentBefore?: string | null; comment?: string | null };
  const before = n.commentBefore || (top ? leading.get(node) : undefined);
  if (before) out.push(before);
  if (n.comment) out.push(n.comment);
  if (isMap(node) || isSeq(node)) for (const item of node.items) commentsOf(item, out, false);
  if (isPair(node)) {
    commentsOf(node.key, out, false);
    commentsOf(node.value, out, false);
  }
  return out;
}

/** A value and its comments, for telling whose edit a difference is. */
export const full = (node: unknown): string => `${json(node)}\u0000${commentsOf(node).join('\n')}`;

function entries(seq: YAMLSeq | null, key: string): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const first = seq?.items[0] as { commentBefore?: string | null } | undefined;
  if (seq?.commentBefore && first && typeof first === 'object' && !first.commentBefore) leading.set(first, seq.commentBefore);
  for (const item of seq?.items ?? []) {
    const k = itemKey(item, key);
    if (k !== null) m.set(k, item);
  }
  return m;
}

function scalarsOf(doc: Document.Parsed | null, paths: (string | number)[][]): Map<string, unknown> {
  return new Map(paths.map((p) => [p.join('.'), doc ? full(doc.getIn(p, true)) : undefined]));
}

function canonical(list: Map<string, unknown>, keys: Iterable<string>, scalars: Map<string, unknown>): string {
  // With comments: the record then tells an answer edit that only moves a description comment.
  const e = [...keys].filter((k) => list.has(k)).map((k) => full(list.get(k)));
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
  opts: { previouslyOwned: readonly string[]; recordedHash: string | undefined; hash: (s: string) => string; /** decided by the caller (a file of several lists) */ pristine?: boolean },
): YamlMerge {
  // Parsing is most of a merge's cost, so equal texts share one parse (an untouched re-run passes the
  // same text as all three). `current` shares only with an equal `next`: then every decision is 'keep'.
  const curDocs = parseFile(current, file);
  const nxtDocs = next === current ? curDocs : parseFile(next, file);
  const cur = ourDoc(curDocs, target, file);
  const nxt = ourDoc(nxtDocs, target, file);
  const bas = base === null ? null : ourDoc(base === next ? nxtDocs : parseFile(base, file), target, file);

  const nextList = entries(target.list(nxt, file, false), target.key);
  const baseList = bas ? entries(target.list(bas, file, false), target.key) : new Map<string, unknown>();
  const seq = target.list(cur, file, true)!;
  // Where the list sits in the user's text, so only it is rewritten (see spliceText).
  const original = { range: seq.range, flow: seq.flow === true };
  let listChanged = false;
  const scalarEdits: { old: unknown; next: unknown }[] = [];
  const curList = entries(seq, target.key);
  const owned = new Set([...opts.previouslyOwned, ...baseList.keys(), ...nextList.keys()]);

  const curScalars = scalarsOf(cur, target.scalars);
  // Our part on disk over the keys we recorded, in the record's order: the record is canonical(our
  // render), so this compares like with like. Pristine: it is exactly what we recorded.
  const ownedCurrent = canonical(curList, opts.previouslyOwned, curScalars);
  const pristine = opts.pristine ?? (opts.recordedHash !== undefined && opts.hash(ownedCurrent) === opts.recordedHash);

  const conflicts: string[] = [];
  // Decide one owned value: returns 'keep' | 'take' | 'conflict'. Values compare with their comments
  // (full()): a comment the user put on our entry is their edit, and our description comment is ours.
  // Only a value decides a conflict: where the values agree and only comments differ, the comments on
  // disk stay unless they are exactly our previous render (then ours are refreshed).
  const decide = (c: unknown, b: unknown, n: unknown, hasBase: boolean): 'keep' | 'take' | 'conflict' => {
    const [cf, bf, nf] = [full(c), full(b), full(n)];
    if (cf === nf) return 'keep';
    if (hasBase && cf === bf) return 'take';
    if (json(c) === json(n)) return 'keep';
    if (hasBase) return bf === nf ? 'keep' : 'conflict';
    return pristine ? 'take' : 'conflict';
  };

  const indexOf = (k: string) => seq.items.findIndex((i) => itemKey(i, target.key) === k);
  const order = [...nextList.keys()];
  // The keys we actually wrote (the manifest's record): the base is re-rendered from the recorded
  // answers, which the user may have edited since (`update` after editing .mosaic-secrets.yaml), so
  // a key in the base alone is not proof that we wrote it. Older manifests have no record: the base decides.
  const wrote = opts.previouslyOwned.length ? new Set(opts.previouslyOwned) : null;
  /** Entries of our render put into the user's list. */
  const placed = new Set<unknown>();
  for (const [pos, [k, n]] of [...nextList].entries()) {
    const idx = indexOf(k);
    if (idx === -1 && baseList.has(k) && !pristine && (wrote === null || wrote.has(k))) {
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
      placed.add(n);
      listChanged = true;
      continue;
    }
    const d = decide(seq.items[idx], baseList.get(k), n, baseList.has(k));
    if (d === 'conflict') conflicts.push(k);
    if (d !== 'keep') {
      seq.items[idx] = n; // conflicts resolve to ours only if the caller writes
      placed.add(n);
      listChanged = true;
    }
  }
  const before = seq.items.length;
  seq.items = seq.items.filter((i) => {
    const k = itemKey(i, target.key);
    if (k === null) return true;
    if (nextList.has(k) || !owned.has(k)) return true;
    // We no longer render k: drop it unless the user changed it since we wrote it.
    const b = baseList.get(k);
    if (b !== undefined ? full(b) === full(i) : pristine) return false;
    conflicts.push(k);
    return false;
  });
  if (seq.items.length !== before) listChanged = true;
  // An entry that was first in our render has its description comment on our list: it carries it
  // here, unless it lands first under a list comment the user's text already has.
  for (const [i, item] of seq.items.entries()) {
    const note = placed.has(item) ? leading.get(item as object) : undefined;
    const node = item as { commentBefore?: string | null };
    if (note && !node.commentBefore && (i > 0 || !seq.commentBefore)) node.commentBefore = note;
  }
  for (const path of target.scalars) {
    // keepScalar: the node, so a comment on our scalar travels with it.
    const n = nxt.getIn(path, true);
    const c = cur.getIn(path, true);
    const d = decide(c, bas?.getIn(path, true), n, bas !== null);
    if (d === 'conflict') conflicts.push(path.join('.'));
    if (d !== 'keep') {
      scalarEdits.push({ old: c, next: n });
      cur.setIn(path, n);
    }
  }
  seq.flow = seq.items.length === 0;
  let content = current;
  if (listChanged || scalarEdits.length) {
    content = spliceText(current, original, listChanged ? seq : null, scalarEdits) ?? curDocs.map((d) => d.toString({ lineWidth: 0 })).join('');
  }

  const finalList = entries(seq, target.key);
  const ownedKeys = [...nextList.keys()];
  return {
    content,
    conflicts,
    ownedCurrent,
    ownedNext: canonical(finalList, ownedKeys, scalarsOf(cur, target.scalars)),
    ownedKeys,
  };
}

/** Lists this merge had to add to a map (e.g. a container without `env:`), for spliceText. */
const createdIn = new WeakMap<YAMLSeq, { map: YAMLMap; field: string }>();

/** A node alone, as YAML 1.1 text without its comments (those stay where they are in the user's text). */
function nodeText(node: YAMLSeq | Scalar, col: number): string {
  const { commentBefore, comment } = node;
  node.commentBefore = undefined;
  node.comment = undefined;
  try {
    const text = new (yaml().Document)(node, { version: '1.1' }).toString({ lineWidth: 0 });
    return text.replace(/\n(?=.)/g, `\n${' '.repeat(col)}`);
  } finally {
    node.commentBefore = commentBefore;
    node.comment = comment;
  }
}

/**
 * Rewrite only what changed — our list and our scalars — inside the user's text, so everything else
 * keeps its exact bytes (re-serialising the whole file would turn `1e3` into `1e+3`, which YAML 1.1
 * reads as a different string, and restyle flow maps). Null when the structure needs a full print
 * (the list was just created, or is in flow style, or a scalar had no place in the text).
 */
function spliceText(text: string, original: { range: YAMLSeq['range']; flow: boolean }, seq: YAMLSeq | null, scalars: { old: unknown; next: unknown }[]): string | null {
  const edits: { start: number; end: number; text: string }[] = [];
  const colOf = (at: number) => at - (text.lastIndexOf('\n', at - 1) + 1);
  if (seq && !original.range) {
    // A list we added: `field:` plus the list, on the line after the map's last entry.
    const parent = createdIn.get(seq);
    if (!parent?.map.range || parent.map.flow || seq.items.length === 0) return null;
    const col = colOf(parent.map.range[0]);
    let at = parent.map.range[1];
    if (text[at - 1] !== '\n') {
      const eol = text.indexOf('\n', at);
      at = eol === -1 ? text.length : eol + 1;
    }
    const pad = ' '.repeat(col);
    const body = `${pad}  ${nodeText(seq, col + 2)}`;
    edits.push({ start: at, end: at, text: `${at === text.length && !text.endsWith('\n') ? '\n' : ''}${pad}${parent.field}:\n${body.endsWith('\n') ? body : `${body}\n`}` });
  } else if (seq) {
    if (!original.range || original.flow) return null;
    const [start, valueEnd] = original.range;
    const out = nodeText(seq, colOf(start));
    edits.push({ start, end: valueEnd, text: text[valueEnd - 1] === '\n' || valueEnd === text.length ? out : out.replace(/\n$/, '') });
  }
  for (const e of scalars) {
    if (!isScalar(e.old) || !e.old.range || !isScalar(e.next)) return null;
    const fresh = new (yaml().Scalar)(e.next.value);
    fresh.type = e.next.type;
    edits.push({ start: e.old.range[0], end: e.old.range[1], text: nodeText(fresh, 0).replace(/\n$/, '') });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function mapAt(doc: Document.Parsed, path: string[], file: string): YAMLMap | null {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null) return null;
  if (!isMap(node)) throw new UsageError(`${file}: ${path.join('.')} must be a mapping`);
  return node;
}

export function seqIn(map: YAMLMap, field: string, file: string, where: string, create: boolean): YAMLSeq | null {
  const node: unknown = map.get(field, true);
  if (isSeq(node)) return node;
  const empty = node === undefined || node === null || (isScalar(node) && node.value === null);
  if (!empty) throw new UsageError(`${file}: ${where}.${field} must be a list`);
  if (!create) return null;
  const seq = new (yaml().YAMLSeq)();
  map.set(field, seq);
  createdIn.set(seq, { map, field });
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

// The `helm-values` merge: the one top-level block we own in a chart's values file
// (`mosaicSecrets:`), three ways like every other owned part: appended when missing, replaced in
// place when it is still what we wrote, kept when only the user changed it, a conflict when both
// did. The rest of values.yaml — the user's keys, comments and formatting — keeps its bytes.
import type { Document, Pair } from 'yaml';
import { isMap, isScalar, parseDocument } from '../../lazyYaml.js';
import { UsageError } from '../../errors.js';
import { full, type YamlMerge } from './yamlEntries.js';

export const VALUES_KEY = 'mosaicSecrets';

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length) throw new UsageError(`${file}: is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError(`${file}: must be a mapping of values`);
  return doc;
}

function ourPair(doc: Document.Parsed): Pair | undefined {
  return isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === VALUES_KEY) : undefined;
}

/** Our block's value with its comments: a comment the user adds inside the block is their edit, like a value. */
const json = (p: Pair | undefined): string | null => (p ? JSON.stringify(full(p.value)) : null);

/** Our block's text in our own render, from its first comment line to its end. */
function block(next: string): string {
  return next.endsWith('\n') ? next : `${next}\n`;
}

export function ownedOfValues(text: string, file: string): { ownedNext: string; ownedKeys: string[] } {
  return { ownedNext: json(ourPair(parse(text, file))) ?? 'null', ownedKeys: [VALUES_KEY] };
}

export function mergeValues(current: string, base: string | null, next: string, file: string, opts: { recordedHash: string | undefined; hash: (s: string) => string }): YamlMerge {
  const cur = parse(current, file);
  const nxt = parse(next, file);
  const c = ourPair(cur);
  const n = ourPair(nxt)!;
  const [cj, nj] = [json(c), json(n)];
  const bj = base === null ? undefined : json(ourPair(parse(base, file)));
  const result = (content: string, conflict: boolean): YamlMerge => ({
    content,
    conflicts: conflict ? [VALUES_KEY] : [],
    ownedCurrent: cj,
    ownedNext: json(ourPair(parse(content, file))) ?? 'null',
    ownedKeys: [VALUES_KEY],
  });
  if (!c) {
    // Not there (a chart of the user's, or they removed it): the templates `required` it, so it goes back.
    const sep = current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
    return result(`${current}${sep}${block(next)}`, false);
  }
  if (cj === nj) return result(current, false);
  const pristine = opts.recordedHash !== undefined && cj !== null && opts.hash(cj) === opts.recordedHash;
  if (!pristine && bj !== undefined && bj === nj) return result(current, false); // only the user changed it
  const take = pristine || (bj !== undefined && cj === bj);
  // Replace our pair's text (key to the end of its value) with the pair from our render.
  const [start, , end] = [(c.key as { range: [number, number, number] }).range[0], 0, (c.value as { range: [number, number, number] }).range[2]];
  const nStart = (n.key as { range: [number, number, number] }).range[0];
  const nEnd = (n.value as { range: [number, number, number] }).range[2];
  const replaced = current.slice(0, start) + next.slice(nStart, nEnd) + current.slice(end);
  return result(replaced, !take);
}

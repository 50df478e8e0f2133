// Structured merge of our env entries into a Deployment, via the yaml Document API so the
// user's comments, key order and other fields survive.
import { isMap, isSeq, parseAllDocuments, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { UsageError } from '../errors.js';

export interface EnvMerge {
  content: string;
  /** Our entries as they are in the current file (canonical JSON), for edit detection. */
  ownedCurrent: string | null;
  /** Our entries as they will be after the merge. */
  ownedNext: string;
}

const nameOf = (item: unknown): string | undefined => (isMap(item) ? (item.get('name') as string | undefined) : undefined);

function findDeployment(docs: Document.Parsed[], file: string): Document.Parsed {
  for (const d of docs) {
    if (d.errors.length) throw new UsageError(`${file}: is not valid YAML (${d.errors[0]!.message.split('\n')[0]})`);
  }
  const deployments = docs.filter((d) => isMap(d.contents) && d.get('kind') === 'Deployment');
  if (deployments.length !== 1) {
    throw new UsageError(`${file}: must hold exactly one Deployment to merge env into (found ${deployments.length})`);
  }
  return deployments[0]!;
}

function findContainer(doc: Document.Parsed, app: string, file: string): YAMLMap {
  const containers = doc.getIn(['spec', 'template', 'spec', 'containers']);
  if (!isSeq(containers) || containers.items.length === 0) {
    throw new UsageError(`${file}: spec.template.spec.containers must list at least one container`);
  }
  const maps = containers.items.filter(isMap) as YAMLMap[];
  const named = maps.find((c) => c.get('name') === app);
  if (named) return named;
  if (maps.length === 1) return maps[0]!;
  const names = maps.map((c) => String(c.get('name'))).join(', ');
  throw new UsageError(`${file}: no container named "${app}" among ${names}; name the app's container "${app}"`);
}

const canonical = (items: unknown[]): string => JSON.stringify(items.map((i) => (isMap(i) ? i.toJSON() : i)));

/**
 * Merge `entriesYaml` (a block sequence of env entries) into the Deployment in `current`.
 * Entries are matched by name: ours replace theirs in place, new ones are appended, and names we
 * owned before (`previouslyOwned`) but no longer render are removed.
 */
export function mergeDeploymentEnv(current: string, file: string, app: string, entriesYaml: string, previouslyOwned: readonly string[]): EnvMerge {
  const docs = parseAllDocuments(current) as Document.Parsed[];
  if (!Array.isArray(docs)) throw new UsageError(`${file}: is not valid YAML`);
  const doc = findDeployment(docs, file);
  const container = findContainer(doc, app, file);
  const wanted = parseDocument(entriesYaml).contents;
  const wantedItems: YAMLMap[] = isSeq(wanted) ? (wanted.items as YAMLMap[]) : [];
  const wantedNames = new Set(wantedItems.map(nameOf));
  const ownedNames = new Set([...previouslyOwned, ...wantedNames]);

  const existing: unknown = container.get('env', true);
  const isEmpty = existing === undefined || existing === null || (typeof existing === 'object' && 'value' in existing && existing.value === null);
  if (!isEmpty && !isSeq(existing)) throw new UsageError(`${file}: the container's env must be a list`);
  let seq: YAMLSeq;
  if (isSeq(existing)) seq = existing;
  else {
    seq = new YAMLSeq();
    container.set('env', seq);
  }
  seq.flow = false;
  const ownedCurrentItems = seq.items.filter((i) => ownedNames.has(nameOf(i) ?? ''));
  const ownedCurrent = ownedCurrentItems.length ? canonical(ownedCurrentItems) : null;

  for (const item of wantedItems) {
    const idx = seq.items.findIndex((i) => nameOf(i) === nameOf(item));
    if (idx === -1) seq.items.push(item);
    // Equal entries are left alone so a comment the user put on them survives.
    else if (canonical([seq.items[idx]]) !== canonical([item])) seq.items[idx] = item;
  }
  seq.items = seq.items.filter((i) => {
    const n = nameOf(i) ?? '';
    return wantedNames.has(n) || !ownedNames.has(n);
  });
  const ownedNext = canonical(seq.items.filter((i) => wantedNames.has(nameOf(i) ?? '')));
  const content = docs.map((d) => d.toString({ lineWidth: 0 })).join('');
  return { content, ownedCurrent, ownedNext };
}

// An ExternalSecret that ESO's admission webhook (or the CRD schema) refuses: the first `kubectl apply`
// fails. The refusals are data: each row names what the webhook checks and its own message.
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parseDocuments } from '../k8s.js';
import type { FileRule } from '../types.js';

const ID = 'eso-admission' as const;

type Spec = YAMLMap | null;
const get = (m: unknown, key: string): unknown => (isMap(m) ? m.get(key, true) : undefined);
const scalar = (n: unknown): string | undefined => (isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined);
const items = (n: unknown): unknown[] => (isSeq(n) ? n.items : []);
/** ESO's defaults: creationPolicy Owner, deletionPolicy Retain. */
const policy = (spec: Spec, field: 'creationPolicy' | 'deletionPolicy') => scalar(get(get(spec, 'target'), field)) ?? (field === 'creationPolicy' ? 'Owner' : 'Retain');

interface Refusal {
  /** ESO's message, as the webhook or API server returns it. */
  says: string;
  /** The YAML node to point at, when the spec breaks the rule. */
  find(spec: Spec): unknown | undefined;
}

const REFUSALS: Refusal[] = [
  { says: 'either data or dataFrom should be specified', find: (spec) => (items(get(spec, 'data')).length === 0 && items(get(spec, 'dataFrom')).length === 0 ? (get(spec, 'data') ?? spec) : undefined) },
  { says: 'either extract, find, or sourceRef must be set to dataFrom', find: (spec) => items(get(spec, 'dataFrom')).find((r) => !['extract', 'find', 'sourceRef'].some((k) => get(r, k) !== undefined)) },
  { says: 'data[].secretKey and data[].remoteRef.key are required', find: (spec) => items(get(spec, 'data')).find((d) => !scalar(get(d, 'secretKey')) || !scalar(get(get(d, 'remoteRef'), 'key'))) },
  {
    says: "deletionPolicy=Delete must not be used when the controller doesn't own the secret. Please set creationPolicy=Owner",
    find: (spec) => (policy(spec, 'deletionPolicy') === 'Delete' && ['Merge', 'None'].includes(policy(spec, 'creationPolicy')) ? get(get(spec, 'target'), 'deletionPolicy') : undefined),
  },
  {
    says: 'deletionPolicy=Merge must not be used with creationPolicy=None. There is no Secret to merge with',
    find: (spec) => (policy(spec, 'deletionPolicy') === 'Merge' && policy(spec, 'creationPolicy') === 'None' ? get(get(spec, 'target'), 'deletionPolicy') : undefined),
  },
];

const rangeOf = (n: unknown, fallback: [number, number]): [number, number] => {
  const r = (n as YamlNode | undefined)?.range;
  return r ? [r[0], Math.max(r[0], r[1])] : fallback;
};

export const esoAdmission: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'ExternalSecret that ESO refuses',
  message: "An ExternalSecret breaks a rule of ESO's admission webhook or CRD schema, so kubectl apply fails.",
  doc: 'BOOTSTRAP-secrets.md: the ExternalSecret must sync the Vault path into the Secret; give it data entries (secretKey + remoteRef.key) or a dataFrom extract/find, or leave it out while the app has no secret keys.',
  policy: 'ExternalSecret checklist item',
  applies: (f) => f.kind === 'yaml' && f.text.includes('ExternalSecret'),
  check(file, emit) {
    let docs: Document[];
    try {
      docs = parseDocuments(file.text);
    } catch {
      return;
    }
    if (!Array.isArray(docs)) return;
    for (const doc of docs) {
      const root = doc.contents;
      if (doc.errors.length || !isMap(root)) continue;
      if (scalar(root.get('kind', true)) !== 'ExternalSecret' || !(scalar(root.get('apiVersion', true)) ?? '').startsWith('external-secrets.io/')) continue;
      const name = scalar(get(get(root, 'metadata'), 'name')) ?? '(unnamed)';
      const spec = (isMap(root.get('spec', true)) ? root.get('spec', true) : null) as Spec;
      const whole = rangeOf(root.get('kind', true), [0, 0]);
      for (const r of REFUSALS) {
        const node = r.find(spec);
        if (node === undefined) continue;
        const [start, end] = rangeOf(node === spec ? root.get('kind', true) : node, whole);
        emit({ rule: ID, start, end: Math.min(end, file.text.indexOf('\n', start) === -1 ? end : file.text.indexOf('\n', start)), key: `${name}:${r.says}`, message: `ExternalSecret ${name}: ESO refuses it ("${r.says}")` });
      }
    }
  },
};

// Reads the Kubernetes objects the checklist cares about out of a multi-document YAML file:
// ExternalSecrets (apiVersion, target Secret, keys) and workloads (which Secret keys their env
// references, and which env entries carry raw values). Offsets point back into the file.
import { parseAllDocuments, isMap, isSeq, isScalar, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';

export interface EsKey {
  secretKey: string;
  remoteKey: string | null;
  property: string | null;
  offset: number;
}

export interface ExternalSecretInfo {
  name: string;
  /** Name of the k8s Secret ESO writes (spec.target.name, defaulting to metadata.name). */
  target: string;
  apiVersion: string;
  apiVersionRange: [number, number];
  offset: number;
  keys: EsKey[];
  /** Keys come from `dataFrom` too, which we cannot enumerate. */
  dataFrom: boolean;
}

export interface WorkloadInfo {
  kind: string;
  name: string;
  offset: number;
  /** `secretName/key` pairs referenced by env valueFrom.secretKeyRef. */
  refs: Set<string>;
  /** Secrets pulled in whole by envFrom.secretRef. */
  envFrom: Set<string>;
  /** env entries with a literal `value:`. */
  rawEnv: Array<{ name: string; offset: number; end: number }>;
}

export interface Manifests {
  externalSecrets: ExternalSecretInfo[];
  workloads: WorkloadInfo[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Rollout', 'DeploymentConfig']);

/** Cheap test before parsing: does the file declare an object we read? */
export const MANIFEST_HINT = /^kind:\s*["']?(ExternalSecret|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod|Rollout|DeploymentConfig)\b/m;

/** MANIFEST_HINT, after the literal it needs (most YAML in a repository declares no object at all). */
export function declaresManifest(text: string): boolean {
  return text.includes('kind:') && MANIFEST_HINT.test(text);
}

const TEMPLATED_ENV = /\{\{-?\s*(?:include|template)\s+"[^"]*(?:env|secret)[^"]*"|\{\{-?\s*toYaml\s+\.Values\.[\w.]*env/i;

/** Fills the place of a Helm action (one UTF-16 unit, so offsets stay); a value holding it is unknown. */
const HOLE = '\u01c2';

function str(node: unknown): string | null {
  if (isScalar(node) && node.value !== null && node.value !== undefined) {
    const v = String(node.value);
    return v.includes(HOLE) ? null : v;
  }
  return null;
}

/** Like str, but a templated value reads as `*` (it may be anything, e.g. the chart's Secret name). */
function strOrAny(node: unknown): string | null {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value).includes(HOLE) ? '*' : String(node.value);
  return null;
}

function start(node: unknown, fallback: number): number {
  return (node as YamlNode | undefined)?.range?.[0] ?? fallback;
}

function getMap(map: unknown, key: string): YAMLMap | null {
  if (!isMap(map)) return null;
  const v = map.get(key, true);
  return isMap(v) ? v : null;
}

function podSpec(doc: Document, kind: string): YAMLMap | null {
  const spec = getMap(doc.contents, 'spec');
  if (!spec) return null;
  if (kind === 'Pod') return spec;
  if (kind === 'CronJob') return getMap(getMap(getMap(getMap(spec, 'jobTemplate'), 'spec'), 'template'), 'spec');
  return getMap(getMap(spec, 'template'), 'spec');
}

function readExternalSecret(doc: Document, docStart: number): ExternalSecretInfo {
  const root = doc.contents as YAMLMap;
  const apiNode = root.get('apiVersion', true);
  const name = str(getMap(root, 'metadata')?.get('name', true)) ?? '';
  const spec = getMap(root, 'spec');
  const target = str(getMap(spec, 'target')?.get('name', true)) ?? name;
  const keys: EsKey[] = [];
  const data = spec?.get('data', true);
  if (isSeq(data)) {
    for (const item of data.items) {
      if (!isMap(item)) continue;
      const skNode = item.get('secretKey', true);
      const sk = str(skNode);
      if (!sk) continue;
      const remote = getMap(item, 'remoteRef');
      keys.push({
        secretKey: sk,
        remoteKey: str(remote?.get('key', true)),
        property: str(remote?.get('property', true)),
        offset: start(skNode, start(item, docStart)),
      });
    }
  }
  const range = (apiNode as YamlNode | undefined)?.range;
  return {
    name,
    target,
    apiVersion: str(apiNode) ?? '',
    apiVersionRange: range ? [range[0], range[1]] : [docStart, docStart],
    offset: docStart,
    keys,
    dataFrom: isSeq(spec?.get('dataFrom', true)),
  };
}

function readWorkload(doc: Document, kind: string, docStart: number): WorkloadInfo {
  const root = doc.contents as YAMLMap;
  const w: WorkloadInfo = {
    kind,
    name: str(getMap(root, 'metadata')?.get('name', true)) ?? '',
    offset: docStart,
    refs: new Set(),
    envFrom: new Set(),
    rawEnv: [],
  };
  const pod = podSpec(doc, kind);
  for (const field of ['containers', 'initContainers']) {
    const containers = pod?.get(field, true);
    if (!isSeq(containers)) continue;
    for (const c of containers.items) {
      if (!isMap(c)) continue;
      const env = c.get('env', true);
      if (isSeq(env)) {
        for (const e of env.items) {
          if (!isMap(e)) continue;
          const name = str(e.get('name', true));
          const ref = getMap(getMap(e, 'valueFrom'), 'secretKeyRef');
          if (ref) {
            const secret = strOrAny(ref.get('name', true));
            const key = strOrAny(ref.get('key', true));
            if (secret && key) w.refs.add(`${secret}/${key}`);
          } else if (name && e.has('value')) {
            const r = (e as YamlNode).range;
            w.rawEnv.push({ name, offset: r?.[0] ?? docStart, end: r?.[1] ?? docStart });
          }
        }
      }
      const envFrom = c.get('envFrom', true);
      if (isSeq(envFrom)) {
        for (const e of envFrom.items) {
          const s = str(getMap(e, 'secretRef')?.get('name', true));
          if (s) w.envFrom.add(s);
        }
      }
    }
  }
  return w;
}

/**
 * A Helm template made parseable without moving any offset: an action alone on its line(s)
 * (`{{- if … }}`, `{{- toYaml . | nindent 12 }}`) becomes blanks, one inside a line (`name:
 * {{ include "x" . }}`) a run of HOLE characters, read back as an unknown value. Parsing the raw template would mostly build YAML errors.
 */
export function blankTemplateActions(text: string): string {
  if (!text.includes('{{')) return text;
  let out = '';
  let pos = 0;
  for (let i = text.indexOf('{{'); i !== -1; i = text.indexOf('{{', pos)) {
    const close = text.indexOf('}}', i + 2);
    if (close === -1) break;
    const end = close + 2;
    const ls = text.lastIndexOf('\n', i - 1) + 1;
    let le = text.indexOf('\n', end);
    if (le === -1) le = text.length;
    const alone = text.slice(ls, i).replace(/\{\{.*?\}\}/g, '').trim() === '' && /^\s*(\{\{[^\n]*\}\}\s*)*$/.test(text.slice(end, le));
    out += text.slice(pos, i) + text.slice(i, end).replace(/[^\n]/g, alone ? ' ' : HOLE);
    pos = end;
  }
  return out + text.slice(pos);
}

/**
 * parseAllDocuments with error objects that capture no stack: a Helm template or a broken file
 * yields a YAMLParseError per problem, each an Error whose stack capture was most of its cost, and
 * the rules only ask whether a document has errors.
 */
export function parseDocuments(text: string): Document[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseAllDocuments(text) as Document[];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// Several rules read the same file's documents (Secret manifests, env expansion; ExternalSecrets for
// the remote-key rule and the checklist): the file being scanned is parsed once. Callers only read.
let lastMapText: string | null = null;
let lastMapDocs: Array<Document & { contents: YAMLMap }> = [];
let lastManifestText: string | null = null;
let lastManifests: Manifests | null = null;

/** The documents of a multi-document YAML file that parse cleanly and are mappings ([] when it does not parse). */
export function mapDocuments(text: string): Array<Document & { contents: YAMLMap }> {
  if (text !== lastMapText) {
    lastMapDocs = parseMapDocuments(text);
    lastMapText = text;
  }
  return lastMapDocs;
}

function parseMapDocuments(text: string): Array<Document & { contents: YAMLMap }> {
  let docs: Document[];
  try {
    docs = parseDocuments(text);
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  return docs.filter((d): d is Document & { contents: YAMLMap } => !d.errors.length && isMap(d.contents));
}

export function readManifests(source: string): Manifests {
  if (source !== lastManifestText || !lastManifests) {
    lastManifests = parseManifests(source);
    lastManifestText = source;
  }
  return lastManifests;
}

function parseManifests(source: string): Manifests {
  const out: Manifests = { externalSecrets: [], workloads: [] };
  const text = blankTemplateActions(source);
  let docs: Document[];
  try {
    docs = parseDocuments(text);
  } catch {
    return out;
  }
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const kind = str(doc.contents.get('kind', true));
    const docStart = doc.contents.range?.[0] ?? 0;
    if (!kind) continue;
    const api = str(doc.contents.get('apiVersion', true)) ?? '';
    if (kind === 'ExternalSecret' && api.startsWith('external-secrets.io/')) out.externalSecrets.push(readExternalSecret(doc, docStart));
    else if (WORKLOAD_KINDS.has(kind)) {
      const w = readWorkload(doc, kind, docStart);
      // Env that a chart pulls in from a named template (`{{ include "app.secretEnv" . }}`) or from
      // values (`toYaml .Values.env`) is unknown here: count it as reading any key of any Secret.
      const range = doc.contents.range;
      if (range && TEMPLATED_ENV.test(source.slice(range[0], range[2]))) w.refs.add('*/*');
      out.workloads.push(w);
    }
  }
  return out;
}

// Kubernetes expands `$(VAR)` in a container's env[].value with the variables defined before it, so
// `{name: LOG_PREFIX, value: "$(DB_PASSWORD)"}` after DB_PASSWORD's secretKeyRef puts the password
// into a variable nobody treats as secret (logged, printed, tagged safe-default). `$$(VAR)` is the
// literal text. This rule reads each container's env list in order, the way the kubelet does.
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import { mapDocuments } from '../k8s.js';
import type { Emit, FileRule, ScanFile } from '../types.js';
import { isSecretName } from './names.js';

const ID = 'secret-in-env-expansion' as const;

/** The names `$(…)` references in `value` would expand, as Kubernetes reads it (`$$` is a literal `$`), with offsets. */
export function k8sReferences(value: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$' || i + 1 >= value.length) continue;
    const next = value[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close === -1) continue;
      out.push({ name: value.slice(i + 2, close), start: i, end: close + 1 });
      i = close;
    }
  }
  return out;
}

function containers(root: YAMLMap): YAMLMap[] {
  const out: YAMLMap[] = [];
  // Wherever a pod spec sits (Deployment, CronJob, Pod …): every map with a containers list.
  const stack: unknown[] = [root];
  let budget = 100_000; // nodes visited; a hostile file cannot make this unbounded
  while (stack.length && budget-- > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const field of ['initContainers', 'containers']) {
        const list = node.get(field, true);
        if (isSeq(list)) for (const c of list.items) if (isMap(c)) out.push(c);
      }
      for (const pair of node.items) if (isMap(pair.value) || isSeq(pair.value)) stack.push(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) if (isMap(item) || isSeq(item)) stack.push(item);
    }
  }
  return out;
}

function checkContainer(c: YAMLMap, emit: Emit): void {
  const env = c.get('env', true);
  if (!isSeq(env)) return;
  const envFrom = c.get('envFrom', true);
  const envFromSecret = isSeq(envFrom) && envFrom.items.some((e) => isMap(e) && e.has('secretRef'));
  const secretVars = new Set<string>();
  for (const e of env.items) {
    if (!isMap(e)) continue;
    const name = e.get('name');
    if (typeof name !== 'string') continue;
    const valueFrom = e.get('valueFrom', true);
    if (isMap(valueFrom) && valueFrom.has('secretKeyRef')) {
      secretVars.add(name);
      continue;
    }
    const node = e.get('value', true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const raw = node.value;
    for (const ref of k8sReferences(raw)) {
      // Defined before this entry from a Secret, or pulled in whole by envFrom and named like a secret.
      if (!secretVars.has(ref.name) && !(envFromSecret && isSecretName(ref.name))) continue;
      const [start, end] = (node as YamlNode).range!;
      emit({
        rule: ID,
        start,
        end,
        message: `${name} is not secret but its value expands $(${ref.name}), so Kubernetes puts that secret's value into ${name}; write $$(${ref.name}) for the literal text, or make ${name} a secretKeyRef`,
        key: `${name}=$(${ref.name})`,
      });
      break;
    }
  }
}

export const secretInEnvExpansion: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'Secret expanded into a non-secret env value',
  message: 'A literal env value references a secret variable with $(VAR), which Kubernetes expands.',
  doc: 'VAULT-SECRETS.md › secrets reach the pod only through secretKeyRef: escape a literal $( as $$(, and never compose a plain value from a secret.',
  policy: 'Forbidden Pattern 3',
  // Only a pod spec's containers expand `$(…)`: a workflow or compose file with `$(` is not parsed.
  applies: (f) => f.kind === 'yaml' && f.text.includes('$(') && f.text.includes('env') && f.text.includes('ontainers'),
  check(file: ScanFile, emit: Emit) {
    for (const doc of mapDocuments(file.text)) {
      for (const c of containers(doc.contents)) checkContainer(c, emit);
    }
  },
};

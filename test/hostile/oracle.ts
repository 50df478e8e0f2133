// The judge for one hostile case: either the model refuses it with a one-line UsageError naming a
// field that exists in the answers, or every planned file (what the CLI would write into an empty
// directory, manifest included) parses and says exactly what was typed. Checks that need an external
// toolchain (Python, gofmt, bash, the Vault server) come back as jobs with their own judges, so the
// caller can run thousands of them in a few batched processes.
import ts from 'typescript';
import { isMap, isSeq, parseAllDocuments, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { UsageError } from '../../src/errors.js';
import { planGeneration } from '../../src/generate.js';
import { answersSchema, BOOL_TRUE, buildModel, type Model } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import { MANIFEST_PATH, parseManifest } from '../../src/write/manifest.js';
import { validateDeployment, validateExternalSecret } from '../helpers/schemas.js';
import { k8sExpand } from '../helpers/k8sExpand.js';
import { gfmCells, mdDecode } from './markdown.js';
import type { Job, JobResult } from './toolchains.js';

type Raw = Record<string, unknown>;

export interface ExternalCheck {
  job: Job;
  /** What the job's result must show; returns problems (empty = fine). */
  judge: (r: JobResult) => string[];
}

export interface CaseResult {
  /** The UsageError message when the model refused the answers. */
  refused: string | null;
  problems: string[];
  external: ExternalCheck[];
  /** Planned files (path → content) when rendered. */
  files: Record<string, string>;
}

/** HTML escaping leaks: none may appear in an artifact unless the user typed it. */
export const ENTITIES = ['&amp;', '&#x27;', '&quot;', '&#x3D;', '&lt;', '&gt;', '&#39;', '&#x60;'];

/** Where the planned files are rendered for: never created, so the plan is the fresh-repo one. */
const NOWHERE = '/nonexistent/mosaic-hostile-target';

// ---------------------------------------------------------------------------------------------
// What was typed, with the model's documented normalisation (free text is trimmed) and defaults.

interface TypedSecret {
  env: string;
  property: string;
  description: string;
  minLength: number;
}
interface TypedConfig {
  env: string;
  default: string;
  type: string;
  values: string[];
  reason: string;
  description: string;
}
interface Typed {
  app: string;
  namespace: string;
  secrets: TypedSecret[];
  config: TypedConfig[];
  dv: { justification: string; engine: string; engineNote: string; vaultAddr: string } | null;
}

function typedOf(raw: Raw): Typed {
  const secrets = ((raw.secrets as Raw[] | undefined) ?? []).map((s) => ({
    env: String(s.env),
    property: s.property === undefined ? String(s.env).toLowerCase() : String(s.property),
    description: String(s.description ?? '').trim(),
    minLength: s.minLength === undefined ? 1 : Number(s.minLength),
  }));
  const config = ((raw.config as Raw[] | undefined) ?? []).map((c) => ({
    env: String(c.env),
    default: String(c.default),
    type: String(c.type ?? 'string'),
    values: (c.values as string[] | undefined) ?? [],
    reason: String(c.reason).trim(),
    description: String(c.description ?? '').trim(),
  }));
  const dvRaw = (raw.directVault as Raw | undefined) ?? {};
  const dv =
    raw.mode === 'direct-vault'
      ? {
          justification: String(raw.justification).trim(),
          engine: String(dvRaw.engine ?? 'database'),
          engineNote: String(dvRaw.engineNote ?? '').trim(),
          vaultAddr: String(dvRaw.vaultAddr ?? 'https://vault.example.com'),
        }
      : null;
  return { app: String(raw.app), namespace: String(raw.namespace), secrets, config, dv };
}

function allStrings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => allStrings(v, out));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => allStrings(v, out));
  return out;
}

const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (x: unknown) => JSON.stringify(x);

// ---------------------------------------------------------------------------------------------
// Refusals

const TOP_FIELDS = new Set(Object.keys(answersSchema.shape));

const parsePath = (p: string): (string | number)[] => p.split(/\.|(?=\[)/).map((x) => (x.startsWith('[') ? Number(x.slice(1, -1)) : x));

function lookup(raw: unknown, path: (string | number)[]): unknown {
  let at = raw;
  for (const p of path) {
    if (at === undefined || at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[p];
  }
  return at;
}

/** Problems with a refusal message: one line, "field: rule", naming a field the answers really have. */
export function refusalProblems(raw: Raw, message: string): string[] {
  const problems: string[] = [];
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(message)) problems.push(`refusal is not one clean line: ${show(message)}`);
  if (message.startsWith('unknown field')) {
    const u = /^unknown fields?(?: in ([^:]+))?: (.+) \(see README "Answers file"\)$/.exec(message);
    if (!u) return [...problems, `unknown-field refusal not understood: ${show(message)}`];
    const where = lookup(raw, u[1] ? parsePath(u[1]) : []);
    for (const k of u[2]!.split(', ')) if (!where || typeof where !== 'object' || !(k in where)) problems.push(`refusal names unknown field ${k}, which is not there: ${show(message)}`);
    return problems;
  }
  const m = /^([a-zA-Z]+(?:\[\d+\])*(?:\.[a-zA-Z]+(?:\[\d+\])*)*): \S/.exec(message);
  if (!m) return [...problems, `refusal does not start with "field: ": ${show(message)}`];
  const path = parsePath(m[1]!);
  if (!TOP_FIELDS.has(String(path[0]))) problems.push(`refusal names no answers field: ${show(message)}`);
  const at = lookup(raw, path);
  if (at === undefined && !/required/.test(message)) problems.push(`refusal names ${m[1]}, which the answers do not have: ${show(message)}`);
  if (/^[^:]+: is required$/.test(message) && at !== undefined && at !== '') problems.push(`refusal says "is required" but ${m[1]} was given as ${show(at)}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// YAML

/** YAML's c-printable set: what go-yaml (kubectl) accepts in a stream; the `yaml` package is laxer. */
const YAML_NON_PRINTABLE = /[^\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function yamlDoc(path: string, text: string, problems: string[]): Document | null {
  const bad = YAML_NON_PRINTABLE.exec(text);
  if (bad) problems.push(`${path}: character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not YAML-printable (kubectl refuses it)`);
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) {
    problems.push(`${path}: expected one YAML document, got ${Array.isArray(docs) ? docs.length : 'an empty stream'}`);
    return null;
  }
  const d = docs[0]!;
  if (d.errors.length || d.warnings.length) {
    problems.push(`${path}: YAML ${[...d.errors, ...d.warnings].map((e) => e.message.split('\n')[0]).join('; ')}`);
    return null;
  }
  return d;
}

function checkExternalSecret(path: string, text: string, t: Typed, m: Model, bootstrap: boolean, problems: string[]): void {
  const d = yamlDoc(path, text, problems);
  if (!d) return;
  const js = d.toJS() as { metadata: { name: string; namespace: string }; spec: { data: { secretKey: string; remoteRef: { key: string; property: string } }[] } };
  const schemaErrors = validateExternalSecret(js);
  if (schemaErrors.length) problems.push(`${path}: CRD: ${schemaErrors.slice(0, 3).join('; ')}`);
  const name = bootstrap ? `${t.app}-vault-auth` : `${t.app}-secrets`;
  if (js.metadata?.name !== name || js.metadata?.namespace !== t.namespace) problems.push(`${path}: metadata ${show(js.metadata)} is not ${name} in ${t.namespace}`);
  const want = bootstrap
    ? [
        { secretKey: 'VAULT_ROLE_ID', key: m.directVault!.bootstrapPath, property: 'role_id', description: null },
        { secretKey: 'VAULT_SECRET_ID', key: m.directVault!.bootstrapPath, property: 'secret_id', description: null },
      ]
    : t.secrets.map((s) => ({ secretKey: s.env, key: m.vault.path, property: s.property, description: s.description }));
  const data = js.spec?.data ?? [];
  const got = data.map((e) => ({ secretKey: e.secretKey, key: e.remoteRef.key, property: e.remoteRef.property }));
  if (!eq(got, want.map(({ description: _, ...w }) => w))) problems.push(`${path}: data ${show(got)} is not ${show(want)}`);
  if (bootstrap) return;
  // Each description is the comment line right above its entry (the first one hangs on the sequence).
  const seq = d.getIn(['spec', 'data'], true);
  if (!isSeq(seq)) return;
  want.forEach((w, i) => {
    const node = i === 0 ? (seq as YAMLSeq) : ((seq as YAMLSeq).items[i] as YAMLMap | undefined);
    const comment = node?.commentBefore ?? undefined;
    const expected = w.description ? ` ${w.description}` : undefined;
    if (comment !== expected) problems.push(`${path}: comment above ${w.secretKey} is ${show(comment)}, typed ${show(w.description)}`);
  });
}

function checkDeployment(path: string, text: string, t: Typed, problems: string[]): void {
  const d = yamlDoc(path, text, problems);
  if (!d) return;
  const js = d.toJS();
  try {
    validateDeployment(js);
  } catch (e) {
    problems.push(`${path}: Deployment schema: ${(e as Error).message.split('\n')[0]}`);
  }
  const env = d.getIn(['spec', 'template', 'spec', 'containers', 0, 'env'], true);
  if (!isSeq(env)) return void problems.push(`${path}: no env list`);
  const entries = new Map<string, YAMLMap>();
  for (const item of env.items) if (isMap(item)) entries.set(String(item.get('name')), item as YAMLMap);
  for (const s of t.secrets) {
    const e = entries.get(s.env);
    const ref = e?.toJSON() as { valueFrom?: { secretKeyRef?: { name: string; key: string } } } | undefined;
    if (!eq(ref?.valueFrom?.secretKeyRef, { name: `${t.app}-secrets`, key: s.env })) problems.push(`${path}: ${s.env} is ${show(ref)}, not a secretKeyRef`);
  }
  const literals = [...t.config.map((c) => ({ env: c.env, value: c.default, reason: c.reason }))];
  if (t.dv) literals.push({ env: 'VAULT_ADDR', value: t.dv.vaultAddr, reason: 'non-secret cluster address of Vault' });
  // What the pod sees is the value after Kubernetes' $(VAR) expansion, with every variable defined
  // before it (a secret among them) set: it must be exactly what was typed.
  const defined: Record<string, string> = {};
  for (const item of env.items) if (isMap(item)) defined[String(item.get('name'))] = `<value of ${String(item.get('name'))}>`;
  for (const c of literals) {
    const e = entries.get(c.env);
    const value = e?.get('value', true) as { value?: unknown; comment?: string | null } | undefined;
    const seen = typeof value?.value === 'string' ? k8sExpand(value.value, defined) : value?.value;
    if (seen !== c.value) problems.push(`${path}: ${c.env} value is ${show(value?.value)} (${typeof value?.value}), the pod sees ${show(seen)}, typed ${show(c.value)}`);
    if (value?.comment !== ` safe-default: ${c.reason}`) problems.push(`${path}: ${c.env} comment is ${show(value?.comment)}, reason typed ${show(c.reason)}`);
  }
}

function checkManifest(text: string, m: Model, problems: string[]): void {
  yamlDoc(MANIFEST_PATH, text, problems);
  try {
    const back = buildModel(parseManifest(text).answers);
    // The manifest leaves out answers no chosen language uses (pythonPackage, goModule); all else must match.
    const relevant = (x: Model) => ({ ...x, pythonPackage: x.languages.includes('python') ? x.pythonPackage : '', goModule: x.languages.includes('go') ? x.goModule : '' });
    if (!eq(relevant(back), relevant(m))) {
      const diff = Object.keys(m).filter((k) => !eq(relevant(back)[k as keyof Model], relevant(m)[k as keyof Model]));
      problems.push(`${MANIFEST_PATH}: the recorded answers build a different model (${diff.join(', ')})`);
    }
  } catch (e) {
    problems.push(`${MANIFEST_PATH}: does not read back: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown and .env.example

function checkReadme(path: string, text: string, t: Typed, problems: string[]): void {
  const lines = text.split('\n');
  const row = (env: string) => {
    const found = lines.filter((l) => l.startsWith(`| \`${env}\` |`));
    if (found.length !== 1) problems.push(`${path}: ${found.length} table rows for ${env}`);
    return found[0] ? gfmCells(found[0]) : null;
  };
  const cell = (where: string, raw: string | undefined, typed: string) => {
    const d = mdDecode(raw ?? '<missing cell>', true);
    if ('error' in d) problems.push(`${path}: ${where}: ${d.error}`);
    else if (d.text !== typed) problems.push(`${path}: ${where} reads ${show(d.text)}, typed ${show(typed)}`);
  };
  for (const s of t.secrets) {
    const cells = row(s.env);
    if (!cells) continue;
    if (cells.length !== 4) problems.push(`${path}: row ${s.env} has ${cells.length} cells: ${show(cells)}`);
    cell(`${s.env} purpose`, cells[2], s.description || '—');
  }
  for (const c of t.config) {
    const cells = row(c.env);
    if (!cells) continue;
    if (cells.length !== 4) problems.push(`${path}: row ${c.env} has ${cells.length} cells: ${show(cells)}`);
    cell(`${c.env} default`, cells[1], c.default);
    cell(`${c.env} type`, cells[2], c.values.length ? `${c.type} (${c.values.join(', ')})` : c.type);
    cell(`${c.env} reason`, cells[3], c.reason);
  }
  if (t.dv) {
    const para = (prefix: string, typed: string, until?: string) => {
      const l = lines.find((x) => x.startsWith(prefix));
      if (!l) return void problems.push(`${path}: no line starting ${show(prefix)}`);
      let rest = l.slice(prefix.length);
      if (until) rest = rest.slice(0, rest.lastIndexOf(until));
      const d = mdDecode(rest);
      if ('error' in d) problems.push(`${path}: ${prefix.trim()} ${d.error}`);
      else if (d.text !== typed) problems.push(`${path}: ${prefix.trim()} reads ${show(d.text)}, typed ${show(typed)}`);
    };
    para('**Justification:** ', t.dv.justification);
    para('- **Vault address (from the pod):** ', t.dv.vaultAddr, ' (`VAULT_ADDR` in the Deployment');
    if (t.dv.engine === 'other') para('- **Dynamic engine:** other — ', t.dv.engineNote);
  }
}

function checkEnvExample(path: string, text: string, t: Typed, problems: string[]): string[] {
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (l !== '' && !l.startsWith('#') && !/^[A-Z_][A-Z0-9_]*=$/.test(l)) problems.push(`${path}:${i + 1}: neither a comment nor NAME=: ${show(l)}`);
  });
  const above = (marker: string) => {
    const i = lines.indexOf(marker);
    if (i < 1) problems.push(`${path}: no line ${show(marker)}`);
    return i < 1 ? '' : lines[i - 1]!;
  };
  for (const s of t.secrets) {
    const l = above(`${s.env}=`);
    const want = `# ${s.description ? `${s.description} ` : ''}(required`;
    if (!l.startsWith(want)) problems.push(`${path}: above ${s.env}= is ${show(l)}, wanted ${show(want)}…`);
  }
  for (const c of t.config) {
    const l = above(`# ${c.env}=`);
    const want = `# ${c.description ? `${c.description} ` : ''}(optional, default ${c.default} — safe-default: ${c.reason})`;
    if (l !== want) problems.push(`${path}: above # ${c.env}= is ${show(l)}, wanted ${show(want)}`);
  }
  return [...t.secrets.map((s) => s.env), ...(t.dv ? ['VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_SECRET_ID'] : [])];
}

// ---------------------------------------------------------------------------------------------
// TypeScript

function tsSyntax(path: string, text: string, problems: string[]): ts.SourceFile {
  const out = ts.transpileModule(text, { fileName: path, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  for (const d of out.diagnostics ?? []) problems.push(`${path}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  return ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
}

function checkTsValidator(path: string, text: string, t: Typed, problems: string[]): void {
  const sf = tsSyntax(path, text, problems);
  let schema: ts.ObjectLiteralExpression | undefined;
  sf.forEachChild(function visit(n): void {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === 'schema' && n.initializer && ts.isCallExpression(n.initializer)) {
      const arg = n.initializer.arguments[0];
      if (arg && ts.isObjectLiteralExpression(arg)) schema = arg;
    }
    n.forEachChild(visit);
  });
  if (!schema) return void problems.push(`${path}: no schema object`);
  const props = new Map<string, { call: ts.CallExpression; comments: string[] }>();
  for (const p of schema.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isCallExpression(p.initializer)) continue;
    const comments = (ts.getLeadingCommentRanges(sf.text, p.pos) ?? []).map((r) => sf.text.slice(r.pos, r.end));
    props.set(p.name.getText(sf), { call: p.initializer, comments });
  }
  const literal = (e: ts.Expression | undefined): string | undefined => (e && ts.isStringLiteral(e) ? e.text : undefined);
  for (const s of t.secrets) {
    const p = props.get(s.env);
    if (!p) {
      problems.push(`${path}: no schema entry ${s.env}`);
      continue;
    }
    const want = s.description ? [`// ${s.description}`] : [];
    if (!eq(p.comments, want)) problems.push(`${path}: comments above ${s.env} are ${show(p.comments)}, typed ${show(want)}`);
  }
  for (const c of t.config) {
    const p = props.get(c.env);
    if (!p) {
      problems.push(`${path}: no schema entry ${c.env}`);
      continue;
    }
    const want = [...(c.description ? [`// ${c.description}`] : []), `// safe-default: ${c.reason}`];
    if (!eq(p.comments, want)) problems.push(`${path}: comments above ${c.env} are ${show(p.comments)}, typed ${show(want)}`);
    const [a0, a1] = p.call.arguments;
    if (c.type === 'enum') {
      const arr = a0 && ts.isAsExpression(a0) ? a0.expression : a0;
      const values = arr && ts.isArrayLiteralExpression(arr) ? arr.elements.map((e) => literal(e)) : null;
      if (!eq(values, c.values)) problems.push(`${path}: ${c.env} values are ${show(values)}, typed ${show(c.values)}`);
      if (literal(a1) !== c.default) problems.push(`${path}: ${c.env} default is ${show(literal(a1))}, typed ${show(c.default)}`);
    } else if (c.type === 'int') {
      const text = a0?.getText(sf);
      if (text !== String(Number(c.default))) problems.push(`${path}: ${c.env} default is ${show(text)}, typed ${show(c.default)}`);
    } else if (c.type === 'bool') {
      const want = String((BOOL_TRUE as readonly string[]).includes(c.default));
      if (a0?.getText(sf) !== want) problems.push(`${path}: ${c.env} default is ${show(a0?.getText(sf))}, typed ${show(c.default)}`);
    } else if (literal(a0) !== c.default) problems.push(`${path}: ${c.env} default is ${show(literal(a0))}, typed ${show(c.default)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Jobs for the batched toolchains

const failed = (path: string, r: JobResult) => (r.ok ? [] : [`${path}: ${r.error}`]);

interface PyField {
  name: string;
  alias: string;
  hasDefault: boolean;
  default: unknown;
  values: unknown[] | null;
  comments: string[];
}

function pythonValidatorJob(path: string, text: string, t: Typed): ExternalCheck {
  return {
    job: { kind: 'py', source: text },
    judge: (r) => {
      if (!r.ok) return failed(path, r);
      const list = (r.data as { fields: PyField[] }).fields;
      const fields = new Map(list.map((f) => [f.alias, f]));
      const problems: string[] = [];
      // A repeated attribute name would silently replace the earlier field (pydantic keeps the last).
      const names = list.map((f) => f.name);
      if (new Set(names).size !== names.length) problems.push(`${path}: Settings repeats a field name: ${show(names)}`);
      for (const s of t.secrets) {
        const f = fields.get(s.env);
        const want = s.description ? [`# ${s.description}`] : [];
        if (!f) problems.push(`${path}: no field for ${s.env}`);
        else if (!eq(f.comments, want)) problems.push(`${path}: comments above ${s.env} are ${show(f.comments)}, typed ${show(want)}`);
      }
      for (const c of t.config) {
        const f = fields.get(c.env);
        if (!f) {
          problems.push(`${path}: no field for ${c.env}`);
          continue;
        }
        const want = [...(c.description ? [`# ${c.description}`] : []), `# safe-default: ${c.reason}`];
        if (!eq(f.comments, want)) problems.push(`${path}: comments above ${c.env} are ${show(f.comments)}, typed ${show(want)}`);
        const typedDefault = c.type === 'int' ? Number(c.default) : c.type === 'bool' ? (BOOL_TRUE as readonly string[]).includes(c.default) : c.default;
        if (!f.hasDefault || f.default !== typedDefault) problems.push(`${path}: ${c.env} default is ${show(f.default)}, typed ${show(c.default)}`);
        if (c.type === 'enum' && !eq(f.values, c.values)) problems.push(`${path}: ${c.env} Literal is ${show(f.values)}, typed ${show(c.values)}`);
      }
      return problems;
    },
  };
}

interface GoResult {
  fields: { name: string; env: string; default: string; hasDefault: boolean; comments: string[] }[];
  rules: { key: string; values: string[] }[];
}

function goValidatorJob(path: string, text: string, t: Typed): ExternalCheck {
  return {
    job: { kind: 'go', source: text },
    judge: (r) => {
      if (!r.ok) return failed(path, r);
      const g = r.data as GoResult;
      const fields = new Map(g.fields.map((f) => [f.env, f]));
      const rules = new Map(g.rules.map((x) => [x.key, x]));
      const problems: string[] = [];
      // gofmt parses a struct with two fields of one name; the compiler would not.
      const names = g.fields.map((f) => f.name);
      if (new Set(names).size !== names.length) problems.push(`${path}: Config repeats a field name: ${show(names)}`);
      for (const s of t.secrets) {
        const f = fields.get(s.env);
        if (!f) problems.push(`${path}: no field tagged envconfig:${show(s.env)}`);
        else if (s.description && !f.comments.includes(`// ${s.description}`)) problems.push(`${path}: ${s.env} doc ${show(f.comments)} lacks the description ${show(s.description)}`);
      }
      for (const c of t.config) {
        const f = fields.get(c.env);
        if (!f) {
          problems.push(`${path}: no field tagged envconfig:${show(c.env)}`);
          continue;
        }
        if (!f.hasDefault || f.default !== c.default) problems.push(`${path}: ${c.env} default tag reads ${show(f.default)}, typed ${show(c.default)}`);
        if (!f.comments.includes(`// safe-default: ${c.reason}`)) problems.push(`${path}: ${c.env} doc ${show(f.comments)} lacks the reason ${show(c.reason)}`);
        if (c.description && !f.comments.includes(`// ${c.description}`)) problems.push(`${path}: ${c.env} doc ${show(f.comments)} lacks the description ${show(c.description)}`);
        if (c.type === 'enum' && !eq(rules.get(c.env)?.values, c.values)) problems.push(`${path}: ${c.env} rule values ${show(rules.get(c.env)?.values)}, typed ${show(c.values)}`);
      }
      return problems;
    },
  };
}

function policyJob(path: string, text: string, m: Model): ExternalCheck {
  const dv = m.directVault!;
  const mount = m.vault.mount;
  const want = [`${mount}/data/${m.vault.pathNoMount}`, `${mount}/data/${m.vault.pathNoMount}/*`, `${mount}/metadata/${m.vault.pathNoMount}`, `${mount}/metadata/${m.vault.pathNoMount}/*`];
  if (dv.engine === 'database') want.push(`database/creds/${m.app}-role`);
  return {
    job: { kind: 'hcl', source: text },
    judge: (r) => {
      if (!r.ok) return failed(path, r);
      // The server accepted it; the path strings must be the model's (HCL escapes match JSON's here).
      const got = [...text.matchAll(/^path ("(?:[^"\\]|\\.)*") \{$/gm)].map((x) => (JSON.parse(x[1]!) as string).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
      return eq(got, want) ? [] : [`${path}: policy paths ${show(got)}, expected ${show(want)}`];
    },
  };
}

const syntaxJob = (kind: Job['kind'], path: string, text: string): ExternalCheck => ({ job: { kind, source: text }, judge: (r) => failed(path, r) });

// ---------------------------------------------------------------------------------------------

/** Judge one case in-process; external checks are returned as jobs. */
export function evaluate(raw: Raw): CaseResult {
  const result: CaseResult = { refused: null, problems: [], external: [], files: {} };
  let m: Model;
  try {
    m = buildModel(raw);
  } catch (e) {
    if (!(e instanceof UsageError)) {
      result.problems.push(`buildModel threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      return result;
    }
    result.refused = e.message;
    result.problems.push(...refusalProblems(raw, e.message));
    return result;
  }
  const problems = result.problems;
  let planned: { path: string; next: string }[];
  try {
    planned = planGeneration(m, NOWHERE, null);
  } catch (e) {
    problems.push(`rendering threw ${(e as Error).name}: ${(e as Error).message}`);
    return result;
  }
  const files = Object.fromEntries(planned.map((f) => [f.path, f.next]));
  result.files = files;
  const t = typedOf(raw);

  // The model itself keeps what was typed (the manifest and every renderer read it from there).
  if (m.app !== t.app || m.namespace !== t.namespace) problems.push('model changed app or namespace');
  if (!eq(m.secrets.map((s) => [s.env, s.property, s.description, s.minLength]), t.secrets.map((s) => [s.env, s.property, s.description, s.minLength]))) {
    problems.push(`model secrets differ from typed: ${show(m.secrets)} vs ${show(t.secrets)}`);
  }
  if (!eq(m.config.map((c) => [c.env, c.default, c.type, c.values, c.reason, c.description]), t.config.map((c) => [c.env, c.default, c.type, c.values, c.reason, c.description]))) {
    problems.push(`model config differs from typed: ${show(m.config)} vs ${show(t.config)}`);
  }

  const typedStrings = allStrings(raw);
  for (const [path, text] of Object.entries(files)) {
    for (const entity of ENTITIES) {
      if (text.includes(entity) && !typedStrings.some((s) => s.includes(entity))) problems.push(`${path}: contains ${entity}, which nobody typed`);
    }
  }
  // Region files: exactly one begin and one end marker, or a re-run would splice at a user's text.
  for (const f of renderAll(m)) {
    if (f.strategy.kind !== 'region') continue;
    for (const marker of [f.strategy.begin, f.strategy.end]) {
      const n = (files[f.path] ?? '').split(marker).length - 1;
      if (n !== 1) problems.push(`${f.path}: region marker ${show(marker)} occurs ${n} times`);
    }
  }

  const dir = m.deployDir;
  for (const [path, text] of Object.entries(files)) {
    if (path === `${dir}/external-secret.yaml`) checkExternalSecret(path, text, t, m, false, problems);
    else if (path === `${dir}/external-secret-bootstrap.yaml`) checkExternalSecret(path, text, t, m, true, problems);
    else if (path === `${dir}/deployment.yaml`) checkDeployment(path, text, t, problems);
    else if (path === MANIFEST_PATH) checkManifest(text, m, problems);
    else if (path === 'README.md') {
      checkReadme(path, text, t, problems);
      const blocks = [...text.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((x) => x[1]!);
      result.external.push(syntaxJob('sh', `${path} (bash blocks)`, blocks.join('\n')));
    } else if (path === '.env.example') {
      const names = checkEnvExample(path, text, t, problems);
      result.external.push({
        job: { kind: 'dotenv', source: text },
        judge: (r) => {
          if (!r.ok) return failed(path, r);
          const values = (r.data as { values: Record<string, string> }).values;
          return eq(values, Object.fromEntries(names.map((n) => [n, '']))) ? [] : [`${path}: python-dotenv reads ${show(values)}`];
        },
      });
    } else if (path === 'src/env.ts') checkTsValidator(path, text, t, problems);
    else if (path === `${m.pythonPackage}/config.py`) result.external.push(pythonValidatorJob(path, text, t));
    else if (path === 'config/config.go') result.external.push(goValidatorJob(path, text, t));
    else if (path.endsWith('.hcl')) result.external.push(policyJob(path, text, m));
    // Any other file at least parses with the parser of its language.
    else if (path.endsWith('.ts')) tsSyntax(path, text, problems);
    else if (path.endsWith('.py')) result.external.push(syntaxJob('py', path, text));
    else if (path.endsWith('.go')) result.external.push(syntaxJob('go', path, text));
    else if (path.endsWith('.sh')) result.external.push(syntaxJob('sh', path, text));
    else if (/\.ya?ml$/.test(path)) yamlDoc(path, text, problems);
    else if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch (e) {
        problems.push(`${path}: ${(e as Error).message}`);
      }
    } else if (path === 'go.mod') {
      // The module line carries the typed goModule verbatim; the rest is fixed requirement data.
      if (!text.startsWith(`module ${m.goModule}\n\ngo 1.`)) problems.push(`go.mod: does not start with module ${show(m.goModule)} and a go directive`);
      if (!/\nrequire (\(\n(\t\S+ v\S+( \/\/ indirect)?\n)+\)|\S+ v\S+)\n/.test(text)) problems.push('go.mod: no require block');
    } else if (path === 'go.sum') {
      const bad = text.split('\n').filter((l) => l && !/^\S+ v\S+(\/go\.mod)? h1:[A-Za-z0-9+/]+=*$/.test(l));
      if (bad.length || !text.endsWith('\n')) problems.push(`go.sum: malformed lines ${show(bad)}`);
    } else if (path !== '.gitignore') problems.push(`${path}: the hostile suite has no parser for this kind of file; add one`);
  }
  return result;
}

/** For error reports: the answers as a one-line JSON (lone surrogates survive as \uXXXX escapes). */
export const showAnswers = (raw: Raw): string => JSON.stringify(raw);


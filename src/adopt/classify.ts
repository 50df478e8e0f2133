// Env reads → proposed keys: secret or config, with the reason and the file:line evidence.
// A key is a secret when its name or declared type says so; otherwise it is config when some
// source gives it a safe default (or the app tolerates its absence), and a required value with no
// default anywhere goes to Vault like a secret (the policy allows no fallback for it).
import { isSecretName } from '../check/rules/names.js';
import { BOOL_FALSE, BOOL_TRUE, INT_MAX, INT_MIN, INT_PATTERN } from '../model.js';
import { AMBIENT_ENV, VAULT_BOOTSTRAP_ENV } from './detectors.js';
import type { EnvRead, ValueType } from './engine.js';

export interface Evidence {
  file: string;
  line: number;
  what: string;
}

export interface ProposedKey {
  env: string;
  kind: 'secret' | 'config';
  /** Why this kind, in a few words (shown in the proposal table). */
  why: string;
  /** config only: the default the validators and Deployment get. */
  default?: string;
  type: ValueType;
  values?: string[];
  /** config only: the `# safe-default:` reason, derived from the evidence. */
  reason?: string;
  /** A secret had a fallback somewhere: it is dropped (a required value never falls back). */
  hadFallback?: Evidence;
  description: string;
  evidence: Evidence[];
}

/** Names that carry credentials although no secret word is in them. */
const CREDENTIAL_NAMES = /(?:^|_)(?:DSN|DATABASE_URL|DB_URL|CONNECTION_STRING|CONN_STR|CONNECTION_URI)$/;

/** Name words → what the value is, for the reason of a safe default (first match wins). */
const REASONS: readonly [RegExp, string][] = [
  [/(?:^|_)PORT$/, 'a listen/connect port, not a secret'],
  [/(?:^|_)(?:HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT)$/, 'a service address, not a secret'],
  [/(?:^|_)(?:LOG|LOGGING)(?:_|$)|_FORMAT$|_LEVEL$/, 'a logging setting, not a secret'],
  [/(?:^|_)(?:TTL|TIMEOUT|INTERVAL|MS|SECONDS|RETRIES|DELAY|BACKOFF)(?:_|$)/, 'a timing knob, not a secret'],
  [/(?:^|_)(?:CONCURRENCY|WORKERS|THREADS|POOL|REPLICAS|LIMIT|MAX|MIN|SIZE|COUNT)(?:_|$)/, 'a capacity knob, not a secret'],
  [/(?:^|_)(?:ENV|MODE|ENVIRONMENT|PROFILE|STAGE)$/, 'the runtime mode, not a secret'],
  [/^(?:ENABLE|DISABLE|USE|IS)_|_(?:ENABLED|DISABLED)$|READ_ONLY|DRY_RUN|PPROF/, 'a feature switch, not a secret'],
  [/(?:^|_)(?:USER|USERNAME|LOGIN|ACCESS_KEY_ID|CLIENT_ID)$/, 'an account name (the public half of a credential), not a secret'],
  [/(?:^|_)(?:BUCKET|QUEUE|TOPIC|REGION|ZONE|CURRENCY|LOCALE|LANG|FROM|SENDER|FORMAT)(?:_|$)/, 'a naming or locale setting, not a secret'],
];

const INT_NAMES = /(?:^|_)(?:PORT|TTL|TIMEOUT|INTERVAL|MS|SECONDS|RETRIES|CONCURRENCY|WORKERS|THREADS|POOL|REPLICAS|LIMIT|MAX|MIN|SIZE|COUNT)(?:_|$)/;
const BOOL_NAMES = /^(?:ENABLE|DISABLE|USE|IS)_|_(?:ENABLED|DISABLED)$|READ_ONLY|DRY_RUN|DEBUG/;

const at = (e: Evidence) => `${e.file}:${e.line}`;
const evidenceOf = (r: EnvRead): Evidence => ({ file: r.file, line: r.line, what: r.what });

/** Order in which a source's default is believed: what is deployed, then what the code says. */
function defaultRank(r: EnvRead): number {
  if (r.source === 'k8s' && r.setting) return 0;
  if (r.source === 'code') return 1;
  if (r.source === 'compose') return 2;
  if (r.source === 'helm') return 3;
  return 9;
}

function validFor(type: ValueType, value: string, values: readonly string[] | undefined): boolean {
  if (type === 'int') return INT_PATTERN.test(value) && Number(value) >= INT_MIN && Number(value) <= INT_MAX;
  if (type === 'bool') return ([...BOOL_TRUE, ...BOOL_FALSE] as readonly string[]).includes(value);
  if (type === 'enum') return Boolean(values?.includes(value));
  return true;
}

export interface Classified {
  keys: ProposedKey[];
  /** Vault bootstrap variables found (VAULT_ADDR …): owned by the Direct-Vault generator. */
  bootstrap: string[];
}

export function classify(reads: readonly EnvRead[]): Classified {
  const byEnv = new Map<string, EnvRead[]>();
  const bootstrap = new Set<string>();
  for (const r of reads) {
    if (AMBIENT_ENV.has(r.env)) continue;
    if (VAULT_BOOTSTRAP_ENV.has(r.env)) {
      bootstrap.add(r.env);
      continue;
    }
    const list = byEnv.get(r.env) ?? [];
    list.push(r);
    byEnv.set(r.env, list);
  }
  const keys: ProposedKey[] = [];
  for (const [env, list] of byEnv) {
    // Only read by an env file or a deploy file, never by code: still the app's, if the code reads nothing at all.
    const evidence = [...list].sort((a, b) => defaultRank(a) - defaultRank(b) || a.file.localeCompare(b.file) || a.line - b.line).map(evidenceOf);
    keys.push(keyOf(env, list, evidence));
  }
  keys.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'secret' ? -1 : 1));
  return { keys, bootstrap: [...bootstrap].sort() };
}

function keyOf(env: string, reads: readonly EnvRead[], evidence: Evidence[]): ProposedKey {
  const code = reads.find((r) => r.source === 'code') ?? reads[0]!;
  const first = evidence[0]!;
  const description = `read by ${at(evidenceOf(code))} (${code.what})`;
  const withDefault = reads.filter((r) => r.default !== undefined || r.setting).sort((a, b) => defaultRank(a) - defaultRank(b));
  const fallback = reads.find((r) => r.default !== undefined);
  const secretType = reads.find((r) => r.secretType);
  const secretWhy = isSecretName(env) ? 'name says secret' : secretType ? `declared ${'SecretStr'} at ${at(evidenceOf(secretType))}` : CREDENTIAL_NAMES.test(env) ? 'connection string (carries credentials)' : null;
  if (secretWhy) {
    return { env, kind: 'secret', why: secretWhy, type: 'string', description, evidence, ...(fallback ? { hadFallback: evidenceOf(fallback) } : {}) };
  }
  const declared = reads.find((r) => r.type)?.type;
  const values = reads.find((r) => r.values)?.values;
  const required = reads.some((r) => r.presence === 'required' && r.default === undefined);
  const optional = reads.length > 0 && reads.filter((r) => r.source === 'code').every((r) => r.presence === 'optional' || r.default !== undefined);
  const source = withDefault.find((r) => r.setting || r.default !== undefined);
  if (source && !(required && !reads.some((r) => r.default !== undefined))) {
    const value = source.setting ? settingValue(source) : source.default!;
    const type = inferType(env, declared, value, values);
    const codeDefault = reads.find((r) => r.source === 'code' && r.default !== undefined);
    const from = source.setting ? `deployed as set in ${at(evidenceOf(source))}` : `default from ${at(evidenceOf(source))}`;
    const also = source.setting && codeDefault && codeDefault.default !== value ? ` (the code defaults to ${JSON.stringify(codeDefault.default)})` : '';
    return {
      env,
      kind: 'config',
      why: source.setting ? 'not a secret; deployed value' : 'not a secret; has a default',
      default: value,
      type,
      ...(type === 'enum' ? { values: values! } : {}),
      reason: `${what(env)}; ${from}${also}`,
      description,
      evidence,
    };
  }
  if (optional && !required && reads.some((r) => r.source === 'code')) {
    return {
      env,
      kind: 'config',
      why: 'not a secret; optional',
      default: '',
      type: 'string',
      reason: `${what(env)}; optional, the app runs without it (${at(first)})`,
      description,
      evidence,
    };
  }
  return { env, kind: 'secret', why: 'required, no default anywhere', type: 'string', description, evidence };
}

/** The literal a deploy file sets; kept in memory only for non-secret names. */
function settingValue(r: EnvRead): string {
  return r.settingValue ?? '';
}

function inferType(env: string, declared: ValueType | undefined, value: string, values: string[] | undefined): ValueType {
  if (declared && validFor(declared, value, values)) return declared;
  if (INT_NAMES.test(env) && validFor('int', value, undefined)) return 'int';
  if (BOOL_NAMES.test(env) && validFor('bool', value, undefined)) return 'bool';
  return 'string';
}

function what(env: string): string {
  for (const [re, text] of REASONS) if (re.test(env)) return text;
  return 'not a secret by name or use';
}

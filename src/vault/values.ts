// Where secret values come from, per key, first match wins:
//   --generate (crypto-random) > --values FILE > --from-env > masked prompt (interactive only).
// Values live only in memory (a Map); they are never printed, logged, copied or put in argv.
// Errors name keys, never values.
import { cancellable } from '../ui/cancel.js';
import { randomInt } from 'node:crypto';
import type { YAMLError } from 'yaml';
import { isMap, isScalar, parseDocument } from '../lazyYaml.js'; // loaded only when a values file is read
import { UsageError } from '../errors.js';
import { readNamedFile } from '../write/safeFile.js';
import type { Model, SecretKey } from '../model.js';
import type { Env } from './bin.js';
import { cliNeeds } from './env.js';

/** URL-, shell- and YAML-safe, so a generated value works wherever it is later pasted. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 32 chars of 62 symbols ≈ 190 bits; longer when the key demands it. */
export const GENERATED_MIN_LENGTH = 32;

/** A fresh random value at least `minLength` long (randomInt is unbiased, from the CSPRNG). */
export function generateValue(minLength: number): string {
  const length = Math.max(minLength, GENERATED_MIN_LENGTH);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** Find a model key by env name or property name. */
function keyByName(model: Model, name: string): SecretKey | undefined {
  return model.secrets.find((s) => s.env === name || s.property === name);
}

/** `--generate KEY,...|all` → property names; unknown names are a usage error. */
export function resolveGenerate(model: Model, generate: readonly string[] | 'all' | undefined): Set<string> {
  if (!generate) return new Set();
  if (generate === 'all') return new Set(model.secrets.map((s) => s.property));
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const raw of generate) {
    const name = raw.trim();
    if (!name) continue;
    if (name === 'all') {
      model.secrets.forEach((s) => out.add(s.property));
      continue;
    }
    const key = keyByName(model, name);
    if (key) out.add(key.property);
    else unknown.push(name);
  }
  if (unknown.length) throw new UsageError(`--generate: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected env or property names of the secrets)`);
  return out;
}

/** Key names safe to echo in an error: anything else in key position may be a value (`A=secret: x`). */
const ECHOABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const at = (e: YAMLError | undefined) => (e?.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '');

/** A values file holds one app's secrets; anything larger (or a device) is refused before reading. */
const MAX_VALUES_BYTES = 1 << 20;

/**
 * Read a JSON/YAML file of values into memory (property name → value). Keys may be env or
 * property names. The file is read, never copied. The YAML library's own messages and warnings
 * quote the offending line, which could hold a secret: it is parsed without logging, anything it
 * would warn about (an unknown tag like `!secret`) is refused, and errors give the position only.
 */
export function loadValuesFile(model: Model, file: string): Map<string, string> {
  const text = readNamedFile(file, '--values', MAX_VALUES_BYTES);
  // logLevel 'error' collects warnings without printing them (and still reports a second document);
  // the errors' messages quote the line, so only their position (linePos) is used.
  const doc = parseDocument(text, { logLevel: 'error' });
  if (doc.errors.length) throw new UsageError(`--values ${file}: not valid JSON or YAML${at(doc.errors[0])}`);
  if (doc.warnings.length) throw new UsageError(`--values ${file}: unsupported YAML${at(doc.warnings[0])} (use plain or quoted strings, no tags)`);
  if (!isMap(doc.contents)) throw new UsageError(`--values ${file}: must be a mapping of key names to string values`);
  const out = new Map<string, string>();
  const unknown: string[] = [];
  let hidden = 0;
  for (const pair of doc.contents.items) {
    // Key and value are read from the nodes (no toJS): nothing is stringified, logged or resolved.
    const name = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
    const key = name === undefined ? undefined : keyByName(model, name);
    if (!key) {
      if (name !== undefined && ECHOABLE.test(name)) unknown.push(name);
      else hidden++;
      continue;
    }
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    if (typeof value !== 'string') throw new UsageError(`--values ${file}: ${name} must be a string (quote it)`);
    if (out.has(key.property)) throw new UsageError(`--values ${file}: ${name} is given twice (as ${key.env} and ${key.property})`);
    out.set(key.property, value);
  }
  if (unknown.length || hidden) {
    const listed = unknown.length ? `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '';
    const more = hidden ? `${hidden} ${unknown.length ? 'more ' : ''}key${hidden > 1 ? 's' : ''} that ${hidden > 1 ? 'are' : 'is'} not a plain name` : '';
    throw new UsageError(`--values ${file}: ${[listed, more].filter(Boolean).join(' and ')} (expected env or property names of the secrets)`);
  }
  return out;
}

/**
 * --from-env must not read a variable the Vault CLI itself uses (VAULT_TOKEN, BAO_ADDR, HOME,
 * HTTPS_PROXY…): that would send the operator's own token or address as the app's secret, and the
 * variable cannot be withheld from the CLI. Keys with a --generate or --values source are fine.
 */
export function checkFromEnv(model: Model, fromEnv: boolean, file: Map<string, string>, generate: Set<string>): void {
  if (!fromEnv) return;
  const clash = model.secrets.filter((k) => !generate.has(k.property) && !file.has(k.property) && cliNeeds(k.env)).map((k) => k.env);
  if (clash.length) {
    throw new UsageError(
      `--from-env: ${clash.join(', ')} ${clash.length > 1 ? 'are variables' : 'is a variable'} the Vault CLI itself uses; give ${clash.length > 1 ? 'their values' : 'its value'} with --values FILE, --generate or the prompt`,
    );
  }
}

export interface ValuePrompts {
  /** Masked input; resolves to the typed value. */
  password(message: string, validate: (v: string) => true | string): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  /** Tick any of `choices`; resolves to the ticked values (only asked with environments; inquirer's by default). */
  checkbox?(message: string, choices: { name: string; value: string }[], validate: (picked: string[]) => true | string): Promise<string[]>;
}

/** @inquirer/prompts, loaded on first use so non-interactive runs never pay for it. */
export const inquirerPrompts: ValuePrompts = {
  async password(message, validate) {
    const { password } = await import('@inquirer/prompts');
    // No mask: echoing one `*` per character would show the value's length.
    return cancellable(() => password({ message, validate }));
  },
  async confirm(message, defaultValue) {
    const { confirm } = await import('@inquirer/prompts');
    return cancellable(() => confirm({ message, default: defaultValue }));
  },
  async checkbox(message, choices, validate) {
    const { checkbox } = await import('@inquirer/prompts');
    return cancellable(() => checkbox({ message, choices, validate: (picked) => validate(picked.map((c) => c.value)) }));
  },
};


export interface ValueSources {
  fromEnv: boolean;
  /** Parsed --values file (see loadValuesFile). */
  file: Map<string, string>;
  /** Property names to generate. */
  generate: Set<string>;
}

export interface CollectIO {
  interactive: boolean;
  env: Env;
  prompts: ValuePrompts;
  /** Said after each prompt's key name, e.g. ` for prod (secret/prod/shop)` when environments are in play. */
  where?: string;
}

const tooShort = (k: SecretKey) => `${k.env} must be at least ${k.minLength} character${k.minLength === 1 ? '' : 's'}`;
/** Length in code points, as the generated validators count it (an emoji is one character). */
const length = (v: string) => [...v].length;

/** A value given up front (in --values FILE, or set for --from-env) that is too short: bad input whichever keys Vault needs. */
export function checkGivenLengths(model: Model, sources: ValueSources, env: Env): void {
  const short = model.secrets
    .filter((k) => !sources.generate.has(k.property))
    .filter((k) => {
      const v = sources.file.get(k.property) ?? (sources.fromEnv ? env[k.env] || undefined : undefined);
      return v !== undefined && length(v) < k.minLength;
    })
    .map(tooShort);
  if (short.length) throw new UsageError(short.join('; '));
}

/** Values for exactly `keys` (property → value), or a UsageError naming what is missing or short. */
export async function collectValues(keys: SecretKey[], sources: ValueSources, io: CollectIO): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing: string[] = [];
  const short: string[] = [];
  for (const key of keys) {
    let value: string | undefined;
    if (sources.generate.has(key.property)) value = generateValue(key.minLength);
    else if (sources.file.has(key.property)) value = sources.file.get(key.property);
    // An empty env var counts as unset, as in the generated validators.
    else if (sources.fromEnv && io.env[key.env]) value = io.env[key.env];
    if (value === undefined && io.interactive) {
      const label = `${key.env} (${key.property})${io.where ?? ''}${key.description ? ` – ${key.description}` : ''}`;
      value = await io.prompts.password(label, (v) => (length(v) >= key.minLength ? true : tooShort(key)));
    }
    if (value === undefined || value === '') missing.push(key.env);
    else if (length(value) < key.minLength) short.push(tooShort(key));
    else out.set(key.property, value);
  }
  if (missing.length) {
    const how = sources.fromEnv ? 'set them in the environment, ' : 'use --from-env, ';
    throw new UsageError(`no value for ${missing.join(', ')}: ${how}--values FILE, --generate, or run interactively`);
  }
  if (short.length) throw new UsageError(short.join('; '));
  return out;
}

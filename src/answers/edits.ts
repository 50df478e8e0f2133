// Edits of the recorded answers behind add-key / remove-key / set-mode. Pure: answers in, answers
// out; the model validates the result like any other answers, so every rule still applies.
import { UsageError } from '../errors.js';

type Raw = Record<string, unknown>;
type Entry = Record<string, unknown>;

const list = (a: Raw, field: 'secrets' | 'config'): Entry[] => (Array.isArray(a[field]) ? (a[field] as Entry[]) : []);

export interface AddKey {
  env: string;
  description?: string;
  minLength?: number;
  property?: string;
  /** A non-secret config value instead of a secret. */
  config?: { default: string; type?: string; reason: string; values?: string[] };
}

export function addKey(answers: Raw, key: AddKey): Raw {
  const taken = [...list(answers, 'secrets'), ...list(answers, 'config')].some((e) => e.env === key.env);
  if (taken) throw new UsageError(`add-key: ${key.env} is already in .mosaic-secrets.yaml (remove-key it first to change it)`);
  if (key.config) {
    const entry: Entry = { env: key.env, default: key.config.default, type: key.config.type ?? 'string', reason: key.config.reason };
    if (key.config.values) entry.values = key.config.values;
    if (key.description !== undefined) entry.description = key.description;
    return { ...answers, config: [...list(answers, 'config'), entry] };
  }
  const entry: Entry = { env: key.env };
  if (key.property !== undefined) entry.property = key.property;
  if (key.description !== undefined) entry.description = key.description;
  if (key.minLength !== undefined) entry.minLength = key.minLength;
  return { ...answers, secrets: [...list(answers, 'secrets'), entry] };
}

export function removeKey(answers: Raw, env: string): Raw {
  const secrets = list(answers, 'secrets');
  const config = list(answers, 'config');
  if (!secrets.some((e) => e.env === env) && !config.some((e) => e.env === env)) {
    const names = [...secrets, ...config].map((e) => String(e.env));
    throw new UsageError(`remove-key: ${env} is not in .mosaic-secrets.yaml (keys: ${names.join(', ') || 'none'})`);
  }
  const out: Raw = { ...answers, secrets: secrets.filter((e) => e.env !== env), config: config.filter((e) => e.env !== env) };
  // A workload that listed the key by name stops listing it (its other keys stay as they were).
  if (Array.isArray(answers.workloads)) {
    out.workloads = (answers.workloads as Entry[]).map((w) => (Array.isArray(w.keys) ? { ...w, keys: (w.keys as unknown[]).filter((k) => k !== env) } : w));
  }
  return out;
}

export function setMode(answers: Raw, mode: string, justification: string | undefined): Raw {
  if (mode !== 'eso' && mode !== 'direct-vault') throw new UsageError(`set-mode: mode must be one of eso, direct-vault (got "${mode}")`);
  const out: Raw = { ...answers, mode };
  if (mode === 'direct-vault') {
    if (justification !== undefined) out.justification = justification;
  } else {
    // Back to the default: the justification and AppRole settings no longer apply.
    delete out.justification;
    delete out.directVault;
  }
  return out;
}

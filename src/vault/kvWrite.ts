// Decide and perform the one write: never clobber.
//  - new path          → `kv put -cas=0` (fails if anything appeared meanwhile)
//  - latest deleted    → `kv put -cas=<version>` (no live data to lose; old versions stay recoverable)
//  - existing data     → `kv patch -method=patch -cas=<version>` with the missing keys only
//  - --vault-overwrite → `kv patch -method=patch -cas=<version>` with every key (replaces their values,
//                         keeps keys the app does not declare, since something else may read them)
// Values go on stdin as one JSON object (`-`); every command carries check-and-set, so a concurrent
// change makes the write fail instead of silently overwriting it. `-method=patch` matters: without
// it, a token lacking the "patch" capability makes `kv patch` fall back to read-then-write with the
// version it just read, so our -cas would be silently replaced.
import { VaultError } from '../errors.js';
import type { Model, SecretKey } from '../model.js';
import { pathArgs } from './args.js';
import type { CliResult, VaultCli } from './cli.js';
import { VaultCliInterrupted } from './cliError.js';
import { can, type Existing } from './preflight.js';

export type WritePlan =
  | { action: 'create'; keys: SecretKey[]; cas: number; over: 'none' | 'deleted' | 'unknown' }
  | { action: 'patch'; keys: SecretKey[]; cas: number; existing: string[] }
  | { action: 'overwrite'; keys: SecretKey[]; cas: number; existing: string[] }
  | { action: 'none'; existing: string[] };

export function planWrite(model: Model, existing: Existing, overwrite: boolean): WritePlan {
  const all = model.secrets;
  switch (existing.state) {
    case 'none':
    case 'unknown':
      return { action: 'create', keys: all, cas: 0, over: existing.state };
    case 'deleted':
      return { action: 'create', keys: all, cas: existing.version, over: 'deleted' };
    case 'live': {
      if (overwrite) return { action: 'overwrite', keys: all, cas: existing.version, existing: existing.keys };
      const missing = all.filter((k) => !existing.keys.includes(k.property));
      if (missing.length === 0) return { action: 'none', existing: existing.keys };
      return { action: 'patch', keys: missing, cas: existing.version, existing: existing.keys };
    }
  }
}

/**
 * Refuse before asking for values when the token cannot do what the plan needs. `caps` is null
 * when the token may not query its own capabilities (no default policy): the write then decides.
 */
export function checkCapabilities(model: Model, plan: WritePlan, caps: string[] | null): void {
  if (plan.action === 'none' || caps === null) return;
  const dataPath = pathArgs(model).data;
  let need: string;
  let verb: string;
  if (plan.action === 'create') {
    // Over a deleted version the path still exists, so Vault treats the write as an update.
    need = plan.over === 'deleted' ? 'update' : 'create';
    verb = need;
  } else {
    // HTTP PATCH only (-method=patch): the read-then-write fallback would drop our check-and-set.
    need = 'patch';
    verb = plan.action === 'patch' ? 'patch' : 'overwrite keys at';
  }
  if (!can(caps, need)) {
    throw new VaultError(
      `The token may not ${verb} ${dataPath}: it lacks the "${need}" capability (its capabilities there: ${caps.join(', ') || 'none'}); nothing was written`,
      'capabilities',
      `Ask for a policy with: path "${dataPath}" { capabilities = ["create", "read", "update", "patch"] }`,
    );
  }
}

function payload(keys: SecretKey[], values: Map<string, string>): string {
  const obj: Record<string, string> = {};
  for (const k of keys) {
    const v = values.get(k.property);
    if (v === undefined) throw new VaultError(`internal: no value collected for ${k.env}`, 'write');
    obj[k.property] = v;
  }
  return JSON.stringify(obj);
}

export function writeArgs(model: Model, plan: Exclude<WritePlan, { action: 'none' }>): string[] {
  const a = pathArgs(model);
  const verb = plan.action === 'create' ? ['put'] : ['patch', '-method=patch'];
  return ['kv', ...verb, '-format=json', `-cas=${plan.cas}`, a.mount, a.path, '-'];
}

/** How to see whether a write of unknown outcome landed (a new current_version means it did). */
export function checkHint(cli: VaultCli, model: Model): string {
  const a = pathArgs(model);
  return `Check with \`${cli.bin.name} kv metadata get ${a.mount} ${a.path}\` (a new current_version means it was written), then run again if needed.`;
}

function writeError(cli: VaultCli, model: Model, plan: WritePlan, res: CliResult): VaultError {
  const path = model.vault.path;
  if (/check-and-set parameter did not match/i.test(res.stderr)) {
    if (plan.action === 'create' && plan.over === 'unknown') {
      return cli.fail(res, 'write', `${path} already has data and this token cannot read it; nothing was written`, 'Ask for read on the path so missing keys can be patched, or provision by hand (--print-vault-commands).');
    }
    return cli.fail(res, 'write', `${path} changed while this run was checking it; nothing was written`, 'Run again to see its current keys.');
  }
  if (/Code: 403|permission denied/i.test(res.stderr)) {
    if (plan.action === 'create' && plan.over === 'unknown') {
      // The token may create but not read: a 403 here means Vault saw an existing path (an update).
      return cli.fail(res, 'write', `${path} probably already has data: this token may create new paths but neither read nor update this one; nothing was written`, 'Ask for read and patch on the path so missing keys can be added, or provision by hand (--print-vault-commands).');
    }
    const need = plan.action === 'create' ? (plan.over === 'deleted' ? 'update' : 'create') : 'patch';
    return cli.fail(res, 'write', `The token was denied writing ${path} (it needs "${need}" there); nothing was written`, `Ask for a policy with: path "${pathArgs(model).data}" { capabilities = ["create", "read", "update", "patch"] }`);
  }
  return cli.fail(res, 'write', `Writing ${path} failed`, 'Run again; if it keeps failing, provision by hand (--print-vault-commands).');
}

/**
 * Perform the plan; returns the version Vault created. Ctrl-C (or SIGTERM) during the write kills
 * the CLI and is reported as what it is: a write whose outcome is unknown.
 */
export async function executeWrite(cli: VaultCli, model: Model, plan: Exclude<WritePlan, { action: 'none' }>, values: Map<string, string>): Promise<number> {
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let res: CliResult;
  try {
    res = await cli.run(writeArgs(model, plan), { step: 'write', input: payload(plan.keys, values), cancelSignal: stop.signal });
  } catch (err) {
    if (err instanceof VaultCliInterrupted) {
      const what = stop.signal.aborted ? `${cli.bin.name} was interrupted` : err.what;
      throw new VaultError(`Writing ${model.vault.path}: ${what}, so whether the values were written is unknown`, 'write', checkHint(cli, model));
    }
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (res.exitCode !== 0) {
    // The CLI may have caught the signal itself and exited non-zero: still unknown, not "failed".
    if (stop.signal.aborted) throw new VaultError(`Writing ${model.vault.path}: ${cli.bin.name} was interrupted, so whether the values were written is unknown`, 'write', checkHint(cli, model));
    throw writeError(cli, model, plan, res);
  }
  try {
    const version = Number((JSON.parse(res.stdout) as { data?: { version?: unknown } }).data?.version);
    if (Number.isInteger(version) && version > 0) return version;
  } catch {
    // fall through: the write succeeded but the output was not what we expected
  }
  throw new VaultError(`${model.vault.path} was written but ${cli.bin.name} did not report the new version`, 'write', checkHint(cli, model));
}

// Decide and perform the one write: never clobber.
//  - new path        → `kv put -cas=0` (fails if anything appeared meanwhile)
//  - latest deleted  → `kv put -cas=<version>` (no live data to lose; old versions stay recoverable)
//  - existing data   → `kv patch -cas=<version>` with the missing keys only
//  - --force         → `kv patch -cas=<version>` with every key (replaces their values, keeps keys the
//                       app does not declare, since something else may read them)
// Values go on stdin as one JSON object (`-`); every command carries check-and-set, so a concurrent
// change makes the write fail instead of silently overwriting it.
import { VaultError } from '../errors.js';
import type { Model, SecretKey } from '../model.js';
import type { CliResult, VaultCli } from './cli.js';
import { can, type Existing } from './preflight.js';

export type WritePlan =
  | { action: 'create'; keys: SecretKey[]; cas: number; over: 'none' | 'deleted' | 'unknown' }
  | { action: 'patch'; keys: SecretKey[]; cas: number; existing: string[] }
  | { action: 'overwrite'; keys: SecretKey[]; cas: number; existing: string[] }
  | { action: 'none'; existing: string[] };

export function planWrite(model: Model, existing: Existing, force: boolean): WritePlan {
  const all = model.secrets;
  switch (existing.state) {
    case 'none':
    case 'unknown':
      return { action: 'create', keys: all, cas: 0, over: existing.state };
    case 'deleted':
      return { action: 'create', keys: all, cas: existing.version, over: 'deleted' };
    case 'live': {
      if (force) return { action: 'overwrite', keys: all, cas: existing.version, existing: existing.keys };
      const missing = all.filter((k) => !existing.keys.includes(k.property));
      if (missing.length === 0) return { action: 'none', existing: existing.keys };
      return { action: 'patch', keys: missing, cas: existing.version, existing: existing.keys };
    }
  }
}

/** Refuse before asking for values when the token cannot do what the plan needs. */
export function checkCapabilities(model: Model, plan: WritePlan, caps: string[]): void {
  if (plan.action === 'none') return;
  const dataPath = `${model.vault.mount}/data/${model.vault.pathNoMount}`;
  let ok: boolean;
  let verb: string;
  if (plan.action === 'create') {
    // Over a deleted version the path still exists, so Vault treats the write as an update.
    ok = plan.over === 'deleted' ? can(caps, 'update') : can(caps, 'create');
    verb = plan.over === 'deleted' ? 'update' : 'create';
  } else {
    // `kv patch` uses PATCH, or falls back to read-then-write without the patch capability.
    ok = can(caps, 'patch') || (can(caps, 'read') && can(caps, 'update'));
    verb = 'patch';
  }
  if (!ok) {
    throw new VaultError(
      `The token may not ${verb} ${dataPath} (its capabilities there: ${caps.join(', ') || 'none'}); nothing was written`,
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
  const verb = plan.action === 'create' ? 'put' : 'patch';
  return ['kv', verb, '-format=json', `-cas=${plan.cas}`, `-mount=${model.vault.mount}`, model.vault.pathNoMount, '-'];
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
    return cli.fail(res, 'write', `The token was denied writing ${path}; nothing was written`, 'Ask for create/update/patch on ' + `${model.vault.mount}/data/${model.vault.pathNoMount}.`);
  }
  return cli.fail(res, 'write', `Writing ${path} failed`);
}

/** Perform the plan; returns the version Vault created. */
export async function executeWrite(cli: VaultCli, model: Model, plan: Exclude<WritePlan, { action: 'none' }>, values: Map<string, string>): Promise<number> {
  const res = await cli.run(writeArgs(model, plan), { step: 'write', input: payload(plan.keys, values) });
  if (res.exitCode !== 0) throw writeError(cli, model, plan, res);
  try {
    const version = Number((JSON.parse(res.stdout) as { data?: { version?: unknown } }).data?.version);
    if (Number.isInteger(version) && version > 0) return version;
  } catch {
    // fall through: the write succeeded but the output was not what we expected
  }
  throw new VaultError(`${model.vault.path} was written but ${cli.bin.name} did not report the new version`, 'write', `Check with \`${cli.bin.name} kv metadata get -mount=${model.vault.mount} ${model.vault.pathNoMount}\`.`);
}

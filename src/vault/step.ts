// The one entry point the CLI calls after rendering: optionally print the manual commands, then
// (if asked) preflight, plan a non-clobbering write, collect values, write them over stdin, and
// report path, key names and the new version. Returns a result without any value in it, safe for
// --json output.
import type { Model } from '../model.js';
import { pathArgs } from './args.js';
import { chooseBin, printedBinName, type Env } from './bin.js';
import { renderVaultCommands } from './commands.js';
import { childEnv } from './env.js';
import { checkCapabilities, executeWrite, planWrite } from './kvWrite.js';
import { describeAddress, preflight, resolveAddress } from './preflight.js';
import { startSpinner, type SpinnerStream } from './spinner.js';
import { checkFromEnv, checkGivenLengths, collectValues, inquirerPrompts, loadValuesFile, resolveGenerate, type ValuePrompts, type ValueSources } from './values.js';
import { loadEnvFile } from './envFile.js';

export interface VaultStepOptions {
  /** --vault-write (true) / --no-vault-write (false); unset: ask when interactive, skip otherwise. */
  write?: boolean;
  /** --vault-bin NAME|PATH (default: `vault`, or `bao` when it is the only one on PATH). */
  vaultBin?: string;
  /** --from-env: read each value from the environment under its env name. */
  fromEnv?: boolean;
  /** --values FILE: JSON/YAML mapping of env or property names to values (read, never copied). */
  valuesFile?: string;
  /** A dotenv file (adopt's existing .env): the app's secrets it holds, read in memory, never copied. */
  envFile?: string;
  /** --generate KEY,...|all: key names (env or property), already split on commas, or 'all'. */
  generate?: string[] | 'all';
  /**
   * --vault-overwrite: replace the values of keys that already exist (after confirmation when
   * interactive; without a terminal the flag is the confirmation). --force (files) has no say here.
   */
  overwrite?: boolean;
  /** --print-vault-commands: print the manual commands; write too only if `write` is true. */
  printCommands?: boolean;
}

export interface VaultStepIO {
  interactive: boolean;
  stdout: { write(chunk: string): unknown };
  stderr: SpinnerStream;
  /** Defaults to process.env; also what the Vault CLI inherits (see env.ts). */
  env?: Env;
  /** Defaults to @inquirer/prompts (tests inject their own). */
  prompts?: ValuePrompts;
}

export type VaultStepResult =
  | { status: 'skipped'; reason: string }
  | { status: 'printed' }
  | { status: 'unchanged'; path: string; existingKeys: string[]; version: number }
  | {
      status: 'written';
      path: string;
      action: 'create' | 'patch' | 'overwrite';
      /** Vault property names written. */
      keys: string[];
      /** Property names that were already there and left untouched. */
      keptKeys: string[];
      version: number;
      bin: string;
      addr: string;
    };

/** The skip reason when no Vault CLI could run the write (Next steps then says how to get one). */
export const NO_CLI = 'no Vault CLI on PATH';

function hasVaultCli(requested: string | undefined, env: Env): boolean {
  try {
    chooseBin(requested, env);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every value source the flags name, checked against the model: unknown keys, an unreadable or
 * malformed --values file, a --from-env variable the CLI itself uses, a given value too short. The
 * CLI calls this before it writes any file (so exit 2 means nothing changed) and again in the step.
 */
export function checkValueSources(model: Model, opts: VaultStepOptions, env: Env = process.env): ValueSources {
  const generate = resolveGenerate(model, opts.generate);
  const file = opts.valuesFile ? loadValuesFile(model, opts.valuesFile) : opts.envFile ? loadEnvFile(model, opts.envFile) : new Map<string, string>();
  const fromEnv = opts.fromEnv ?? false;
  checkFromEnv(model, fromEnv, file, generate);
  const sources = { generate, file, fromEnv };
  checkGivenLengths(model, sources, env);
  return sources;
}

async function spin<T>(io: VaultStepIO, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = startSpinner(io.stderr, text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

export async function runVaultStep(model: Model, opts: VaultStepOptions, io: VaultStepIO): Promise<VaultStepResult> {
  const env = io.env ?? process.env;
  const prompts = io.prompts ?? inquirerPrompts;
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const { path } = model.vault;

  if (opts.printCommands) {
    io.stdout.write(renderVaultCommands(model, printedBinName(opts.vaultBin, env)));
    if (opts.write !== true) return { status: 'printed' };
  }
  if (opts.write === false) return { status: 'skipped', reason: '--no-vault-write' };
  if (model.secrets.length === 0) return { status: 'skipped', reason: 'no secret keys to write' };
  if (opts.write === undefined) {
    if (!io.interactive) return { status: 'skipped', reason: 'not requested (pass --vault-write)' };
    // Asking is pointless without a CLI to run: "yes" could only fail. Say how to do it later instead.
    if (!hasVaultCli(opts.vaultBin, env)) {
      log(`Vault step skipped: ${opts.vaultBin ? `"${opts.vaultBin}" was not found` : 'neither `vault` nor `bao` is on PATH'}, so the secrets were not written.`);
      return { status: 'skipped', reason: NO_CLI };
    }
    if (!(await prompts.confirm(`Write the secrets to Vault now (${path})?`, false))) return { status: 'skipped', reason: 'declined' };
  }

  // Usage errors first, before anything touches Vault (the CLI checks them before writing files, too).
  const { generate, file, fromEnv } = checkValueSources(model, opts, env);
  // Loaded only now: most runs skip this step, and the Vault CLI wrapper brings execa (~130 KB).
  const { Redactor, VaultCli } = await import('./cli.js');
  const redactor = new Redactor();
  file.forEach((v) => redactor.add(v));
  // Only variables --from-env will actually read (a key with another source keeps its env alone).
  if (fromEnv) model.secrets.filter((k) => !generate.has(k.property) && !file.has(k.property)).forEach((k) => redactor.add(env[k.env] ?? ''));

  const bin = chooseBin(opts.vaultBin, env);
  const address = resolveAddress(bin.flavor, env);
  // The child gets exactly the address printed here; the binary is named by the path we run.
  const cli = new VaultCli(bin, childEnv(env, model, address), redactor, { trusted: Object.values(pathArgs(model)) });
  log(describeAddress(bin.command, address));
  const pre = await spin(io, `Checking ${path}…`, () => preflight(cli, model, env, address));

  const plan = planWrite(model, pre.existing, opts.overwrite ?? false);
  if (pre.capabilities === null) log(`${path}: this token may not list its own capabilities (no default policy); the write itself will tell`);
  if (pre.existing.state === 'live') log(`${path} already has keys: ${pre.existing.keys.join(', ') || '(none)'} (version ${pre.existing.version})`);
  if (pre.existing.state === 'deleted') log(`${path}: its latest version (${pre.existing.version}) is deleted; writing a new version`);
  if (pre.existing.state === 'unknown') log(`${path}: this token cannot read the path; writing only if it is empty (check-and-set)`);
  if (plan.action === 'none') {
    const version = pre.existing.state === 'live' ? pre.existing.version : 0;
    io.stdout.write(`✔ ${path} already has all ${model.secrets.length} keys; nothing written (use --vault-overwrite to replace values)\n`);
    return { status: 'unchanged', path, existingKeys: plan.existing, version };
  }
  checkCapabilities(model, plan, pre.capabilities);

  const names = plan.keys.map((k) => k.property).join(', ');
  if (plan.action === 'overwrite' && io.interactive) {
    const ok = await prompts.confirm(`Replace the values of ${names} at ${path}? (older versions stay in Vault's history)`, false);
    if (!ok) return { status: 'skipped', reason: 'overwrite declined' };
  }
  if (plan.action === 'patch' && io.interactive && opts.write === undefined) {
    const ok = await prompts.confirm(`Add the missing keys ${names} with kv patch (existing keys are kept)?`, true);
    if (!ok) return { status: 'skipped', reason: 'patch declined' };
  }

  const values = await collectValues(plan.keys, { fromEnv, file, generate }, { interactive: io.interactive, env, prompts });
  values.forEach((v) => redactor.add(v));
  let version: number;
  try {
    version = await spin(io, `Writing ${plan.keys.length} key${plan.keys.length > 1 ? 's' : ''} to ${path}…`, () => executeWrite(cli, model, plan, values));
  } finally {
    values.clear();
    file.clear();
  }

  const written = new Set(plan.keys.map((k) => k.property));
  const kept = plan.action === 'create' ? [] : plan.existing.filter((k) => !written.has(k));
  io.stdout.write(`✔ Wrote ${path} version ${version}: ${names}${kept.length ? ` (kept existing: ${kept.join(', ')})` : ''}\n`);
  return { status: 'written', path, action: plan.action, keys: plan.keys.map((k) => k.property), keptKeys: kept, version, bin: bin.name, addr: address.addr };
}

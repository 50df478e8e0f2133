// The one entry point the CLI calls after rendering: optionally print the manual commands, then
// (if asked) preflight, plan a non-clobbering write, collect values, write them over stdin, and
// report path, key names and the new version. Returns a result without any value in it, safe for
// --json output.
import type { Model } from '../model.js';
import { pathArgs } from './args.js';
import { chooseBin, printedBinName, type Env } from './bin.js';
import { renderVaultCommandsFor } from './commands.js';
import { childEnv } from './env.js';
import { checkCapabilities, executeWrite, planWrite } from './kvWrite.js';
import { describeAddress, preflight, resolveAddress } from './preflight.js';
import { startSpinner, type SpinnerStream } from './spinner.js';
import { checkFromEnv, checkGivenLengths, collectValues, inquirerPrompts, loadValuesFile, resolveGenerate, type ValuePrompts, type ValueSources } from './values.js';
import { loadEnvFile } from './envFile.js';
import { CancelledError, PartialVaultWriteError, UsageError } from '../errors.js';
import { allTargets, describeTargets, environmentRequired, selectTargets, targetsOf, type VaultTarget } from './targets.js';

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
  /**
   * --environment NAME (repeatable, comma-separated, or `all`): which environments' Vault paths to
   * write (and print). Needed when the environments read more than one path; asked when interactive.
   */
  environments?: string[];
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

/** The result for one Vault path. */
export type PathResult =
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

/**
 * Without `environments` in the answers: the one path's result, as always. With them (once the
 * step got as far as choosing): one result per Vault path written, naming the environments reading it.
 */
export type VaultStepResult = PathResult | { status: 'environments'; results: (PathResult & { environments: string[] })[] };

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

/** Sources that give one value per key: with several paths they would copy one environment's values into another's. */
function singleValueSource(opts: VaultStepOptions): string | undefined {
  return opts.valuesFile ? '--values' : opts.envFile ? 'the .env file' : opts.fromEnv ? '--from-env' : undefined;
}

function refuseSharedValues(opts: VaultStepOptions, targets: readonly VaultTarget[]): void {
  const source = singleValueSource(opts);
  if (source && targets.length > 1) {
    throw new UsageError(
      `--environment: ${source} gives one value per key, so a run writes one environment's path (${describeTargets(targets)}): name one environment per run`,
    );
  }
}

/**
 * The environment selection the flags make, checked before any file is written (exit 2 = nothing
 * changed): unknown names, --vault-write without a terminal and without --environment when the
 * environments read different paths, one value source for several paths. undefined: asked later.
 */
export function checkTargets(model: Model, opts: VaultStepOptions, interactive: boolean): VaultTarget[] | undefined {
  const targets = selectTargets(model, opts.environments ?? []);
  if (opts.write === false || model.secrets.length === 0) return targets;
  if (!targets) {
    if (opts.write === true && !interactive) throw environmentRequired(model, 'with --vault-write');
    return undefined;
  }
  if (opts.write === true || interactive) refuseSharedValues(opts, targets);
  return targets;
}

/** The checkbox of environments (one entry per environment; those sharing a path are written once). */
async function askTargets(model: Model, opts: VaultStepOptions, prompts: ValuePrompts): Promise<VaultTarget[]> {
  const source = singleValueSource(opts);
  const paths = new Map(model.environments.map((e) => [e.name, e.vaultPath]));
  const checkbox = prompts.checkbox ?? inquirerPrompts.checkbox!;
  const names = await checkbox(
    'Which environments? (each reads its own Vault path)',
    model.environments.map((e) => ({ name: `${e.name} (${e.vaultPath})`, value: e.name })),
    (picked) => {
      if (picked.length === 0) return 'pick at least one environment (Ctrl-C to stop)';
      if (source && new Set(picked.map((n) => paths.get(n))).size > 1) return `${source} gives one value per key: pick environments reading one path`;
      return true;
    },
  );
  return targetsOf(model, model.environments.filter((e) => names.includes(e.name)));
}

export async function runVaultStep(model: Model, opts: VaultStepOptions, io: VaultStepIO): Promise<VaultStepResult> {
  const env = io.env ?? process.env;
  const prompts = io.prompts ?? inquirerPrompts;
  const log = (line: string) => io.stderr.write(`${line}\n`);

  if (opts.printCommands) {
    // Placeholders only: without a selection, every environment's commands.
    const targets = selectTargets(model, opts.environments ?? []) ?? allTargets(model);
    io.stdout.write(renderVaultCommandsFor(targets, printedBinName(opts.vaultBin, env)));
    if (opts.write !== true) return { status: 'printed' };
  }
  if (opts.write === false) return { status: 'skipped', reason: '--no-vault-write' };
  if (model.secrets.length === 0) return { status: 'skipped', reason: 'no secret keys to write' };
  let targets = checkTargets(model, opts, io.interactive);
  if (opts.write === undefined) {
    if (!io.interactive) return { status: 'skipped', reason: 'not requested (pass --vault-write)' };
    // Asking is pointless without a CLI to run: "yes" could only fail. Say how to do it later instead.
    if (!hasVaultCli(opts.vaultBin, env)) {
      log(`Vault step skipped: ${opts.vaultBin ? `"${opts.vaultBin}" was not found` : 'neither `vault` nor `bao` is on PATH'}, so the secrets were not written.`);
      return { status: 'skipped', reason: NO_CLI };
    }
    const where = targets ? describeTargets(targets) : `${describeTargets(allTargets(model))}; you pick the environments next`;
    if (!(await prompts.confirm(`Write the secrets to Vault now (${where})?`, false))) return { status: 'skipped', reason: 'declined' };
  }
  if (!targets) {
    if (!io.interactive) throw environmentRequired(model, 'with --vault-write');
    targets = await askTargets(model, opts, prompts);
  }
  refuseSharedValues(opts, targets);

  // Usage errors first, before anything touches Vault (the CLI checks them before writing files, too).
  const sources = checkValueSources(model, opts, env);
  // Loaded only now: most runs skip this step, and the Vault CLI wrapper brings execa (~130 KB).
  const { Redactor, VaultCli } = await import('./cli.js');
  const redactor = new Redactor();
  sources.file.forEach((v) => redactor.add(v));
  // Only variables --from-env will actually read (a key with another source keeps its env alone).
  if (sources.fromEnv) model.secrets.filter((k) => !sources.generate.has(k.property) && !sources.file.has(k.property)).forEach((k) => redactor.add(env[k.env] ?? ''));

  const bin = chooseBin(opts.vaultBin, env);
  const address = resolveAddress(bin.flavor, env);
  log(describeAddress(bin.command, address));
  const stores = new Set(targets.map((t) => t.model.eso.storeName));
  if (targets.length > 1 && stores.size > 1) {
    log(`note: every path goes to ${address.addr}; environments whose stores (${[...stores].join(', ')}) reach another Vault need a run each, with its address set and --environment NAME`);
  }
  const results: (PathResult & { environments: string[] })[] = [];
  try {
    for (const t of targets) {
      // The child gets exactly the address printed above; the binary is named by the path we run.
      const cli = new VaultCli(bin, childEnv(env, t.model, address), redactor, { trusted: Object.values(pathArgs(t.model)) });
      const label = t.environments.length ? ` for ${t.environments.join(', ')} (${t.model.vault.path})` : '';
      try {
        results.push({ environments: t.environments, ...(await writePath(t.model, opts, io, { cli, bin, address, sources, prompts, label, env })) });
      } catch (e) {
        if (results.length === 0) throw e;
        throw partialWrite(e, t, results, targets.slice(results.length + 1));
      }
    }
  } finally {
    sources.file.clear();
  }
  if (model.environments.length === 0) {
    const { environments: _, ...only } = results[0]!;
    return only as PathResult;
  }
  return { status: 'environments', results };
}

/** A later path's failure, saying which paths this run already wrote and which it never tried. */
function partialWrite(e: unknown, failed: VaultTarget, done: readonly (PathResult & { environments: string[] })[], rest: readonly VaultTarget[]): PartialVaultWriteError {
  const state = (r: PathResult) => (r.status === 'written' ? `${r.path} written (version ${r.version})` : r.status === 'unchanged' ? `${r.path} unchanged` : r.status);
  const parts = [
    `already done in this run: ${done.map((r) => `${r.environments.join(', ')} → ${state(r)}`).join('; ')}`,
    ...(rest.length ? [`not attempted: ${describeTargets(rest)}`] : []),
  ];
  const cancelled = e instanceof CancelledError;
  const why = cancelled ? 'Vault step cancelled' : (e as Error).message;
  return new PartialVaultWriteError(`${why} at ${describeTargets([failed])}; ${parts.join('; ')}; run again with --environment naming the rest (a written path gets only missing keys)`, cancelled);
}

interface PathContext {
  cli: import('./cli.js').VaultCli;
  bin: ReturnType<typeof chooseBin>;
  address: ReturnType<typeof resolveAddress>;
  sources: ValueSources;
  prompts: ValuePrompts;
  /** ` for prod (secret/prod/shop)` when environments are in play, else ''. */
  label: string;
  env: Env;
}

/** Preflight, plan, collect and write one path: never clobbering, values on stdin only. */
async function writePath(model: Model, opts: VaultStepOptions, io: VaultStepIO, c: PathContext): Promise<PathResult> {
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const { path } = model.vault;
  const { cli, prompts } = c;
  const pre = await spin(io, `Checking ${path}…`, () => preflight(cli, model, c.env, c.address));

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
    const ok = await prompts.confirm(`Add the missing keys ${names} to ${path} with kv patch (existing keys are kept)?`, true);
    if (!ok) return { status: 'skipped', reason: 'patch declined' };
  }

  const values = await collectValues(plan.keys, c.sources, { interactive: io.interactive, env: c.env, prompts, where: c.label });
  values.forEach((v) => cli.redactor.add(v));
  let version: number;
  try {
    version = await spin(io, `Writing ${plan.keys.length} key${plan.keys.length > 1 ? 's' : ''} to ${path}…`, () => executeWrite(cli, model, plan, values));
  } finally {
    values.clear();
  }

  const written = new Set(plan.keys.map((k) => k.property));
  const kept = plan.action === 'create' ? [] : plan.existing.filter((k) => !written.has(k));
  io.stdout.write(`✔ Wrote ${path} version ${version}: ${names}${kept.length ? ` (kept existing: ${kept.join(', ')})` : ''}\n`);
  return { status: 'written', path, action: plan.action, keys: plan.keys.map((k) => k.property), keptKeys: kept, version, bin: c.bin.name, addr: c.address.addr };
}

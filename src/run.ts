// The generate command: answers (manifest → answers file → flags → prompts) → Model → plop action.
import { join, relative } from 'node:path';
import type { CliOptions } from './answers/flags.js';
import { withNonInteractiveDefaults } from './answers/defaults.js';
import { mergeAnswers } from './answers/merge.js';
import { CancelledError, UsageError, VaultError } from './errors.js';
import { cancellable } from './ui/cancel.js';
import type { VaultStepOptions, VaultStepResult } from './vault/step.js';
import type { Model } from './model.js';
import type { Manifest } from './write/manifest.js';
import { MANIFEST_PATH } from './write/manifestPath.js';
import { processIO, type IO } from './ui/output.js';
import { lexists } from './write/safeFile.js';
import { withLock } from './write/lock.js';
import { readAnswersFile } from './answers/file.js';
import { detectLayout } from './answers/detect.js';

/** The model, renderers, writer and Vault step: one module, loaded once the answers are in (src/pipeline.ts). */
let pipelineModule: Promise<typeof import('./pipeline.js')> | undefined;
export const pipeline = () => (pipelineModule ??= import('./pipeline.js'));

// A first run shows its first question without loading zod, yaml or the renderers (~40 ms of a cold
// start): the manifest is parsed only when there is one, and the model is built after the prompts.
async function readManifest(target: string): Promise<Manifest | null> {
  if (!lexists(join(target, MANIFEST_PATH))) return null; // a dangling symlink is refused, not ignored
  return (await pipeline()).readManifest(target);
}

/** The answers without prompting: recorded manifest, then --answers FILE, then flags. */
async function givenAnswers(opts: CliOptions, target: string) {
  const manifest = await readManifest(target);
  const fromFile = opts.answersFile ? readAnswersFile(opts.answersFile) : {};
  const given = new Set<string>([...opts.flagFields, ...Object.keys(fromFile)]);
  let raw = mergeAnswers((manifest?.answers as Record<string, unknown>) ?? {}, fromFile, opts.flagAnswers);
  if (!manifest) {
    // A first run in a repo with a kustomization.yaml or a Chart.yaml: that layout is the default.
    const detected = detectLayout(target, typeof raw.app === 'string' ? raw.app : undefined);
    if (detected.layout !== undefined && (raw.layout === undefined || raw.layout === detected.layout)) raw = mergeAnswers(detected, raw);
  }
  return { manifest, raw, given };
}

async function collect(opts: CliOptions, target: string, io: IO): Promise<Record<string, unknown>> {
  const { manifest, raw, given } = await givenAnswers(opts, target);
  if (!io.interactive) return withNonInteractiveDefaults(raw, target, io.stderr);
  if (manifest) {
    const { confirm } = await import('@inquirer/prompts'); // not loaded by runs without a terminal
    const reuse = await cancellable(confirm({ message: `Use the answers recorded in .mosaic-secrets.yaml (${manifest.answers.app})?`, default: true }));
    if (reuse) return raw;
  }
  const { promptAnswers } = await import('./answers/prompts.js');
  return promptAnswers(raw, given, target);
}

/**
 * The model of `raw` as `dir`'s existing overlays deploy it. `saveTo` is set when a person answered
 * prompts: a failure then offers to save their answers there.
 */
async function model(raw: Record<string, unknown>, io: IO, dir: string, saveTo?: string): Promise<Model> {
  const { asDeployed, buildModel } = await pipeline();
  try {
    return asDeployed(buildModel(raw), dir);
  } catch (e) {
    if (e instanceof UsageError && io.interactive && saveTo !== undefined) {
      const { offerToSave } = await import('./answers/save.js');
      await offerToSave(raw, e.message, saveTo, io.stderr);
    }
    if (e instanceof UsageError && !io.interactive && /: is required$/.test(e.message)) {
      throw new UsageError(`${e.message} (no prompts without a terminal or with --yes: pass it as a flag or in --answers FILE)`);
    }
    throw e;
  }
}

function vaultOptions(opts: CliOptions): VaultStepOptions {
  return {
    ...(opts.vaultWrite === undefined ? {} : { write: opts.vaultWrite }),
    ...(opts.vaultBin ? { vaultBin: opts.vaultBin } : {}),
    fromEnv: opts.fromEnv,
    ...(opts.valuesFile ? { valuesFile: opts.valuesFile } : {}),
    ...(opts.generate.length ? { generate: opts.generate.includes('all') ? ('all' as const) : opts.generate } : {}),
    overwrite: opts.vaultOverwrite,
    printCommands: opts.printVaultCommands,
    ...(opts.environments.length ? { environments: opts.environments } : {}),
  };
}

/**
 * The value sources the flags name, checked before any file is written (so exit 2 means nothing
 * changed). The Vault step reads them again when it runs; nothing read here is kept.
 */
async function checkVaultInputs(m: Model, opts: CliOptions, interactive: boolean): Promise<void> {
  // A named environment is checked even when nothing goes to Vault: a typo must not pass silently.
  if (opts.environments.length) (await pipeline()).selectTargets(m, opts.environments);
  if (opts.vaultWrite === false) return;
  // Which environments' paths (with environments in the answers, the base path may be read by none).
  if (opts.vaultWrite === true || opts.environments.length || m.environments.length) {
    const { checkTargets } = await pipeline();
    checkTargets(m, vaultOptions(opts), interactive);
  }
  if (!(opts.valuesFile || opts.generate.length || opts.fromEnv)) return;
  const { checkValueSources } = await pipeline();
  checkValueSources(m, vaultOptions(opts)).file.clear();
}

/** `answers` given (by add-key & co.) replace the usual collection: no prompts for answers. */
export async function runGenerate(opts: CliOptions, target: string, answers?: Record<string, unknown>, command = 'generate'): Promise<number> {
  // A writing run holds the target's lock from its first read of the manifest to its end.
  if (opts.dryRun || (opts.printVaultCommands && opts.vaultWrite !== true)) return generateRun(opts, target, answers);
  return withLock(target, command, process.stderr, () => generateRun(opts, target, answers));
}

async function generateRun(opts: CliOptions, target: string, answers?: Record<string, unknown>): Promise<number> {
  const io = processIO(opts);
  const quietStdout = { write: () => true };
  if (opts.printVaultCommands && opts.vaultWrite !== true) {
    // Print-only: the recorded answers (plus file and flags) are enough; nothing is rendered.
    const { raw } = await givenAnswers(opts, target);
    const { runVaultStep } = await pipeline();
    await runVaultStep(await model(raw, { ...io, interactive: false }, target), vaultOptions(opts), { interactive: false, stdout: io.stdout, stderr: io.stderr });
    return 0;
  }
  const raw = answers ?? (await collect(opts, target, io));
  const m = await model(raw, io, target, answers ? undefined : target);
  const before = await readManifest(target); // what this run starts from (Next steps: which keys are new)
  await checkVaultInputs(m, opts, io.interactive);
  const { nodePlop, registerGenerators, GENERATOR, packageRoot, runVaultStep, planJson, installCommands, nextSteps } = await pipeline();
  // Not the target: node-plop require()s <destBasePath>/package.json for its `pkg` helper (unused
  // here), following a link and running a linked .js file as code. Our actions write via ctx.options.target.
  const plop = await nodePlop('', { destBasePath: packageRoot(), force: false });
  const ctx = { model: m, options: { target, dryRun: opts.dryRun, json: opts.json, force: opts.force }, io } as Parameters<typeof registerGenerators>[1];
  registerGenerators(plop, ctx);
  const { failures } = await plop.getGenerator(GENERATOR).runActions({});
  if (ctx.error) throw ctx.error;
  if (failures.length) throw new Error(failures.map((f) => f.error).join('; '));
  const result = ctx.result!;

  let vault: VaultStepResult | undefined;
  if (!opts.dryRun) {
    try {
      vault = await runVaultStep(m, vaultOptions(opts), { interactive: io.interactive, stdout: opts.json ? quietStdout : io.stdout, stderr: io.stderr });
    } catch (e) {
      if (e instanceof CancelledError) throw new CancelledError('Vault step cancelled: the files above were written; nothing was sent to Vault.');
      // Exit 2 promises nothing changed; once files are written, a missing value is exit 1 and says so.
      const wrote = result.plan.some((f) => f.action !== 'unchanged' && f.action !== 'conflict');
      if (e instanceof UsageError && wrote) throw new VaultError(`${e.message} (the files above were written; nothing was sent to Vault)`, 'values', 'give the values, then run again with --vault-write');
      throw e;
    }
  }
  if (opts.json) io.stdout.write(`${JSON.stringify({ ...planJson(m, result.plan, ctx.options), ...(vault ? { vault } : {}) }, null, 2)}\n`);
  else if (!opts.dryRun && result.plan.some((f) => f.action === 'create' || f.action === 'update')) {
    const previousSecrets = before ? ((before.answers.secrets ?? []) as { env: string }[]).map((s) => s.env) : undefined;
    io.stdout.write(nextSteps({ model: m, vault, dir: relative(process.cwd(), target), previousSecrets, install: installCommands(m, result.plan) }));
  }
  return 0;
}

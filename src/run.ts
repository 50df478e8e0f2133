// The generate command: answers (manifest → answers file → flags → prompts) → Model → plop action.
import { confirm } from '@inquirer/prompts';
import type { CliOptions } from './answers/flags.js';
import { mergeAnswers, readAnswersFile } from './answers/file.js';
import { CancelledError, UsageError } from './errors.js';
import { readManifest } from './generate.js';
import { buildModel, type Model } from './model.js';
import { processIO, type IO } from './ui/output.js';

async function collect(opts: CliOptions, target: string, io: IO): Promise<Record<string, unknown>> {
  const manifest = readManifest(target);
  const fromFile = opts.answersFile ? readAnswersFile(opts.answersFile) : {};
  const given = new Set<string>([...opts.flagFields, ...Object.keys(fromFile)]);
  let raw = mergeAnswers((manifest?.answers as Record<string, unknown>) ?? {}, fromFile, opts.flagAnswers);
  if (!io.interactive) return raw;
  if (manifest) {
    let reuse: boolean;
    try {
      reuse = await confirm({ message: `Use the answers recorded in .mosaic-secrets.yaml (${manifest.answers.app})?`, default: true });
    } catch {
      throw new CancelledError();
    }
    if (reuse) return raw;
  }
  const { promptAnswers } = await import('./answers/prompts.js');
  raw = await promptAnswers(raw, given, target);
  return raw;
}

function model(raw: Record<string, unknown>, io: IO): Model {
  try {
    return buildModel(raw);
  } catch (e) {
    if (e instanceof UsageError && !io.interactive && /: is required$/.test(e.message)) {
      throw new UsageError(`${e.message} (no prompts without a terminal or with --yes: pass it as a flag or in --answers FILE)`);
    }
    throw e;
  }
}

export async function runGenerate(opts: CliOptions, target: string): Promise<number> {
  const io = processIO(opts);
  if (opts.printVaultCommands) {
    const m = model(mergeAnswers((readManifest(target)?.answers as Record<string, unknown>) ?? {}, opts.answersFile ? readAnswersFile(opts.answersFile) : {}, opts.flagAnswers), { ...io, interactive: false });
    const { provisionCommand } = await import('./render/provisionCommand.js');
    io.stdout.write(`${provisionCommand(m, opts.vaultBin ?? 'vault')}\n`);
    return 0;
  }
  const raw = await collect(opts, target, io);
  const m = model(raw, io);
  const [{ default: nodePlop }, { registerGenerators, GENERATOR }] = await Promise.all([import('node-plop'), import('../generators/plopfile.js')]);
  const plop = await nodePlop('', { destBasePath: target, force: false });
  const ctx = { model: m, options: { target, dryRun: opts.dryRun, json: opts.json, force: opts.force }, io } as Parameters<typeof registerGenerators>[1];
  registerGenerators(plop, ctx);
  const { failures } = await plop.getGenerator(GENERATOR).runActions({});
  if (ctx.error) throw ctx.error;
  if (failures.length) throw new Error(failures.map((f) => f.error).join('; '));
  return 0;
}

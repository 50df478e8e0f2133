// add-key / remove-key / set-mode / update: edit the answers recorded in .mosaic-secrets.yaml,
// then re-render everything from them through the same merge-aware writer as a first run.
// (src/cli.ts dispatches on the names in src/commands.ts.)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliOptions } from './answers/flags.js';
import type { EditCommand } from './commands.js';
import { addKey, removeKey, setMode } from './answers/edits.js';
import { mergeAnswers } from './answers/merge.js';
import { UsageError } from './errors.js';
import { pipeline, runGenerate } from './run.js';
import { withLock } from './write/lock.js';

const USAGE: Record<EditCommand, string> = {
  'add-key': 'add-key <ENV> [--description TEXT] [--min-length N] [--property name] | add-key <ENV> --config --default V --reason TEXT [--type int|bool|enum|string] [--values-list a,b]',
  'remove-key': 'remove-key <ENV>',
  'set-mode': 'set-mode <eso|direct-vault> [--justification TEXT]',
  update: 'update',
};

function one(command: EditCommand, positionals: string[], want: number): string[] {
  if (positionals.length !== want) throw new UsageError(`${command}: expects ${want === 0 ? 'no argument' : want === 1 ? 'one argument' : `${want} arguments`} (usage: create-mosaic-secrets ${USAGE[command]} [--dir DIR])`);
  return positionals;
}

function minLength(v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^[0-9]+$/.test(v)) throw new UsageError(`--min-length: must be a whole number (got "${String(v)}")`);
  return n;
}

export async function runEdit(command: EditCommand, opts: CliOptions): Promise<number> {
  const target = resolve(typeof opts.edit.dir === 'string' ? opts.edit.dir : '.');
  // The lock is taken before the manifest is read: two add-keys must not both start from the same answers.
  if (opts.dryRun || !existsSync(target)) return editRun(command, opts, target);
  return withLock(target, command, process.stderr, () => editRun(command, opts, target));
}

async function editRun(command: EditCommand, opts: CliOptions, target: string): Promise<number> {
  const manifest = (await pipeline()).readManifest(target);
  if (!manifest) throw new UsageError(`${command}: no .mosaic-secrets.yaml in ${target}; run create-mosaic-secrets there first (or pass --dir)`);
  if (opts.answersFile) throw new UsageError(`--answers: not used by ${command} (it edits .mosaic-secrets.yaml)`);
  const e = opts.edit;
  const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
  let answers = manifest.answers as Record<string, unknown>;
  if (command === 'add-key') {
    const [env] = one(command, opts.positionals, 1);
    if (e.config) {
      const def = str(e.default);
      const reason = str(e.reason);
      if (def === undefined) throw new UsageError('--default: is required with add-key --config');
      if (reason === undefined) throw new UsageError('--reason: is required with add-key --config (why a default is safe)');
      const values = str(e['values-list'])?.split(',').map((v) => v.trim()).filter(Boolean);
      answers = addKey(answers, { env: env!, description: str(e.description), config: { default: def, reason, type: str(e.type), values } });
    } else {
      for (const f of ['default', 'reason', 'type', 'values-list'] as const) if (e[f] !== undefined) throw new UsageError(`--${f}: only with add-key --config`);
      answers = addKey(answers, { env: env!, description: str(e.description), minLength: minLength(e['min-length']), property: str(e.property) });
    }
  } else if (command === 'remove-key') {
    const [env] = one(command, opts.positionals, 1);
    const removed = ((answers.secrets ?? []) as { env: string; property?: string }[]).find((s) => s.env === env);
    answers = removeKey(answers, env!);
    // Nothing new to write to Vault: no question about it; instead, how to remove the old value.
    const code = await runGenerate({ ...opts, flagAnswers: {}, vaultWrite: opts.vaultWrite ?? false }, target, mergeAnswers(answers, opts.flagAnswers));
    if (code === 0 && removed && !opts.json) {
      const { buildModel, renderRemoveKeyHint, printedBinName } = await pipeline();
      const property = removed.property ?? removed.env.toLowerCase();
      process.stdout.write(`\n${renderRemoveKeyHint(buildModel(mergeAnswers(answers, opts.flagAnswers)), removed.env, property, printedBinName(opts.vaultBin, process.env))}`);
    }
    return code;
  } else if (command === 'set-mode') {
    const [mode] = one(command, opts.positionals, 1);
    answers = setMode(answers, mode!, opts.flagAnswers.justification as string | undefined);
  } else {
    one(command, opts.positionals, 0);
  }
  // Flags for answer fields (e.g. --namespace) still apply on top, as in a first run.
  return runGenerate({ ...opts, flagAnswers: {} }, target, mergeAnswers(answers, withoutJustification(opts.flagAnswers, command)), command);
}

function withoutJustification(flags: Record<string, unknown>, command: EditCommand): Record<string, unknown> {
  if (command !== 'set-mode') return flags;
  const { justification: _j, ...rest } = flags;
  return rest;
}

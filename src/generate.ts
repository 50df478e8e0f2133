// One generation run, after the answers are validated: render → plan against disk → settle
// conflicts → atomic write → report. Called by the plop action (generators/plopfile.ts).
import { join } from 'node:path';
import { CancelledError, ConflictError } from './errors.js';
import { answersOf, buildModel, withOverlayNamespaces, type Model } from './model.js';
import { detectOverlays } from './answers/detect.js';
import type { RenderedFile } from './render/types.js';
import { identifierCollisions } from './render/identifiers.js';
import { renderAll } from './render/index.js';
import { cancellable, withInterruptsDeferred } from './ui/cancel.js';
import { paint, type IO } from './ui/output.js';
import { applyPlan, removeStaleTemps } from './write/apply.js';
import { atExistingKustomizations } from './write/kustomizationPaths.js';
import { withLock } from './write/lock.js';
import { unifiedDiff } from './write/diff.js';
import { MANIFEST_PATH, parseManifest, renderManifest, type FileRecord, type Manifest } from './write/manifest.js';
import { planFiles, planManifest, planStale, type PlannedFile } from './write/plan.js';
import { VERSION } from './version.js';
import { readTextFileOrNull } from './write/safeFile.js';

export interface GenerateOptions {
  target: string;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  /** Settles one conflict instead of the terminal prompt (after its diff is shown); tests use it. */
  choose?: (f: PlannedFile) => Promise<'skip' | 'overwrite' | 'abort'>;
}

/** Far above any manifest (200 keys and their hashes are ~40 KB); checked before reading. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** null when there is none; a symlink, device or oversized file is refused (never read, never replaced). */
export function readManifest(target: string): Manifest | null {
  const text = readTextFileOrNull(join(target, MANIFEST_PATH), MANIFEST_PATH, MAX_MANIFEST_BYTES);
  return text === null ? null : parseManifest(text);
}

/** Every rendered (and no-longer-rendered) file against the disk, without the manifest. */
function planFileEntries(model: Model, target: string, previous: Manifest | null): PlannedFile[] {
  const files = atExistingKustomizations(renderAll(model), target);
  // A re-run with the recorded answers (plain re-runs, update) renders them once, not twice.
  const same = previous !== null && JSON.stringify(previous.answers) === JSON.stringify(answersOf(model));
  const ctx = { target, app: model.app, previous, base: same ? new Map(files.map((f) => [f.path, f])) : previousRender(previous, target) };
  return [...planFiles(files, ctx), ...planStale(files, ctx)];
}

/** The manifest joins the plan last, recording the hashes of what the other entries leave on disk. */
function withManifest(model: Model, target: string, entries: PlannedFile[]): PlannedFile[] {
  const records: Record<string, FileRecord> = {};
  // Every record is the hash of our render for the answers this manifest records, whatever is on
  // disk: a kept or merged file differs from it, so the next run sees the user's edit there, and a
  // kept file is neither asked about again nor overwritten until our render of those lines changes.
  for (const f of entries) if (f.record) records[f.path] = f.record;
  return [...entries, planManifest(target, renderManifest(model, VERSION, records))];
}

/** The full plan: every rendered file plus the manifest recording their hashes. */
export function planGeneration(model: Model, target: string, previous: Manifest | null): PlannedFile[] {
  return withManifest(model, target, planFileEntries(model, target, previous));
}

/** The model as the target's existing overlays deploy it (an overlay's own namespace: withOverlayNamespaces). */
export function asDeployed(m: Model, target: string): Model {
  if (m.layout !== 'kustomize' || m.environments.every((e) => e.given.namespace !== undefined)) return m;
  return withOverlayNamespaces(m, detectOverlays(target, m.deployDir));
}

/** What we rendered last time, re-rendered from the recorded answers (null if they no longer validate). */
function previousRender(previous: Manifest | null, target: string): Map<string, RenderedFile> | null {
  if (!previous) return null;
  try {
    return new Map(atExistingKustomizations(renderAll(asDeployed(buildModel(previous.answers), target)), target).map((f) => [f.path, f]));
  } catch {
    return null;
  }
}


/** Conflicts: --force overwrites, a person chooses per file (after seeing the diff), CI refuses. */
async function settleConflicts(plan: PlannedFile[], opts: GenerateOptions, io: IO): Promise<PlannedFile[]> {
  const conflicts = plan.filter((f) => f.action === 'conflict');
  if (conflicts.length === 0) return plan;
  const c = paint(io);
  const overwrite = (f: PlannedFile): PlannedFile => ({ ...f, action: f.remove ? 'delete' : 'update' });
  if (opts.force) return plan.map((f) => (f.action === 'conflict' ? overwrite(f) : f));
  if (!io.interactive || opts.dryRun) {
    if (opts.dryRun) return plan;
    const list = conflicts.map((f) => `${f.path} (${f.reason})`).join(', ');
    throw new ConflictError(`refusing to overwrite ${list}; review with --dry-run, then re-run with --force to overwrite`, conflicts.map((f) => f.path));
  }
  const choose = opts.choose ?? (await promptChoice());
  const out: PlannedFile[] = [];
  for (const f of plan) {
    if (f.action !== 'conflict') {
      out.push(f);
      continue;
    }
    io.stderr.write(`\n${c.yellow('!')} ${c.bold(f.path)} ${f.reason}. Changes create-mosaic-secrets would make:\n`);
    io.stderr.write(`${unifiedDiff(f.path, f.current ?? '', f.next, io.color)}\n`);
    const choice = await choose(f);
    if (choice === 'abort') throw new CancelledError();
    out.push(choice === 'overwrite' ? overwrite(f) : { ...f, action: 'unchanged', kept: true, reason: 'kept your version' });
  }
  return out;
}

/** The terminal prompt at a conflict (inquirer loads only when a person has one to settle). */
async function promptChoice(): Promise<NonNullable<GenerateOptions['choose']>> {
  const { select } = await import('@inquirer/prompts');
  return (f) =>
    cancellable(
      select({
        message: `${f.path}: what now?`,
        default: 'skip' as const,
        choices: [
          { name: 'keep my file (skip)', value: 'skip' as const },
          { name: f.remove ? 'delete it' : 'overwrite with the generated version', value: 'overwrite' as const },
          { name: 'abort without writing anything', value: 'abort' as const },
        ],
      }),
    );
}

export interface GenerateResult {
  plan: PlannedFile[];
  written: boolean;
}

/** A writing run holds the target's lock from reading the manifest to publishing the last file. */
export async function generate(model: Model, opts: GenerateOptions, io: IO): Promise<GenerateResult> {
  if (opts.dryRun) return generateHere(model, opts, io);
  return withLock(opts.target, 'generate', io.stderr, () => generateHere(model, opts, io));
}

async function generateHere(model: Model, opts: GenerateOptions, io: IO): Promise<GenerateResult> {
  const note = identifierCollisions(model);
  if (note && !model.warnings.includes(note)) model.warnings.push(note);
  const previous = readManifest(opts.target);
  // The manifest is planned after conflicts are settled (an overwritten or deleted file's entry follows).
  const settled = await settleConflicts(planFileEntries(model, opts.target, previous), opts, io);
  const plan = withManifest(model, opts.target, settled);
  if (!opts.dryRun) removeStaleTemps(opts.target, plan);
  if (!opts.dryRun) await withInterruptsDeferred(() => applyPlan(opts.target, plan), 'Interrupted: the files were written completely; stopped before the Vault step.');
  report(model, plan, opts, io);
  return { plan, written: !opts.dryRun };
}

/** The plan as --json prints it (paths and actions; never contents). */
export function planJson(model: Model, plan: PlannedFile[], opts: GenerateOptions): object {
  const files = plan.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) }));
  return { target: opts.target, dryRun: opts.dryRun, files, warnings: model.warnings };
}

function report(model: Model, plan: PlannedFile[], opts: GenerateOptions, io: IO): void {
  if (opts.json) return; // the caller prints planJson() with the rest of the run's result
  const c = paint(io);
  const mark: Record<PlannedFile['action'], string> = {
    create: c.green('create   '),
    update: c.cyan('update   '),
    unchanged: c.dim('unchanged'),
    conflict: c.yellow('conflict '),
    delete: c.red('delete   '),
  };
  io.stdout.write(opts.dryRun ? `Plan for ${opts.target} (dry run, nothing written):\n` : `${c.bold('create-mosaic-secrets')} → ${opts.target}\n`);
  for (const f of plan) io.stdout.write(`  ${mark[f.action]} ${f.path}${f.reason ? c.dim(` (${f.reason})`) : ''}\n`);
  for (const w of model.warnings) io.stderr.write(`${c.yellow('warning')} ${w}\n`);
  if (!opts.dryRun && plan.every((f) => f.action === 'unchanged')) io.stdout.write('Everything is up to date.\n');
}

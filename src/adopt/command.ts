// `create-mosaic-secrets adopt [dir]`: read an existing app, propose the answers (table), let the
// user confirm or edit them (or write them with --answers-out), then run the normal generator.
import { existsSync, lstatSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readRepoText } from '../check/fix/read.js';
import { MANIFEST_PATH as MANIFEST } from '../write/manifestPath.js';
import { readRegularFile, refusalText, writeFileSafe } from '../write/safeFile.js';
import { reviewProposal } from './review.js';
import { buildModel } from '../model.js';
import { withLock } from '../write/lock.js';
import { parseFlags } from '../answers/flags.js';
import { runGenerate } from '../run.js';
import { check, formatReport } from '../check/index.js';
import { planFixes, applyFixes } from '../check/fix/index.js';
import { readManifest } from '../generate.js';
import { loadEnvFile } from '../vault/envFile.js';
import { cancellable } from '../ui/cancel.js';
import { runVaultStep } from '../vault/step.js';
import mri from 'mri';
import { UsageError } from '../errors.js';
import type { Answers } from '../model.js';
import { answersOf, propose, type Proposal } from './propose.js';
import { answersYaml, proposalTable } from './report.js';

export const ADOPT_HELP = `Usage: create-mosaic-secrets adopt [dir] [options]

Bring an existing app under the Mosaic secrets policy in one reviewed step. adopt reads the app
(default: the current directory) and proposes the answers: every env var the code and deploy files
read, with file:line evidence (TypeScript/JavaScript process.env, destructuring, zod/t3-env
schemas; Python os.environ, os.getenv, pydantic BaseSettings with env_prefix and aliases; Go
os.Getenv, os.LookupEnv, envconfig/env struct tags; compose environment:, k8s and Helm env,
.env.example), each classified secret or config with its default and the reason; the app name,
namespace (from manifests), languages, deploy layout and mode (Direct-Vault only when the code
already uses a Vault dynamic engine). It shows the proposal as a table to confirm or edit, then runs
the generator on it. Values in .env files are never read into the proposal, only names.

Options:
      --answers-out <file>   write the proposed answers (with evidence comments) to <file>
  -y, --yes                  accept the proposal without prompts (no terminal: the same)
      --no-generate          stop after the proposal (with --answers-out: just write the file)
      --app <name>           override the detected app name
      --namespace <ns>       override (or supply) the namespace
      --justification <text> override the derived Direct-Vault justification
      --ci <system>          github | woodpecker | gitlab | none (default: detected from the repo):
                             a CI step running check pinned to this version, and a pre-commit hook
      --hooks-repo <url>     a fork or mirror serving this tool's .pre-commit-hooks.yaml for the pre-commit
                             entry (default: a repo: local hook running the pinned npx check)
      --env-file <file>      a .env holding the current values (default: the app's .env or deploy/.env)
      --vault-write          write the secrets that file holds to Vault through the Vault step (values on
                             stdin only, check-and-set; never on screen, argv or disk); default: ask
      --vault-bin <bin>      vault (default) or bao
      --delete-env-file      delete that .env once its values are in Vault (default: keep it, git-ignored)
      --dry-run              show the proposal and the generator's plan, write nothing
      --force                let the generator overwrite files edited since it generated them
      --no-color             plain output
  -h, --help                 show this help

Exit status: 0 adopted, 1 refused (conflict), 2 bad input (e.g. no namespace found), 130 cancelled.
`;

export interface AdoptIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  interactive: boolean;
}

export interface AdoptOptions {
  dir: string;
  answersOut?: string;
  yes: boolean;
  generate: boolean;
  dryRun: boolean;
  force: boolean;
  color: boolean;
  overrides: { app?: string; namespace?: string; justification?: string; ci?: string; hooksRepo?: string };
  /** The .env whose values go to Vault (default: the app's local .env, if any). */
  envFile?: string;
  /** undefined: ask (interactive) / no (otherwise). */
  vaultWrite?: boolean;
  vaultBin?: string;
  /** After the values are in Vault, delete the .env (default: keep it, git-ignored, for local dev). */
  deleteEnvFile: boolean;
}

export function parseAdoptArgs(argv: string[]): AdoptOptions | 'help' {
  const args = mri(argv, {
    string: ['answers-out', 'app', 'namespace', 'justification', 'ci', 'hooks-repo', 'env-file', 'vault-bin'],
    boolean: ['yes', 'help', 'generate', 'dry-run', 'force', 'color', 'vault-write', 'delete-env-file'],
    alias: { y: 'yes', h: 'help', 'answers-out': [], app: [], namespace: [], justification: [], ci: [], 'hooks-repo': [], generate: [], 'dry-run': [], force: [], color: [], 'vault-write': [], 'delete-env-file': [], 'env-file': [], 'vault-bin': [] } as Record<string, string | string[]>,
    unknown: (flag: string) => {
      throw new UsageError(`adopt: unknown option ${flag} (see create-mosaic-secrets adopt --help)`);
    },
  }) as Record<string, unknown> & { _: string[] };
  if (args['help']) return 'help';
  const one = (k: string): string | undefined => {
    const v = args[k];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) throw new UsageError(`--${k}: given more than once`);
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${k}: needs a value`);
    return v;
  };
  if (args._.length > 1) throw new UsageError(`adopt: ${args._[1]}: unexpected argument (one app directory)`);
  const overrides: AdoptOptions['overrides'] = {};
  for (const k of ['app', 'namespace', 'justification', 'ci'] as const) {
    const v = one(k);
    if (v !== undefined) overrides[k] = v;
  }
  const hooks = one('hooks-repo');
  if (hooks !== undefined) overrides.hooksRepo = hooks;
  const out = one('answers-out');
  const envFile = one('env-file');
  const vaultBin = one('vault-bin');
  return {
    ...(envFile ? { envFile } : {}),
    ...(vaultBin ? { vaultBin } : {}),
    ...(args['vault-write'] === undefined ? {} : { vaultWrite: args['vault-write'] === true }),
    deleteEnvFile: args['delete-env-file'] === true,
    dir: resolve(String(args._[0] ?? '.')),
    ...(out ? { answersOut: out } : {}),
    yes: args['yes'] === true,
    generate: args['generate'] !== false,
    dryRun: args['dry-run'] === true,
    force: args['force'] === true,
    color: args['color'] !== false,
    overrides,
  };
}

/** Write the answers file beside nothing we own: atomic, refusing symlinks and directories (safeFile). */
async function writeAnswersFile(path: string, content: string): Promise<void> {
  const abs = resolve(path);
  const current = readRegularFile(abs, { maxBytes: MAX_ANSWERS_BYTES });
  if (!current.ok && current.reason !== 'missing') throw new UsageError(`--answers-out: ${path} ${refusalText(current, MAX_ANSWERS_BYTES)}; refusing to write there`);
  if (current.ok && current.data.toString('utf8') === content) return;
  writeFileSafe(abs, content, { display: `--answers-out: ${path}` });
}

/** An answers file is a few KiB; a larger file at --answers-out is not one we wrote. */
const MAX_ANSWERS_BYTES = 1 << 20;

export async function runAdopt(opts: AdoptOptions, io: AdoptIo): Promise<number> {
  if (!existsSync(opts.dir) || !statSync(opts.dir).isDirectory()) throw new UsageError(`adopt: ${opts.dir} is not a directory`);
  const proposal = propose(opts.dir);
  let answers = answersOf(proposal, opts.overrides);
  const interactive = io.interactive && !opts.yes;
  io.stdout.write(proposalTable({ ...proposal, dir: relative(process.cwd(), opts.dir) || '.' }, answers));
  if (interactive) {
    answers = await reviewProposal(proposal, answers);
  }
  if (!answers.namespace) throw new UsageError('namespace: no manifest declares one (pass --namespace)');
  // The same schema as every other source: a proposal the generator would refuse fails here, named.
  buildModel(answers);
  const text = opts.answersOut ? answersYaml(proposal, answers) : '';
  if (opts.dryRun) {
    if (opts.answersOut) io.stdout.write(`\n--- ${opts.answersOut} (dry run: not written)\n${text}`);
    return opts.generate ? generateFixAndStore(opts, io, answers, interactive) : 0;
  }
  const writes = async (): Promise<number> => {
    if (opts.answersOut) {
      await writeAnswersFile(opts.answersOut, text);
      io.stdout.write(`\nwrote the answers to ${opts.answersOut}\n`);
    }
    return opts.generate ? generateFixAndStore(opts, io, answers, interactive) : 0;
  };
  // One lock over everything adopt writes in the app (the answers file there, the generator, the
  // fixes, the .env step): no other run writes in between (the generator takes it again inside,
  // which a holder may). An answers file outside the app alone needs no lock on it.
  const inApp = opts.answersOut !== undefined && !relative(resolve(opts.dir), resolve(opts.answersOut)).startsWith('..');
  if (!opts.generate && !inApp) return writes();
  return withLock(opts.dir, 'adopt', io.stderr, writes);
}

/** The generator step, then (unless a dry run) check --fix and the .env values to Vault. */
async function generateFixAndStore(opts: AdoptOptions, io: AdoptIo, answers: Answers, interactive: boolean): Promise<number> {
  io.stdout.write('\n');
  const flags = parseFlags([...(opts.yes || !interactive ? ['--yes'] : []), ...(opts.dryRun ? ['--dry-run'] : []), ...(opts.force ? ['--force'] : []), ...(opts.color ? [] : ['--no-color']), '--no-vault-write']);
  const aside = opts.dryRun ? null : takeOverEnvExample(opts.dir, answers, io);
  let code: number;
  try {
    code = await runGenerate(flags, opts.dir, answers as Record<string, unknown>);
  } catch (e) {
    aside?.restore();
    throw e;
  }
  if (code !== 0) {
    aside?.restore();
    return code;
  }
  aside?.done();
  if (opts.dryRun) {
    io.stdout.write('\n(dry run: check --fix runs after a real adopt; nothing was written)\n');
    return 0;
  }
  return fixAndReport(opts, io);
}

/** adopt ends like `check --fix`: the safe rewrites as a diff, then what is left for the user. */
async function fixAndReport(opts: AdoptOptions, io: AdoptIo): Promise<number> {
  io.stdout.write('\ncheck --fix:\n');
  const found = await check([], { cwd: opts.dir });
  await applyFixes(planFixes(found.findings, opts.dir), opts.dir, { stdout: io.stdout, color: opts.color }, false);
  const left = await check([], { cwd: opts.dir });
  if (left.findings.length) {
    io.stdout.write(`\nstill to do by hand (create-mosaic-secrets check):\n${formatReport('text', left, opts.color)}`);
  } else io.stdout.write('✔ check: no findings\n');
  return envToVault(opts, io);
}

/**
 * Values that already exist: the secrets a local .env holds go to Vault through the normal Vault
 * step (stdin only, check-and-set; a path that has them already is left alone), then the file is
 * deleted or kept for local development (git-ignored). The file is read in memory only.
 */
async function envToVault(opts: AdoptOptions, io: AdoptIo): Promise<number> {
  const candidates = opts.envFile ? [opts.envFile] : ['.env', 'deploy/.env'];
  const found = candidates.map((p) => resolve(opts.dir, p)).find((p) => existsSync(p) && lstatSync(p).isFile());
  if (!found) {
    if (opts.envFile) throw new UsageError(`--env-file: ${opts.envFile} is not a regular file`);
    return 0;
  }
  const rel = relative(opts.dir, found);
  const manifest = readManifest(opts.dir);
  if (!manifest) return 0;
  const model = buildModel(manifest.answers);
  const held = loadEnvFile(model, found);
  const names = model.secrets.filter((k) => held.has(k.property)).map((k) => k.env);
  held.clear();
  if (names.length === 0) return 0;
  const interactive = io.interactive && !opts.yes;
  let write = opts.vaultWrite;
  if (write === undefined && interactive) {
    const { confirm } = await import('@inquirer/prompts');
    write = await cancellable(confirm({ message: `${rel} holds ${names.join(', ')}. Write them to Vault ${model.vault.path} now (stdin only, check-and-set)?`, default: true }));
  }
  if (!write) {
    io.stdout.write(`\n${rel} holds values of ${names.join(', ')}: move them to Vault with  npx create-mosaic-secrets adopt --vault-write --env-file ${rel}\n`);
    return 0;
  }
  // Only the keys the file holds: the others are written later (README "Provisioning").
  const result = await runVaultStep(
    { ...model, secrets: model.secrets.filter((k) => names.includes(k.env)) },
    { write: true, envFile: found, ...(opts.vaultBin ? { vaultBin: opts.vaultBin } : {}) },
    { interactive, stdout: io.stdout, stderr: io.stderr },
  );
  if (result.status !== 'written' && result.status !== 'unchanged') return 1;
  let remove = opts.deleteEnvFile;
  if (!remove && interactive) {
    const { select } = await import('@inquirer/prompts');
    remove = (await cancellable(select({ message: `The values are in Vault. ${rel}:`, choices: [{ name: 'Keep it for local development (git-ignored)', value: 'keep' }, { name: 'Delete it', value: 'delete' }] }))) === 'delete';
  }
  if (remove) {
    rmSync(found);
    io.stdout.write(`deleted ${rel} (its values are in Vault ${model.vault.path})\n`);
  } else io.stdout.write(`kept ${rel} for local development (keep it git-ignored: check flags it otherwise)\n`);
  return 0;
}

/**
 * The app's own `.env.example` would be a conflict for the generator (a file it did not write).
 * When every name it lists is in the answers, the generated one says everything it said (names,
 * now with descriptions), so adopt takes it over: moved aside, restored if generating fails.
 * A name the answers lack means the user dropped it on purpose or it is not the app's; then the
 * generator's conflict report stands and the user decides.
 */
function takeOverEnvExample(dir: string, answers: Answers, io: AdoptIo): { restore(): void; done(): void } | null {
  const path = join(dir, '.env.example');
  if (existsSync(join(dir, MANIFEST))) return null;
  const text = readRepoText(dir, '.env.example', (m) => io.stdout.write(`note: ${m}\n`));
  if (text === null) return null;
  const names = [...text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Z_][A-Z0-9_]*)[ \t]*=/gm)].map((m) => m[1]!);
  const known = new Set([...(answers.secrets ?? []).map((s) => s.env), ...(answers.config ?? []).map((c) => c.env)]);
  if (names.some((n) => !known.has(n))) return null;
  const moved = join(dir, `.env.example.adopt-${process.pid}.tmp`);
  renameSync(path, moved);
  io.stdout.write(`.env.example: its ${names.length} names are all in the answers; replacing it with the generated one (review with git diff)\n`);
  return {
    restore: () => {
      if (existsSync(path)) return;
      renameSync(moved, path);
    },
    done: () => rmSync(moved, { force: true }),
  };
}

export type { Proposal, Answers };

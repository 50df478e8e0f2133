// argv → command. --help and --version answer before anything heavy is imported; prompts come
// before the generator stack (node-plop, yaml merge) is loaded.
import { resolve } from 'node:path';
import { exitCodeOf, UsageError } from './errors.js';
import { VERSION } from './version.js';

const SUBCOMMANDS = ['check'] as const;
// Kept here, not imported from edit.ts, so dispatch loads nothing heavy (edit.ts checks it is the same list).
const EDIT_COMMANDS = ['add-key', 'remove-key', 'set-mode', 'update'] as const;

async function helpText(): Promise<string> {
  const { ANSWER_FLAGS } = await import('./answers/flags.js');
  const pad = (s: string) => s.padEnd(30);
  const answerLines = Object.entries(ANSWER_FLAGS)
    .map(([flag, spec]) => `  ${pad(`--${flag} <value>`)}${spec.help} [${spec.field}]`)
    .join('\n');
  return `create-mosaic-secrets ${VERSION}
Scaffold the files the Mosaic secrets policy requires for an app: ExternalSecret, Deployment env via
secretKeyRef, startup validators, README "Secrets architecture" section, .env.example.

Usage:
  create-mosaic-secrets [target-dir] [options]      generate or update (default target: .)
  create-mosaic-secrets add-key <ENV> [--description T] [--min-length N] [--property p]
  create-mosaic-secrets add-key <ENV> --config --default V --reason T [--type int|bool|enum|string] [--values-list a,b]
  create-mosaic-secrets remove-key <ENV>
  create-mosaic-secrets set-mode <eso|direct-vault> [--justification T]
  create-mosaic-secrets update                      re-render everything from .mosaic-secrets.yaml
                                                    (these edit .mosaic-secrets.yaml in --dir DIR, default .,
                                                    then re-render; your edits are merged, not overwritten)
  create-mosaic-secrets check [paths...] [options]  audit a repo against the policy (check --help)

Answers (prompted for when missing and a terminal is attached; field name in brackets):
${answerLines}
  ${pad('-a, --answers <file>')}YAML/JSON answers file (see README "Answers file")

Run:
  ${pad('-y, --yes')}never prompt; missing required answers are an error
  ${pad('--dry-run')}print the plan (create/update/unchanged/conflict), write nothing
  ${pad('--json')}print the plan as JSON on stdout (implies no prompts)
  ${pad('--force')}overwrite files edited since they were generated
  ${pad('--no-color')}plain output

Vault (optional last step; values never go to argv, logs or disk):
  ${pad('--vault-write / --no-vault-write')}write the secrets to Vault after rendering (default: ask; no without a terminal)
  ${pad('--vault-bin <vault|bao>')}CLI to run (default vault, or bao when only bao is on PATH)
  ${pad('--vault-overwrite')}replace values already in Vault (asks when interactive; --force never does)
  ${pad('--from-env')}read each value from the environment variable of the same name
  ${pad('--values <file>')}read values from a JSON/YAML file (never copied)
  ${pad('--generate <KEY,...|all>')}generate random values for these keys (never shown)
  ${pad('--print-vault-commands')}print the provisioning commands with placeholders and exit

  ${pad('-h, --help')}this help
  ${pad('-v, --version')}print the version

Exit codes: 0 ok, 1 failure or refused overwrite, 2 bad input, 130 cancelled.
`;
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    process.stdout.write(await helpText());
    return 0;
  }
  if (first && (SUBCOMMANDS as readonly string[]).includes(first)) {
    const { checkCommand } = await import('./check/index.js');
    return checkCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr });
  }
  const { parseFlags } = await import('./answers/flags.js');
  const edit = EDIT_COMMANDS.find((c) => c === first);
  if (edit) {
    const opts = parseFlags(argv.slice(1), { subcommand: edit });
    if (opts.help) {
      process.stdout.write(await helpText());
      return 0;
    }
    const { runEdit } = await import('./edit.js');
    return runEdit(edit, opts);
  }
  const opts = parseFlags(argv);
  if (opts.help) {
    process.stdout.write(await helpText());
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { runGenerate } = await import('./run.js');
  return runGenerate(opts, resolve(opts.target ?? '.'));
}

function fail(err: unknown): number {
  const code = exitCodeOf(err);
  if (code === 130) {
    process.stderr.write(`${err instanceof Error ? err.message : 'Operation cancelled.'}\n`);
    return 130;
  }
  const msg = err instanceof Error ? err.message : String(err);
  const label = err instanceof UsageError ? 'error' : err instanceof Error && err.name !== 'Error' ? err.name.replace(/Error$/, '').toLowerCase() : 'error';
  process.stderr.write(`create-mosaic-secrets: ${label}: ${msg}\n`);
  if (err instanceof Error && 'hint' in err && typeof err.hint === 'string' && err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  if (process.env.MOSAIC_DEBUG && err instanceof Error && !(err instanceof UsageError)) process.stderr.write(`${err.stack}\n`);
  return code;
}

// `create-mosaic-secrets … | head`: a reader that goes away is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = fail(err);
  },
);

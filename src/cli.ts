// The program: argv → command. The published bin (src/launch/bin.ts) answers a leading --help or
// --version itself and loads this (bundled) only for real work. Commands import what they need
// lazily: prompts come before the generator stack (node-plop, yaml merge) is evaluated.
import { resolve } from 'node:path';
import { parseFlags } from './answers/flags.js';
import { ADOPT_COMMAND, isEditCommand, SUBCOMMANDS } from './commands.js';
import { exitCodeOf, UsageError } from './errors.js';
import { commandHelpText, helpText } from './help.js';
import { exitQuietlyOnEpipe } from './ui/epipe.js';
import { VERSION } from './version.js';
import { runEdit } from './edit.js';
import { runGenerate } from './run.js';
import { printable } from './ui/printable.js';
import { personAtTerminal } from './ui/terminal.js';


export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (!(first && (SUBCOMMANDS as readonly string[]).includes(first))) exitQuietlyOnEpipe();
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    process.stdout.write(helpText());
    return 0;
  }
  if (first && (SUBCOMMANDS as readonly string[]).includes(first)) {
    const { checkCommand } = await import('./check/index.js');
    // A report piped into `head` ends quietly when the reader goes away.
    return checkCommand(argv.slice(1), {
      get stdout() {
        exitQuietlyOnEpipe();
        return process.stdout;
      },
      get stderr() {
        return process.stderr;
      },
    });
  }
  if (first === ADOPT_COMMAND) {
    const { parseAdoptArgs, runAdopt, ADOPT_HELP } = await import('./adopt/command.js');
    const opts = parseAdoptArgs(argv.slice(1));
    if (opts === 'help') {
      process.stdout.write(ADOPT_HELP);
      return 0;
    }
    return runAdopt(opts, { stdout: process.stdout, stderr: process.stderr, interactive: personAtTerminal() });
  }
  const edit = isEditCommand(first) ? first : undefined;
  if (edit) {
    const opts = parseFlags(argv.slice(1), { subcommand: edit });
    if (opts.help) {
      process.stdout.write(commandHelpText(edit));
      return 0;
    }
    return runEdit(edit, opts);
  }
  const opts = parseFlags(argv);
  if (opts.help) {
    process.stdout.write(helpText());
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return runGenerate(opts, resolve(opts.target ?? '.'));
}

function fail(err: unknown): number {
  const code = exitCodeOf(err);
  if (code === 130) {
    process.stderr.write(`${err instanceof Error ? err.message : 'Operation cancelled.'}\n`);
    return 130;
  }
  const msg = printable(err instanceof Error ? err.message : String(err)); // may quote a hostile answer or file name
  const label = err instanceof UsageError ? 'error' : err instanceof Error && err.name !== 'Error' ? err.name.replace(/Error$/, '').toLowerCase() : 'error';
  process.stderr.write(`create-mosaic-secrets: ${label}: ${msg}\n`);
  if (err instanceof Error && 'hint' in err && typeof err.hint === 'string' && err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  if (process.env.MOSAIC_DEBUG && err instanceof Error && !(err instanceof UsageError)) process.stderr.write(`${err.stack}\n`);
  return code;
}

/**
 * Exit once the output is out: left to itself, Node tears down the environment and the V8 heap
 * before it exits (~3 ms of a render). A zero-length write completes after everything queued
 * before it (pipes are asynchronous on Windows), so nothing written is lost.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit();
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitWhenWritten, (err: unknown) => exitWhenWritten(fail(err)));

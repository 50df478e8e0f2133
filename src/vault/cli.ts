// Thin execa wrapper around the Vault/OpenBao CLI. Two promises it keeps:
//  - secret values never reach argv: they only ever travel on stdin (a guard refuses otherwise);
//  - every text we surface from the CLI (stdout, stderr, error messages) is redacted first.
// The token is never passed either: the CLI reads VAULT_TOKEN/BAO_TOKEN or its token helper itself.
import { execa } from 'execa';
import { VaultError } from '../errors.js';
import type { Env, VaultBin } from './bin.js';
import { INSTALL_HINT } from './bin.js';

const REDACTED = '[REDACTED]';
/** Below this length a value is only redacted as a whole token, so "a" does not shred every message. */
const SHORT = 6;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Holds the secret values of this run (in memory only) and scrubs them from any text. */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string): void {
    if (value) {
      this.values.add(value);
      // The same value as it appears inside a JSON string (quotes, backslashes, unicode escapes).
      const json = JSON.stringify(value).slice(1, -1);
      if (json !== value) this.values.add(json);
    }
  }

  /** True when a command-line argument would carry a secret value (short values: exact match only). */
  leaks(arg: string): boolean {
    for (const v of this.values) if (arg === v || (v.length >= SHORT && arg.includes(v))) return true;
    return false;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a value that contains another is removed whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      out =
        v.length >= SHORT
          ? out.split(v).join(REDACTED)
          : out.replace(new RegExp(`(^|[^A-Za-z0-9])${escapeRe(v)}(?=$|[^A-Za-z0-9])`, 'g'), `$1${REDACTED}`);
    }
    return out;
  }
}

export interface CliResult {
  exitCode: number;
  /** Raw stdout: may hold values (e.g. `kv get`); parse it, never print it. */
  stdout: string;
  /** Redacted stderr. */
  stderr: string;
}

/** A VaultError that also carries what the CLI said (redacted) and its exit code. */
export class VaultCliError extends VaultError {
  constructor(
    message: string,
    step: string,
    hint: string,
    readonly cliExitCode: number | null,
    readonly stderr: string,
  ) {
    super(message, step, hint);
  }
}

/** The lines of a CLI error worth showing: Vault's `* reason` lines, else the last line. */
export function errorDetail(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Vault nests multierrors ("* 1 error occurred:" then "* permission denied"); keep the reasons.
  const reasons = lines.filter((l) => l.startsWith('* ') && !/^\* \d+ errors? occurred:?$/.test(l)).map((l) => l.slice(2));
  if (reasons.length) return reasons.join('; ');
  const code = lines.find((l) => /^Code: \d+/.test(l));
  return code ?? lines.at(-1) ?? '';
}

export interface RunOptions {
  /** Preflight/write step name, for errors. */
  step: string;
  /** Sent on stdin (the only way values leave this process). */
  input?: string;
}

export class VaultCli {
  constructor(
    readonly bin: VaultBin,
    private readonly env: Env,
    readonly redactor: Redactor,
  ) {}

  /** Run the CLI; a non-zero exit is returned, not thrown. Spawn failures throw a VaultError. */
  async run(args: string[], opts: RunOptions): Promise<CliResult> {
    for (const arg of args) {
      // Defence in depth: our code never builds arguments from values, and must never start to.
      if (this.redactor.leaks(arg)) throw new VaultError('refusing to pass a secret value as a command-line argument', opts.step);
    }
    const r = await execa(this.bin.command, args, {
      env: this.env,
      extendEnv: false,
      input: opts.input,
      // No stdin means the CLI can never sit waiting on a prompt.
      stdin: opts.input === undefined ? 'ignore' : undefined,
      reject: false,
      stripFinalNewline: false,
      timeout: 120_000,
      encoding: 'utf8',
    });
    if (r.failed && r.exitCode === undefined) {
      // Never use execa's message: it quotes the command and could grow to include more later.
      const missing = (r as { code?: string }).code === 'ENOENT';
      const what = r.timedOut ? 'timed out after 120 s' : missing ? 'was not found' : `could not run (${(r as { code?: string }).code ?? 'spawn error'})`;
      throw new VaultCliError(`${this.bin.name} ${what}`, opts.step, missing ? INSTALL_HINT : '', null, '');
    }
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: this.redactor.redact(String(r.stderr)) };
  }

  /** Build the error for a failed run: our sentence, then what the CLI said (redacted). */
  fail(res: CliResult, step: string, message: string, hint = ''): VaultCliError {
    const detail = errorDetail(res.stderr);
    return new VaultCliError(detail ? `${message} (${detail})` : message, step, hint, res.exitCode, res.stderr);
  }
}

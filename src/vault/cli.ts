// Thin execa wrapper around the Vault/OpenBao CLI. Two promises it keeps:
//  - secret values never reach argv: they only ever travel on stdin (a guard refuses any argument
//    built from input that carries one);
//  - every text we surface from the CLI (stdout, stderr, error messages) is redacted first.
// The token is never passed either: the CLI reads VAULT_TOKEN/BAO_TOKEN or its token helper itself.
import { execa } from 'execa';
import { VaultError } from '../errors.js';
import type { Env, VaultBin } from './bin.js';
import { INSTALL_HINT } from './bin.js';
import { errorDetail, VaultCliError, VaultCliInterrupted } from './cliError.js';

export { errorDetail, VaultCliError, VaultCliInterrupted };

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

export interface RunOptions {
  /** Preflight/write step name, for errors. */
  step: string;
  /** Sent on stdin (the only way values leave this process). */
  input?: string;
  /** Aborting it kills the CLI (Ctrl-C during the write). */
  cancelSignal?: AbortSignal;
}

/** Arguments our code writes as constants. With the model-derived ones they are never "user input". */
const FIXED_ARGS = new Set(['kv', 'put', 'patch', 'get', 'metadata', 'status', 'token', 'lookup', 'capabilities', 'read', 'secrets', 'list', '-format=json', '-method=patch', '-']);

export interface VaultCliOptions {
  /** Arguments built from the model (see args.ts), exempt from the argv guard. */
  trusted?: Iterable<string>;
  /** Per-command timeout (default 120 s). */
  timeoutMs?: number;
}

export class VaultCli {
  private readonly trusted: Set<string>;
  private readonly timeoutMs: number;

  constructor(
    readonly bin: VaultBin,
    private readonly env: Env,
    readonly redactor: Redactor,
    opts: VaultCliOptions = {},
  ) {
    this.trusted = new Set(opts.trusted ?? []);
    this.timeoutMs = opts.timeoutMs ?? 120_000;
  }

  /** Constants and model fields are ours; everything else counts as built from input and is checked. */
  private fromInput(arg: string): boolean {
    return !(FIXED_ARGS.has(arg) || /^-cas=\d+$/.test(arg) || this.trusted.has(arg));
  }

  /** Run the CLI; a non-zero exit is returned, not thrown. Spawn failures throw a VaultError. */
  async run(args: string[], opts: RunOptions): Promise<CliResult> {
    // Defence in depth: our code never builds arguments from values, and must never start to. Only
    // arguments built from input are checked (a value may well equal `kv` or the mount name), and
    // the message says nothing about which argument or value.
    if (args.some((arg) => this.fromInput(arg) && this.redactor.leaks(arg))) {
      throw new VaultError(`internal error: refusing to run ${this.bin.name} (argument check failed); nothing was sent`, opts.step, 'Please report this bug.');
    }
    const r = await execa(this.bin.command, args, {
      env: this.env,
      extendEnv: false,
      input: opts.input,
      // No stdin means the CLI can never sit waiting on a prompt.
      stdin: opts.input === undefined ? 'ignore' : undefined,
      reject: false,
      stripFinalNewline: false,
      timeout: this.timeoutMs,
      encoding: 'utf8',
      // NODE_DEBUG=execa would otherwise print the children's output (token lookup, kv get).
      verbose: 'none',
      ...(opts.cancelSignal ? { cancelSignal: opts.cancelSignal } : {}),
    });
    if (r.failed && r.exitCode === undefined) {
      // Never use execa's message: it quotes the command and could grow to include more later.
      const code = (r as { code?: string }).code;
      if (r.timedOut) throw new VaultCliInterrupted(`${this.bin.name} timed out after ${this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}`, opts.step);
      if (r.isCanceled || r.signal === 'SIGINT') throw new VaultCliInterrupted(`${this.bin.name} was interrupted`, opts.step);
      if (r.signal) throw new VaultCliInterrupted(`${this.bin.name} was killed (${r.signal})`, opts.step);
      const missing = code === 'ENOENT';
      const what = missing ? 'was not found' : `could not run (${code ?? 'spawn error'})`;
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

// Errors of the Vault CLI wrapper, apart from cli.ts so modules that only inspect them do not load
// execa (the wrapper is imported lazily, when a run really talks to Vault).
import { VaultError } from '../errors.js';

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

/**
 * The CLI was stopped before it reported back (timeout, Ctrl-C, a signal): for a write, whether it
 * reached Vault is unknown, and the caller must say so.
 */
export class VaultCliInterrupted extends VaultCliError {
  constructor(
    readonly what: string,
    step: string,
  ) {
    super(what, step, step === 'write' ? '' : 'Nothing was written; check the address and your network, then run again.', null, '');
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

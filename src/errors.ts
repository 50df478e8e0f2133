// Typed errors: each carries the exit code and the one line the user needs.

/** Bad input (answers, flags, file contents): exit 2, nothing written. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** A file the user changed would be overwritten; needs --force or an interactive yes. */
export class ConflictError extends Error {
  readonly exitCode = 1;
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly paths: string[],
  ) {
    super(message);
  }
}

/** Another run holds the target directory's lock: exit 1, nothing written. */
export class LockedError extends Error {
  readonly exitCode = 1;
  override name = 'LockedError';
}

/** The user pressed Ctrl-C or declined: exit 130 like a shell. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  override name = 'CancelledError';
  constructor(message = 'Operation cancelled; nothing written.') {
    super(message);
  }
}

/** A step of the Vault CLI failed; `hint` says what the user can do about it. */
export class VaultError extends Error {
  readonly exitCode = 1;
  override name = 'VaultError';
  constructor(
    message: string,
    readonly step: string,
    readonly hint = '',
  ) {
    super(message);
  }
}

export function exitCodeOf(err: unknown): number {
  if (err && typeof err === 'object' && 'exitCode' in err && typeof err.exitCode === 'number') return err.exitCode;
  return 1;
}

/**
 * The Vault step failed or was cancelled after it had written some environments' paths: the message
 * names what was written and what was not (exit 130 when cancelled, else 1), never "nothing was sent".
 */
export class PartialVaultWriteError extends Error {
  readonly exitCode: number;
  override name = 'VaultError'; // printed as "vault: …" like the step's other failures
  constructor(message: string, cancelled: boolean) {
    super(message);
    this.exitCode = cancelled ? 130 : 1;
  }
}


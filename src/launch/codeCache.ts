// Run the program bundle with V8's code cache. Most of a run's start-up is V8 parsing and compiling
// the ~850 KB bundle; Node 22 caches that itself (module.enableCompileCache), Node 20 does not, so
// the bin loads the bundle the way v8-compile-cache does: as a vm.Script with cachedData, and after
// a run that had no usable cache it stores script.createCachedData() for the next one. Measured on
// the 20-key render: ~150 ms → ~110 ms (`npm run bench`).
//
// The cache holds bytecode compiled from the bundle's source, never runtime values (a test greps it
// for a secret written during the run). Bytecode is code, so it is only read from a directory that
// the current user owns and nobody else can write to; anything unexpected means "run without it".
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';

/** What happened to the cache in this run (printed at exit under MOSAIC_DEBUG). */
export type CacheState = 'used' | 'written' | 'rewritten' | `off (${string})` | `not written (${string})`;

const DIR_NAME = 'create-mosaic-secrets';
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * The cache directory: $XDG_CACHE_HOME or ~/.cache (%LOCALAPPDATA% on Windows), then
 * create-mosaic-secrets/. `NODE_DISABLE_COMPILE_CACHE` (Node 22's switch for its own cache) turns it off.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | { off: string } {
  if (env.NODE_DISABLE_COMPILE_CACHE) return { off: 'NODE_DISABLE_COMPILE_CACHE is set' };
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, DIR_NAME);
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, DIR_NAME) : { off: 'no LOCALAPPDATA' };
  let home: string;
  try {
    home = homedir();
  } catch {
    return { off: 'no home directory' };
  }
  return home ? join(home, '.cache', DIR_NAME) : { off: 'no home directory' };
}

/** Only the current user may have written it (POSIX; Windows has per-user LOCALAPPDATA ACLs). */
function trusted(st: Stats): boolean {
  if (st.isSymbolicLink()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}

/** The cache file for this bundle on this Node: the bundle's name carries its content hash. */
export function cacheFileFor(bundle: string, dir: string): string {
  return join(dir, `${basename(bundle)}.${process.version}-${process.arch}.v8cache`);
}

function prepareDir(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    return st.isDirectory() && trusted(st) ? null : `${dir} is not a directory only this user can write`;
  } catch (e) {
    return `${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

function readTrusted(file: string): Buffer | undefined {
  try {
    const st = lstatSync(file);
    return st.isFile() && trusted(st) && st.size > 0 ? readFileSync(file) : undefined;
  } catch {
    return undefined; // no cache yet
  }
}

/** Atomically replace the cache file (temp + rename: a concurrent run reads the old one or the new one). */
function writeCache(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  // Caches of other versions (or other Node releases) nobody refreshed for a month.
  const dir = dirname(file);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p === file || !/\.v8cache$/.test(name)) continue;
    try {
      if (Date.now() - statSync(p).mtimeMs > STALE_MS) rmSync(p, { force: true });
    } catch {
      /* another run got there first */
    }
  }
}

/**
 * Evaluate a CommonJS bundle (as Node's CJS loader would: same wrapper, its own `require`), using
 * and refreshing the code cache. Exceptions from the program itself propagate unchanged.
 */
export function runBundle(bundle: string, env: NodeJS.ProcessEnv = process.env): void {
  const source = readFileSync(bundle, 'utf8');
  const where = cacheDirectory(env);
  const problem = typeof where === 'string' ? prepareDir(where) : where.off;
  const file = typeof where === 'string' && problem === null ? cacheFileFor(bundle, where) : null;
  const cachedData = file ? readTrusted(file) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    // import() of a file (node-plop's plopfile loading; we pass none) resolves as it would in a module.
    ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });

  let state: CacheState = file === null ? `off (${problem})` : cachedData && !script.cachedDataRejected ? 'used' : cachedData ? 'rewritten' : 'written';
  if (file !== null && state !== 'used') {
    // At exit, so the cache also holds every function this run compiled lazily, not just the top level.
    process.once('exit', () => {
      try {
        writeCache(file, script.createCachedData());
      } catch (e) {
        state = `not written (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
      }
    });
  }
  if (env.MOSAIC_DEBUG) process.once('exit', () => process.stderr.write(`create-mosaic-secrets: code cache ${state}${file ? `: ${file}` : ''}\n`));

  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

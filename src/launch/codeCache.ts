// Run the program bundle with V8's code cache. Most of a run's start-up is V8 parsing and compiling
// the ~850 KB bundle; Node 22 caches that itself (module.enableCompileCache), Node 20 does not, so
// the bin loads the bundle the way v8-compile-cache does: as a vm.Script with cachedData, and after
// a run that had no usable cache it stores script.createCachedData() for the next one. Measured on
// the 20-key render: ~155 ms → ~115 ms (`npm run bench`).
//
// A cache file is bytecode, i.e. code this process will run, and V8 itself checks little (source
// length, V8 version, flags), so:
//   - it lives in a directory only this user can change: every directory above it is owned by this
//     user or root and writable by nobody else (sticky ones like /tmp aside), checked OpenSSH-style;
//   - it is opened without following links and checked on the open handle (owner, mode, type);
//   - our own header carries SHA-256 of the exact source it was compiled from and of its bytes, so an
//     edited bundle or a damaged file is never handed to V8 (V8 would run or crash on it).
// It holds compiled code, never runtime values (a test greps it for secrets written during a run).
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, win32 } from 'node:path';
import * as vm from 'node:vm';
import { MILESTONE_HOOK, milestoneBit, type Milestone } from './milestone.js';

/** What happened to the cache in this run (printed at exit under MOSAIC_DEBUG). */
export type CacheState = string;


const DIR_NAME = 'create-mosaic-secrets';
const MAGIC = Buffer.from('MSCC\u0001', 'latin1');
const HEADER = MAGIC.length + 32 + 32 + 1;
const DAY = 24 * 3600 * 1000;
const STALE_MS = 30 * DAY;

/**
 * The cache directory: $XDG_CACHE_HOME or ~/.cache, then create-mosaic-secrets/ (on Windows
 * %LOCALAPPDATA%). `NODE_DISABLE_COMPILE_CACHE` (Node 22's switch for its own cache) turns it off.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | { off: string } {
  if (env.NODE_DISABLE_COMPILE_CACHE) return { off: 'NODE_DISABLE_COMPILE_CACHE is set' };
  if (platform === 'win32') return env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? win32.join(env.LOCALAPPDATA, DIR_NAME) : { off: 'no LOCALAPPDATA' };
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, DIR_NAME);
  let home = '';
  try {
    home = homedir();
  } catch {
    /* no home directory */
  }
  return home && isAbsolute(home) ? join(home, '.cache', DIR_NAME) : { off: 'no home directory' };
}

const uid = () => process.getuid?.();

/** This user's, and writable by nobody else (always true on Windows: LOCALAPPDATA is per-user by its ACLs). */
function onlyMine(st: fs.Stats): boolean {
  const me = uid();
  return me === undefined || (st.uid === me && (st.mode & 0o022) === 0);
}

/** Nobody but this user (or root, above it) can change this directory's entries. */
function ancestorProblem(dir: string, st: fs.Stats): string | null {
  const me = uid();
  if (me === undefined) return null; // Windows: LOCALAPPDATA is per-user by its ACLs
  if (st.uid !== me && st.uid !== 0) return `${dir} belongs to another user`;
  // Writable by group/others only if sticky (they cannot rename or replace what is not theirs).
  if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return `${dir} is writable by other users`;
  return null;
}

/**
 * Create the cache directory if needed (missing levels 0700) and check the whole chain; returns the
 * real path, or why the cache is not used. Checked after creating, so a directory someone else slipped
 * in between is caught.
 */
function secureDir(dir: string): { dir: string } | { problem: string } {
  try {
    const missing: string[] = [];
    let d = dir;
    while (!fs.existsSync(d)) {
      missing.unshift(d);
      if (dirname(d) === d) break;
      d = dirname(d);
    }
    // Never create a parent inside a directory that is not ours (e.g. `sudo` keeping $HOME).
    if (missing.length) {
      const parent = fs.statSync(dirname(missing[0]!));
      const me = uid();
      if (me !== undefined && parent.uid !== me && !(parent.mode & 0o1000)) return { problem: `${dirname(missing[0]!)} belongs to another user; not creating a cache there` };
    }
    for (const m of missing) {
      try {
        fs.mkdirSync(m, { mode: 0o700 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const real = fs.realpathSync(dir);
    const own = fs.lstatSync(real);
    if (!own.isDirectory()) return { problem: `${real} is not a directory` };
    if (!onlyMine(own)) return { problem: `${real} is not a directory only this user can write` };
    for (let p = dirname(real); ; p = dirname(p)) {
      const problem = ancestorProblem(p, fs.statSync(p));
      if (problem) return { problem };
      if (dirname(p) === p) break;
    }
    return { dir: real };
  } catch (e) {
    return { problem: `${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}

/** Read a cache file without following links, checking owner, mode and type on the open handle. */
function readTrusted(file: string): { data: Buffer; mtimeMs: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return null; // none yet, or a link
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !onlyMine(st)) return null;
    return { data: fs.readFileSync(fd), mtimeMs: st.mtimeMs };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

/** Our header: magic, SHA-256 of the source, SHA-256 of the V8 data, the milestones it covers. */
function pack(sourceHash: Buffer, data: Buffer, covers: number): Buffer {
  return Buffer.concat([MAGIC, sourceHash, sha256(data), Buffer.from([covers]), data]);
}

function unpack(raw: Buffer, sourceHash: Buffer): { data: Buffer; covers: number } | 'stale' | 'corrupt' {
  if (raw.length <= HEADER || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return 'corrupt';
  if (!raw.subarray(MAGIC.length, MAGIC.length + 32).equals(sourceHash)) return 'stale';
  const data = raw.subarray(HEADER);
  if (!raw.subarray(MAGIC.length + 32, MAGIC.length + 64).equals(sha256(data))) return 'corrupt';
  return { data, covers: raw[HEADER - 1]! };
}

/** Atomically replace the cache file: a private temp file, fsynced, renamed over it. */
function writeCache(file: string, contents: Buffer): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      fs.writeSync(fd, contents);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  // Other versions' caches nobody used for a month (a used one is touched daily), and temp files a
  // killed run left behind.
  const dir = dirname(file);
  for (const name of fs.readdirSync(dir)) {
    const p = join(dir, name);
    const ttl = name.endsWith('.v8cache') ? STALE_MS : name.endsWith('.tmp') ? DAY : 0;
    if (!ttl || p === file) continue;
    try {
      if (Date.now() - fs.lstatSync(p).mtimeMs > ttl) fs.rmSync(p, { force: true });
    } catch {
      /* another run got there first */
    }
  }
}

/**
 * The cache file for this bundle under this Node and these V8 flags (V8 rejects a cache made under
 * other flags; one file per combination keeps them from overwriting each other).
 */
export function cacheFileFor(bundle: string, dir: string, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string {
  const flags = createHash('sha256').update([...execArgv, nodeOptions].join('\0')).digest('hex').slice(0, 8);
  return join(dir, `${basename(bundle)}.${process.version}-${process.arch}-${flags}.v8cache`);
}

/**
 * Evaluate a CommonJS bundle as Node's CJS loader would (same wrapper, its own `require`), using and
 * refreshing the code cache. Exceptions from the program itself propagate unchanged.
 */
export function runBundle(bundle: string, env: NodeJS.ProcessEnv = process.env): void {
  const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'utf8')}\n})`;
  const where = cacheDirectory(env);
  const secured = typeof where === 'string' ? secureDir(where) : { problem: where.off };
  const file = 'dir' in secured ? cacheFileFor(bundle, secured.dir) : null;
  const sourceHash = file ? sha256(source) : Buffer.alloc(0);
  const raw = file ? readTrusted(file) : null;
  const found = raw ? unpack(raw.data, sourceHash) : null;
  const cached = found && typeof found === 'object' ? found : null;
  const importModuleDynamically = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(source, {
    filename: bundle,
    ...(cached ? { cachedData: cached.data } : {}),
    // import() of a file (node-plop's plopfile loading; we pass none) resolves as in a module.
    ...(importModuleDynamically ? { importModuleDynamically } : {}),
  });
  const used = cached !== null && !script.cachedDataRejected;
  let milestones = 0;
  (globalThis as Record<symbol, unknown>)[MILESTONE_HOOK] = (m: Milestone) => (milestones |= milestoneBit(m));

  let state: CacheState = !file
    ? `off (${'problem' in secured ? secured.problem : ''})`
    : used
      ? 'used'
      : !raw
        ? 'written'
        : `rewritten (${typeof found === 'string' ? found : 'rejected by V8'})`;

  if (file && used && Date.now() - raw!.mtimeMs > DAY) {
    try {
      fs.utimesSync(file, new Date(), new Date()); // in use: not stale
    } catch {
      /* read-only is fine */
    }
  }
  if (file) {
    // At exit, so the cache also holds every function this run compiled lazily; again whenever a run
    // got somewhere the cache's runs did not (see milestone.ts), so it grows to what is used.
    process.once('exit', () => {
      const covered = used ? cached!.covers : 0;
      if (used && (milestones & ~covered) === 0) return;
      if (used) state = 'used, extended';
      try {
        writeCache(file, pack(sourceHash, script.createCachedData(), covered | milestones));
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

// Single-file I/O on paths a repository controls. A clone can commit a symlink where we write
// (`.mosaic-secrets-baseline.json -> ../.bashrc`) or read (`README.md -> /dev/zero`), and an
// archive can hold devices and FIFOs, so: never follow a link, read only regular files and only
// up to a cap checked before reading, and replace a file by an atomic rename of a fresh temp file
// (O_EXCL | O_NOFOLLOW), never by writing into whatever the name points at.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A FIFO opened for reading without it would block until a writer appears. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export type RefusedRead = 'missing' | 'link' | 'not-regular' | 'too-large' | 'unreadable';

export type ReadResult = { ok: true; data: Buffer } | { ok: false; reason: RefusedRead; size?: number };

export interface ReadOptions {
  /** Files larger than this are refused without reading a byte of them. */
  maxBytes: number;
  /** Follow a symlink in the last component (an explicit path the user typed); default false. */
  followLinks?: boolean;
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a read was refused, as the tail of a one-line message ("README.md: is a symbolic link …"). */
export function refusalText(r: { reason: RefusedRead; size?: number }, maxBytes?: number): string {
  switch (r.reason) {
    case 'missing':
      return 'does not exist';
    case 'link':
      return 'is a symbolic link; not followed';
    case 'not-regular':
      return 'is not a regular file (a device, FIFO, socket or directory); not read';
    case 'too-large':
      return `is larger than ${maxBytes ?? 'the size limit'} bytes${r.size !== undefined ? ` (${r.size})` : ''}; not read`;
    default:
      return 'cannot be read';
  }
}

/**
 * The content of a regular file of at most `maxBytes`, or why not. lstat first, so a device or FIFO
 * is never even opened; open with O_NOFOLLOW | O_NONBLOCK and check the opened file again (it may
 * have been swapped since); read at most maxBytes + 1 bytes (it may be growing).
 */
export function readRegularFile(path: string, options: ReadOptions): ReadResult {
  const follow = options.followLinks === true;
  let before: Stats;
  try {
    before = follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
  }
  if (before.isSymbolicLink()) return { ok: false, reason: 'link' };
  if (!before.isFile()) return { ok: false, reason: 'not-regular' };
  if (before.size > options.maxBytes) return { ok: false, reason: 'too-large', size: before.size };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'link' };
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) return { ok: false, reason: 'not-regular' };
    if (st.size > options.maxBytes) return { ok: false, reason: 'too-large', size: st.size };
    const buf = Buffer.allocUnsafe(Math.min(st.size, options.maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        if (n > options.maxBytes) return { ok: false, reason: 'too-large', size: n };
        break; // exactly as large as stat said plus nothing: cannot happen without a grow, checked above
      }
    }
    return { ok: true, data: buf.subarray(0, n) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

/** Text of a regular file, or null when it does not exist; any other refusal is a UsageError naming `display`. */
export function readTextFileOrNull(path: string, display: string, maxBytes: number): string | null {
  const r = readRegularFile(path, { maxBytes });
  if (r.ok) return r.data.toString('utf8');
  if (r.reason === 'missing') return null;
  throw new UsageError(`${display}: ${refusalText(r, maxBytes)}`);
}

/**
 * Text of a file the user named on the command line (`--answers`, `--values`, `--env-file`): their
 * choice, so a symlink is followed, but it must still be a regular file under the cap — a path to
 * /dev/zero or a FIFO is refused before a byte is read. Errors are one line naming `display`.
 */
export function readNamedFile(path: string, display: string, maxBytes: number): string {
  const r = readRegularFile(path, { maxBytes, followLinks: true });
  if (r.ok) return r.data.toString('utf8');
  throw new UsageError(`${display}: ${path} ${refusalText(r, maxBytes)}`);
}

/** Like existsSync, but a symlink (even a dangling one) exists: it is not followed. */
export function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface WriteOptions {
  /**
   * The directory the repository's paths are relative to. Every component between it and the file
   * must be a real directory (not a symlink); missing ones are created. Paths outside it (an
   * absolute --output the user typed) have only their last component checked.
   */
  root?: string;
  /** Shown in errors instead of the absolute path. */
  display?: string;
  mode?: number;
}

function refuse(display: string, what: string): never {
  throw new UsageError(`${display}: ${what}; refusing to write there (nothing was written)`);
}

/** Creates the directories between `root` and `dir`, refusing any component that is a link or not a directory. */
function safeDirs(root: string, dir: string, display: string): void {
  const rel = relative(root, dir);
  if (rel === '' || rel.startsWith('..') || resolve(root, rel) !== dir) return;
  let d = root;
  for (const part of rel.split(sep)) {
    d = join(d, part);
    let st: Stats | null = null;
    try {
      st = lstatSync(d);
    } catch {
      try {
        mkdirSync(d);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      st = lstatSync(d);
    }
    if (st.isSymbolicLink()) refuse(display, `${relative(root, d) || '.'} is a symbolic link`);
    if (!st.isDirectory()) refuse(display, `${relative(root, d)} is not a directory`);
  }
}

/**
 * A fresh temp file beside the target, created with O_EXCL | O_NOFOLLOW, so a name that already
 * exists (a leftover, or one planted as a link) is never opened; another name is tried instead.
 * Named `.<file>.<12 hex>.tmp`, the form apply.ts recognises as a leftover. The random part only
 * avoids collisions (O_EXCL is the guarantee), so it comes from Math.random (V8 seeds it per
 * process from the OS) rather than node:crypto, whose load alone is ~8 ms of CPU for
 * `check --output` (a tenth of a run over 1,700 files).
 */
function createTemp(dir: string, base: string, mode: number): { tmp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const tmp = join(dir, `.${base}.${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0')}.tmp`);
    try {
      return { tmp, fd: openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Nine taken names in a row is no accident (something pre-creates them): say so, write nothing.
      if (attempt >= 8) throw new UsageError(`${dir}: cannot create a temporary file (every name tried is taken: is something creating .${base}.*.tmp files?)`);
    }
  }
}

/**
 * Write `content` to `path` atomically: a fresh temp file beside it (O_CREAT | O_EXCL | O_NOFOLLOW),
 * fsync, then rename over the target. Refuses when the target is a symlink or not a regular file,
 * or when a directory on the way from `root` is a symlink. The rename replaces the name itself, so
 * even a link planted after the check is replaced, never written through.
 */
export function writeFileSafe(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const abs = resolve(path);
  const display = options.display ?? abs;
  const dir = dirname(abs);
  if (options.root) safeDirs(resolve(options.root), dir, display);
  else mkdirSync(dir, { recursive: true });
  let mode = options.mode ?? 0o666;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) refuse(display, 'is a symbolic link');
    if (!st.isFile()) refuse(display, `is ${kindOf(st)}`);
    if (options.mode === undefined) mode = st.mode & 0o777;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    /* a new file */
  }
  const { tmp, fd } = createTemp(dir, basename(abs), mode);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, abs);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* some platforms cannot sync a directory; the data itself is synced */
  }
}

// One writing run at a time per target directory: `.mosaic-secrets.lock`, published complete by a hard
// link that fails if the name exists (like O_EXCL), names its holder (pid, host, start time, command)
// and is removed when the run ends, however it ends.
// A lock whose process is gone (same host, pid dead or reused) is stale and recovered; a lock held on
// another host is reported, never broken. Without it two runs interleave their reads of the manifest
// and their writes, and the manifest of one ends up over the files of the other.
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LockedError, UsageError } from '../errors.js';
import { interruptsDeferred } from '../ui/cancel.js';
import { readRegularFile } from './safeFile.js';

export const LOCK_PATH = '.mosaic-secrets.lock';
const BREAK_SUFFIX = '.break';
/**
 * Tries to take the lock before giving up. A try is lost only to another run taking it, releasing it
 * or recovering it in between, each of which is another run making progress: a few suffice.
 */
const ATTEMPTS = 10;
/** Filesystems without hard links (FAT, some network mounts) answer link(2) with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

interface Holder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export interface TargetLock {
  release(): void;
}

/** Locks this process holds, by target (a command that runs another inside it takes it once). */
const held = new Map<string, { depth: number; release: () => void }>();

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** What the lock path holds at one look: nothing (the lock is free), a holder, or a file naming none. */
type Seen = { kind: 'free' } | { kind: 'held'; holder: Holder } | { kind: 'unnamed' };

function look(path: string): Seen {
  // Bounded, regular files only: a lock path that is a link, a FIFO or a huge file names no holder.
  const r = readRegularFile(path, { maxBytes: 4096 });
  if (!r.ok) return r.reason === 'missing' ? { kind: 'free' } : { kind: 'unnamed' };
  try {
    const h = JSON.parse(r.data.toString('utf8')) as Partial<Holder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.started !== 'string') return { kind: 'unnamed' };
    return { kind: 'held', holder: { pid: h.pid, host: h.host, started: h.started, command: String(h.command ?? '?') } };
  } catch {
    return { kind: 'unnamed' };
  }
}

function readHolder(path: string): Holder | null {
  const seen = look(path);
  return seen.kind === 'held' ? seen.holder : null;
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The lock, looked at again for a moment while it names no holder. Our own locks never do (they
 * appear complete), but one created where hard links are missing is empty between its owner's create
 * and write; a link, a FIFO or garbage stays unnamed and is reported, never removed.
 */
function settle(lock: string): Seen {
  let seen = look(lock);
  for (let i = 0; seen.kind === 'unnamed' && i < 5; i++) {
    pause(20);
    seen = look(lock);
  }
  return seen;
}

/**
 * Linux: when process `pid` started (ms since the epoch), from /proc; null where unknown. USER_HZ is
 * 100 on every Linux ABI. Tells a live holder from an unrelated process that got its pid later.
 */
function startedAt(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/** The holder's process is gone: it ran on this host and its pid is free, or now names a younger process. */
function isStale(h: Holder): boolean {
  if (h.host !== hostname()) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return errno(e) === 'ESRCH';
  }
  const began = startedAt(h.pid);
  const locked = Date.parse(h.started);
  return began !== null && Number.isFinite(locked) && began > locked + 5_000;
}

function describe(seen: Seen, lock: string): string {
  if (seen.kind === 'free') {
    // Only after ATTEMPTS tries, each lost to another run taking the lock and releasing it again.
    return `other create-mosaic-secrets runs are writing in ${dirname(lock)} (the lock was taken and released ${ATTEMPTS} times while this run tried to take it); wait for them to finish and run again`;
  }
  const h = seen.kind === 'held' ? seen.holder : null;
  const who = h ? `another create-mosaic-secrets run (pid ${h.pid} on ${h.host}, started ${h.started}, ${h.command})` : 'another create-mosaic-secrets run (its lock file names no process)';
  return `${who} is writing in ${dirname(lock)}; wait for it to finish (if no such process runs, delete ${lock})`;
}

const cannotCreate = (lock: string, e: unknown) => new UsageError(`${dirname(lock)}: cannot create the lock file ${LOCK_PATH} (${errno(e) ?? (e as Error).message})`);

/** Create `path` with `content` unless it exists (O_EXCL); false if it does. */
function createExclusive(path: string, content: string, lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw cannotCreate(lock, e);
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Take the lock if it is free. The holder goes into a file of this run's own first, which is then
 * hard-linked onto the lock's name (link(2) fails with EEXIST like O_EXCL): the lock file exists only
 * complete, so no other run ever reads one that does not name its holder yet. Where the filesystem
 * has no hard links, O_EXCL and a write (a reader then waits out the empty moment, see settle).
 */
function create(lock: string, me: Holder): boolean {
  const content = `${JSON.stringify(me)}\n`;
  // Not a `.tmp` name: apply.ts sweeps those while holding the lock, and another run's may be in flight.
  const staged = `${lock}.${process.pid}-${randomBytes(6).toString('hex')}.new`;
  if (!createExclusive(staged, content, lock)) throw cannotCreate(lock, new Error(`${staged} exists`));
  try {
    linkSync(staged, lock);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(errno(e) ?? '')) throw cannotCreate(lock, e);
  } finally {
    rmSync(staged, { force: true });
  }
  return createExclusive(lock, content, lock);
}

/**
 * Remove a stale lock, guarded by a second O_EXCL file so two runs recovering at once cannot remove
 * a lock the other has just taken. Returns whether this run removed it.
 */
function breakStale(lock: string, stale: Holder): boolean {
  const guard = lock + BREAK_SUFFIX;
  try {
    closeSync(openSync(guard, 'wx', 0o644));
  } catch {
    return false; // someone else is recovering it: the retry sees their lock
  }
  try {
    const now = readHolder(lock);
    if (!now || JSON.stringify(now) !== JSON.stringify(stale)) return false;
    rmSync(lock, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Take the lock on `target` (creating the directory; an empty one we created goes again on release).
 * Throws LockedError naming the holder when another live run has it.
 */
export function acquireLock(dir: string, command: string, stderr: { write(s: string): unknown }): TargetLock {
  // One key per directory however it was named (adopt passes its own spelling to the generator).
  const target = resolve(dir);
  const mine = held.get(target);
  if (mine) {
    mine.depth++;
    return { release: () => releaseOnce(target) };
  }
  let createdFrom: string | undefined;
  try {
    createdFrom = mkdirSync(target, { recursive: true });
  } catch (e) {
    throw new UsageError(`${target}: cannot create the directory (${errno(e) ?? (e as Error).message})`);
  }
  const lock = join(target, LOCK_PATH);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  for (let attempt = 1; !create(lock, me); attempt++) {
    const seen = settle(lock);
    // Free again: its holder released it between our create and our look. Take it on the next try.
    const takeable = seen.kind === 'free' || (seen.kind === 'held' && isStale(seen.holder));
    if (!takeable || attempt >= ATTEMPTS) {
      cleanCreated(target, createdFrom);
      throw new LockedError(describe(seen, lock));
    }
    if (seen.kind === 'held' && breakStale(lock, seen.holder)) stderr.write(`create-mosaic-secrets: removed a stale lock left by pid ${seen.holder.pid} (${seen.holder.command}, started ${seen.holder.started})\n`);
  }

  const release = () => {
    const h = readHolder(lock);
    if (h && h.pid === me.pid && h.started === me.started) rmSync(lock, { force: true });
    cleanCreated(target, createdFrom);
  };
  if (held.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  held.set(target, { depth: 1, release });
  return { release: () => releaseOnce(target) };
}

/**
 * A signal that ends the run outside a deferred section (a prompt, a render) must not leave a lock
 * behind — every lock this process holds (check --fix holds several); inside one (publishing files)
 * the deferral finishes the work first. One handler for all, installed while any lock is held.
 */
function onSignal(): void {
  if (interruptsDeferred()) return;
  for (const [target, h] of [...held].reverse()) {
    held.delete(target);
    h.release();
  }
  process.stderr.write('\nInterrupted.\n');
  process.exit(130);
}

function releaseOnce(target: string): void {
  const h = held.get(target);
  if (!h || --h.depth > 0) return;
  held.delete(target);
  h.release();
  if (held.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
}

/** Directories this run created for the lock go again if nothing else was written into them. */
function cleanCreated(target: string, createdFrom: string | undefined): void {
  if (!createdFrom) return;
  for (let d = target; d.length >= createdFrom.length; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty: the run wrote here
    }
  }
}

/** Run `work` holding the lock on `target`. */
export async function withLock<T>(target: string, command: string, stderr: { write(s: string): unknown }, work: () => Promise<T>): Promise<T> {
  const lock = acquireLock(target, command, stderr);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

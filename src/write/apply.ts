// Atomic writes: each file goes to a temp file in its own directory, then rename() over the target,
// so a crash or Ctrl-C never leaves a half-written file.
import { chmodSync, closeSync, fsync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ConflictError } from '../errors.js';
import { readOrNull, type PlannedFile } from './plan.js';

interface Staged {
  tmp: string;
  fd: number;
}

/**
 * Stage one file: its content in a temp file next to the target (same directory, so the rename that
 * publishes it is atomic), still open so the caller can fsync it.
 */
function stage(path: string, content: string, executable: boolean, dirs: Set<string>): Staged {
  const dir = dirname(path);
  if (!dirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    dirs.add(dir);
  }
  // An existing file keeps its mode; a new one gets 0666/0777 less the user's umask (open applies it).
  let keep: number | null = null;
  try {
    keep = statSync(path).mode & 0o7777;
    if (executable) keep |= 0o111;
  } catch {
    /* new file */
  }
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', keep ?? (executable ? 0o777 : 0o666));
  try {
    writeSync(fd, content);
    if (keep !== null) chmodSync(tmp, keep);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  return { tmp, fd };
}

/**
 * Write every create/update entry of the plan, delete what is to go; unchanged files are not touched
 * (mtimes stay). All new contents are staged first, then fsynced concurrently (one fsync after
 * another cost 30-60 ms of a run), then renamed into place in plan order; if any staging or fsync
 * fails, nothing is renamed or deleted.
 */
export async function applyPlan(target: string, plan: PlannedFile[]): Promise<void> {
  const dirs = new Set<string>();
  const staged = new Map<PlannedFile, Staged>();
  let open = true;
  const closeAll = () => {
    if (open) {
      open = false;
      staged.forEach((s) => closeSync(s.fd));
    }
  };
  try {
    for (const f of plan) if (f.action === 'create' || f.action === 'update') staged.set(f, stage(join(target, f.path), f.next, f.executable, dirs));
    const synced = await Promise.allSettled([...staged.values()].map((s) => new Promise<void>((ok, fail) => fsync(s.fd, (e) => (e ? fail(e) : ok())))));
    closeAll();
    const failed = synced.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // The plan was made before any prompt; a file changed on disk since then is not ours to replace.
    const moved = plan.filter((f) => f.action !== 'unchanged' && readOrNull(join(target, f.path)) !== f.current).map((f) => f.path);
    if (moved.length) throw new ConflictError(`${moved.join(', ')} changed on disk while this run was deciding; nothing was written, run again`, moved);
    for (const f of plan) {
      const s = staged.get(f);
      if (s) renameSync(s.tmp, join(target, f.path));
      else if (f.action === 'delete') rmSync(join(target, f.path), { force: true });
    }
  } catch (e) {
    try {
      closeAll();
    } catch {
      /* the first error is the one to report */
    }
    staged.forEach((s) => rmSync(s.tmp, { force: true })); // temps already renamed are gone; force ignores them
    throw e;
  }
}

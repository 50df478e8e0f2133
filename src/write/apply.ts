// Atomic writes: each file goes to a temp file in its own directory, then rename() over the target,
// so a crash or Ctrl-C never leaves a half-written file.
import { chmodSync, close, closeSync, constants, fsync, mkdirSync, open, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ConflictError } from '../errors.js';
import { MANIFEST_PATH } from './manifestPath.js';
import { readOrNull, type PlannedFile } from './plan.js';

/**
 * Temp files carry our name and the writer's pid, so a later run recognises them: `.<file>.mosaic-secrets-<pid>-<hex>.tmp`.
 * Only a run killed outright (SIGKILL, power loss) leaves one behind; every other exit removes its own.
 */
const tempName = (file: string) => `.${file}.mosaic-secrets-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
const OURS = /^\.(.+)\.mosaic-secrets-\d+-[0-9a-f]{12}\.tmp$/;
/** What versions before the pid was in the name left: `.<file>.<12 hex>.tmp`, next to a file we write. */
const OLDER = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Remove the temp files earlier runs left in the directories of this plan. Called holding the
 * target's lock, so no other run of ours is writing there; an older-style temp goes only when its
 * name is one of our files in that directory (anyone else's `.x.<hex>.tmp` stays).
 */
export function removeStaleTemps(target: string, plan: PlannedFile[]): void {
  const byDir = new Map<string, Set<string>>();
  for (const f of plan) {
    const dir = dirname(join(target, f.path));
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(basename(f.path));
  }
  for (const [dir, ours] of byDir) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // not created yet
    }
    for (const n of names) {
      const older = OLDER.exec(n);
      if (OURS.test(n) || (older && ours.has(older[1]!))) rmSync(join(dir, n), { force: true });
    }
  }
}

interface Staged {
  tmp: string;
  fd: number;
}

/**
 * Stage one file: its content in a temp file next to the target (same directory, so the rename that
 * publishes it is atomic), still open so the caller can fsync it.
 */
function stage(path: string, content: string, executable: boolean, dirs: Set<string>, created: Set<string>): Staged {
  const dir = dirname(path);
  if (!dirs.has(dir)) {
    const first = mkdirSync(dir, { recursive: true });
    // A new directory is durable once its parent is synced: remember every level we created.
    if (first) for (let d = dir; d !== dirname(first) && d !== dirname(d); d = dirname(d)) created.add(dirname(d));
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
  const tmp = join(dir, tempName(basename(path)));
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
 * Make the renames in these directories durable, all at once (one after another, a fresh render's
 * eight directories cost a journal commit each on the main thread). Best effort: some platforms
 * (Windows) and file systems cannot open or sync a directory, and the data itself was already fsynced.
 */
function syncDirs(dirs: Iterable<string>): Promise<void> {
  const one = (dir: string) =>
    new Promise<void>((done) =>
      open(dir, constants.O_RDONLY, (e, fd) => {
        if (e) return done(); // not supported here
        fsync(fd, () => close(fd, () => done()));
      }),
    );
  return Promise.all([...dirs].map(one)).then(() => undefined);
}

/**
 * Write every create/update entry of the plan, delete what is to go; unchanged files are not touched
 * (mtimes stay). All new contents are staged first, then fsynced concurrently (one fsync after
 * another cost 30-60 ms of a run), then renamed into place in plan order; if any staging or fsync
 * fails, nothing is renamed or deleted. The manifest is published last, after the directories of
 * everything else are synced: whatever a crash leaves, a manifest on disk never describes files
 * that are not (which the next run would take for the user's edits).
 */
export async function applyPlan(target: string, plan: PlannedFile[]): Promise<void> {
  const dirs = new Set<string>();
  const created = new Set<string>();
  const staged = new Map<PlannedFile, Staged>();
  let open = true;
  const closeAll = () => {
    if (open) {
      open = false;
      staged.forEach((s) => closeSync(s.fd));
    }
  };
  try {
    for (const f of plan) if (f.action === 'create' || f.action === 'update') staged.set(f, stage(join(target, f.path), f.next, f.executable, dirs, created));
    const synced = await Promise.allSettled([...staged.values()].map((s) => new Promise<void>((ok, fail) => fsync(s.fd, (e) => (e ? fail(e) : ok())))));
    closeAll();
    const failed = synced.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // The plan was made before any prompt; a file changed on disk since then is not ours to replace.
    const moved = plan.filter((f) => f.action !== 'unchanged' && readOrNull(target, f.path) !== f.current).map((f) => f.path);
    if (moved.length) throw new ConflictError(`${moved.join(', ')} changed on disk while this run was deciding; nothing was written, run again`, moved);
    const touched = new Set<string>(created);
    const publish = (f: PlannedFile) => {
      const s = staged.get(f);
      if (s) renameSync(s.tmp, join(target, f.path));
      else if (f.action === 'delete') rmSync(join(target, f.path), { force: true });
      else return;
      touched.add(dirname(join(target, f.path)));
    };
    const manifest = plan.filter((f) => f.path === MANIFEST_PATH);
    plan.filter((f) => f.path !== MANIFEST_PATH).forEach(publish);
    await syncDirs(touched);
    touched.clear();
    manifest.forEach(publish);
    await syncDirs(touched);
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

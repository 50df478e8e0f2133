// Atomic writes: each file goes to a temp file in its own directory, then rename() over the target,
// so a crash or Ctrl-C never leaves a half-written file.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { PlannedFile } from './plan.js';

export function writeAtomic(path: string, content: string, executable: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  let mode = executable ? 0o755 : 0o644;
  try {
    mode = statSync(path).mode & 0o777;
    if (executable) mode |= 0o111;
  } catch {
    /* new file */
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write every create/update entry of the plan, delete what is to go; unchanged files are not touched (mtimes stay). */
export function applyPlan(target: string, plan: PlannedFile[]): void {
  for (const f of plan) {
    if (f.action === 'create' || f.action === 'update') writeAtomic(join(target, f.path), f.next, f.executable);
    else if (f.action === 'delete') rmSync(join(target, f.path), { force: true });
  }
}

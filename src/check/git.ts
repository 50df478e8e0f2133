// Tracked files that git's own ignore rules match: `.gitignore` stops new files from being added,
// not files committed before they were listed (or added with -f), so such a `.env` is in every
// clone. One `git ls-files` per scanned directory, no pathspecs (names are never globs, no argv
// limits), and only when the committed-env-file rule runs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Variables that would point git at another repository than the one holding `dir` (hooks set them). */
const REPO_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE'];

export type TrackedIgnored = { files: string[] } | { warning: string } | null;

/**
 * Absolute paths under `dir` that git tracks although ignored. null when `dir` is in no repository;
 * a warning when git could not answer for one (missing binary, dubious ownership …): silence there
 * would read as "nothing committed".
 */
export function trackedButIgnored(dir: string, inRepo: boolean): TrackedIgnored {
  const env = { ...process.env };
  for (const v of REPO_VARS) delete env[v];
  try {
    // Paths print relative to `dir`; -z: raw bytes, no quoting.
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard'], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      timeout: 60_000,
    });
    return { files: out.split('\0').filter(Boolean).map((p) => join(dir, p)) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (!inRepo) return null;
    const why = err.code === 'ENOENT' ? 'git is not installed' : (String(err.stderr ?? '').trim().split('\n')[0] || err.message);
    return { warning: `cannot ask git which ignored .env files are tracked in ${dir}: ${why}` };
  }
}

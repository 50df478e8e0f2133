// Tracked files that git's own ignore rules match: `.gitignore` stops new files from being added,
// not files committed before they were listed (or added with -f), so such a `.env` is in every
// clone. One `git ls-files` per scanned directory, no pathspecs (names are never globs, no argv
// limits), and only when the committed-env-file rule runs.
import { join } from 'node:path';
import { findOnPath, findTrusted } from '../vault/bin.js';

/** Variables that would point git at another repository than the one holding `dir` (hooks set them). */
const REPO_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE'];

/**
 * We only read, in a checkout that may be a stranger's archive with its own `.git/config`: no
 * fsmonitor or hook command may run, no system config, no lock or index refresh, no prompt.
 * Command-line `-c` beats every config file, includes included.
 */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false'];
const SAFE_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_ATTR_NOSYSTEM: '1', GIT_NO_REPLACE_OBJECTS: '1' };

export type TrackedIgnored = { files: string[] } | { warning: string } | null;

/**
 * Absolute paths under `dir` that git tracks although ignored. null when `dir` is in no repository;
 * a warning when git could not answer for one (missing binary, dubious ownership …): silence there
 * would read as "nothing committed".
 */
export function trackedButIgnored(dir: string, inRepo: boolean): TrackedIgnored {
  const env: NodeJS.ProcessEnv = { ...process.env, ...SAFE_ENV };
  for (const v of REPO_VARS) delete env[v];
  const git = findTrusted('git', process.env);
  if (!git) {
    if (!inRepo) return null;
    const why = findOnPath('git', process.env) ? 'git is only in relative PATH entries or node_modules/.bin, which are not searched' : 'git is not installed';
    return { warning: `cannot ask git which ignored .env files are tracked in ${dir}: ${why}` };
  }
  try {
    // Paths print relative to `dir`; -z: raw bytes, no quoting.
    // Loaded here, not at start-up: most scans are of a tree git is not asked about.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    const out = execFileSync(git, [...SAFE_CONFIG, 'ls-files', '-z', '--cached', '--ignored', '--exclude-standard'], {
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

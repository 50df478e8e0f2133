// A synchronous, .gitignore-aware directory walk. Sync fs calls are the fastest way to list and
// read many small files in Node (no thread-pool round trip per call), and `check` is a batch job.
// Ignore files nest like git's: each `.gitignore` (and our `.mosaic-secretsignore`) applies to its
// own directory and below, a deeper file's negation can re-include, an ignored directory is pruned.
import { existsSync, lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isEnvFileName, isEnvTemplateName, SKIP_DIRS, skipByName } from './classify.js';
import { trackedButIgnored } from './git.js';
import { readRegularFile, refusalText } from '../write/safeFile.js';

/** An ignore file larger than this is not one anybody wrote by hand; refused before reading. */
const MAX_IGNORE_BYTES = 4 * 1024 * 1024;

/** Told about an ignore file that was refused (a symlink: git does not follow them either; a device). */
type Warn = (abs: string, why: string) => void;

export const IGNORE_FILES = ['.gitignore', '.mosaic-secretsignore'] as const;
export const MANIFEST = '.mosaic-secrets.yaml';

export interface WalkEntry {
  abs: string;
  /** POSIX path relative to the working directory. */
  path: string;
  name: string;
  /** Named on the command line (scanned even when an ignore file matches it). */
  explicit: boolean;
  /** Matched by an ignore file (explicit files, and env files git tracks anyway). */
  ignored: boolean;
  /** An ignored env file that git nevertheless tracks (committed before it was ignored, or `add -f`). */
  tracked?: boolean;
  /** The directory listing said: a regular file, not a link (the reader then skips its own lstat). */
  regular?: boolean;
}

export interface WalkResult {
  files: WalkEntry[];
  /** Things the user should know about the walk itself (e.g. git could not be asked). */
  warnings: string[];
  /** Absolute directories that hold a `.mosaic-secrets.yaml`, found during the walk. */
  manifestDirs: string[];
  /** Absolute directories named on the command line. */
  rootDirs: string[];
}

export interface WalkOptions {
  cwd: string;
  /** Extra gitignore-style patterns, relative to cwd (`--exclude`). */
  exclude?: string[];
  /** Also return ignored env files git tracks (for committed-env-file). */
  trackedEnv?: boolean;
}

interface Level {
  /** Absolute directory the patterns are relative to. */
  base: string;
  ig: Ignore;
}

const toPosix = sep === '/' ? (p: string) => p : (p: string) => p.split(sep).join('/');

function rel(from: string, to: string): string {
  return toPosix(relative(from, to));
}

function readIgnoreLevel(dir: string, names: readonly string[], warn?: Warn): Level | null {
  let ig: Ignore | null = null;
  for (const name of names) {
    const r = readRegularFile(join(dir, name), { maxBytes: MAX_IGNORE_BYTES });
    if (!r.ok) {
      if (r.reason !== 'missing' && r.reason !== 'unreadable') warn?.(join(dir, name), refusalText(r, MAX_IGNORE_BYTES));
      continue;
    }
    ig ??= ignore();
    ig.add(r.data.toString('utf8'));
  }
  return ig ? { base: dir, ig } : null;
}

/** Nearest ancestor (inclusive) holding `.git`, or null. */
export function findGitRoot(start: string): string | null {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Ignore levels that apply above `dir` (from the git root down to dir's parent), plus .git/info/exclude. */
function ancestorLevels(dir: string, warn?: Warn): Level[] {
  const gitRoot = findGitRoot(dir);
  if (!gitRoot) return [];
  const levels: Level[] = [];
  const exclude = readIgnoreLevel(join(gitRoot, '.git', 'info'), ['exclude'], warn);
  if (exclude) levels.push({ base: gitRoot, ig: exclude.ig });
  // dir itself is read when it is listed.
  if (dir !== gitRoot) levels.push(...levelsDown(gitRoot, dirname(dir), IGNORE_FILES, warn));
  return levels;
}

/** Ignore levels of `names` in every directory from `top` down to `bottom` (inclusive; bottom is inside top). */
function levelsDown(top: string, bottom: string, names: readonly string[], warn?: Warn): Level[] {
  const chain: string[] = [];
  for (let d = bottom; ; d = dirname(d)) {
    chain.unshift(d);
    if (d === top || dirname(d) === d) break;
  }
  return chain.map((d) => readIgnoreLevel(d, names, warn)).filter((l): l is Level => l !== null);
}

/** `abs` relative to `base` (POSIX); a string cut when `base` is an ancestor, as it is for every level on the walk. */
function relUnder(base: string, abs: string): string {
  if (abs.length > base.length && abs.startsWith(base) && (abs[base.length] === sep || base.endsWith(sep))) return toPosix(abs.slice(base.endsWith(sep) ? base.length : base.length + 1));
  return rel(base, abs);
}

function isIgnored(levels: readonly Level[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const r = relUnder(level.base, abs);
    if (r === '' || r.startsWith('..')) continue;
    const t = level.ig.test(isDir ? `${r}/` : r);
    if (t.ignored) ignored = true;
    else if (t.unignored) ignored = false;
  }
  return ignored;
}

export function walk(paths: readonly string[], options: WalkOptions): WalkResult {
  const cwd = resolve(options.cwd);
  const files: WalkEntry[] = [];
  const manifestDirs: string[] = [];
  const rootDirs: string[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  const warn: Warn = (abs, why) => warnings.push(`${rel(cwd, abs) || abs}: ${why}`);
  const excludeIg = options.exclude?.length ? ignore().add(options.exclude) : null;
  const excluded = (abs: string, isDir: boolean, relPath?: string) => {
    if (!excludeIg) return false;
    const r = relPath ?? rel(cwd, abs);
    return r !== '' && !r.startsWith('..') && excludeIg.ignores(isDir ? `${r}/` : r);
  };

  // Paths are built by appending names (no path.join / path.relative per entry: the walk visits
  // every file of the tree, and those calls were most of its time). `dirRel` is `dir` relative to cwd.
  const visitDir = (dir: string, dirRel: string, levels: Level[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let hasIgnoreFile = false;
    for (const e of entries) {
      if (e.name === '.gitignore' || e.name === '.mosaic-secretsignore') hasIgnoreFile = true;
      else if (e.name === MANIFEST) manifestDirs.push(dir);
    }
    if (hasIgnoreFile) {
      const level = readIgnoreLevel(dir, IGNORE_FILES, warn);
      if (level) levels = [...levels, level];
    }
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const e of entries) {
      const name = e.name;
      const abs = prefix + name;
      const path = dirRel === '' ? name : `${dirRel}/${name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (!isDir && !isFile && !e.isSymbolicLink()) {
        // Some file systems do not report a type in readdir.
        try {
          const st = lstatSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(name)) continue;
        if (isIgnored(levels, abs, true) || excluded(abs, true, path)) continue;
        visitDir(abs, path, levels);
      } else if (isFile) {
        if (skipByName(name)) continue;
        if (seen.has(abs)) continue;
        if (isIgnored(levels, abs, false) || excluded(abs, false, path)) continue;
        seen.add(abs);
        files.push({ abs, path, name, explicit: false, ignored: false, regular: true });
      }
    }
  };

  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    const st = statSync(abs); // throws ENOENT: the caller reports a usage error
    if (st.isDirectory()) {
      rootDirs.push(abs);
      visitDir(abs, rel(cwd, abs), ancestorLevels(abs, warn));
    } else if (st.isFile()) {
      const name = abs.slice(abs.lastIndexOf(sep) + 1);
      if (skipByName(name) || seen.has(abs)) continue;
      seen.add(abs);
      const levels = ancestorLevels(dirname(abs), warn);
      const own = readIgnoreLevel(dirname(abs), IGNORE_FILES, warn);
      if (own) levels.push(own);
      files.push({ abs, path: rel(cwd, abs), name, explicit: true, ignored: isIgnored(levels, abs, false) });
    }
  }
  if (options.trackedEnv) addTrackedEnv(files, seen, rootDirs, excluded, warnings, cwd);
  return { files, manifestDirs, rootDirs, warnings };
}

/**
 * Ignored env files are scanned after all when git tracks them: ignoring does not untrack. Asked
 * once per scanned directory (and for the directory of an ignored env file named on the command
 * line); `--exclude` and `.mosaic-secretsignore` still silence one.
 */
function addTrackedEnv(files: WalkEntry[], seen: Set<string>, rootDirs: string[], excluded: (abs: string, isDir: boolean) => boolean, warnings: string[], cwd: string): void {
  const explicit = files.filter((f) => f.explicit && f.ignored && isEnvFileName(f.name));
  const dirs = [...new Set([...rootDirs, ...explicit.map((f) => dirname(f.abs))])];
  const tracked = new Set<string>();
  for (const dir of dirs) {
    // Outside a repository nothing is tracked: no git process to spawn (it would only fail).
    if (findGitRoot(dir) === null) continue;
    const r = trackedButIgnored(dir, true);
    if (r && 'warning' in r) warnings.push(r.warning);
    else if (r) r.files.forEach((f) => tracked.add(f));
  }
  for (const f of explicit) if (tracked.has(f.abs) && !ownIgnored(findGitRoot(dirname(f.abs)) ?? dirname(f.abs), f.abs)) f.tracked = true;
  for (const abs of tracked) {
    const name = abs.slice(abs.lastIndexOf(sep) + 1);
    if (seen.has(abs) || !isEnvFileName(name) || isEnvTemplateName(name) || excluded(abs, false)) continue;
    const root = rootDirs.find((d) => abs.startsWith(d + sep));
    if (!root || ownIgnored(root, abs)) continue;
    seen.add(abs);
    files.push({ abs, path: rel(cwd, abs), name, explicit: false, ignored: true, tracked: true });
  }
}

/** Matched by a `.mosaic-secretsignore` between `root` and the file (our own ignore file: deliberate). */
function ownIgnored(root: string, abs: string): boolean {
  return isIgnored(levelsDown(root, dirname(abs), ['.mosaic-secretsignore']), abs, false);
}

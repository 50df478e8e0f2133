// Which of these files does git track? `.gitignore` stops new files from being added, not files
// already committed; a `.env` that was committed before it was ignored is still in every clone.
// Asked only for ignored env files the walk saw, so a scan without any never starts git.
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';

/** Absolute paths among `files` that git tracks; empty when git is missing or this is no repository. */
export function gitTracked(files: readonly string[]): Set<string> {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const d = dirname(f);
    byDir.set(d, [...(byDir.get(d) ?? []), basename(f)]);
  }
  const tracked = new Set<string>();
  for (const [dir, names] of byDir) {
    let out: string;
    try {
      // -z: raw paths (no quoting); `--`: names are never options. Paths print relative to `dir`.
      out = execFileSync('git', ['ls-files', '-z', '--', ...names], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    } catch {
      continue; // no git, or not inside a work tree
    }
    for (const p of out.split('\0')) if (p) tracked.add(join(dir, p));
  }
  return tracked;
}

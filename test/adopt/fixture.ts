// The realistic apps under test/adopt/fixtures, copied into a fresh git repository as a user has
// them: dotfiles restored (`_gitignore` → .gitignore, `dot-env` → .env; npm and our own check
// would otherwise treat them as this repo's), everything committed, the labels left out.
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { tempDir } from '../helpers/cli.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const APPS = ['ts-api', 'py-worker', 'go-service'] as const;
export type AppName = (typeof APPS)[number];

export interface Labels {
  app: string;
  namespace: string;
  languages: string[];
  mode: 'eso' | 'direct-vault';
  layout: 'plain' | 'kustomize' | 'helm';
  chartDir?: string;
  ci: 'github' | 'woodpecker' | 'gitlab' | 'none';
  secrets: string[];
  config: string[];
  absent: string[];
}

export const labels = (app: AppName): Labels => parse(readFileSync(join(FIXTURES, app, 'expected.yaml'), 'utf8')) as Labels;

function restoreDotfiles(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) restoreDotfiles(p);
    else if (e.name === '_gitignore') renameSync(p, join(dir, '.gitignore'));
    else if (e.name.startsWith('dot-')) renameSync(p, join(dir, `.${e.name.slice(4)}`));
  }
}

export const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });

/** A committed copy of the app in a temp dir (its own git repository). */
export function checkout(app: AppName): string {
  const dir = join(tempDir(`mosaic-adopt-${app}-`), app);
  cpSync(join(FIXTURES, app), dir, { recursive: true });
  rmSync(join(dir, 'expected.yaml'));
  restoreDotfiles(dir);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  // The committed deploy/.env the TS API ships (the user's .gitignore never covered it).
  if (app === 'ts-api') git(dir, 'add', '-f', '--', 'deploy/.env');
  git(dir, 'commit', '-q', '-m', 'the app as it was');
  return dir;
}

/** A git repository holding `files` (a committed `.env` force-added, as a user committed one), committed unless told not to. */
export function gitRepo(files: Record<string, string>, commit = true, prefix = 'mosaic-fix-'): string {
  const dir = tempDir(prefix);
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  git(dir, 'init', '-q');
  if (commit) {
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', '--', ...Object.keys(files).filter((p) => /(^|\/)\.env$/.test(p)));
    git(dir, 'commit', '-q', '-m', 'init');
  }
  return dir;
}

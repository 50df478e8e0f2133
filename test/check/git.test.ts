// committed-env-file and git: .gitignore does not untrack a committed .env. Real git repositories.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { makeTree } from './helpers/io.js';
import { tempDir } from '../helpers/cli.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function repo(files: Record<string, string>): { root: string; git: (...args: string[]) => string } {
  const t = makeTree(files);
  cleanups.push(t.cleanup);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: t.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q');
  return { root: t.root, git };
}

const envFindings = async (root: string, paths: string[] = ['.']) =>
  (await check(paths, { cwd: root, rules: ['committed-env-file'] })).findings.map((f) => `${f.path}: ${f.message}`);

describe('committed-env-file: ignored but tracked', () => {
  it('reports a .env committed before .gitignore listed it, until it is untracked', async () => {
    const { root, git } = repo({ 'services/api/.env': 'DB_PASSWORD=x\n', 'README.md': '# app\n' });
    git('add', '-A');
    git('commit', '-qm', 'oops');
    // Untracked-and-unignored is the rule's older case; now ignore it: it is still tracked.
    execFileSync('sh', ['-c', 'printf ".env\\n" > .gitignore'], { cwd: root });
    expect(await envFindings(root)).toEqual([
      'services/api/.env: .env is committed: .gitignore lists it, but git still tracks it (ignoring does not untrack); run git rm --cached -- services/api/.env and rotate every value it held',
    ]);
    // Named on the command line (a pre-commit hook passing staged files) it is reported the same way.
    expect(await envFindings(root, ['services/api/.env'])).toHaveLength(1);

    git('rm', '-q', '--cached', 'services/api/.env');
    expect(await envFindings(root)).toEqual([]);
    expect(await envFindings(root, ['services/api/.env'])).toEqual([]);
  });

  it('a force-added ignored .env.local is reported; ignored templates and untracked ones are not', async () => {
    const { root, git } = repo({ '.gitignore': '.env*\n', '.env.local': 'API_KEY=x\n', '.env.example': 'API_KEY=\n', '.env.production': 'API_KEY=y\n' });
    git('add', '-f', '.env.local', '.env.example');
    const found = await envFindings(root);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\.env\.local: \.env\.local is committed/);
  });

  it('finds them in ignored directories, with odd names, despite a hook’s GIT_DIR, and names the right file to untrack', async () => {
    const { root, git } = repo({
      'config/.env': 'DB_PASSWORD=x\n',
      'services/api/.mosaic-secrets.yaml': 'answers: {}\n',
      'services/api/.env': 'API_KEY=x\n',
      'my dir/.env.[prod]': 'API_KEY=y\n',
      'fixtures/.env.test': 'API_KEY=z\n',
      README: 'x\n',
    });
    git('add', '-A');
    git('commit', '-qm', 'oops');
    execFileSync('sh', ['-c', 'printf "config/\\n.env*\\n" > .gitignore && printf ".env.test\\n" > fixtures/.mosaic-secretsignore'], { cwd: root });
    const found = await envFindings(root);
    expect(found.map((f) => f.split(':')[0]).sort()).toEqual(['config/.env', 'my dir/.env.[prod]', 'services/api/.env']);
    // The fix names the path from where check ran, quoted for the shell (not the app-relative ".env").
    expect(found.find((f) => f.startsWith('services/'))).toContain('git rm --cached -- services/api/.env ');
    expect(found.find((f) => f.startsWith('my dir/'))).toContain("git rm --cached -- 'my dir/.env.[prod]'");
    // A pre-commit hook in a linked worktree runs with GIT_DIR set: still the repository of the scanned dir.
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(tempDir('mosaic-not-a-repo-'), '.git');
    try {
      expect(await envFindings(root)).toHaveLength(3);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
    // Only with the rule: no git process for other rules (nothing to report either way).
    expect((await check(['.'], { cwd: root, rules: ['fallback-default'] })).warnings).toEqual([]);
  });

  it('says so when git cannot answer in a repository (no silent "no findings")', async () => {
    const { root, git } = repo({ '.gitignore': '.env\n', 'a.txt': 'x\n' });
    git('add', '-A');
    git('commit', '-qm', 'init');
    const savedPath = process.env.PATH;
    process.env.PATH = tempDir('mosaic-empty-path-'); // no git here
    try {
      const r = await check(['.'], { cwd: root, rules: ['committed-env-file'] });
      expect(r.warnings).toEqual([`cannot ask git which ignored .env files are tracked in ${root}: git is not installed`]);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('outside a git repository an ignored .env is fine (nothing to ask git, nothing to warn about)', async () => {
    const t = makeTree({ '.gitignore': '.env\n', '.env': 'DB_PASSWORD=x\n' });
    cleanups.push(t.cleanup);
    expect(await envFindings(t.root)).toEqual([]);
    expect((await check(['.'], { cwd: t.root })).warnings).toEqual([]);
  });
});

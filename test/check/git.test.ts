// committed-env-file and git: .gitignore does not untrack a committed .env. Real git repositories.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { makeTree } from './helpers/io.js';

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
      'services/api/.env: .env is committed: .gitignore lists it, but git still tracks it (ignoring does not untrack); run git rm --cached services/api/.env and rotate every value it held',
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

  it('outside a git repository an ignored .env is fine (nothing to ask git)', async () => {
    const t = makeTree({ '.gitignore': '.env\n', '.env': 'DB_PASSWORD=x\n' });
    cleanups.push(t.cleanup);
    expect(await envFindings(t.root)).toEqual([]);
  });
});

// The `ci` answer in its real consumers: the generated GitHub workflow under actionlint (built from
// the Go module proxy by .ci/setup-toolchains), the pre-commit entry under a real `pre-commit run`
// (PyPI, in the test venv) — the default `repo: local` hook running the pinned npx check, and a
// hook repository (hooksRepo) made of this package and this repo's .pre-commit-hooks.yaml; Woodpecker and GitLab steps parsed and pinned to the version.
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { REPO, runCli, tempDir } from '../helpers/cli.js';
import { checkout, git } from './fixture.js';

const PRE_COMMIT = join(REPO, '.cache/venv/bin/pre-commit');

async function actionlint(): Promise<string> {
  const r = await execa(join(REPO, '.ci/go-tool'), ['actionlint'], { env: { ...process.env, XDG_CACHE_HOME: undefined } });
  return r.stdout.trim();
}

/** This package as `npm pack` publishes it, unpacked (the bundled CLI, templates, package.json). */
async function packed(): Promise<string> {
  const dir = tempDir('mosaic-pack-');
  const pack = await execa('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO });
  await execa('tar', ['xzf', join(dir, pack.stdout.trim().split('\n').pop()!), '-C', dir]);
  return join(dir, 'package');
}

/**
 * The generated pre-commit entry under a real `pre-commit run` in `dir` (committed first): the
 * adopted repo passes, and a fallback default on a secret, staged, stops the commit naming the rule.
 */
async function proveHook(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'adopt');
  const clean = await execa(PRE_COMMIT, ['run', '--all-files'], { cwd: dir, env, reject: false });
  expect(clean.stdout + clean.stderr).toMatch(/mosaic-secrets check \(staged files\)\.+Passed/);
  expect(clean.exitCode).toBe(0);
  writeFileSync(join(dir, 'docker-compose.yml'), readFileSync(join(dir, 'docker-compose.yml'), 'utf8').replace('${DATABASE_PASSWORD:?DATABASE_PASSWORD is required}', '${DATABASE_PASSWORD:-changeme}'));
  git(dir, 'add', 'docker-compose.yml');
  const dirty = await execa(PRE_COMMIT, ['run'], { cwd: dir, env, reject: false });
  expect(dirty.exitCode).toBe(1);
  expect(dirty.stdout).toMatch(/Failed/);
  expect(dirty.stdout).toContain('fallback-default');
}

const preCommitEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PRE_COMMIT_HOME: join(tempDir('mosaic-pc-home-'), 'pc'), NO_COLOR: '1' });

/**
 * A hook repository as pre-commit clones it: this package (what `npm pack` publishes: the bundled
 * CLI, templates, package.json) plus this repo's .pre-commit-hooks.yaml, committed and tagged
 * v<version>. Its build scripts are dropped, because the bundle is already built (pre-commit runs
 * `npm install`, which would run `prepare` against sources the package does not ship).
 */
async function hookRepo(): Promise<string> {
  const repo = await packed();
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pkg['scripts'];
  delete pkg['devDependencies'];
  writeFileSync(join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  cpSync(join(REPO, '.pre-commit-hooks.yaml'), join(repo, '.pre-commit-hooks.yaml'));
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'hooks');
  git(repo, 'tag', `v${VERSION}`);
  return repo;
}

describe('the ci answer', () => {
  it('GitHub: adopt generates a workflow pinned to this version that actionlint accepts, and a pre-commit entry that a real pre-commit run uses', async () => {
    const hooks = await hookRepo();
    const dir = checkout('ts-api');
    const r = await runCli(['adopt', '--yes', '--hooks-repo', hooks], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/ci {9}github {2}\(\.github\/workflows\/\)/);
    const workflow = readFileSync(join(dir, '.github/workflows/mosaic-secrets.yml'), 'utf8');
    expect(workflow).toContain(`npx --yes create-mosaic-secrets@${VERSION} check --format sarif --output mosaic-secrets.sarif`);
    expect(workflow).toContain('github/codeql-action/upload-sarif@v3');
    expect(workflow).toContain(`npx --yes create-mosaic-secrets@${VERSION} check --format github`);
    const lint = await execa(await actionlint(), ['-no-color', '.github/workflows/mosaic-secrets.yml', '.github/workflows/ci.yml'], { cwd: dir, reject: false });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.exitCode).toBe(0);
    // actionlint does find real mistakes in this file (the test is not vacuous).
    writeFileSync(join(dir, 'broken.yml'), workflow.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    timeout-minutes: soon'));
    expect((await execa(await actionlint(), ['-no-color', 'broken.yml'], { cwd: dir, reject: false })).exitCode).toBe(1);

    const config = parse(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(config.repos).toEqual([{ repo: hooks, rev: `v${VERSION}`, hooks: [{ id: 'mosaic-secrets' }] }]);
    // pre-commit installs the hook environment (nodeenv on the system node, npm install of the package): no compile, but slow on a busy machine.
    await proveHook(dir, preCommitEnv());
  }, 300_000);

  it('without hooksRepo: a `repo: local` pre-commit hook running the pinned npx check, under a real pre-commit run', async () => {
    const pkg = await packed();
    const dir = checkout('ts-api');
    const r = await runCli(['adopt', '--yes'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const config = parse(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')) as { repos: Record<string, unknown>[] };
    expect(config.repos).toEqual([
      {
        repo: 'local',
        hooks: [{ id: 'mosaic-secrets', name: 'mosaic-secrets check (staged files)', entry: `npx --yes create-mosaic-secrets@${VERSION} check --no-checklist`, language: 'system', types: ['text'], require_serial: true }],
      },
    ]);
    expect(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).not.toContain('hooksRepo');
    // The pinned version as the project's own devDependency (node_modules is git-ignored): npx takes
    // it from there, and npm offline proves no registry is asked (the package is not published yet).
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    cpSync(pkg, join(dir, 'node_modules/create-mosaic-secrets'), { recursive: true });
    symlinkSync('../create-mosaic-secrets/dist/cli.js', join(dir, 'node_modules/.bin/create-mosaic-secrets'));
    chmodSync(join(dir, 'node_modules/create-mosaic-secrets/dist/cli.js'), 0o755); // as npm install links a bin
    await proveHook(dir, { ...preCommitEnv(), npm_config_offline: 'true', npm_config_cache: tempDir('mosaic-npm-cache-') });
  }, 300_000);

  it.each([
    ['woodpecker', '.woodpecker/mosaic-secrets.yml'],
    ['gitlab', '.gitlab/mosaic-secrets.yml'],
  ] as const)('%s: a step running check pinned to this version', async (ci, path) => {
    const dir = tempDir('mosaic-ci-');
    mkdirSync(dir, { recursive: true });
    const r = await runCli(['--app', 'shop', '--namespace', 'shop', '--secret', 'DB_PASSWORD', '--ci', ci, '--yes'], { cwd: dir });
    expect(r.stderr).toBe('');
    const step = parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;
    const commands = ci === 'woodpecker' ? (step['steps'] as { commands: string[]; image: string }[])[0]! : (step['mosaic-secrets'] as { script: string[]; image: string });
    const lines = 'commands' in commands ? commands.commands : commands.script;
    expect(lines).toEqual([`npx --yes create-mosaic-secrets@${VERSION} check`]);
    expect(commands.image).toBe('node:22');
    expect(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).toContain(`ci: ${ci}`);
  });
});

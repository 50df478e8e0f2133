// `check --fix` and `check --update-baseline` write into the repo, so they take the same lock as the
// generator (`.mosaic-secrets.lock`): on the directory checked and on each app directory (one with
// `.mosaic-secrets.yaml`) whose files a fix rewrites. A run holding it makes them exit 2 naming the
// holder with nothing written; `--dry-run` takes no lock.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { checkout, git, gitRepo } from './fixture.js';

const LOCK = '.mosaic-secrets.lock';

const repo = (files: Record<string, string>): string => gitRepo(files, false, 'mosaic-fixlock-');

const MANIFEST = `generator: create-mosaic-secrets
version: 0.1.0
answers:
  app: shop
  namespace: shop
  secrets:
    - env: DB_PASSWORD
files: {}
`;
const COMPOSE = 'services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-changeme}\n';

/** A lock held by a live run on this host: the test process itself (alive for the whole test). */
function holdLock(dir: string): void {
  writeFileSync(join(dir, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'add-key' }));
}

describe('check writes under the target lock', () => {
  it('--fix refuses while a run holds the checked directory, writes nothing, exit 2 naming the holder', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE });
    holdLock(dir);
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--fix from the repo root refuses while a run holds the app directory whose file it would rewrite', async () => {
    const dir = repo({ 'services/shop/.mosaic-secrets.yaml': MANIFEST, 'services/shop/docker-compose.yml': COMPOSE });
    holdLock(join(dir, 'services/shop'));
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(join(dir, LOCK))).toBe(false); // the root lock it took is gone again
  });

  it('--update-baseline refuses while the directory is locked', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE });
    holdLock(dir);
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--update-baseline', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--fix run inside an app directory (below its manifest) refuses while a run holds the app', async () => {
    const dir = repo({ 'services/shop/.mosaic-secrets.yaml': MANIFEST, 'services/shop/sub/docker-compose.yml': COMPOSE });
    holdLock(join(dir, 'services/shop'));
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: join(dir, 'services/shop/sub') });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--update-baseline locks where the baseline goes: a baseline outside the repo is written while the repo is locked, refused while its own directory is', async () => {
    const dir = repo({ 'docker-compose.yml': COMPOSE });
    const elsewhere = tempDir('mosaic-baseline-');
    holdLock(dir);
    const ok = await runCli(['check', '--update-baseline', '--baseline', join(elsewhere, 'bl.json'), '--no-checklist'], { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(elsewhere, 'bl.json'), 'utf8'))).toBeTruthy();
    holdLock(elsewhere);
    const refused = await runCli(['check', '--update-baseline', '--baseline', join(elsewhere, 'bl2.json'), '--no-checklist'], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(existsSync(join(elsewhere, 'bl2.json'))).toBe(false);
  });

  it('--update-baseline --dry-run is refused (dry-run goes with --fix only): nothing written', async () => {
    const dir = repo({ 'docker-compose.yml': COMPOSE });
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--update-baseline', '--dry-run', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('create-mosaic-secrets check: --dry-run: only used with --fix');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--fix --dry-run takes no lock: it shows the diff while another run holds it', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE });
    holdLock(dir);
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--dry-run', '--no-checklist'], { cwd: dir });
    expect(r.stdout).toContain('DB_PASSWORD:?DB_PASSWORD is required');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('unlocked, --fix rewrites and leaves no lock behind (root and app directory)', async () => {
    const dir = repo({ 'services/shop/.mosaic-secrets.yaml': MANIFEST, 'services/shop/docker-compose.yml': COMPOSE });
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(snapshotTree(dir)['services/shop/docker-compose.yml']).toContain('${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(existsSync(join(dir, LOCK))).toBe(false);
    expect(existsSync(join(dir, 'services/shop', LOCK))).toBe(false);
  });

  it('--fix at a repository root stops looking for an app directory there: a manifest and a held lock above the repo are not its app', async () => {
    // A repo cloned under a directory that has its own .mosaic-secrets.yaml (another checkout, a home directory).
    const outer = repo({ '.mosaic-secrets.yaml': MANIFEST, 'clone/docker-compose.yml': COMPOSE });
    const dir = join(outer, 'clone');
    git(dir, 'init', '-q');
    holdLock(outer);
    const lockAbove = readFileSync(join(outer, LOCK), 'utf8');
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toContain('${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(readFileSync(join(outer, LOCK), 'utf8')).toBe(lockAbove);
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('check --fix does not scan the lock it holds: it reads as many files as a plain check', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'README.md': '# shop\n' });
    const plain = JSON.parse((await runCli(['check', '--no-checklist', '--format', 'json'], { cwd: dir })).stdout);
    const fixing = JSON.parse((await runCli(['check', '--fix', '--no-checklist', '--format', 'json'], { cwd: dir })).stdout);
    expect(fixing.filesScanned).toBe(plain.filesScanned);
  });

  it('adopt takes the lock over its answers file, generator, fix and .env steps: refused while a run holds it, nothing written', async () => {
    const dir = checkout('ts-api');
    holdLock(dir);
    const before = snapshotTree(dir);
    const r = await runCli(['adopt', '--yes', '--answers-out', 'answers.yaml'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

// Issue #14, cases 4 and 5: one run at a time per target directory (a lock file naming its holder,
// stale locks recovered), temp files a later run recognises and removes, and SIGHUP deferred while
// files are published, like SIGINT and SIGTERM. Signals arrive exactly mid-publish: strace injects
// them at the n-th rename(2).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

const LOCK = '.mosaic-secrets.lock';
const base = ['--app', 'billing-api', '--namespace', 'payments', '--lang', 'typescript', '--secret', 'DB_PASSWORD', '--yes'];
const LOCK_MESSAGE = /another create-mosaic-secrets run \(pid \d+ on .+, started .+\) is writing in .+; wait for it to finish/;

async function app(): Promise<string> {
  const dir = tempDir('mosaic-lock-');
  const r = await runCli([dir, ...base]);
  expect(r.exitCode, r.stderr).toBe(0);
  return dir;
}

/** What a fresh run with the answers recorded in `dir` writes: the tree must be exactly one run's output. */
async function freshFromManifest(dir: string): Promise<Record<string, string>> {
  const answers = parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers;
  const fresh = tempDir('mosaic-lock-fresh-');
  writeFileSync(`${fresh}.json`, JSON.stringify(answers));
  const r = await runCli([fresh, '--answers', `${fresh}.json`, '--yes']);
  expect(r.exitCode, r.stderr).toBe(0);
  return snapshotTree(fresh);
}

const tempsIn = (dir: string): string[] => Object.keys(snapshotTree(dir)).filter((p) => /\.tmp$/.test(p));

describe('one run at a time per directory (case 4)', () => {
  it('while a run holds the lock (waiting at a prompt), N others exit 1 naming it and change nothing', async () => {
    const dir = await app();
    const holder = new PtySession([dir]);
    await holder.expect(/Use the answers recorded/);
    const lock = JSON.parse(readFileSync(join(dir, LOCK), 'utf8'));
    expect(lock).toMatchObject({ pid: expect.any(Number), host: hostname(), command: 'generate' });
    const before = snapshotTree(dir);
    const runs = await Promise.all(['A_KEY', 'B_KEY', 'C_KEY', 'D_KEY'].map((k) => runCli(['add-key', k, '--dir', dir])));
    for (const r of runs) {
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(LOCK_MESSAGE);
      expect(r.stderr).toContain(`pid ${lock.pid} on ${hostname()}`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshotTree(dir)).toEqual(before);
    holder.type(KEY.ctrlC);
    expect(await holder.exited).toBe(130);
    expect(existsSync(join(dir, LOCK)), 'released on Ctrl-C').toBe(false);
    expect((await runCli(['add-key', 'A_KEY', '--dir', dir])).exitCode).toBe(0);
  });

  it('N add-keys started at once: the losers exit 1 with the lock message; no key of a run that exited 0 is lost', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = await app();
      const keys = ['A_KEY', 'B_KEY', 'C_KEY', 'D_KEY', 'E_KEY'];
      const runs = await Promise.all(keys.map((k) => runCli(['add-key', k, '--dir', dir])));
      const won = keys.filter((_, i) => runs[i]!.exitCode === 0);
      expect(won.length).toBeGreaterThan(0);
      runs.filter((r) => r.exitCode !== 0).forEach((r) => expect(r.stderr).toMatch(LOCK_MESSAGE));
      const secrets = parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers.secrets.map((s: { env: string }) => s.env);
      expect(secrets.sort()).toEqual(['DB_PASSWORD', ...won].sort());
      expect(snapshotTree(dir)).toEqual(await freshFromManifest(dir));
    }
  });

  it('N first runs with different --secret sets at once: the tree is exactly one run’s output', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir('mosaic-lock-new-');
      const sets = [['A_KEY'], ['B_KEY', 'C_KEY'], ['D_KEY'], ['E_KEY', 'F_KEY']];
      const runs = await Promise.all(sets.map((s) => runCli([dir, ...base.slice(0, 6), ...s.flatMap((k) => ['--secret', k]), '--yes'])));
      runs.filter((r) => r.exitCode !== 0).forEach((r) => expect(r.stderr).toMatch(LOCK_MESSAGE));
      const won = sets.filter((_, i) => runs[i]!.exitCode === 0).map((s) => s.join(','));
      const secrets = parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers.secrets.map((s: { env: string }) => s.env).join(',');
      expect(won).toContain(secrets);
      expect(snapshotTree(dir)).toEqual(await freshFromManifest(dir));
    }
  });

  it('a lock left by a dead process is recovered; one held on another host is reported, not broken', async () => {
    const dir = await app();
    const dead = await execa('node', ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), started: new Date().toISOString(), command: 'add-key' }));
    const r = await runCli(['add-key', 'A_KEY', '--dir', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`removed a stale lock left by pid ${dead.stdout}`));
    expect(existsSync(join(dir, LOCK))).toBe(false);

    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: 1, host: 'build-box-7', started: '2026-01-01T00:00:00.000Z', command: 'update' }));
    const before = snapshotTree(dir);
    const other = await runCli(['add-key', 'B_KEY', '--dir', dir]);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toMatch(/pid 1 on build-box-7, started 2026-01-01T00:00:00.000Z, update/);
    expect(other.stderr).toContain(`if no such process runs, delete ${join(dir, LOCK)}`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--dry-run takes no lock and writes nothing, even while another run holds it', async () => {
    const dir = await app();
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: 1, host: 'build-box-7', started: '2026-01-01T00:00:00.000Z', command: 'update' }));
    const before = snapshotTree(dir);
    const r = await runCli(['add-key', 'A_KEY', '--dir', dir, '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

async function killedAtRename(dir: string, signal: string, nth: number, args = base) {
  return execa('strace', ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename', '-e', `inject=rename:signal=${signal}:when=${nth}`, 'node', CLI, dir, ...args], {
    reject: false,
    env: { NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' },
  });
}

describe('temp files and signals mid-publish (case 5)', () => {
  it('SIGKILL mid-publish leaves temp files and a dead lock; the next run removes both and completes', async () => {
    const dir = tempDir('mosaic-kill-');
    const killed = await killedAtRename(dir, 'SIGKILL', 3);
    expect(killed.exitCode).not.toBe(0);
    expect(tempsIn(dir).length, 'the kill did land mid-publish').toBeGreaterThan(0);
    const r = await runCli([dir, ...base]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(tempsIn(dir)).toEqual([]);
    expect(existsSync(join(dir, LOCK))).toBe(false);
    expect(snapshotTree(dir)).toEqual(await freshFromManifest(dir));
  });

  it('temp files of an older run (the .<name>.<hex>.tmp form) next to our files are removed too', async () => {
    const dir = await app();
    writeFileSync(join(dir, 'deploy', '.deployment.yaml.0123456789ab.tmp'), 'half');
    writeFileSync(join(dir, 'deploy', '.notes.txt.0123456789ab.tmp'), 'not ours: another tool');
    const r = await runCli(['add-key', 'A_KEY', '--dir', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'deploy')).sort()).toEqual(['.notes.txt.0123456789ab.tmp', 'deployment.yaml', 'external-secret.yaml']);
  });

  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT']) {
    it(`${signal} mid-publish is deferred: every file and the manifest are published, then exit 130`, async () => {
      const dir = tempDir('mosaic-hup-');
      const r = await killedAtRename(dir, signal, 3);
      expect(r.exitCode, r.stderr).toBe(130);
      expect(r.stderr).toMatch(/Interrupted: the files were written completely/);
      expect(tempsIn(dir)).toEqual([]);
      expect(existsSync(join(dir, LOCK))).toBe(false);
      expect(snapshotTree(dir)).toEqual(await freshFromManifest(dir));
    });
  }
});

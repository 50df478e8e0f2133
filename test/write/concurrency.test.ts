// Issue #14, cases 4 and 5: one run at a time per target directory (a lock file naming its holder,
// stale locks recovered), temp files a later run recognises and removes, and SIGHUP deferred while
// files are published, like SIGINT and SIGTERM. Signals arrive exactly mid-publish: strace injects
// them at the n-th rename(2).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
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
const keysIn = (dir: string): string[] => parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers.secrets.map((s: { env: string }) => s.env).sort();
/** Files the lock machinery may leave behind: the lock, its recovery guard, a half-published lock. */
const lockLeftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith(LOCK));

/** The system calls that can create the lock file (O_EXCL open, or a link onto its name). */
const CREATE = '?open,openat,?creat,?link,linkat';

/**
 * `node CLI args` under strace, sent SIGSTOP as the first of `calls` on `path` (-P) returns: the run
 * stands still at that exact point while the test arranges the other side of an interleaving (no
 * timing involved). `stopped` is its pid once it stands; `finish` resumes it to the end (strace
 * counts per system call, so a later call of another kind in `calls` may stop it once more).
 */
function stoppedAfter(path: string, calls: string, args: string[]) {
  const log = join(tempDir('mosaic-strace-'), 'log');
  const run = execa('strace', ['-f', '-qq', '-o', log, '-P', path, '-e', 'trace=all', '-e', `inject=${calls}:signal=SIGSTOP:when=1`, 'node', CLI, ...args], {
    reject: false,
    env: { NO_COLOR: '1' },
  });
  // A test that fails midway must not leave a stopped process behind (strace detaching leaves it stopped).
  onTestFinished(() => {
    const m = existsSync(log) ? /^(\d+) /.exec(readFileSync(log, 'utf8')) : null;
    if (m) {
      try {
        process.kill(Number(m[1]), 'SIGKILL');
      } catch {
        // ended
      }
    }
    run.kill('SIGKILL');
  });
  let ended = false;
  void run.then(() => (ended = true));
  const stopped = (async () => {
    const begin = Date.now();
    for (;;) {
      // strace pads the pid to a column: `9459  --- stopped…` but `19459 --- stopped…`.
      const m = existsSync(log) ? /^(\d+) +--- stopped by SIGSTOP ---$/m.exec(readFileSync(log, 'utf8')) : null;
      if (m) return Number(m[1]);
      if (ended) throw new Error(`the traced run ended without stopping: ${(await run).stderr}`);
      if (Date.now() - begin > 30_000) throw new Error(`the traced run did not stop within 30 s; strace log:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(none)'}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const finish = async () => {
    const pid = await stopped;
    const resume = setInterval(() => {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // ended already; strace is about to report it
      }
    }, 20);
    try {
      return await run;
    } finally {
      clearInterval(resume);
    }
  };
  return { stopped, finish };
}

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

  it('N add-keys started at once: each run wins or exits 1 naming a holder; every winner’s key is kept, no loser’s; nothing of the lock is left', async () => {
    // Which runs win depends on scheduling; what must hold does not: a run that finds the lock gone
    // by the time it reads it tries again instead of reporting a lock that names no process.
    for (let round = 0; round < 3; round++) {
      const dir = await app();
      const keys = ['A_KEY', 'B_KEY', 'C_KEY', 'D_KEY', 'E_KEY'];
      const runs = await Promise.all(keys.map((k) => runCli(['add-key', k, '--dir', dir])));
      const won = keys.filter((_, i) => runs[i]!.exitCode === 0);
      expect(won.length, 'someone holds the lock, so someone wins').toBeGreaterThan(0);
      for (const r of runs.filter((r) => r.exitCode !== 0)) {
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toMatch(LOCK_MESSAGE);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      expect(keysIn(dir)).toEqual(['DB_PASSWORD', ...won].sort());
      expect(lockLeftovers(dir)).toEqual([]);
      expect(snapshotTree(dir)).toEqual(await freshFromManifest(dir));
    }
  });

  it('the holder releases between a run’s exclusive create (EEXIST) and its read of the lock: that run takes the lock, not an error about a lock naming no process', async () => {
    const dir = await app();
    const lock = join(dir, LOCK);
    const holder = new PtySession([dir]);
    await holder.expect(/Use the answers recorded/);
    // The second run stands still right after its create failed with EEXIST…
    const late = stoppedAfter(lock, CREATE, ['add-key', 'A_KEY', '--dir', dir]);
    await late.stopped;
    // …while the holder ends and removes its lock.
    holder.type(KEY.ctrlC);
    expect(await holder.exited).toBe(130);
    expect(existsSync(lock)).toBe(false);
    const r = await late.finish();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/names no process/);
    expect(keysIn(dir)).toEqual(['A_KEY', 'DB_PASSWORD']);
    expect(lockLeftovers(dir)).toEqual([]);
  });

  it('a run that meets a lock its owner has only just created (the owner stands still right after creating it) names that owner and leaves the lock alone', async () => {
    const dir = await app();
    const lock = join(dir, LOCK);
    const owner = stoppedAfter(lock, CREATE, ['add-key', 'A_KEY', '--dir', dir]);
    const pid = await owner.stopped;
    expect(existsSync(lock), 'the owner stands holding the lock').toBe(true);
    const other = await runCli(['add-key', 'B_KEY', '--dir', dir]);
    expect(other.exitCode, other.stderr).toBe(1);
    expect(other.stderr).toMatch(LOCK_MESSAGE);
    expect(other.stderr).toContain(`pid ${pid} on ${hostname()}`);
    expect(existsSync(lock), 'a lock whose owner lives is never removed').toBe(true);
    const done = await owner.finish();
    expect(done.exitCode, done.stderr).toBe(0);
    expect(keysIn(dir)).toEqual(['A_KEY', 'DB_PASSWORD']);
    expect(lockLeftovers(dir)).toEqual([]);
  });

  it('a run that read a stale lock while another run recovered it and took the lock leaves the new owner’s lock alone and names it', async () => {
    const dir = await app();
    const lock = join(dir, LOCK);
    const dead = await execa('node', ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(lock, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), started: new Date().toISOString(), command: 'add-key' }));
    // The late run stands still once it has read the stale lock (its first close of the lock file)…
    const late = stoppedAfter(lock, 'close', ['add-key', 'B_KEY', '--dir', dir]);
    await late.stopped;
    // …while another run recovers it, takes the lock and waits at a prompt.
    const owner = new PtySession([dir]);
    await owner.expect(/Use the answers recorded/);
    const taken = readFileSync(lock, 'utf8');
    expect(JSON.parse(taken).pid).not.toBe(Number(dead.stdout));
    const r = await late.finish();
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(LOCK_MESSAGE);
    expect(r.stderr).toContain(`pid ${JSON.parse(taken).pid} on ${hostname()}`);
    expect(readFileSync(lock, 'utf8'), 'the new owner’s lock is untouched').toBe(taken);
    owner.type(KEY.ctrlC);
    expect(await owner.exited).toBe(130);
    expect(lockLeftovers(dir)).toEqual([]);
    expect(keysIn(dir)).toEqual(['DB_PASSWORD']);
  });

  it('a lock that keeps being taken and released while a run tries for it: bounded tries, then one line saying so, nothing written', async () => {
    const dir = await app();
    const before = snapshotTree(dir);
    // Every link onto the lock's name fails with EEXIST while no lock is there when the run looks.
    const r = await execa('strace', ['-f', '-qq', '-o', '/dev/null', '-P', join(dir, LOCK), '-e', 'trace=all', '-e', 'inject=?link,linkat:error=EEXIST', 'node', CLI, 'add-key', 'A_KEY', '--dir', dir], { reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr.trim()).toBe(`create-mosaic-secrets: locked: other create-mosaic-secrets runs are writing in ${dir} (the lock was taken and released 10 times while this run tried to take it); wait for them to finish and run again`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('on a filesystem without hard links (link(2) fails with EPERM) the lock is taken with O_EXCL instead, and nothing of it is left', async () => {
    const dir = await app();
    const r = await execa('strace', ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=?link,linkat', '-e', 'inject=?link,linkat:error=EPERM', 'node', CLI, 'add-key', 'A_KEY', '--dir', dir], { reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(keysIn(dir)).toEqual(['A_KEY', 'DB_PASSWORD']);
    expect(lockLeftovers(dir)).toEqual([]);
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

  it('an empty lock file (nothing in it names a holder, so nothing proves it stale) is reported and never removed', async () => {
    const dir = await app();
    writeFileSync(join(dir, LOCK), '');
    const before = snapshotTree(dir);
    const r = await runCli(['add-key', 'A_KEY', '--dir', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe(`create-mosaic-secrets: locked: another create-mosaic-secrets run (its lock file names no process) is writing in ${dir}; wait for it to finish (if no such process runs, delete ${join(dir, LOCK)})`);
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

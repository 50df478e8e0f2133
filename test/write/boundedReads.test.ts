// Every read on the generator's write path (the target's files before a merge, the manifest, the
// re-check before publishing, the lock file) goes through safeFile's bounded regular-file reader:
// a link, a FIFO, a device or an oversized file where we would read is a one-line error naming it,
// exit 2 (1 for the lock, which another run may hold), and nothing written — never a hang, never a
// read of /dev/zero into memory, never a crash on a 600 MB file.
import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const base = ['--app', 'billing-api', '--namespace', 'payments', '--lang', 'typescript', '--secret', 'DB_PASSWORD', '--yes'];

async function app(): Promise<string> {
  const dir = tempDir('mosaic-bounded-');
  const r = await runCli([dir, ...base]);
  expect(r.exitCode, r.stderr).toBe(0);
  return dir;
}

/** The tree without reading anything that is not a regular file (a link shows its target, a FIFO its kind, a big file its size). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) walk(p);
      else if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(p)}`;
      else if (!st.isFile()) out[rel] = 'not a regular file';
      else if (st.size > 1 << 20) out[rel] = `${st.size} bytes, mtime ${st.mtimeMs}`;
      else out[rel] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A re-run and an add-key in `dir`, each with a timeout: a blocking read would hang, not fail. */
async function bothRefused(dir: string, exitCode: number, message: RegExp): Promise<void> {
  const before = tree(dir);
  for (const args of [['--yes'], ['add-key', 'REDIS_PASSWORD', '--description', 'cache']]) {
    const r = await runCli(args, { cwd: dir, timeout: 30_000 });
    expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(exitCode);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n'), 'one line').toHaveLength(1);
    expect(tree(dir), `${args.join(' ')}: nothing written`).toEqual(before);
  }
}

describe('bounded reads on the write path', () => {
  it('a target file replaced by a link to /dev/zero: refused, naming it, nothing written', async () => {
    const dir = await app();
    rmSync(join(dir, 'README.md'));
    symlinkSync('/dev/zero', join(dir, 'README.md'));
    await bothRefused(dir, 2, /README\.md: is a symbolic link; create-mosaic-secrets does not write through links/);
  });

  it('a target file that is a FIFO: refused without opening it for a blocking read', async () => {
    const dir = await app();
    rmSync(join(dir, 'src/env.ts'));
    await execa('mkfifo', [join(dir, 'src/env.ts')]);
    await bothRefused(dir, 2, /src\/env\.ts: is not a regular file \(a device, FIFO, socket or directory\); not read/);
  });

  it('a target file of 600 MB (sparse): refused before reading, with the size and the cap', async () => {
    const dir = await app();
    truncateSync(join(dir, 'deploy/deployment.yaml'), 600 * 1024 * 1024);
    await bothRefused(dir, 2, /deploy\/deployment\.yaml: is larger than 16777216 bytes \(629145600\); not read/);
  });

  it('a file we no longer generate that became a FIFO: the stale-file check refuses it too', async () => {
    const dir = await app();
    // Python dropped from the answers: src/config.py is planned for deletion, so it is read first.
    const answers = readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8');
    expect(answers).toContain('- typescript');
    const withPython = await runCli(['--yes', '--lang', 'typescript,python'], { cwd: dir });
    expect(withPython.exitCode, withPython.stderr).toBe(0);
    rmSync(join(dir, 'src/config.py'));
    await execa('mkfifo', [join(dir, 'src/config.py')]);
    const before = tree(dir);
    const r = await runCli(['--yes', '--lang', 'typescript'], { cwd: dir, timeout: 30_000 });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/src\/config\.py: is not a regular file/);
    expect(tree(dir)).toEqual(before);
  });

  it('a lock file that is a FIFO or a link to /dev/zero names no holder: exit 1 at once, nothing written', async () => {
    for (const plant of ['fifo', 'link'] as const) {
      const dir = await app();
      const lock = join(dir, '.mosaic-secrets.lock');
      if (plant === 'fifo') await execa('mkfifo', [lock]);
      else symlinkSync('/dev/zero', lock);
      await bothRefused(dir, 1, /another create-mosaic-secrets run \(its lock file names no process\) is writing in .*delete .*\.mosaic-secrets\.lock/);
    }
  });
});

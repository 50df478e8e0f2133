// The bin runs the program bundle through V8's code cache (src/launch/codeCache.ts). A cache must
// never change what a run does, must only be trusted when only this user could have written it,
// and must never stop a run when it cannot be read or written.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory } from '../../src/launch/codeCache.js';
import { runCli, snapshotTree, tempDir, type Run } from '../helpers/cli.js';

const ARGS = ['--app', 'cached-api', '--namespace', 'apps', '--secret', 'API_TOKEN', '--secret', 'DB_PASSWORD', '--lang', 'typescript', '--yes'];

/** One render into a fresh folder with MOSAIC_DEBUG on; returns the run, its tree and the cache state line. */
async function render(env: Record<string, string>): Promise<{ run: Run; tree: Record<string, string>; state: string }> {
  const dir = tempDir('mosaic-cc-');
  const run = await runCli([dir, ...ARGS], { env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', ...env }, cwd: dir });
  expect(run.exitCode, run.stderr).toBe(0);
  const state = /code cache (.*)$/m.exec(run.stderr)?.[1] ?? '';
  return { run, tree: snapshotTree(dir), state };
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

describe('code cache', () => {
  it('is written by the first run, used by the next, and changes nothing the run does', async () => {
    const home = tempDir('mosaic-xdg-');
    const first = await render({ XDG_CACHE_HOME: home });
    const dir = join(home, 'create-mosaic-secrets');
    expect(first.state).toMatch(/^written: /);
    const [file] = cacheFiles(dir);
    expect(file).toMatch(/^program-[A-Z0-9]+\.cjs\.v\d+\.\d+\.\d+-\w+\.v8cache$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, file!)).size).toBeGreaterThan(100_000);

    const second = await render({ XDG_CACHE_HOME: home });
    expect(second.state).toMatch(/^used: /);
    expect(second.tree).toEqual(first.tree);
    const normal = (s: string) => s.replace(/mosaic-cc-\w+/g, 'DIR');
    expect(normal(second.run.stdout)).toEqual(normal(first.run.stdout)); // paths aside

    const off = await render({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.state).toBe('off (NODE_DISABLE_COMPILE_CACHE is set)');
    expect(off.tree).toEqual(first.tree);
  });

  it('a corrupt or foreign cache file is rejected by V8 and rewritten, and the run is unaffected', async () => {
    const home = tempDir('mosaic-xdg-');
    const good = await render({ XDG_CACHE_HOME: home });
    const dir = join(home, 'create-mosaic-secrets');
    const [file] = cacheFiles(dir);
    const path = join(dir, file!);
    const garbage = Buffer.alloc(statSync(path).size, 0x5a);
    writeFileSync(path, garbage);
    const after = await render({ XDG_CACHE_HOME: home });
    expect(after.state).toMatch(/^rewritten: /);
    expect(after.tree).toEqual(good.tree);
    expect(readFileSync(path).equals(garbage)).toBe(false);
    expect((await render({ XDG_CACHE_HOME: home })).state).toMatch(/^used: /);
  });

  it('is not used from a directory others can write to, nor through a symbolic link', async () => {
    const home = tempDir('mosaic-xdg-');
    const dir = join(home, 'create-mosaic-secrets');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    const open = await render({ XDG_CACHE_HOME: home });
    expect(open.state).toMatch(/^off \(.* is not a directory only this user can write\)$/);
    expect(cacheFiles(dir)).toEqual([]);

    chmodSync(dir, 0o700);
    await render({ XDG_CACHE_HOME: home });
    const [file] = cacheFiles(dir);
    // The cache file replaced by a link to a copy elsewhere: a link is never read, and writing replaces the link itself.
    const linkPath = join(dir, file!);
    const elsewhere = join(tempDir('mosaic-elsewhere-'), 'planted.v8cache');
    writeFileSync(elsewhere, readFileSync(linkPath));
    const planted = readFileSync(elsewhere);
    rmSync(linkPath);
    symlinkSync(elsewhere, linkPath);
    const viaLink = await render({ XDG_CACHE_HOME: home });
    expect(viaLink.state).toMatch(/^written: /);
    expect(readFileSync(elsewhere).equals(planted)).toBe(true);
    expect(lstatSync(linkPath).isFile()).toBe(true);
  });

  it('a cache location that cannot be created leaves the run working and says why under MOSAIC_DEBUG', async () => {
    const notADir = join(tempDir('mosaic-xdg-'), 'file');
    writeFileSync(notADir, 'x');
    const r = await render({ XDG_CACHE_HOME: notADir });
    expect(r.state).toMatch(/^off \(.*: ENOTDIR\)$/);
    expect(r.tree['deploy/external-secret.yaml']).toContain('cached-api-secrets');
    // Without MOSAIC_DEBUG nothing about the cache is printed at all.
    const quiet = await runCli([tempDir('mosaic-cc-'), ...ARGS], { env: { NO_COLOR: '1', XDG_CACHE_HOME: notADir } });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('prunes other versions’ caches nobody refreshed for 30 days when it writes', async () => {
    const home = tempDir('mosaic-xdg-');
    const dir = join(home, 'create-mosaic-secrets');
    mkdirSync(dir, { mode: 0o700 });
    const old = join(dir, 'program-OLD.cjs.v20.0.0-x64.v8cache');
    const recent = join(dir, 'program-RECENT.cjs.v20.0.0-x64.v8cache');
    const unrelated = join(dir, 'notes.txt');
    for (const f of [old, recent, unrelated]) writeFileSync(f, 'x', { mode: 0o600 });
    const longAgo = (Date.now() - 40 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, longAgo, longAgo);
    utimesSync(unrelated, longAgo, longAgo);
    expect((await render({ XDG_CACHE_HOME: home })).state).toMatch(/^written: /);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
  });

  it('finds its directory the XDG way (a relative XDG_CACHE_HOME is ignored), or %LOCALAPPDATA% on Windows', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux')).toBe('/x/cache/create-mosaic-secrets');
    expect(cacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, 'linux')).toMatch(/[\\/]\.cache[\\/]create-mosaic-secrets$/);
    expect(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toMatch(/AppData.Local.create-mosaic-secrets$/);
    expect(cacheDirectory({}, 'win32')).toEqual({ off: 'no LOCALAPPDATA' });
    expect(cacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1', XDG_CACHE_HOME: '/x' }, 'linux')).toEqual({ off: 'NODE_DISABLE_COMPILE_CACHE is set' });
  });

  it('--help and --version never load the program bundle (no cache activity at all)', async () => {
    const home = tempDir('mosaic-xdg-');
    for (const flag of ['--help', '-h', '--version', '-v']) {
      const r = await runCli([flag], { env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', XDG_CACHE_HOME: home } });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(existsSync(join(home, 'create-mosaic-secrets'))).toBe(false);
  });
});

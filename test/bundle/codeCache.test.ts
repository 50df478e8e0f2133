// The bin runs the program bundle through V8's code cache (src/launch/codeCache.ts). A cache must
// never change what a run does, must only be trusted when nobody but this user could have written
// it (it is code), must never be handed to V8 damaged or for other source, and must never stop a
// run when it cannot be read or written.
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory } from '../../src/launch/codeCache.js';
import { CLI, REPO, runCli, snapshotTree, tempDir, type Run } from '../helpers/cli.js';

const ARGS = ['--app', 'cached-api', '--namespace', 'apps', '--secret', 'API_TOKEN', '--secret', 'DB_PASSWORD', '--lang', 'typescript', '--yes'];

/** One render into a fresh folder with MOSAIC_DEBUG on; returns the run, its tree and the cache state line. */
async function render(env: Record<string, string>, cli = CLI): Promise<{ run: Run; tree: Record<string, string>; state: string }> {
  const dir = tempDir('mosaic-cc-');
  const run = await runCli([dir, ...ARGS], { env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', ...env }, cwd: dir, ...(cli === CLI ? {} : { cli }) });
  expect(run.exitCode, run.stderr).toBe(0);
  return { run, tree: snapshotTree(dir), state: stateOf(run) };
}
const stateOf = (r: Run) => /code cache (.*?)(?:: \/.*)?$/m.exec(r.stderr)?.[1] ?? '';
const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);
const xdg = () => {
  const home = tempDir('mosaic-xdg-');
  return { home, dir: join(home, 'create-mosaic-secrets') };
};

describe('code cache', () => {
  it('is written by the first run, used by the next, and changes nothing the run does', async () => {
    const { home, dir } = xdg();
    const first = await render({ XDG_CACHE_HOME: home });
    expect(first.state).toBe('written');
    const [file] = cacheFiles(dir);
    expect(file).toMatch(/^program-[A-Z0-9]+\.cjs\.v\d+\.\d+\.\d+-\w+-[0-9a-f]{8}\.v8cache$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, file!)).size).toBeGreaterThan(100_000);

    const second = await render({ XDG_CACHE_HOME: home });
    expect(second.state).toBe('used');
    expect(second.tree).toEqual(first.tree);
    const normal = (s: string) => s.replace(/mosaic-cc-\w+/g, 'DIR');
    expect(normal(second.run.stdout)).toEqual(normal(first.run.stdout)); // paths aside

    const off = await render({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.state).toBe('off (NODE_DISABLE_COMPILE_CACHE is set)');
    expect(off.tree).toEqual(first.tree);
  });

  it('a damaged cache is never handed to V8: caught by its checksum, rewritten, the run unaffected', async () => {
    const { home, dir } = xdg();
    const good = await render({ XDG_CACHE_HOME: home });
    const path = join(dir, cacheFiles(dir)[0]!);
    const bytes = readFileSync(path);
    // Damage deep inside the V8 data (V8 itself would run it, or abort the process).
    for (let i = 0; i < 64; i++) bytes[Math.floor(bytes.length / 2) + i]! ^= 0xff;
    writeFileSync(path, bytes);
    const damaged = await render({ XDG_CACHE_HOME: home });
    expect(damaged.state).toBe('rewritten (corrupt)');
    expect(damaged.tree).toEqual(good.tree);
    writeFileSync(path, Buffer.alloc(1000, 0x5a)); // not even our header
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('rewritten (corrupt)');
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('used');
  });

  it('a bundle edited in place (same name, same length) gets a fresh cache, not its old code', async () => {
    // A private copy of the package, as npm installs it, so its bundle can be patched.
    const pkg = tempDir('mosaic-pkg-');
    for (const p of ['dist', 'templates', 'package.json']) cpSync(join(REPO, p), join(pkg, p), { recursive: true });
    const cli = join(pkg, 'dist/cli.js');
    const { home } = xdg();
    const before = await render({ XDG_CACHE_HOME: home }, cli);
    expect(before.state).toBe('written');
    const bundle = join(pkg, 'dist', readdirSync(join(pkg, 'dist')).find((f) => f.endsWith('.cjs'))!);
    const from = 'Secrets architecture';
    const to = 'SECRETS ARCHITECTURE';
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain(from);
    writeFileSync(bundle, text.replaceAll(from, to)); // same length: V8 alone would accept the old cache
    const after = await render({ XDG_CACHE_HOME: home }, cli);
    expect(after.state).toBe('rewritten (stale)');
    expect(after.tree['README.md']).toContain(to);
    expect(before.tree['README.md']).toContain(from);
  });

  it('is not used from a directory others can write to, nor through a symbolic link', async () => {
    const { home, dir } = xdg();
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    const open = await render({ XDG_CACHE_HOME: home });
    expect(open.state).toMatch(/^off \(.* is not a directory only this user can write\)$/);
    expect(cacheFiles(dir)).toEqual([]);

    // A directory above it that others can write to (and that is not sticky like /tmp).
    chmodSync(dir, 0o700);
    chmodSync(home, 0o777);
    expect((await render({ XDG_CACHE_HOME: home })).state).toMatch(/^off \(.* is writable by other users\)$/);
    chmodSync(home, 0o1777); // sticky: others cannot replace what is ours
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('written');
    chmodSync(home, 0o700);

    // The cache file replaced by a link to a copy elsewhere: a link is never read, and writing replaces the link itself.
    const linkPath = join(dir, cacheFiles(dir)[0]!);
    const elsewhere = join(tempDir('mosaic-elsewhere-'), 'planted.v8cache');
    writeFileSync(elsewhere, readFileSync(linkPath));
    const planted = readFileSync(elsewhere);
    rmSync(linkPath);
    symlinkSync(elsewhere, linkPath);
    const viaLink = await render({ XDG_CACHE_HOME: home });
    expect(viaLink.state).toBe('written');
    expect(readFileSync(elsewhere).equals(planted)).toBe(true);
    expect(lstatSync(linkPath).isFile()).toBe(true);
  });

  // Root (CI and this machine run as root) with $HOME still pointing at another user's home, as `sudo -E` does.
  it.runIf(process.getuid?.() === 0)('as root in another user’s home it neither creates ~/.cache there nor uses theirs', async () => {
    const home = tempDir('mosaic-otherhome-');
    chownSync(home, 65534, 65534);
    const r = await render({ HOME: home, XDG_CACHE_HOME: '' });
    expect(r.state).toMatch(/^off \(.* belongs to another user/);
    expect(readdirSync(home)).toEqual([]);
    // Their existing cache directory is not ours either.
    mkdirSync(join(home, '.cache/create-mosaic-secrets'), { recursive: true, mode: 0o700 });
    for (const d of ['.cache', '.cache/create-mosaic-secrets']) chownSync(join(home, d), 65534, 65534);
    expect((await render({ HOME: home, XDG_CACHE_HOME: '' })).state).toMatch(/^off \(/);
    expect(readdirSync(join(home, '.cache/create-mosaic-secrets'))).toEqual([]);
  });

  it('a cache location that cannot be created leaves the run working and says why under MOSAIC_DEBUG', async () => {
    const notADir = join(tempDir('mosaic-xdg-'), 'file');
    writeFileSync(notADir, 'x');
    const r = await render({ XDG_CACHE_HOME: notADir });
    expect(r.state).toMatch(/^off \(.*ENOTDIR\)$/);
    expect(r.tree['deploy/external-secret.yaml']).toContain('cached-api-secrets');
    // Without MOSAIC_DEBUG nothing about the cache is printed at all.
    const quiet = await runCli([tempDir('mosaic-cc-'), ...ARGS], { env: { NO_COLOR: '1', XDG_CACHE_HOME: notADir } });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('grows with the program: a run that gets further than the runs that made it extends it', async () => {
    const { home, dir } = xdg();
    const env = { NO_COLOR: '1', MOSAIC_DEBUG: '1', XDG_CACHE_HOME: home };
    const size = () => statSync(join(dir, cacheFiles(dir)[0]!)).size;
    const bad = await runCli(['--bogus'], { env }); // compiles little: a usage error
    expect(bad.exitCode).toBe(2);
    expect(stateOf(bad)).toBe('written');
    const small = size();

    const audit = await runCli(['check', tempDir('mosaic-cc-empty-')], { env });
    expect(audit.exitCode).toBe(0);
    expect(stateOf(audit)).toBe('used, extended');
    const withCheck = size();
    expect(withCheck).toBeGreaterThan(small);
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('used, extended');
    expect(size()).toBeGreaterThan(withCheck); // now holds the renderers too
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('used');
    expect(stateOf(await runCli(['check', tempDir('mosaic-cc-empty-')], { env }))).toBe('used');
    expect(stateOf(await runCli(['--bogus'], { env }))).toBe('used');
  });

  it('keeps one file per set of V8 flags (a cache made under other flags is rejected by V8)', async () => {
    const { home, dir } = xdg();
    await render({ XDG_CACHE_HOME: home });
    const flagged = await render({ XDG_CACHE_HOME: home, NODE_OPTIONS: '--max-old-space-size=4096' });
    expect(flagged.state).toBe('written');
    expect(cacheFiles(dir)).toHaveLength(2);
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('used');
    expect((await render({ XDG_CACHE_HOME: home, NODE_OPTIONS: '--max-old-space-size=4096' })).state).toBe('used');
  });

  it('prunes caches unused for 30 days and stray temp files when it writes; a used cache stays fresh', async () => {
    const { home, dir } = xdg();
    mkdirSync(dir, { mode: 0o700 });
    const old = join(dir, 'program-OLD.cjs.v20.0.0-x64-00000000.v8cache');
    const recent = join(dir, 'program-RECENT.cjs.v20.0.0-x64-00000000.v8cache');
    const strayTmp = join(dir, 'program-X.cjs.v20.0.0-x64-00000000.v8cache.0123456789ab.tmp');
    const unrelated = join(dir, 'notes.txt');
    for (const f of [old, recent, strayTmp, unrelated]) writeFileSync(f, 'x', { mode: 0o600 });
    const daysAgo = (n: number) => (Date.now() - n * 24 * 3600 * 1000) / 1000;
    for (const f of [old, unrelated]) utimesSync(f, daysAgo(40), daysAgo(40));
    utimesSync(strayTmp, daysAgo(2), daysAgo(2));
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('written');
    expect(existsSync(old)).toBe(false);
    expect(existsSync(strayTmp)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);

    const ours = join(dir, cacheFiles(dir).find((f) => !f.includes('RECENT'))!);
    utimesSync(ours, daysAgo(3), daysAgo(3));
    expect((await render({ XDG_CACHE_HOME: home })).state).toBe('used');
    expect(Date.now() - statSync(ours).mtimeMs).toBeLessThan(3600 * 1000);
  });

  it('finds its directory the XDG way (a relative XDG_CACHE_HOME is ignored), or %LOCALAPPDATA% on Windows', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux')).toBe('/x/cache/create-mosaic-secrets');
    expect(cacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, 'linux')).toMatch(/[\\/]\.cache[\\/]create-mosaic-secrets$/);
    expect(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', XDG_CACHE_HOME: '/x' }, 'win32')).toMatch(/AppData.Local.create-mosaic-secrets$/);
    expect(cacheDirectory({ XDG_CACHE_HOME: '/x' }, 'win32')).toEqual({ off: 'no LOCALAPPDATA' });
    expect(cacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1', XDG_CACHE_HOME: '/x' }, 'linux')).toEqual({ off: 'NODE_DISABLE_COMPILE_CACHE is set' });
  });

  it('--help and --version never load the program bundle (no cache activity at all)', async () => {
    const { home, dir } = xdg();
    for (const flag of ['--help', '-h', '--version', '-v']) {
      const r = await runCli([flag], { env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', XDG_CACHE_HOME: home } });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('the program runs in strict mode, as it did as an ES module', () => {
    const bundle = readdirSync(join(REPO, 'dist')).find((f) => f.endsWith('.cjs'))!;
    expect(readFileSync(join(REPO, 'dist', bundle), 'utf8')).toMatch(/^'use strict';/);
  });
});

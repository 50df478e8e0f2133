// The Vault flags through the bundled CLI (dist/cli.js; rebuild with `node src/scripts/build.mjs`):
// --force is for edited files only; replacing a value in Vault takes --vault-overwrite.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { nodeBin } from '../helpers/node.js';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';

const vault = useOpenBao();

async function readBack(path: string): Promise<Record<string, string> | null> {
  const r = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', path], { reject: false });
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data : null;
}

describe('--vault-overwrite', () => {
  it('--force never replaces a Vault value; --vault-overwrite (no terminal: the flag is the confirmation) does', async () => {
    const dir = tempDir('mosaic-vault-cli-');
    const base = [dir, '--app', 'overwrite-app', '--namespace', 'apps', '--secret', 'OW_KEY', '--yes', '--vault-write', '--from-env', '--vault-bin', BAO_BIN];
    const run = (extra: string[], value: string) =>
      runCli([...base, ...extra], { env: { ...vault().env, NO_COLOR: '1', OW_KEY: value }, extendEnv: false });
    const first = `first-${randomBytes(8).toString('hex')}`;
    const second = `second-${randomBytes(8).toString('hex')}`;

    const r1 = await run([], first);
    expect(r1.exitCode, r1.stderr).toBe(0);
    expect(await readBack('k3s/overwrite-app')).toEqual({ ow_key: first });

    const forced = await run(['--force'], second);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('✔ secret/k3s/overwrite-app already has all 1 keys; nothing written (use --vault-overwrite to replace values)');
    expect(await readBack('k3s/overwrite-app')).toEqual({ ow_key: first });

    const over = await run(['--vault-overwrite'], second);
    expect(over.exitCode, over.stderr).toBe(0);
    expect(over.stdout).toContain('✔ Wrote secret/k3s/overwrite-app version 2: ow_key');
    expect(await readBack('k3s/overwrite-app')).toEqual({ ow_key: second });
    for (const r of [r1, forced, over]) expect(r.stdout + r.stderr).not.toMatch(/first-|second-/);
  });

  it('a value written during a run never reaches the compile cache the run leaves behind (Node 24)', async () => {
    // The bin turns on Node's own module compile cache (22.1+); NODE_COMPILE_CACHE puts it here.
    const compileCache = tempDir('mosaic-vault-ncc-');
    const value = `cached-${randomBytes(12).toString('hex')}`;
    const r = await runCli([tempDir('mosaic-vault-cc-'), '--app', 'cache-app', '--namespace', 'apps', '--secret', 'CC_KEY', '--secret', 'CC_GEN', '--generate', 'CC_GEN', '--yes', '--vault-write', '--from-env', '--vault-bin', BAO_BIN], {
      env: { ...vault().env, PATH: `${nodeBin('24.19.0')}${delimiter}${vault().env.PATH}`, NO_COLOR: '1', CC_KEY: value, NODE_COMPILE_CACHE: compileCache },
      extendEnv: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const stored = await readBack('k3s/cache-app');
    expect(stored?.cc_key).toBe(value);
    const generated = stored?.cc_gen ?? '';
    expect(generated.length).toBeGreaterThan(16);
    const caches = readdirSync(compileCache, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name)));
    expect(caches.length).toBeGreaterThan(3);
    const all = Buffer.concat(caches);
    // The search does find strings V8 keeps in a cache (a name zod's module sets when it loads)…
    expect(all.includes(Buffer.from('ZodError', 'latin1'))).toBe(true);
    // …and none of the values.
    for (const secret of [value, generated]) {
      for (const enc of ['utf8', 'utf16le', 'latin1'] as const) expect(all.includes(Buffer.from(secret, enc))).toBe(false);
    }
  });

  it('VAULT_NAMESPACE puts the values in that namespace (and says so), never in the root one', async () => {
    await vault().bao(['namespace', 'create', 'team-a']);
    await vault().bao(['secrets', 'enable', '-namespace=team-a', '-path=secret', 'kv-v2']);
    const value = `ns-${randomBytes(8).toString('hex')}`;
    const r = await runCli([tempDir('mosaic-vault-ns-'), '--app', 'ns-app', '--namespace', 'apps', '--secret', 'NS_KEY', '--yes', '--vault-write', '--from-env', '--vault-bin', BAO_BIN], {
      env: { ...vault().env, NO_COLOR: '1', NS_KEY: value, VAULT_NAMESPACE: 'team-a' },
      extendEnv: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/namespace team-a/);
    const inNs = await vault().bao(['kv', 'get', '-format=json', '-namespace=team-a', '-mount=secret', 'k3s/ns-app']);
    expect((JSON.parse(inNs.stdout) as { data: { data: Record<string, string> } }).data.data).toEqual({ ns_key: value });
    expect(await readBack('k3s/ns-app')).toBeNull();
    expect(r.stdout + r.stderr).not.toContain(value);
  });

  it('is in --help', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/--vault-overwrite +replace values already in Vault/);
  });
});

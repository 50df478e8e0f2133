// Values that already exist: adopt moves the secrets a local .env holds into a real OpenBao through
// the Vault step (stdin only, check-and-set), then deletes or keeps the file. The values never show
// in adopt's output, in the repo's files or in what it wrote.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/vault/envFile.js';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';
import { runCli, snapshotTree } from '../helpers/cli.js';
import { checkout } from './fixture.js';

const vault = useOpenBao();
const VALUES = { worker_s3_secret_key: 's3-local-Zq8vT1pLw9', reports_api_token: 'rpt-local-7Hk2mXa' };

async function kvData(path: string): Promise<Record<string, string> | null> {
  const r = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', path], { reject: false });
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data : null;
}

describe('adopt: a local .env into Vault', () => {
  it('--vault-write --delete-env-file writes the secrets the .env holds (stdin only), deletes it, and never shows a value', async () => {
    const dir = checkout('py-worker');
    expect(existsSync(join(dir, '.env'))).toBe(true); // local, git-ignored
    const r = await runCli(['adopt', '--yes', '--vault-write', '--vault-bin', BAO_BIN, '--delete-env-file'], { cwd: dir, env: { ...vault().env, NO_COLOR: '1' } });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    expect(await kvData('k3s/report-worker')).toEqual(VALUES);
    expect(existsSync(join(dir, '.env'))).toBe(false);
    expect(r.stdout).toContain('deleted .env');
    const everything = r.stdout + r.stderr + Object.values(snapshotTree(dir)).join('\n');
    for (const v of Object.values(VALUES)) expect(everything).not.toContain(v);
  });

  it('a second adopt finds the path written and leaves Vault alone (check-and-set), keeping the .env by default', async () => {
    const dir = checkout('py-worker');
    const r = await runCli(['adopt', '--yes', '--vault-write', '--vault-bin', BAO_BIN], { cwd: dir, env: { ...vault().env, NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/already has all 2 keys; nothing written/);
    expect(existsSync(join(dir, '.env'))).toBe(true);
    expect(r.stdout).toContain('kept .env for local development');
    expect(await kvData('k3s/report-worker')).toEqual(VALUES);
  });

  it('without --vault-write (no terminal) only says what the .env holds, by name', async () => {
    const dir = checkout('py-worker');
    const r = await runCli(['adopt', '--yes'], { cwd: dir, env: { ...vault().env, NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('.env holds values of WORKER_S3_SECRET_KEY, REPORTS_API_TOKEN: move them to Vault with');
    for (const v of Object.values(VALUES)) expect(r.stdout + r.stderr).not.toContain(v);
  });

  it('reads dotenv syntax: export, quotes, escapes, comments, multi-line quoted values; a bad line is named, not shown', () => {
    const m = parseDotenv('export A=1\nB="x\\"y\\n"\nC=\'$lit\' # note\nD=plain # comment\nE="line1\nline2"\n\n# c\n', '.env');
    expect(Object.fromEntries(m)).toEqual({ A: '1', B: 'x"y\n', C: '$lit', D: 'plain', E: 'line1\nline2' });
    expect(() => parseDotenv('GOOD=1\nthis is hunter2\n', '.env')).toThrow(/^\.env:2: not a KEY=value line$/);
  });
});

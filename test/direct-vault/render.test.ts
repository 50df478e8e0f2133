// Direct-Vault renderers without a server: which files, what they contain, and one file snapshot
// per template for a reference model. The live proof is in openbao.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, type Answers } from '../../src/model.js';
import { directVaultReadme, renderDirectVault } from '../../src/render/directVault/index.js';
import type { RenderedFile } from '../../src/render/types.js';

const reference: Answers = {
  app: 'billing-api',
  namespace: 'billing',
  mode: 'direct-vault',
  justification: 'Postgres credentials come from the Vault database engine with a 15m TTL',
  directVault: { engine: 'database' },
  languages: ['typescript', 'python', 'go'],
  secrets: [{ env: 'STRIPE_KEY' }],
};

function render(over: Partial<Answers> = {}): RenderedFile[] {
  return renderDirectVault(buildModel({ ...reference, ...over }));
}
function file(files: RenderedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`${path} not rendered; got ${files.map((x) => x.path).join(', ')}`);
  return f.content;
}
/** `path "<p>" { capabilities = [...] }` blocks as { path: capabilities }. */
function policyPaths(hcl: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of hcl.matchAll(/^path "([^"]+)" \{\n\s+capabilities = \[([^\]]*)\]\n\}/gm)) {
    out[m[1]!] = [...m[2]!.matchAll(/"([^"]+)"/g)].map((c) => c[1]!);
  }
  return out;
}

describe('renderDirectVault', () => {
  it('renders nothing for an ESO-mode app (no Vault client may appear there)', () => {
    const m = buildModel({ ...reference, mode: 'eso', justification: undefined, directVault: undefined });
    expect(renderDirectVault(m)).toEqual([]);
    expect(directVaultReadme(m)).toBe('');
  });

  it('renders the policy, an executable provisioning script and one client per language', () => {
    const files = render();
    expect(files.map((f) => [f.path, f.executable === true, f.strategy.kind])).toEqual([
      ['vault/policy-billing-api.hcl', false, 'whole'],
      ['vault/provision-approle.sh', true, 'whole'],
      ['src/vault-client.ts', false, 'whole'],
      ['src/vault_client.py', false, 'whole'],
      ['vaultclient/vaultclient.go', false, 'whole'],
    ]);
    expect(render({ languages: ['python'], pythonPackage: 'app/billing' }).map((f) => f.path)).toEqual([
      'vault/policy-billing-api.hcl',
      'vault/provision-approle.sh',
      'app/billing/vault_client.py',
    ]);
    expect(render({ languages: [] }).map((f) => f.path)).toEqual(['vault/policy-billing-api.hcl', 'vault/provision-approle.sh']);
  });

  it('matches the snapshot of every template for the reference model', async () => {
    const files = render();
    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(`__snapshots__/${f.path.replace(/\//g, '__')}.snap`);
    }
    await expect(directVaultReadme(buildModel(reference))).toMatchFileSnapshot('__snapshots__/README-direct-vault.md.snap');
  });
});

describe('policy', () => {
  it('grants read on the exact path and its sub-paths, read/list on metadata, and database creds', () => {
    expect(policyPaths(file(render(), 'vault/policy-billing-api.hcl'))).toEqual({
      'secret/data/k3s/billing-api': ['read'],
      'secret/data/k3s/billing-api/*': ['read'],
      'secret/metadata/k3s/billing-api': ['read', 'list'],
      'secret/metadata/k3s/billing-api/*': ['read', 'list'],
      'database/creds/billing-api-role': ['read'],
    });
  });

  it('honours a custom mount and prefix, and an empty prefix', () => {
    const custom = render({ vault: { mount: 'team-kv', prefix: 'apps/prod' }, directVault: { engine: 'none' } });
    expect(Object.keys(policyPaths(file(custom, 'vault/policy-billing-api.hcl')))).toEqual([
      'team-kv/data/apps/prod/billing-api',
      'team-kv/data/apps/prod/billing-api/*',
      'team-kv/metadata/apps/prod/billing-api',
      'team-kv/metadata/apps/prod/billing-api/*',
    ]);
    const flat = render({ vault: { mount: 'kv', prefix: '' }, directVault: { engine: 'none' } });
    expect(Object.keys(policyPaths(file(flat, 'vault/policy-billing-api.hcl')))).toEqual([
      'kv/data/billing-api',
      'kv/data/billing-api/*',
      'kv/metadata/billing-api',
      'kv/metadata/billing-api/*',
    ]);
    expect(file(flat, 'vault/provision-approle.sh')).toContain('\nBOOTSTRAP=billing-api-bootstrap\n');
  });

  it('leaves the database path out unless the database engine is chosen, and names an "other" engine', () => {
    const none = file(render({ directVault: { engine: 'none' } }), 'vault/policy-billing-api.hcl');
    expect(none).not.toContain('database/');
    const other = file(render({ directVault: { engine: 'other', engineNote: 'AWS STS via aws/sts/billing' } }), 'vault/policy-billing-api.hcl');
    expect(other).not.toContain('database/');
    expect(other).toContain('# Dynamic engine: AWS STS via aws/sts/billing\n');
  });

  it('keeps user text inside comments: a hostile justification cannot add a policy block', () => {
    const hcl = file(render({ justification: 'x" } path "*" { capabilities = ["sudo"] } ${a} %{b}' }), 'vault/policy-billing-api.hcl');
    expect(Object.keys(policyPaths(hcl))).not.toContain('*');
    expect(hcl.split('\n').filter((l) => l.includes('sudo'))).toEqual([expect.stringMatching(/^# Why Direct-Vault: /)]);
  });
});

describe('provision-approle.sh', () => {
  it('is valid bash for several models (bash -n)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-dv-sh-'));
    try {
      const variants: Partial<Answers>[] = [
        {},
        { vault: { mount: 'team-kv', prefix: '' }, directVault: { engine: 'none', tokenTtl: '1h30m', tokenMaxTtl: '12h', secretIdTtl: '720h' } },
      ];
      variants.forEach((v, i) => {
        const p = join(dir, `s${i}.sh`);
        writeFileSync(p, file(render(v), 'vault/provision-approle.sh'));
        execFileSync('bash', ['-n', p]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad flags and prints help before touching Vault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-dv-sh-'));
    try {
      const files = render();
      const script = join(dir, 'provision-approle.sh');
      writeFileSync(script, file(files, 'vault/provision-approle.sh'));
      writeFileSync(join(dir, 'policy-billing-api.hcl'), file(files, 'vault/policy-billing-api.hcl'));
      // VAULT_BIN points nowhere: reaching the Vault steps would fail differently.
      const run = (...args: string[]) =>
        spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, VAULT_BIN: '/nonexistent/vault' } });
      const help = run('--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('--rotate-secret-id');
      expect(help.stdout).toContain('(default: 1h)');
      const bad = run('--token-ttl', '1 hour');
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('provision-approle: error: --token-ttl: not a duration: 1 hour');
      const unknown = run('--frobnicate');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('unknown option: --frobnicate');
      const noBin = run('--token-ttl=2h');
      expect(noBin.status).toBe(1);
      expect(noBin.stderr).toContain('VAULT_BIN=/nonexistent/vault is not an executable command');
      const noPolicy = run('--policy-file', join(dir, 'missing.hcl'));
      expect(noPolicy.status).toBe(1);
      expect(noPolicy.stderr).toContain('policy file not found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes its defaults from the model and keeps credentials off argv', () => {
    const sh = file(render({ directVault: { engine: 'database', tokenTtl: '30m', tokenMaxTtl: '2h', secretIdTtl: '720h' } }), 'vault/provision-approle.sh');
    expect(sh.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(sh).toContain('\nset -euo pipefail\n');
    expect(sh).toMatch(/\ntoken_ttl=30m\ntoken_max_ttl=2h\nsecret_id_ttl=720h\n/);
    expect(sh).toContain('\nROLE=billing-api\nPOLICY=billing-api-policy\nMOUNT=secret\nBOOTSTRAP=k3s/billing-api-bootstrap\n');
    expect(sh).toContain('policy_file="$script_dir/"policy-billing-api.hcl\n');
    // Stored with the stdin JSON form only; no key=value pair carries a credential.
    expect(sh).toMatch(/kv put -cas="\$stored_version" -mount="\$MOUNT" "\$BOOTSTRAP" - >\/dev\/null/);
    const cliLines = sh.split('\n').filter((l) => l.includes('"$VAULT"'));
    expect(cliLines.length).toBeGreaterThan(5);
    expect(cliLines.filter((l) => /\$\{?(role_id|secret_id|stored_secret_id|stored_role_id)\b/.test(l))).toEqual([]);
  });
});

describe('clients', () => {
  const custom = render({ vault: { mount: 'team-kv', prefix: 'apps/prod' } });

  it('point every language at the same mount, path and role', () => {
    expect(file(custom, 'src/vault-client.ts')).toContain('const MOUNT = "team-kv";\nconst PATH = "apps/prod/billing-api";\nconst ROLE = "billing-api";\n');
    expect(file(custom, 'src/vault_client.py')).toContain('MOUNT = "team-kv"\nPATH = "apps/prod/billing-api"\nROLE = "billing-api"\n');
    expect(file(custom, 'vaultclient/vaultclient.go')).toMatch(/Mount = "team-kv"\n\tPath {2}= "apps\/prod\/billing-api"/);
  });

  it('offer database credentials only with the database engine', () => {
    const none = render({ directVault: { engine: 'none' } });
    expect(file(custom, 'src/vault-client.ts')).toContain('async databaseCredentials()');
    expect(file(none, 'src/vault-client.ts')).not.toContain('database');
    expect(file(custom, 'src/vault_client.py')).toContain('def database_credentials(self)');
    expect(file(none, 'src/vault_client.py')).not.toContain('database');
    expect(file(custom, 'vaultclient/vaultclient.go')).toContain('func (c *Client) DatabaseCredentials(');
    expect(file(none, 'vaultclient/vaultclient.go')).not.toContain('Database');
  });

  it('use plain fetch in TypeScript (no dependency, said why) and never read VAULT_TOKEN', () => {
    const ts = file(custom, 'src/vault-client.ts');
    expect(ts).not.toMatch(/^import /m);
    expect(ts).toContain('Why plain fetch and not node-vault');
    expect(ts).not.toContain('VAULT_TOKEN');
    expect(file(custom, 'src/vault_client.py')).toContain('hvac.Client(url=addr, token="")');
    expect(file(custom, 'vaultclient/vaultclient.go')).toContain('api.ClearToken()');
  });
});

describe('README subsection', () => {
  it('states the justification, policy, AppRole, bootstrap path and secret-id rotation', () => {
    const md = directVaultReadme(buildModel({ ...reference, justification: 'Per-request *audit* of [each] call | required' }));
    expect(md.startsWith('### Direct-Vault opt-in\n')).toBe(true);
    expect(md).toContain('**Justification:** Per-request \\*audit\\* of \\[each\\] call \\| required\n');
    expect(md).toContain('`billing-api-policy` (`vault/policy-billing-api.hcl`)');
    expect(md).toContain('`auth/approle/role/billing-api` with `token_policies=billing-api-policy`, `token_ttl=1h`, `token_max_ttl=4h`, `secret_id_ttl=0`');
    expect(md).toContain('`secret/k3s/billing-api-bootstrap`');
    expect(md).toContain('ExternalSecret `billing-api-vault-auth`');
    expect(md).toContain('vault/provision-approle.sh --rotate-secret-id');
    expect(md).toContain('kubectl -n billing annotate externalsecret billing-api-vault-auth force-sync=');
    expect(md).toContain('vault write auth/approle/role/billing-api/secret-id-accessor/destroy secret_id_accessor=<printed accessor>');
    expect(md).toContain('`src/vault-client.ts`, `src/vault_client.py`, `vaultclient/vaultclient.go`');
  });
});

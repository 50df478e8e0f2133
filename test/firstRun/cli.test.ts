// The first run without prompts, and the subcommands' help and hints, as a new user meets them.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { useOpenBao } from '../helpers/openbao.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

describe('help', () => {
  it('no line runs a flag into its text', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    // Every flag row keeps at least two spaces (or a line break) between the flag and its text.
    for (const line of r.stdout.split('\n').filter((l) => /^ {2}-/.test(l))) expect(line).toMatch(/^ {2}\S.*?( {2,}\S|$)/);
    expect(r.stdout).not.toContain('--no-vault-writewrite');
    expect(r.stdout).toMatch(/--vault-write \/ --no-vault-write\n\s+write the secrets to Vault/);
  });

  const own: [string, RegExp[]][] = [
    ['add-key', [/--type <int\|bool\|enum\|string>/, /--reason <text>/, /--values-list <a,b>/, /--min-length <n>/, /--dir <dir>/, /Examples:\n {2}create-mosaic-secrets add-key /]],
    ['remove-key', [/--dir <dir>/, /value stays in Vault/, /Examples:\n {2}create-mosaic-secrets remove-key /]],
    ['set-mode', [/--justification <text>/, /--dir <dir>/, /Examples:\n {2}create-mosaic-secrets set-mode /]],
    ['update', [/--dir <dir>/, /--namespace <value>/, /Examples:\n {2}create-mosaic-secrets update/]],
  ];
  for (const [command, patterns] of own) {
    it(`${command} --help prints its own flags and examples, not the global help`, async () => {
      const r = await runCli([command, '--help']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`create-mosaic-secrets ${command} (${VERSION})`);
      for (const p of patterns) expect(r.stdout).toMatch(p);
      expect(r.stdout).not.toMatch(/^Answers \(prompted for/m);
    });
  }
});

describe('without a terminal', () => {
  it('a missing app takes the directory name, as the prompt would, and says so', async () => {
    const parent = tempDir();
    const dir = join(parent, 'My_Billing');
    mkdirSync(dir);
    const r = await runCli([dir, '--namespace', 'x', '--secret', 'API_KEY', '--yes']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('app: not given; using "my-billing" from the directory name (pass --app NAME to choose another)');
    expect(parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers.app).toBe('my-billing');
  });

  it('a .mosaic-secrets.yaml passed to --answers is named as a manifest, not "app: is required"', async () => {
    const dir = tempDir();
    expect((await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY', '--yes'])).exitCode).toBe(0);
    const other = tempDir();
    const r = await runCli([other, '--answers', join(dir, '.mosaic-secrets.yaml'), '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--answers: .*\.mosaic-secrets\.yaml is a manifest \(\.mosaic-secrets\.yaml\), not an answers file; run create-mosaic-secrets in its directory/);
    expect(r.stderr).not.toMatch(/is required/);
  });

  it('Next steps pins the version and suggests --vault-write only for keys this run added', async () => {
    const dir = tempDir();
    const first = await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY', '--yes']);
    expect(first.stdout).toMatch(new RegExp(`write the values to Vault secret/k3s/orders: npx create-mosaic-secrets@${VERSION.replace(/\./g, '\\.')} .* --vault-write`));
    const config = await runCli(['add-key', 'PORT', '--config', '--type', 'int', '--default', '8080', '--reason', 'port', '--dir', dir, '--yes']);
    expect(config.exitCode).toBe(0);
    expect(config.stdout).toMatch(/Next steps:/);
    expect(config.stdout).not.toMatch(/--vault-write/);
    const secret = await runCli(['add-key', 'DB_PASSWORD', '--dir', dir, '--yes']);
    expect(secret.stdout).toMatch(/write the values \(DB_PASSWORD\) to Vault secret\/k3s\/orders/);
  });
});

describe('remove-key and the value left in Vault', () => {
  const vault = useOpenBao();

  it('prints the exact command that removes the value, and does not offer to write secrets', async () => {
    const dir = tempDir();
    const v = vault();
    expect((await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY', '--secret', 'OLD_TOKEN', '--yes'])).exitCode).toBe(0);
    await v.bao(['kv', 'put', '-mount=secret', 'k3s/orders', '-'], { input: JSON.stringify({ api_key: 'a'.repeat(8), old_token: 'b'.repeat(8) }) });
    const r = await runCli(['remove-key', 'OLD_TOKEN', '--dir', dir, '--yes']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/--vault-write/);
    const hint = /\n {2}(echo '.*' \| vault kv patch -method=patch -mount=secret k3s\/orders -)\n/.exec(r.stdout);
    expect(hint, r.stdout).not.toBeNull();
    expect(r.stdout).toContain('OLD_TOKEN: its value is still in Vault at secret/k3s/orders (property old_token)');
    // Run the printed command (with bao for vault) against a real server: the property is gone, the other kept.
    const json = /^echo '(.*)' \|/.exec(hint![1]!)![1]!;
    await v.bao(['kv', 'patch', '-method=patch', '-mount=secret', 'k3s/orders', '-'], { input: json });
    const after = JSON.parse((await v.bao(['kv', 'get', '-format=json', '-mount=secret', 'k3s/orders'])).stdout);
    expect(Object.keys(after.data.data)).toEqual(['api_key']);
  });
});

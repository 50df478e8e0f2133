// Living with the generated files: hand edits survive add-key / remove-key / set-mode / update,
// the generated parts equal a fresh render of the same answers, and an identical re-run is a no-op.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mtimes, runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { USER_EDITS } from './userEdits.js';

const ANSWERS = {
  app: 'billing-api',
  namespace: 'payments',
  languages: ['typescript', 'python'],
  secrets: [
    { env: 'DB_PASSWORD', description: 'Postgres password' },
    { env: 'JWT_SECRET', description: 'Signs sessions', minLength: 32 },
  ],
  config: [{ env: 'PORT', default: '3000', type: 'int', reason: 'non-secret' }],
};

function editAll(dir: string): void {
  for (const [path, edit] of Object.entries(USER_EDITS)) writeFileSync(join(dir, path), edit(readFileSync(join(dir, path), 'utf8')));
}

async function freshWithEdits(answers: object): Promise<Record<string, string>> {
  const dir = tempDir('mosaic-fresh-');
  const f = `${dir}.answers.json`;
  writeFileSync(f, JSON.stringify(answers));
  const r = await runCli([dir, '--answers', f, '--yes']);
  expect(r.exitCode).toBe(0);
  editAll(dir);
  return snapshotTree(dir);
}

const cli = async (args: string[]) => {
  const r = await runCli(args);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r;
};

describe('generate → hand-edit → add-key → remove-key → update', () => {
  it('keeps every hand edit, matches a fresh render plus the same edits, and settles', async () => {
    const dir = tempDir();
    const f = `${dir}.answers.json`;
    writeFileSync(f, JSON.stringify(ANSWERS));
    await cli([dir, '--answers', f, '--yes']);
    editAll(dir);

    await cli(['add-key', 'DB_URL', '--description', 'Postgres URL', '--min-length', '10', '--dir', dir]);
    await cli(['add-key', 'LOG_LEVEL', '--config', '--type', 'enum', '--values-list', 'debug,info', '--default', 'info', '--reason', 'verbosity', '--dir', dir]);
    await cli(['remove-key', 'JWT_SECRET', '--dir', dir]);
    await cli(['update', '--dir', dir]);

    const finalAnswers = {
      ...ANSWERS,
      secrets: [ANSWERS.secrets[0], { env: 'DB_URL', description: 'Postgres URL', minLength: 10 }],
      config: [...ANSWERS.config, { env: 'LOG_LEVEL', type: 'enum', values: ['debug', 'info'], default: 'info', reason: 'verbosity' }],
    };
    const actual = snapshotTree(dir);
    const expected = await freshWithEdits(finalAnswers);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const path of Object.keys(expected)) expect(actual[path], path).toBe(expected[path]);

    const env = parse(actual['deploy/deployment.yaml']!).spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    expect(env).toEqual(['DB_PASSWORD', 'DB_URL', 'PORT', 'LOG_LEVEL', 'LOG_FORMAT']);
    expect(actual['src/env.ts']).toContain('export const keyCount');
    expect(actual['src/env.ts']).not.toContain('JWT_SECRET');

    const before = mtimes(dir);
    await new Promise((r) => setTimeout(r, 20));
    const again = await cli(['update', '--dir', dir, '--json']);
    expect(JSON.parse(again.stdout).files.every((x: { action: string }) => x.action === 'unchanged')).toBe(true);
    expect(mtimes(dir)).toEqual(before);
    const plain = await cli(['update', '--dir', dir]);
    expect(plain.stdout).toContain('Everything is up to date.');
  });

  it('set-mode direct-vault adds the AppRole files; back to eso deletes them unless edited', async () => {
    const dir = tempDir();
    const f = `${dir}.answers.json`;
    writeFileSync(f, JSON.stringify(ANSWERS));
    await cli([dir, '--answers', f, '--yes']);
    const noJust = await runCli(['set-mode', 'direct-vault', '--dir', dir]);
    expect(noJust.exitCode).toBe(2);
    expect(noJust.stderr).toMatch(/justification: is required/);
    await cli(['set-mode', 'direct-vault', '--justification', 'DB creds rotate every 15 minutes', '--vault-addr', 'https://vault.vault.svc:8200', '--dir', dir]);
    for (const p of ['deploy/external-secret-bootstrap.yaml', 'vault/policy-billing-api.hcl', 'vault/provision-approle.sh', 'src/vault-client.ts', 'src/vault_client.py']) {
      expect(existsSync(join(dir, p)), p).toBe(true);
    }
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('DB creds rotate every 15 minutes');
    // The user edits the policy; going back to ESO deletes the untouched files and refuses the edited one.
    const policy = join(dir, 'vault/policy-billing-api.hcl');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}# ours\n`);
    const back = await runCli(['set-mode', 'eso', '--dir', dir]);
    expect(back.exitCode).toBe(1);
    expect(back.stderr).toMatch(/vault\/policy-billing-api\.hcl \(is no longer generated, but was edited/);
    expect(existsSync(join(dir, 'src/vault-client.ts'))).toBe(true); // nothing half-done
    const forced = await cli(['set-mode', 'eso', '--dir', dir, '--force']);
    expect(forced.stdout).toMatch(/delete\s+src\/vault-client\.ts/);
    for (const p of ['deploy/external-secret-bootstrap.yaml', 'vault/policy-billing-api.hcl', 'src/vault-client.ts']) expect(existsSync(join(dir, p)), p).toBe(false);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('ESO bridge (default)');
  });

  it('edit commands fail clearly on bad input, writing nothing', async () => {
    const dir = tempDir();
    const none = await runCli(['update', '--dir', dir]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/update: no \.mosaic-secrets\.yaml in /);
    const f = `${dir}.answers.json`;
    writeFileSync(f, JSON.stringify(ANSWERS));
    await cli([dir, '--answers', f, '--yes']);
    const before = snapshotTree(dir);
    const cases: [string[], RegExp][] = [
      [['add-key', 'DB_PASSWORD', '--dir', dir], /add-key: DB_PASSWORD is already in \.mosaic-secrets\.yaml/],
      [['add-key', 'db_url', '--dir', dir], /secrets\[2\]\.env: must be UPPER_SNAKE/],
      [['add-key', 'X_KEY', '--min-length', 'ten', '--dir', dir], /--min-length: must be a whole number/],
      [['add-key', 'MODE', '--config', '--default', 'fast', '--dir', dir], /--reason: is required with add-key --config/],
      [['remove-key', 'NOPE', '--dir', dir], /remove-key: NOPE is not in \.mosaic-secrets\.yaml \(keys: DB_PASSWORD, JWT_SECRET, PORT\)/],
      [['set-mode', 'vault', '--dir', dir], /set-mode: mode must be one of eso, direct-vault/],
      [['add-key', '--dir', dir], /add-key: expects one argument/],
      [[dir, '--description', 'x', '--yes'], /--description: only used with add-key/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshotTree(dir)).toEqual(before);
  });
});

// Issue #14, cases 1–3 and 6, exactly as a user meets them: a hand edit survives any later run
// unless that run said so (a conflict shown, or --force), and exit 2 means nothing changed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

const ANSWERS = {
  app: 'billing-api',
  namespace: 'payments',
  languages: ['typescript', 'python'],
  secrets: [{ env: 'DB_PASSWORD', description: 'Postgres password' }],
  config: [{ env: 'PORT', default: '3000', type: 'int', reason: 'non-secret' }],
};

async function app(): Promise<string> {
  const dir = tempDir('mosaic-edits-');
  const f = `${dir}.answers.json`;
  writeFileSync(f, JSON.stringify(ANSWERS));
  const r = await runCli([dir, '--answers', f, '--yes']);
  expect(r.exitCode, r.stderr).toBe(0);
  return dir;
}

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
function edit(dir: string, p: string, from: string | RegExp, to: string): void {
  const before = read(dir, p);
  const after = before.replace(from, to);
  expect(after, `${p}: the edit applies`).not.toBe(before);
  writeFileSync(join(dir, p), after);
}

const ok = async (args: string[], cwd?: string) => {
  const r = await runCli(args, cwd ? { cwd } : {});
  expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

describe('case 1: a plain re-run does not make a hand edit look like our output', () => {
  it('an edit of refreshInterval and of src/env.ts survives `--yes` then `add-key`', async () => {
    const dir = await app();
    edit(dir, 'deploy/external-secret.yaml', 'refreshInterval: "1h"', 'refreshInterval: "15m"');
    edit(dir, 'src/env.ts', 'PORT: int(3000)', 'PORT: int(3001)');
    const manifest = read(dir, '.mosaic-secrets.yaml');
    const plain = await ok(['--yes'], dir);
    expect.soft(plain.stdout).toContain('Everything is up to date.');
    expect.soft(read(dir, '.mosaic-secrets.yaml'), 'a run that writes nothing records nothing new').toBe(manifest);
    await ok(['add-key', 'REDIS_PASSWORD', '--description', 'x', '--yes'], dir);
    expect(read(dir, 'deploy/external-secret.yaml')).toContain('refreshInterval: "15m"');
    expect(read(dir, 'deploy/external-secret.yaml')).toContain('REDIS_PASSWORD'.toLowerCase());
    expect(read(dir, 'src/env.ts')).toContain('PORT: int(3001)');
    expect(read(dir, 'src/env.ts')).toContain('REDIS_PASSWORD');
  });
});

describe('case 2: "keep my file" at a conflict stays kept', () => {
  it('kept in a terminal, then a plain run and add-key: the kept edit is still there', async () => {
    const dir = await app();
    edit(dir, 'deploy/external-secret.yaml', 'refreshInterval: "1h"', 'refreshInterval: "15m"');
    const pty = new PtySession([dir, '--refresh-interval', '30m']);
    await pty.answer(/Use the answers recorded/, KEY.enter);
    await pty.expect(/deploy\/external-secret\.yaml .*edited since/);
    await pty.expect(/-\s+refreshInterval: "15m"/);
    await pty.answer(/what now\?/, KEY.enter); // default: keep my file (skip)
    expect(await pty.exited, pty.screen).toBe(0);
    expect(read(dir, 'deploy/external-secret.yaml')).toContain('refreshInterval: "15m"');

    await ok(['--yes'], dir);
    await ok(['add-key', 'REDIS_PASSWORD', '--description', 'x', '--yes'], dir);
    expect(read(dir, 'deploy/external-secret.yaml')).toContain('refreshInterval: "15m"');
    expect(read(dir, 'deploy/external-secret.yaml')).toContain('redis_password');
  });
});

describe('case 3: an answer edited in .mosaic-secrets.yaml where the user also edited the files', () => {
  it('is a conflict naming those files (nothing written); --force then moves every file', async () => {
    const dir = await app();
    edit(dir, 'src/env.ts', 'PORT: int(3000)', 'PORT: int(3001)');
    edit(dir, 'deploy/deployment.yaml', 'value: "3000"', 'value: "3001"');
    edit(dir, '.mosaic-secrets.yaml', 'default: "3000"', 'default: "4000"');
    const before = snapshotTree(dir);
    const r = await runCli(['--yes'], { cwd: dir });
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite .*src\/env\.ts/);
    expect(r.stderr).toMatch(/deploy\/deployment\.yaml/);
    expect(r.stderr).not.toMatch(/src\/config\.py/);
    expect(snapshotTree(dir), 'nothing half-moved').toEqual(before);

    const dry = await ok(['--dry-run'], dir);
    expect(dry.stdout).toMatch(/conflict\s+src\/env\.ts/);
    expect(dry.stdout).toMatch(/update\s+src\/config\.py/);

    await ok(['--yes', '--force'], dir);
    for (const p of ['src/env.ts', 'src/config.py', 'deploy/deployment.yaml', 'README.md', '.env.example']) {
      expect(read(dir, p), p).toContain('4000');
      expect(read(dir, p), p).not.toContain('3001');
    }
    const again = await ok(['--yes'], dir);
    expect(again.stdout).toContain('Everything is up to date.');
  });

  it('without hand edits, every file follows the edited answer (no conflict)', async () => {
    const dir = await app();
    edit(dir, '.mosaic-secrets.yaml', 'default: "3000"', 'default: "4000"');
    await ok(['--yes'], dir);
    for (const p of ['src/env.ts', 'src/config.py', 'deploy/deployment.yaml', 'README.md', '.env.example']) expect(read(dir, p), p).toContain('4000');
    expect((await ok(['--yes'], dir)).stdout).toContain('Everything is up to date.');
  });
});

describe('case 6: exit 2 means nothing changed', () => {
  const badInputs: [string, (dir: string) => string[], RegExp][] = [
    ['a --values file that is not YAML', (d) => { writeFileSync(`${d}.bad.yaml`, 'a: [\n'); return ['--values', `${d}.bad.yaml`]; }, /--values .*not valid JSON or YAML/],
    ['a --values file with an unknown key', (d) => { writeFileSync(`${d}.unk.yaml`, 'NOPE: "x"\n'); return ['--values', `${d}.unk.yaml`]; }, /--values .*unknown key NOPE/],
    ['a --values value shorter than its key allows', (d) => { writeFileSync(`${d}.short.yaml`, 'REDIS_PASSWORD: "ab"\n'); return ['--values', `${d}.short.yaml`]; }, /REDIS_PASSWORD must be at least 10 characters/],
    ['--generate of an unknown key', () => ['--generate', 'NOPE'], /--generate: unknown key NOPE/],
    ['--values that cannot be read', (d) => ['--values', `${d}.missing.yaml`], /--values: .*(does not exist|cannot read file)/],
  ];
  for (const [what, args, message] of badInputs) {
    it(`add-key with ${what}: exit 2, files untouched`, async () => {
      const dir = await app();
      const before = snapshotTree(dir);
      const r = await runCli(['add-key', 'REDIS_PASSWORD', '--min-length', '10', '--vault-write', ...args(dir)], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(snapshotTree(dir)).toEqual(before);
    });
  }

  it('--from-env for a key the Vault CLI itself reads: exit 2, files untouched', async () => {
    const dir = await app();
    const before = snapshotTree(dir);
    const r = await runCli(['add-key', 'VAULT_TOKEN', '--vault-write', '--from-env'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--from-env: VAULT_TOKEN is a variable the Vault CLI itself uses/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a first run into a new directory with a bad --values leaves no directory behind', async () => {
    const parent = tempDir('mosaic-new-');
    writeFileSync(join(parent, 'bad.yaml'), 'a: [\n');
    const r = await runCli(['fresh', '--app', 'x', '--namespace', 'ns', '--secret', 'DB_PASSWORD', '--yes', '--vault-write', '--values', 'bad.yaml'], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(readdirSync(parent)).toEqual(['bad.yaml']);
  });
});

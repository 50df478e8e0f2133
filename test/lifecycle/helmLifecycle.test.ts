// The lifecycle guarantees in the Helm layout, as the model-based test found them broken there:
// a re-run of a fresh chart must change nothing (the include line was added again on every run), and
// a comment the user adds inside our values block is an edit like any other (it was dropped silently
// when an answer edit moved the block).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const CHART = 'charts/shop';
const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');

async function chart(): Promise<string> {
  const dir = tempDir('mosaic-helm-life-');
  const r = await runCli([dir, '--app', 'shop', '--namespace', 'shop', '--layout', 'helm', '--lang', 'go', '--secret', 'DB_PASSWORD', '--yes']);
  expect(r.exitCode, r.stderr).toBe(0);
  return dir;
}

describe('helm layout: re-runs and hand edits', () => {
  it('a re-run of a fresh chart changes nothing: one include line per container, every file unchanged', async () => {
    const dir = await chart();
    const before = snapshotTree(dir);
    const again = await runCli(['--yes'], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Everything is up to date.');
    expect(snapshotTree(dir)).toEqual(before);
    expect(read(dir, `${CHART}/templates/deployment.yaml`).match(/include "shop\.secretEnv"/g)).toHaveLength(1);
  });

  it('a comment added inside the values block, then an answer edit that moves the block: a conflict, not a silent loss', async () => {
    const dir = await chart();
    const values = `${CHART}/values.yaml`;
    writeFileSync(join(dir, values), read(dir, values).replace('name: "vault-backend"', 'name: "vault-backend" # ours: the platform team said so'));
    writeFileSync(join(dir, '.mosaic-secrets.yaml'), read(dir, '.mosaic-secrets.yaml').replace('refreshInterval: 1h', 'refreshInterval: 5m'));
    const before = snapshotTree(dir);
    const r = await runCli(['--yes'], { cwd: dir });
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite .*charts\/shop\/values\.yaml/);
    expect(snapshotTree(dir), 'nothing written').toEqual(before);
    // Without the answer edit, the same comment simply stays through a re-run and an add-key.
    const other = await chart();
    writeFileSync(join(other, values), read(other, values).replace('name: "vault-backend"', 'name: "vault-backend" # ours'));
    expect((await runCli(['--yes'], { cwd: other })).exitCode).toBe(0);
    expect((await runCli(['add-key', 'API_KEY', '--description', 'x', '--yes'], { cwd: other })).exitCode).toBe(0);
    expect(read(other, values)).toContain('name: "vault-backend" # ours');
  });
});

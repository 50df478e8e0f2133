// package.json says node >=20: the bundled CLI on Node 20.0.0 (the official binary, fetched by
// .ci/setup-toolchains) writes exactly what it writes on the Node running the tests, code cache and all.
// A named import that only newer Node has (vm.constants: 20.12) once broke every start on 20.0–20.11.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const OLDEST = process.env.MOSAIC_OLDEST_NODE ?? join(REPO, '.cache/node-20.0.0/bin/node');

const answers = {
  app: 'oldest-api',
  namespace: 'apps',
  mode: 'direct-vault',
  justification: 'Database credentials come from the Vault database engine with a 15m TTL',
  directVault: { engine: 'database' },
  languages: ['typescript', 'python', 'go'],
  goModule: 'example.com/oldest-api',
  secrets: [{ env: 'API_TOKEN', description: 'token 🔑 with "quotes"' }],
  config: [{ env: 'PORT', type: 'int', default: '8080', reason: 'local default' }],
};

describe('on the oldest supported Node', () => {
  it('answers --help/--version, renders, re-runs and checks like the current Node', async () => {
    const old = (args: string[], env: Record<string, string> = {}) =>
      execa(OLDEST, [CLI, ...args], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', XDG_CACHE_HOME: cacheHome, ...env } });
    const cacheHome = tempDir('mosaic-old-xdg-');
    expect((await execa(OLDEST, ['--version'])).stdout).toBe('v20.0.0');

    const version = await old(['--version']);
    expect(version.exitCode, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await old(['--help'])).stdout).toContain('Usage:');

    const file = join(tempDir('mosaic-old-answers-'), 'answers.json');
    writeFileSync(file, JSON.stringify(answers));
    const onOld = tempDir('mosaic-old-');
    const first = await old([onOld, '--answers', file, '--yes']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/code cache written/);
    const again = await old([onOld, '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Everything is up to date');
    expect(again.stderr).toMatch(/code cache used/);
    const audit = await old(['check', onOld]);
    expect(audit.exitCode, audit.stdout).toBe(0);

    const onCurrent = tempDir('mosaic-current-');
    const current = await runCli([onCurrent, '--answers', file, '--yes']);
    expect(current.exitCode, current.stderr).toBe(0);
    expect(snapshotTree(onOld)).toEqual(snapshotTree(onCurrent));
  });
});

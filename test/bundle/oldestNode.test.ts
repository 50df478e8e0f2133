// package.json's engines says ^20.19.0 || >=22.12.0: the bundled CLI on the oldest Node of each range
// (the official binaries, fetched by .ci/setup-toolchains) writes exactly what it writes on the Node
// running the tests, code cache and all. A named import that only newer Node has (vm.constants:
// 20.12) once broke every start on 20.0–20.11.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { nodeBin } from '../helpers/node.js';

/** The lower bound of each range in package.json's engines. */
const OLDEST = ['20.19.0', '22.12.0'] as const;

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

describe.each(OLDEST)('on Node %s, the oldest of its engines range', (nodeVersion) => {
  it('answers --help/--version, renders, re-runs and checks like the current Node', async () => {
    const node = join(nodeBin(nodeVersion), 'node');
    const old = (args: string[], env: Record<string, string> = {}) =>
      execa(node, [CLI, ...args], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1', MOSAIC_DEBUG: '1', XDG_CACHE_HOME: cacheHome, ...env } });
    const cacheHome = tempDir('mosaic-old-xdg-');
    expect((await execa(node, ['--version'])).stdout).toBe(`v${nodeVersion}`);

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

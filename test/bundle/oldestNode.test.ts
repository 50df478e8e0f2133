// package.json's engines says ^20.19.0 || >=22.12.0: the bundled CLI on the oldest Node of each range
// (the official binaries, fetched by .ci/setup-toolchains) writes exactly what it writes on the Node
// running the tests. A named import that only newer Node has (vm.constants: 20.12) once broke every
// start on 20.0–20.11; on 22.12 the bin also turns on Node's own compile cache (22.1+).
import { readdirSync, writeFileSync } from 'node:fs';
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
  // A real-looking address: the placeholder default is (rightly) warned about on stderr.
  directVault: { engine: 'database', vaultAddr: 'https://vault.apps.internal:8200' },
  languages: ['typescript', 'python', 'go'],
  goModule: 'example.com/oldest-api',
  secrets: [{ env: 'API_TOKEN', description: 'token 🔑 with "quotes"' }],
  config: [{ env: 'PORT', type: 'int', default: '8080', reason: 'local default' }],
};

describe.each(OLDEST)('on Node %s, the oldest of its engines range', (nodeVersion) => {
  it('answers --help/--version, renders, re-runs and checks like the current Node', async () => {
    const node = join(nodeBin(nodeVersion), 'node');
    const old = (args: string[], env: Record<string, string> = {}) =>
      execa(node, [CLI, ...args], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1', NODE_COMPILE_CACHE: compileCache, ...env } });
    const compileCache = tempDir('mosaic-old-ncc-');
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
    expect(first.stderr).toBe('');
    const again = await old([onOld, '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Everything is up to date');
    // Node 22.1+ keeps the modules' compiled code (the bin calls module.enableCompileCache()); 20 has no such cache.
    const cached = readdirSync(compileCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    if (nodeVersion.startsWith('20.')) expect(cached).toEqual([]);
    else expect(cached.length).toBeGreaterThan(3);
    const audit = await old(['check', onOld]);
    expect(audit.exitCode, audit.stdout).toBe(0);

    const onCurrent = tempDir('mosaic-current-');
    const current = await runCli([onCurrent, '--answers', file, '--yes']);
    expect(current.exitCode, current.stderr).toBe(0);
    expect(snapshotTree(onOld)).toEqual(snapshotTree(onCurrent));
  });
});

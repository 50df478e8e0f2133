// What users run: the packed tarball through `npx`, on each Node major package.json's engines
// claims (the official binaries, fetched once by .ci/setup-toolchains via .ci/node-bin). On each:
// --help, a render into an empty folder, a re-run that changes nothing and a `check` of the result,
// and every major writes byte for byte what the others write.
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, snapshotTree, tempDir } from '../helpers/cli.js';
import { nodeBin } from '../helpers/node.js';

/** Node 20 at the floor engines admits, the current 22 (maintenance) and 24 (active) LTS releases. */
const MAJORS = ['20.19.0', '22.20.0', '24.19.0'] as const;


let tarball = '';
let npmCache = '';
beforeAll(async () => {
  const packDir = tempDir('mosaic-majors-pack-');
  const { stdout } = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO });
  tarball = `file:${join(packDir, (JSON.parse(stdout) as [{ filename: string }])[0].filename)}`;
  npmCache = join(packDir, 'npm-cache');
});

const trees = new Map<string, Record<string, string>>();

describe.each(MAJORS)('npx <tarball> on Node %s', (version) => {
  it('answers --help, renders, re-runs without a change and checks clean', async () => {
    const bin = nodeBin(version);
    // A user's environment, not this repo's: no npm_config_* from `npm test`, no ~/.npmrc.
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      PATH: `${bin}${delimiter}${process.env.PATH}`,
      npm_config_cache: npmCache,
      npm_config_userconfig: join(npmCache, 'no-npmrc'),
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
    };
    const npx = (cwd: string, args: string[]) => execa('npx', ['--yes', tarball, ...args], { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });
    const empty = tempDir('mosaic-majors-');
    // The node that npx and the bin's `#!/usr/bin/env node` find first on this PATH.
    expect((await execa('node', ['--version'], { env, extendEnv: false })).stdout).toBe(`v${version}`);

    const help = await npx(empty, ['--help']);
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^create-mosaic-secrets \d+\.\d+\.\d+/);
    // npm warns (EBADENGINE) when engines does not admit the Node it installs on.
    expect(help.stderr).not.toMatch(/EBADENGINE|Unsupported engine/);

    const run = await npx(empty, ['.', '--app', 'majors', '--namespace', 'ns', '--secret', 'API_KEY', '--lang', 'typescript,python,go', '--yes']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(parse(readFileSync(join(empty, 'deploy/external-secret.yaml'), 'utf8')).metadata.name).toBe('majors-secrets');
    const tree = snapshotTree(empty);

    const again = await npx(empty, ['.', '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Everything is up to date');
    expect(snapshotTree(empty)).toEqual(tree);

    const audit = await npx(empty, ['check', '.']);
    expect(audit.exitCode, audit.stdout + audit.stderr).toBe(0);
    trees.set(version, tree);
  });
});

describe('across Node majors', () => {
  it('every major writes the same files', () => {
    // Runs after the describe.each blocks above (one file runs in declaration order).
    expect([...trees.keys()]).toEqual([...MAJORS]);
    const [first, ...rest] = [...trees.values()];
    expect(Object.keys(first!).length).toBeGreaterThan(5);
    for (const t of rest) expect(t).toEqual(first);
  });
});

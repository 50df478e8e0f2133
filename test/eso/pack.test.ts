// What users get from npm: the packed tarball, run with npx in an empty folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { REPO, tempDir } from '../helpers/cli.js';

describe('npm pack → npx', () => {
  it('the tarball has no runtime dependencies and `npx <tarball> --help` works in an empty folder, as does a render', async () => {
    const packDir = tempDir('mosaic-pack-');
    const { stdout } = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO });
    const [info] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = info.files.map((f) => f.path);
    expect(paths).toContain('dist/cli.js');
    expect(paths.some((p) => p.startsWith('templates/k8s/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});

    const empty = tempDir('mosaic-empty-');
    const env = { npm_config_cache: join(packDir, 'npm-cache'), npm_config_update_notifier: 'false', NO_COLOR: '1' };
    // npx runs a bare path as a command; a file: spec installs the tarball as a package.
    const tarball = `file:${join(packDir, info.filename)}`;
    const help = await execa('npx', ['--yes', tarball, '--help'], { cwd: empty, env, reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^create-mosaic-secrets \d+\.\d+\.\d+/);
    const run = await execa('npx', ['--yes', tarball, '.', '--app', 'packed', '--namespace', 'ns', '--secret', 'API_KEY', '--yes'], { cwd: empty, env, reject: false });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(parse(readFileSync(join(empty, 'deploy/external-secret.yaml'), 'utf8')).metadata.name).toBe('packed-secrets');
    expect(readdirSync(empty).sort()).toEqual(['.env.example', '.gitignore', '.mosaic-secrets.yaml', 'README.md', 'deploy']);
  });
});

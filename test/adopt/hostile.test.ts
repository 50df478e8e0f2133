// adopt and check --fix on a repository that commits links where they read: a link to /dev/zero
// (reading it never ends), links to files outside the repository (their content is not the app's
// and must not leak into the proposal). Every read goes through the bounded regular-file reader:
// each such file is a one-line warning, never a hang, a crash or a read outside the repo. And the
// generator adopt runs never require()s the target's package.json (a link to a .js file would run).
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { read } from '../layouts/helpers.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { checkout, git } from './fixture.js';

describe('adopt and check --fix on committed links', () => {
  it('warn per file and read nothing through a link: /dev/zero, files outside the repo', async () => {
    const dir = checkout('go-service');
    const outside = tempDir('mosaic-outside-');
    writeFileSync(join(outside, 'env'), 'OUTSIDE_SECRET=from-outside\n');
    mkdirSync(join(outside, 'pkg'));
    writeFileSync(join(outside, 'pkg/leak.go'), 'package pkg\n\nimport "os"\n\nvar X = os.Getenv("OUTSIDE_DIR_SECRET")\n');
    symlinkSync('/dev/zero', join(dir, 'package.json'));
    symlinkSync(join(outside, 'env'), join(dir, '.env'));
    symlinkSync(join(outside, 'pkg'), join(dir, 'internal/leak'));
    symlinkSync('/dev/zero', join(dir, 'charts/inventory-svc/templates/_zero.tpl'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'links');

    const r = await runCli(['adopt', '--yes', '--answers-out', 'answers.yaml'], { cwd: dir, timeout: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const f of ['package.json', '.env']) expect(r.stdout).toContain(`note: ${f}: is a symbolic link; not followed`);
    const answers = parse(read(dir, 'answers.yaml')) as { app: string; languages: string[]; secrets: { env: string }[]; config: { env: string }[] };
    expect(answers.app).toBe('inventory-svc'); // go.mod's (package.json is not read)
    expect(answers.languages).toEqual(['go']);
    const names = [...answers.secrets, ...answers.config].map((k) => k.env);
    expect(names).not.toContain('OUTSIDE_SECRET');
    expect(names).not.toContain('OUTSIDE_DIR_SECRET');
    expect(r.stdout + r.stderr).not.toContain('from-outside');
    // check --fix still rewired the chart; the linked .tpl was a warning, not a read.
    expect(r.stdout).toMatch(/^-\s+- name: API_TOKEN$/m);
    expect(r.stdout).toContain('not read: charts/inventory-svc/templates/_zero.tpl: is a symbolic link; not followed');
  }, 180_000);

  it('the generator never runs or reads the target\'s package.json through a link (node-plop require()s it)', async () => {
    const dir = tempDir('mosaic-pkg-link-');
    writeFileSync(join(dir, 'evil.js'), `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'PWNED'))}, 'ran');\n`);
    symlinkSync('evil.js', join(dir, 'package.json'));
    const r = await runCli(['--app', 'shop', '--namespace', 'shop', '--secret', 'DB_PASSWORD', '--yes'], { cwd: dir, timeout: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    rmSync(join(dir, 'package.json'));
    symlinkSync('zero.json', join(dir, 'package.json'));
    const again = await runCli(['--yes'], { cwd: dir, timeout: 60_000 });
    expect(again.exitCode, again.stderr).toBe(0);
  }, 150_000);

  it('check --fix: a manifest or .gitignore that is a link is a warning; nothing is written through it', async () => {
    const dir = tempDir('mosaic-fix-links-');
    const outside = tempDir('mosaic-outside-');
    writeFileSync(join(outside, 'gitignore'), 'node_modules/\n');
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  api:\n    build: .\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-changeme}\n');
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy/.env'), 'X=1\n');
    symlinkSync(join(outside, 'gitignore'), join(dir, '.gitignore'));
    symlinkSync('/dev/zero', join(dir, '.mosaic-secrets.yaml'));
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', 'deploy/.env');
    git(dir, 'commit', '-q', '-m', 'init');
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir, timeout: 60_000 });
    expect(r.stdout).toContain('not read: .mosaic-secrets.yaml: is a symbolic link; not followed');
    expect(r.stdout).toMatch(/not fixed: deploy\/\.env:1 committed-env-file: \.gitignore is not a regular file/);
    expect(read(dir, 'docker-compose.yml')).toContain('${DB_PASSWORD:?DB_PASSWORD is required}'); // the name says secret
    expect(read(outside, 'gitignore')).toBe('node_modules/\n');
  }, 90_000);
});

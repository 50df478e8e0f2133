// The generated apps run as documented: Go with `go run ./cmd/<app>` in a fresh target (no go.mod of
// its own: we write go.mod and go.sum), Python and TypeScript after only the install command Next steps
// prints. An existing go.mod / pyproject.toml / package.json gets our dependencies added, nothing else.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir } from '../helpers/cli.js';

// As a user's shell has it: no -mod=mod (a go.sum entry missing would fail), the module proxy as configured.
const { GOFLAGS: _flags, ...userEnv } = process.env;
const goEnv = { ...userEnv, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' };
const PYTHON = join(REPO, '.cache/venv/bin/python');

/** Next steps' numbered lines. */
const steps = (stdout: string) => stdout.split('Next steps:\n')[1]?.split('\n').filter(Boolean).map((l) => l.replace(/^\s+\d+\.\s+/, '')) ?? [];

async function generate(dir: string, args: string[]) {
  const r = await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY=payment key', '--yes', ...args]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r;
}

describe('Go', () => {
  for (const mode of ['eso', 'direct-vault'] as const) {
    it(`${mode}: a fresh target gets go.mod and go.sum; go run ./cmd/<app> works as is, and go mod tidy has nothing to change`, async () => {
      const dir = tempDir();
      const extra = mode === 'direct-vault' ? ['--mode', 'direct-vault', '--justification', 'db rotation', '--answers', dvAnswers()] : [];
      const r = await generate(dir, ['--lang', 'go', ...extra]);
      const gomod = readFileSync(join(dir, 'go.mod'), 'utf8');
      expect(gomod).toMatch(/^module example\.com\/orders\n/);
      expect(gomod).toContain('github.com/kelseyhightower/envconfig v1.4.0');
      if (mode === 'direct-vault') expect(gomod).toContain('github.com/hashicorp/vault/api v1.22.0');
      expect(steps(r.stdout).join('\n')).not.toMatch(/go mod|go get/); // nothing to install by hand

      const bad = await execa('go', ['run', './cmd/orders'], { cwd: dir, env: { ...goEnv, API_KEY: '' }, reject: false, extendEnv: false });
      expect(bad.stderr).toContain('API_KEY');
      expect(bad.exitCode).toBe(1);
      const bootstrap = mode === 'direct-vault' ? { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_ROLE_ID: 'r', VAULT_SECRET_ID: 's' } : {};
      const ok = await execa('go', ['run', './cmd/orders'], { cwd: dir, env: { ...goEnv, API_KEY: 'x', ...bootstrap }, reject: false, extendEnv: false });
      expect(ok.stderr + ok.stdout).toContain('orders: environment OK');
      expect(ok.exitCode).toBe(0);
      // Every package builds (the Vault client too) against exactly the requirements we wrote.
      await execa('go', ['build', './...'], { cwd: dir, env: goEnv, extendEnv: false });
      const sum = readFileSync(join(dir, 'go.sum'), 'utf8');
      await execa('go', ['mod', 'tidy'], { cwd: dir, env: goEnv, extendEnv: false });
      expect(readFileSync(join(dir, 'go.mod'), 'utf8')).toBe(gomod);
      expect(readFileSync(join(dir, 'go.sum'), 'utf8')).toBe(sum);
    });
  }

  it('an existing go.mod: imports use its module, our requires are added (nothing else changes), Next steps says go mod tidy', async () => {
    const dir = tempDir();
    const theirs = 'module github.com/acme/orders\n\ngo 1.22\n\n// our own deps\nrequire golang.org/x/text v0.27.0\n';
    writeFileSync(join(dir, 'go.mod'), theirs);
    const r = await generate(dir, ['--lang', 'go']);
    const gomod = readFileSync(join(dir, 'go.mod'), 'utf8');
    expect(gomod.startsWith(theirs)).toBe(true);
    expect(gomod.slice(theirs.length)).toMatch(/require \(\n\tgithub\.com\/kelseyhightower\/envconfig v1\.4\.0\n\)\n$/);
    expect(readFileSync(join(dir, 'cmd/orders/main.go'), 'utf8')).toContain('"github.com/acme/orders/config"');
    expect(steps(r.stdout)).toContain('Go: go.mod got the requires the generated code imports; settle them against your module graph: go mod tidy');
    await execa('go', ['mod', 'tidy'], { cwd: dir, env: goEnv, extendEnv: false });
    const ok = await execa('go', ['run', './cmd/orders'], { cwd: dir, env: { ...goEnv, API_KEY: 'x' }, reject: false, extendEnv: false });
    expect(ok.exitCode, ok.stderr).toBe(0);
    // A re-run adds nothing twice.
    const again = await runCli([dir, '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/unchanged\s+go\.mod/);
  });

  it('a go.mod of another module than goModule is refused with the fix, and nothing is written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'go.mod'), 'module github.com/acme/orders\n\ngo 1.22\n');
    const r = await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY', '--lang', 'go', '--go-module', 'example.com/other', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/go\.mod: its module is github\.com\/acme\/orders, but the generated Go code would import example\.com\/other\/config; pass --go-module github\.com\/acme\/orders/);
    expect(execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).trim()).toBe('go.mod');
  });
});

/** Direct-Vault needs a real-looking VAULT_ADDR (the placeholder would be warned about on stderr). */
function dvAnswers(): string {
  const f = join(tempDir(), 'dv.json');
  writeFileSync(f, JSON.stringify({ directVault: { engine: 'none', vaultAddr: 'https://vault.vault.svc:8200' } }));
  return f;
}

describe('Python', () => {
  it('without a pyproject.toml, the printed pip install is all a fresh venv needs to run the validator', async () => {
    const dir = tempDir();
    const r = await generate(dir, ['--lang', 'python']);
    const pip = steps(r.stdout).find((s) => s.startsWith('Python: '))!;
    expect(pip).toBe("Python: pip install 'pydantic-settings>=2,<3'");
    // A fresh venv (no packages). Its `pip` is the installer of .cache/venv aimed at it (--python), with
    // the wheelhouse .ci/setup-toolchains filled as the index: the printed command, without the network.
    const venv = join(tempDir(), 'venv');
    await execa(PYTHON, ['-m', 'venv', '--without-pip', venv]);
    const bin = tempDir('pip-');
    writeFileSync(join(bin, 'pip'), `#!/bin/sh\nexec ${PYTHON} -m pip --python ${venv}/bin/python "$@"\n`, { mode: 0o755 });
    await execa('sh', ['-c', `${pip.slice('Python: '.length)} --quiet --disable-pip-version-check`], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PIP_NO_INDEX: '1', PIP_NO_COMPILE: '1', PIP_FIND_LINKS: join(REPO, '.cache/wheels') },
    });
    expect((await execa(join(venv, 'bin/python'), ['-c', 'import pydantic_settings; print(pydantic_settings.__version__)'])).stdout).toMatch(/^2\./);
    const run = (env: Record<string, string>) => execa(join(venv, 'bin/python'), ['-m', 'config'], { cwd: dir, env: { PATH: process.env.PATH!, PYTHONPATH: 'src', ...env }, extendEnv: false, reject: false });
    expect((await run({ API_KEY: 'x' })).stdout).toContain('orders: environment OK');
    const bad = await run({});
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('API_KEY');
  });

  it('an existing pyproject.toml gets the requirement in [project].dependencies (kept as written otherwise)', async () => {
    const dir = tempDir();
    const theirs = '[project]\nname = "orders"\nversion = "0.1.0"\ndependencies = [\n    "requests>=2",  # http\n]\n\n[tool.ruff]\nline-length = 100\n';
    writeFileSync(join(dir, 'pyproject.toml'), theirs);
    mkdirSync(join(dir, 'src'));
    const r = await generate(dir, ['--lang', 'python']);
    expect(steps(r.stdout)).toContain("Python: pip install 'pydantic-settings>=2,<3' (also listed in pyproject.toml)");
    const merged = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    const parsed = JSON.parse((await execa(PYTHON, ['-c', 'import json,sys,tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: merged })).stdout);
    expect(parsed.project.dependencies).toEqual(['requests>=2', 'pydantic-settings>=2,<3']);
    expect(parsed.tool.ruff['line-length']).toBe(100);
    expect(merged).toContain('"requests>=2",  # http');
    expect((await runCli([dir, '--yes'])).stdout).toMatch(/unchanged\s+pyproject\.toml/);
  });
});

describe('TypeScript', () => {
  it('without a package.json, the printed npm install is all it takes to run the validator', async () => {
    const dir = tempDir();
    const r = await generate(dir, ['--lang', 'typescript']);
    const npm = steps(r.stdout).find((s) => s.startsWith('TypeScript: '))!;
    expect(npm).toBe('TypeScript: npm install zod@^4.0.0');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBeDefined();
    await execa('sh', ['-c', `${npm.slice('TypeScript: '.length)} --no-audit --no-fund --prefer-offline --silent`], { cwd: dir });
    const tsx = join(REPO, 'node_modules/.bin/tsx'); // the runner the README's check command uses
    const run = (env: Record<string, string>) => execa(tsx, ['src/env.ts'], { cwd: dir, env: { PATH: process.env.PATH!, ...env }, extendEnv: false, reject: false });
    const ok = await run({ API_KEY: 'x' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const bad = await run({});
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('API_KEY');
  });

  it('an existing package.json gets zod in dependencies, its indentation and other fields kept; npm install is the step', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{\n    "name": "orders",\n    "type": "module",\n    "dependencies": {\n        "express": "^5.0.0"\n    }\n}\n');
    const r = await generate(dir, ['--lang', 'typescript']);
    expect(steps(r.stdout)).toContain('TypeScript: npm install (zod is now in package.json)');
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ name: 'orders', type: 'module', dependencies: { express: '^5.0.0', zod: '^4.0.0' } });
    expect(text).toContain('\n        "zod": "^4.0.0"\n');
    // zod already listed (any field, any version): the file is left alone.
    const pinned = tempDir();
    const own = '{"name":"x","devDependencies":{"zod":"3.25.0"}}';
    writeFileSync(join(pinned, 'package.json'), own);
    await generate(pinned, ['--lang', 'typescript']);
    expect(readFileSync(join(pinned, 'package.json'), 'utf8')).toBe(own);
  });
});

describe('no language', () => {
  it('Next steps says that nothing validates the env yet (the policy wants a startup check), and how to get one', async () => {
    const none = steps((await generate(tempDir(), [])).stdout);
    expect(none.at(-1)).toMatch(/^no startup validator was generated \(no language chosen\): .* --lang typescript\|python\|go$/);
    const ts = steps((await generate(tempDir(), ['--lang', 'typescript'])).stdout);
    expect(ts.some((s) => s.startsWith('no startup validator'))).toBe(false);
    expect(ts).toContain('call the generated validator first thing at startup (README "Startup validation")');
  });
});

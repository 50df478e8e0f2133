// `adopt --yes` end to end on the three fixture apps: the generator runs on the proposal, check
// --fix rewrites what it can prove, and then the app passes `check` with 0 findings and its generated
// validator runs in its real toolchain (tsc + node, pydantic-settings, go build + run): exit 0 with
// every secret set, exit 1 naming the missing ones without.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { containersOf, docsOf, onlyExternalSecret } from '../layouts/helpers.js';
import { APPS, checkout, git, labels, type AppName } from './fixture.js';

const PYTHON = process.env['MOSAIC_PYTHON'] ?? join(REPO, '.cache/venv/bin/python');
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };

/** Some value per secret, of the generator's minimum length (these are test values, not secrets). */
const valuesFor = (names: string[]) => Object.fromEntries(names.map((n) => [n, `test-value-for-${n.toLowerCase()}`]));

async function validator(app: AppName, dir: string, env: Record<string, string>) {
  const base = { cwd: dir, reject: false, extendEnv: false, env: { PATH: process.env['PATH']!, HOME: process.env['HOME']!, ...env } } as const;
  if (app === 'ts-api') return execa('node', ['--input-type=module', '-e', 'await import("./dist/env.js"); console.log("env ok")'], base);
  if (app === 'py-worker') return execa(PYTHON, ['-c', 'from worker.config import load; load(); print("env ok")'], base);
  // GO_ENV keeps XDG_CACHE_HOME: the build cache .ci/setup-toolchains warmed for net/http.
  return execa('go', ['run', './cmd/inventory-svc'], { ...base, env: { ...GO_ENV, ...base.env } });
}

describe.each(APPS)('adopt --yes on %s', (app) => {
  it('leaves an app that passes check with 0 findings, and whose validator runs in its toolchain', async () => {
    const dir = checkout(app);
    const l = labels(app);
    const r = await runCli(['adopt', '--yes', '--answers-out', 'answers.yaml'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/--fix: \d+ fix(es)? applied/);

    const after = await runCli(['check'], { cwd: dir });
    expect(after.stdout).toMatch(/no findings/);
    expect(after.exitCode).toBe(0);

    if (app === 'ts-api') {
      // The committed deploy/.env is out of the index and ignored, still on disk for local use.
      expect(git(dir, 'ls-files', 'deploy/.env')).toBe('');
      expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('/deploy/.env');
      expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toContain('${DATABASE_PASSWORD:?DATABASE_PASSWORD is required}');
      expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toMatch(/PORT: \$\{PORT:-8080\} {2}# safe-default: a listen\/connect port, not a secret; default from src\/config\.ts:5/);
      symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const tsc = await execa(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, reject: false });
      expect(tsc.stdout + tsc.stderr).toBe('');
    }
    if (app === 'go-service') {
      // The chart is the layout: adopt wired it (no parallel plain manifests) and check --fix took the
      // raw secret env out of its Deployment template, whose include now sets them from the Secret.
      expect(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).toMatch(/layout: helm\n {2}chartDir: charts\/inventory-svc\n/);
      expect(existsSync(join(dir, 'deploy'))).toBe(false);
      expect(r.stdout).toMatch(/^-\s+- name: API_TOKEN$/m);
      const chart = readFileSync(join(dir, 'charts/inventory-svc/templates/deployment.yaml'), 'utf8');
      // The template sets LOG_FORMAT and CACHE_TTL_SECONDS itself: its include is the workload's own, without them.
      expect(chart).toContain('{{- include "inventory-svc.secretEnv.inventory-svc" . | nindent 12 }}');
      expect(chart).not.toMatch(/name: (API_TOKEN|DATABASE_URL)/);
      expect(chart).toContain('- name: LOG_FORMAT'); // the user's other env stays
      const lint = await execa(goTool('helm'), ['lint', '--strict', 'charts/inventory-svc'], { cwd: dir, reject: false });
      expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
      const rendered = await execa(goTool('helm'), ['template', 'inventory-svc', 'charts/inventory-svc', '--namespace', 'inventory'], { cwd: dir, reject: false });
      expect(rendered.stderr).toBe('');
      const docs = docsOf(rendered.stdout);
      const c = containersOf(docs).get('Deployment/inventory-svc/containers/inventory-svc')!;
      expect(c.refs).toEqual(l.secrets.map((k) => `inventory-svc-secrets/${k}`));
      expect(c.values.filter((v) => l.secrets.includes(v))).toEqual([]);
      const names = c.env.map((e) => e.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]); // server-side apply refuses a name twice
      expect(names.sort()).toEqual([...l.secrets, ...l.config].sort());
      expect(onlyExternalSecret(docs).spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(l.secrets);
      const build = await execa('go', ['build', './...'], { cwd: dir, env: GO_ENV, reject: false });
      expect(build.stderr).toBe('');
    }
    if (app === 'py-worker') {
      expect(existsSync(join(dir, 'worker/config.py'))).toBe(true);
      expect(existsSync(join(dir, 'worker/vault_client.py'))).toBe(true);
    }

    // Direct-Vault: the validator also wants the AppRole login the bootstrap ExternalSecret provides.
    const bootstrap = l.mode === 'direct-vault' ? { ...valuesFor(['VAULT_ROLE_ID', 'VAULT_SECRET_ID']), VAULT_ADDR: 'https://vault.example.com' } : {};
    const ok = await validator(app, dir, { ...valuesFor(l.secrets), ...bootstrap });
    expect(ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
    const missing = await validator(app, dir, {});
    expect(missing.exitCode).toBe(1);
    for (const s of l.secrets) expect(missing.stderr).toContain(s);
  });
});

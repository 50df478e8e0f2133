// Environments end to end, against the real consumers: the Vault step writes each environment's
// path on a real OpenBao dev server, and what each overlay (`kustomize build`) and each values file
// (`helm template -n <ns> -f values-<env>.yaml`) makes ESO read — every remoteRef key and property —
// is exactly what was written there. Writing only the base path (a path no overlay reads) was the bug.
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { REPO, runCli, snapshotTree, tempDir, type Run } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';
import { KEY, PtySession } from '../helpers/pty.js';
import { parse } from 'yaml';
import { docsOf, onlyExternalSecret, read, writeTree } from './helpers.js';

const vault = useOpenBao();

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const rnd = () => randomBytes(8).toString('hex');

/** Current data at `<mount>/<path>` as root, or null when there is none. */
async function readBack(pathNoMount: string): Promise<Record<string, string> | null> {
  const r = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', pathNoMount], { reject: false });
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data : null;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli([...args, '--vault-bin', BAO_BIN], { env: { ...vault().env, NO_COLOR: '1', ...env }, extendEnv: false });
}

/** What ESO reads for each Secret key of the one ExternalSecret: the value at its remoteRef, from the real server. */
async function readThrough(es: Obj): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const d of es.spec.data as Obj[]) {
    // ESO's vault provider: the key carries the mount.
    const key = String(d.remoteRef.key);
    expect(key.startsWith('secret/')).toBe(true);
    out[d.secretKey] = (await readBack(key.slice('secret/'.length)))?.[d.remoteRef.property];
  }
  return out;
}

async function kustomizeES(dir: string, overlay: string): Promise<Obj> {
  const r = await execa(goTool('kustomize'), ['build', join(dir, 'deploy/overlays', overlay)], { reject: false });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return onlyExternalSecret(docsOf(r.stdout));
}

async function helmES(dir: string, chart: string, ns: string, values: string): Promise<Obj> {
  const home = tempDir('helm-');
  const r = await execa(goTool('helm'), ['template', 'shop', join(dir, chart), '-n', ns, '-f', join(dir, chart, values)], {
    reject: false,
    env: { HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'g'), HELM_DATA_HOME: join(home, 'd') },
  });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return onlyExternalSecret(docsOf(r.stdout));
}

function repo(app: string, layout: 'kustomize' | 'helm'): string {
  const dir = tempDir(`mosaic-envs-${layout}-`);
  writeTree(dir, {
    'answers.yaml': stringify({
      app,
      namespace: 'shop',
      layout,
      secrets: [{ env: 'DATABASE_URL', minLength: 8 }, { env: 'STRIPE_KEY', property: 'stripe_secret' }],
      environments: [
        { name: 'staging', prefix: `staging-${app}` },
        { name: 'prod', prefix: `prod-${app}`, namespace: 'shop-prod', storeName: 'vault-prod' },
      ],
    }),
  });
  return dir;
}

describe('per-environment Vault paths, read back through the real consumers', () => {
  it('kustomize: --vault-write without --environment is refused (nothing written anywhere); --environment writes exactly what each overlay reads', async () => {
    const app = `kenv-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'kustomize');
    const answers = join(dir, 'answers.yaml');
    const before = snapshotTree(dir);

    const refused = await cli([dir, '--answers', answers, '--yes', '--vault-write', '--generate', 'all']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('--environment: required with --vault-write');
    expect(refused.stderr).toContain(`staging → secret/staging-${app}/${app}`);
    expect(refused.stderr).toContain('(staging, prod or all)');
    expect(snapshotTree(dir)).toEqual(before);
    for (const p of [`k3s/${app}`, `staging-${app}/${app}`, `prod-${app}/${app}`]) expect(await readBack(p)).toBeNull();

    // An unknown name, and one value source for two paths: bad input, nothing written.
    const unknown = await cli([dir, '--answers', answers, '--yes', '--vault-write', '--environment', 'qa', '--generate', 'all']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('--environment: unknown environment qa (one of staging, prod or all)');
    const shared = await cli([dir, '--answers', answers, '--yes', '--vault-write', '--environment', 'all', '--from-env'], { DATABASE_URL: 'x'.repeat(9), STRIPE_KEY: 'y' });
    expect(shared.exitCode).toBe(2);
    expect(shared.stderr).toMatch(/^create-mosaic-secrets: error: --environment: --from-env gives one value per key/);
    expect(snapshotTree(dir)).toEqual(before);

    // One run per environment, values from the environment: each lands at its own path.
    const values = {
      staging: { DATABASE_URL: `postgres://staging-${rnd()}`, STRIPE_KEY: `sk_test_${rnd()}` },
      prod: { DATABASE_URL: `postgres://prod-${rnd()}`, STRIPE_KEY: `sk_live_${rnd()}` },
    };
    const first = await cli([dir, '--answers', answers, '--yes', '--vault-write', '--environment', 'staging', '--from-env'], values.staging);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain(`✔ Wrote secret/staging-${app}/${app} version 1: database_url, stripe_secret`);
    // Next steps: prod is still to write, and how; every overlay to apply.
    expect(first.stdout).toContain(`--vault-write --environment prod   # secret/prod-${app}/${app}`);
    expect(first.stdout).not.toContain('--environment staging ');
    expect(first.stdout).toContain(`kubectl apply -k ${relative(REPO, dir)}/deploy/overlays/prod`);
    const second = await cli([dir, '--yes', '--vault-write', '--environment', 'prod', '--from-env'], values.prod);
    expect(second.exitCode, second.stderr).toBe(0);
    for (const r of [first, second]) expect(r.stdout + r.stderr).not.toMatch(/postgres:|sk_(test|live)_/);

    for (const env of ['staging', 'prod'] as const) {
      const es = await kustomizeES(dir, env);
      expect(await readThrough(es)).toEqual(values[env]);
    }
    // Nothing wrote the base path, which no overlay reads.
    expect(await readBack(`k3s/${app}`)).toBeNull();

    // A re-run with all: both paths complete, nothing written.
    const again = await cli([dir, '--yes', '--vault-write', '--environment', 'all', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    const j = JSON.parse(again.stdout);
    expect(j.vault.status).toBe('environments');
    expect(j.vault.results.map((r: Obj) => [r.environments, r.status, r.path])).toEqual([
      [['staging'], 'unchanged', `secret/staging-${app}/${app}`],
      [['prod'], 'unchanged', `secret/prod-${app}/${app}`],
    ]);
  });

  it('a later environment failing after an earlier one was written says exactly which was written (never "nothing was sent")', async () => {
    const app = `kpart-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'kustomize');
    const answers = join(dir, 'answers.yaml');
    // staging has its STRIPE_KEY already; prod has none, and nothing gives one without a terminal.
    await vault().bao(['kv', 'put', '-mount=secret', `staging-${app}/${app}`, '-'], { input: JSON.stringify({ stripe_secret: `sk_test_${rnd()}` }) });
    const r = await cli([dir, '--answers', answers, '--yes', '--vault-write', '--generate', 'DATABASE_URL', '--environment', 'staging,prod']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`already done in this run: staging → secret/staging-${app}/${app} written (version 2)`);
    expect(r.stderr).toContain(`at prod → secret/prod-${app}/${app}`);
    expect(r.stderr).not.toContain('nothing was sent');
    expect(Object.keys((await readBack(`staging-${app}/${app}`))!).sort()).toEqual(['database_url', 'stripe_secret']);
    expect(await readBack(`prod-${app}/${app}`)).toBeNull();
  });

  it('--environment is checked even when nothing goes to Vault: a typo or an empty list is exit 2, nothing written', async () => {
    const app = `kchk-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'kustomize');
    const before = snapshotTree(dir);
    for (const [sel, msg] of [['tpyo', 'unknown environment tpyo'], [',', 'needs a value'], ['all,prod', 'all stands alone']] as const) {
      const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes', '--no-vault-write', '--environment', sel]);
      expect(r.exitCode, sel).toBe(2);
      expect(r.stderr).toContain(`--environment: ${msg}`);
      expect(snapshotTree(dir)).toEqual(before);
    }
  });

  it('the README Provisioning commands, run as written, fill exactly the paths the overlays read (the CLI and the hand-run commands)', async () => {
    const app = `kdoc-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'kustomize');
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    const readme = read(dir, 'README.md');
    const commands = [...readme.matchAll(/^npx (create-mosaic-secrets@\S+) --vault-write --environment (\S+)\s+# (\S+)$/gm)];
    expect(commands.map((c) => [c[2], c[3]])).toEqual([
      ['staging', `secret/staging-${app}/${app}`],
      ['prod', `secret/prod-${app}/${app}`],
    ]);
    // The staging line through the CLI (in the repo, as a user runs it), generating the values.
    const run = await runCli(['--vault-write', '--environment', commands[0]![2]!, '--generate', 'all', '--yes', '--vault-bin', BAO_BIN], {
      cwd: dir,
      env: { ...vault().env, NO_COLOR: '1' },
      extendEnv: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const staging = await readThrough(await kustomizeES(dir, 'staging'));
    expect(Object.keys(staging)).toEqual(['DATABASE_URL', 'STRIPE_KEY']);
    for (const v of Object.values(staging)) expect(v?.length).toBeGreaterThanOrEqual(32);

    // The prod block of the hand-run commands (steps 1 and 2), answering the read prompts on stdin.
    expect(readme).toContain('# Environment prod:');
    const block = readme.slice(readme.indexOf('# Environment prod:'));
    const script = block.split('\n# 2b.')[0]!.replaceAll('| vault ', `| '${BAO_BIN}' `);
    const bash = await execa('bash', ['-c', script], { env: vault().env, extendEnv: false, input: 'postgres://hand-prod\nsk_live_hand\n', reject: false });
    expect(bash.stderr).not.toContain('Error');
    expect(bash.exitCode).toBe(0);
    expect(await readThrough(await kustomizeES(dir, 'prod'))).toEqual({ DATABASE_URL: 'postgres://hand-prod', STRIPE_KEY: 'sk_live_hand' });
    expect(await readBack(`k3s/${app}`)).toBeNull();
  });

  it('helm: --environment all writes each values file’s path; helm template -n <ns> -f values-<env>.yaml reads exactly that', async () => {
    const app = `henv-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'helm');
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes', '--vault-write', '--environment', 'all', '--generate', 'all']);
    expect(r.exitCode, r.stderr).toBe(0);
    // Next steps: each environment installed into its namespace with its values file.
    const chart = `${relative(REPO, dir)}/charts/${app}`; // Next steps names the target relative to the cwd
    expect(r.stdout).toContain(`helm upgrade --install ${app} ${chart} -n shop -f ${chart}/values-staging.yaml`);
    expect(r.stdout).toContain(`helm upgrade --install ${app} ${chart} -n shop-prod -f ${chart}/values-prod.yaml`);
    expect(r.stdout).not.toContain('--vault-write --environment');

    const read = {
      staging: await readThrough(await helmES(dir, `charts/${app}`, 'shop', 'values-staging.yaml')),
      prod: await readThrough(await helmES(dir, `charts/${app}`, 'shop-prod', 'values-prod.yaml')),
    };
    for (const env of ['staging', 'prod'] as const) {
      expect(Object.keys(read[env])).toEqual(['DATABASE_URL', 'STRIPE_KEY']);
      for (const v of Object.values(read[env])) expect(v?.length).toBeGreaterThanOrEqual(32);
    }
    // Each environment got its own generated values.
    expect(read.staging.DATABASE_URL).not.toBe(read.prod.DATABASE_URL);
    expect(await readBack(`k3s/${app}`)).toBeNull();
  });

  it('helm: environments[].namespace is the release namespace — recorded in values-<env>.yaml, checked by the chart, named with -n in the README and the file', async () => {
    const app = `hns-${rnd().slice(0, 6)}`;
    const dir = repo(app, 'helm');
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    const chart = `charts/${app}`;
    const home = tempDir('helm-');
    const template = (ns: string, values: string) =>
      execa(goTool('helm'), ['template', 'shop', join(dir, chart), '-n', ns, '-f', join(dir, chart, values)], {
        reject: false,
        env: { HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'g'), HELM_DATA_HOME: join(home, 'd') },
      });
    // Into its own namespace: the ExternalSecret lands there.
    const es = await helmES(dir, chart, 'shop-prod', 'values-prod.yaml');
    expect(es.metadata.namespace).toBe('shop-prod');
    // Into another one (a forgotten -n): no render, and the error names the -n to use.
    const wrong = await template('default', 'values-prod.yaml');
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('mosaicSecrets.namespace is shop-prod but the release namespace is default: install this environment with -n shop-prod');
    // An environment without a namespace answer installs anywhere -n says (as a chart does), here the answers' namespace.
    expect((await template('shop', 'values-staging.yaml')).exitCode).toBe(0);
    // The values file and the README give the whole install command.
    expect(read(dir, `${chart}/values-prod.yaml`)).toContain(`# prod environment: helm upgrade --install ${app} ${chart} -n shop-prod -f ${chart}/values-prod.yaml`);
    expect(read(dir, 'README.md')).toContain(`| \`values-prod.yaml\` | \`secret/prod-${app}/${app}\` | \`vault-prod\` | \`shop-prod\` | \`helm upgrade --install ${app} ${chart} -n shop-prod -f ${chart}/values-prod.yaml\` |`);
  });
});

describe('Direct-Vault with environments: the AppRole bootstrap each overlay reads is the one provisioned', () => {
  const dvAnswers = (app: string, environments: unknown[]) => ({
    app,
    namespace: 'pay',
    mode: 'direct-vault',
    justification: 'per-request database credentials',
    directVault: { engine: 'none', vaultAddr: 'http://vault.vault.svc:8200' },
    layout: 'kustomize',
    secrets: [{ env: 'API_KEY' }],
    environments,
  });

  it('an environment prefix is refused (its overlay would read a bootstrap path provision-approle.sh never writes): exit 2 naming the field, nothing written', async () => {
    const app = `dvp-${rnd().slice(0, 6)}`;
    const dir = tempDir('mosaic-envs-dv-');
    writeTree(dir, { 'answers.yaml': stringify(dvAnswers(app, [{ name: 'staging' }, { name: 'prod', prefix: 'prod' }])) });
    const before = snapshotTree(dir);
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`environments[1].prefix: with mode direct-vault every environment reads the app's own path secret/k3s/${app}`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('an environment with its own store is refused: its pods log in at the one directVault.vaultAddr', async () => {
    const app = `dvq-${rnd().slice(0, 6)}`;
    const dir = tempDir('mosaic-envs-dv-');
    writeTree(dir, { 'answers.yaml': stringify(dvAnswers(app, [{ name: 'staging' }, { name: 'prod', storeName: 'vault-prod' }])) });
    const before = snapshotTree(dir);
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('environments[1].storeName: with mode direct-vault');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('environments without a prefix or store (each may have its namespace): provision-approle.sh and --vault-write fill exactly what every overlay reads', async () => {
    const app = `dvs-${rnd().slice(0, 6)}`;
    const dir = tempDir('mosaic-envs-dv-');
    writeTree(dir, { 'answers.yaml': stringify(dvAnswers(app, [{ name: 'staging' }, { name: 'prod', namespace: 'pay-prod' }])) });
    // They share one path: --vault-write needs no --environment.
    const r = await cli([dir, '--answers', join(dir, 'answers.yaml'), '--yes', '--vault-write', '--from-env'], { API_KEY: 'dv-api-key-value' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✔ Wrote secret/k3s/${app} version 1: api_key`);
    expect(read(dir, 'README.md')).toContain('Every environment (staging, prod) reads these paths');
    // One AppRole for every environment: a rotated secret-id reaches each environment's namespace.
    for (const ns of ['pay', 'pay-prod']) expect(read(dir, 'README.md')).toContain(`kubectl -n ${ns} annotate externalsecret ${app}-vault-auth force-sync=`);
    const prov = await execa('bash', [join(dir, 'vault/provision-approle.sh')], { env: { ...vault().env, VAULT_BIN: BAO_BIN }, extendEnv: false, reject: false });
    expect(prov.exitCode, prov.stderr).toBe(0);
    for (const env of ['staging', 'prod']) {
      const build = await execa(goTool('kustomize'), ['build', join(dir, 'deploy/overlays', env)]);
      const es = docsOf(build.stdout).filter((d) => d.kind === 'ExternalSecret') as Obj[];
      expect(es.map((e) => e.metadata.name).sort()).toEqual([`${app}-secrets`, `${app}-vault-auth`]);
      const values = Object.fromEntries(await Promise.all(es.map(async (e) => [e.metadata.name, await readThrough(e)] as const)));
      expect(values[`${app}-secrets`]).toEqual({ API_KEY: 'dv-api-key-value' });
      const auth = values[`${app}-vault-auth`]!;
      expect(Object.keys(auth)).toEqual(['VAULT_ROLE_ID', 'VAULT_SECRET_ID']);
      // The synced credentials log in, and the token reads the path the generated client reads.
      const login = await vault().bao(['write', '-format=json', 'auth/approle/login', '-'], { input: JSON.stringify({ role_id: auth.VAULT_ROLE_ID, secret_id: auth.VAULT_SECRET_ID }) });
      const token = JSON.parse(login.stdout).auth.client_token as string;
      const got = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', `k3s/${app}`], { env: { VAULT_TOKEN: token, BAO_TOKEN: token } });
      expect(JSON.parse(got.stdout).data.data).toEqual({ api_key: 'dv-api-key-value' });
    }
  });
});

describe('a new app picks its layout and environments at the prompts (create-vite style)', () => {
  it('Kustomize with staging and prod, each with its own prefix and namespace: the overlays build and read those paths', async () => {
    const dir = tempDir('mosaic-envs-pty-');
    const clear = KEY.backspace.repeat(40);
    // No vault or bao on PATH: the Vault question is not asked (Next steps says how, per environment).
    const s = new PtySession([dir, '--app', 'shop', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=payment key', '--lang', 'go'], { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy\?/, `${KEY.down}${KEY.enter}`); // Kustomize
      await s.answer(/Manifests directory/, KEY.enter);
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/Environments \(an overlay each/, `staging,staging${KEY.enter}`);
      await s.expect(/must not repeat a name/);
      s.type(`${clear}staging,prod${KEY.enter}`);
      await s.answer(/Vault prefix for staging \(it reads secret\/<prefix>\/shop; k3s is the app's own path\) \(staging\)/, KEY.enter);
      await s.answer(/Namespace for staging \(shop\)/, KEY.enter);
      await s.answer(/Vault prefix for prod/, `${clear}prod/../x${KEY.enter}`);
      await s.expect(/must be path segments/);
      s.type(`${clear}prod${KEY.enter}`);
      await s.answer(/Namespace for prod/, `${clear}shop-prod${KEY.enter}`);
      await s.expect(/Next steps:/);
      const code = await Promise.race([s.exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(s.screen.slice(-1500))), 20_000))]);
      expect(code).toBe(0);
    } finally {
      s.kill();
    }
    expect(s.screen).toContain('--vault-write --environment staging   # secret/staging/shop');
    expect(s.screen).toContain('--vault-write --environment prod   # secret/prod/shop');
    const manifest = parse(read(dir, '.mosaic-secrets.yaml'));
    expect(manifest.answers.layout).toBe('kustomize');
    expect(manifest.answers.environments).toEqual([{ name: 'staging', prefix: 'staging' }, { name: 'prod', prefix: 'prod', namespace: 'shop-prod' }]);
    for (const [env, ns] of [['staging', 'shop'], ['prod', 'shop-prod']] as const) {
      const es = await kustomizeES(dir, env);
      expect(es.metadata.namespace).toBe(ns);
      expect(es.spec.data[0].remoteRef.key).toBe(`secret/${env}/shop`);
    }
  });
});

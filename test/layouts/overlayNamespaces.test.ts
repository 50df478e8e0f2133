// An existing Kustomize app whose overlays set their own namespaces (orders-api: deploy/base with a
// Deployment, deploy/overlays/staging → orders-staging, deploy/overlays/prod → orders-prod), run the
// way a person runs it: the interactive defaults are those overlays and their namespaces, and what
// the README says about each overlay is where `kustomize build` really puts the ExternalSecret.
// An answers file keeps its meaning: environments it lists without a namespace are left in their
// overlay's namespace (now also in the README), and one that lists none leaves the overlays alone.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';
import { onlyExternalSecret, read, writeTree } from './helpers.js';
import { ORDERS_DEPLOYMENT, ORDERS_README, PROD_OVERLAY, PROD_REPLICAS, STAGING_OVERLAY as STAGING, buildOverlay } from './ordersApiRepo.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FILES: Record<string, string> = {
  'README.md': ORDERS_README,
  'deploy/base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
`,
  'deploy/base/deployment.yaml': ORDERS_DEPLOYMENT,
  'deploy/overlays/staging/kustomization.yaml': STAGING,
  'deploy/overlays/prod/kustomization.yaml': `# Production.\n${PROD_OVERLAY}`,
  'deploy/overlays/prod/replicas.yaml': PROD_REPLICAS,
};

function ordersApi(answers?: object): string {
  const dir = join(tempDir('mosaic-try-'), 'orders-api'); // the app name's default is the directory's
  writeTree(dir, { ...FILES, ...(answers ? { 'answers.yaml': stringify(answers) } : {}) });
  return dir;
}

/** Where the overlay puts the ExternalSecret and the Deployment reading its Secret, and the Vault key ESO reads. */
async function deployed(dir: string, overlay: string) {
  const docs = await buildOverlay(dir, overlay);
  const es = onlyExternalSecret(docs);
  const deployment = docs.find((d) => d.kind === 'Deployment')!;
  const ref = deployment.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef;
  return { es: es.metadata.namespace, deployment: deployment.metadata.namespace, secret: `${es.spec.target?.name ?? es.metadata.name}`, ref: ref.name, key: es.spec.data[0].remoteRef.key };
}

/** The README overlay table's row for `env`: [overlay, Vault path, store, namespace, apply]. */
function readmeRow(dir: string, env: string): string[] {
  const row = read(dir, 'README.md')
    .split('\n')
    .find((l) => l.startsWith(`| \`${env}\` |`));
  expect(row, `README has no overlay row for ${env}`).toBeDefined();
  return row!.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));
}

describe('an existing Kustomize app whose overlays declare their namespaces', () => {
  it('interactive: the overlays and their namespaces are the defaults; Enter through them and each overlay deploys where the README says', async () => {
    const dir = ordersApi();
    // No vault or bao on PATH: the Vault question is not asked.
    const s = new PtySession([dir], { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
    try {
      await s.answer(/App name \(orders-api\)/, KEY.enter);
      await s.answer(/Kubernetes namespace \(orders-api\)/, KEY.enter);
      await s.answer(/How does the app get its secrets\?/, KEY.enter);
      await s.answer(/First required secret/, `DB_PASSWORD${KEY.enter}`);
      await s.answer(/Purpose of DB_PASSWORD/, `Postgres password${KEY.enter}`);
      await s.answer(/Minimum length of DB_PASSWORD/, KEY.enter);
      await s.answer(/Another required secret/, KEY.enter);
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/Languages to generate a startup validator for/, KEY.enter);
      await s.answer(/How does the app deploy\?/, KEY.enter); // detected: Kustomize
      await s.answer(/Manifests directory/, KEY.enter);
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/Environments \(an overlay each;[^?]*\) \(prod,staging\)/, KEY.enter);
      await s.answer(/Vault prefix for prod[^?]*\(prod\)/, KEY.enter);
      await s.answer(/Namespace for prod \(orders-prod\)/, KEY.enter);
      await s.answer(/Vault prefix for staging[^?]*\(staging\)/, KEY.enter);
      await s.answer(/Namespace for staging \(orders-staging\)/, KEY.enter);
      await s.expect(/Next steps:/);
      const code = await Promise.race([s.exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(s.screen.slice(-1500))), 20_000))]);
      expect(code).toBe(0);
    } finally {
      s.kill();
    }
    for (const [env, ns] of [['staging', 'orders-staging'], ['prod', 'orders-prod']] as const) {
      const got = await deployed(dir, env);
      expect(got).toEqual({ es: ns, deployment: ns, secret: 'orders-api-secrets', ref: 'orders-api-secrets', key: `secret/${env}/orders-api` });
      expect(readmeRow(dir, env)).toEqual([env, `secret/${env}/orders-api`, 'vault-backend', ns, `kubectl apply -k deploy/overlays/${env}`]);
    }
    expect(read(dir, 'README.md')).toContain('in namespace per environment: `prod` → `orders-prod`, `staging` → `orders-staging`; without an environment: `orders-api`,');
    // The overlays' own namespace lines (and comments) are theirs, untouched; the answers record no namespace they already say.
    expect(read(dir, 'deploy/overlays/staging/kustomization.yaml')).toContain('namespace: orders-staging # the staging cluster\'s namespace\n');
    expect(parse(read(dir, '.mosaic-secrets.yaml')).answers.environments).toEqual([
      { name: 'prod', prefix: 'prod' },
      { name: 'staging', prefix: 'staging' },
    ]);
    // A re-run from the recorded answers changes nothing (the README's namespaces are the same facts).
    const again = await runCli([dir]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Everything is up to date.');
  });

  it('an answers file listing the environments without a namespace: the README names the namespace each overlay really deploys to; the overlays and the recorded answers are as given', async () => {
    const environments = [{ name: 'staging', prefix: 'staging' }, { name: 'prod' }];
    const dir = ordersApi({ app: 'orders-api', namespace: 'orders-api', layout: 'kustomize', secrets: [{ env: 'DB_PASSWORD' }], environments });
    const r = await runCli([dir, '--answers', join(dir, 'answers.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readmeRow(dir, 'staging')).toEqual(['staging', 'secret/staging/orders-api', 'vault-backend', 'orders-staging', 'kubectl apply -k deploy/overlays/staging']);
    expect(readmeRow(dir, 'prod')).toEqual(['prod', 'secret/k3s/orders-api', 'vault-backend', 'orders-prod', 'kubectl apply -k deploy/overlays/prod']);
    expect(await deployed(dir, 'staging')).toMatchObject({ es: 'orders-staging', deployment: 'orders-staging', key: 'secret/staging/orders-api' });
    expect(await deployed(dir, 'prod')).toMatchObject({ es: 'orders-prod', deployment: 'orders-prod', key: 'secret/k3s/orders-api' });
    expect(read(dir, 'deploy/overlays/staging/kustomization.yaml').match(/^namespace:.*$/gm)).toEqual(["namespace: orders-staging # the staging cluster's namespace"]);
    expect(parse(read(dir, '.mosaic-secrets.yaml')).answers.environments).toEqual(environments);
  });

  it('an answers file without environments (as before): the overlays are left as they are and deploy the base, reading the app path', async () => {
    const dir = ordersApi({ app: 'orders-api', namespace: 'orders-api', secrets: [{ env: 'DB_PASSWORD' }] });
    const r = await runCli([dir, '--answers', join(dir, 'answers.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const manifest = parse(read(dir, '.mosaic-secrets.yaml'));
    expect(manifest.answers.layout).toBe('kustomize');
    expect(manifest.answers.environments).toBeUndefined();
    expect(read(dir, 'deploy/overlays/staging/kustomization.yaml')).toBe(STAGING);
    expect(read(dir, 'deploy/overlays/prod/kustomization.yaml')).toBe(FILES['deploy/overlays/prod/kustomization.yaml']);
    expect(Object.keys(manifest.files).filter((p) => p.includes('overlays'))).toEqual([]);
    expect(await deployed(dir, 'staging')).toMatchObject({ es: 'orders-staging', deployment: 'orders-staging', key: 'secret/k3s/orders-api' });
  });
});

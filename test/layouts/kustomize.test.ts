// Kustomize on a realistic repo: a base (web + worker Deployments, a Service, the user's own
// kustomization.yaml) with staging and prod overlays that already patch replicas. Generate → a real
// `kustomize build` of every overlay → each container has exactly the expected secretKeyRefs, the
// ExternalSecret reads that overlay's Vault path and store, everything is schema-valid and `check`
// is clean; then add-key / remove-key converge with hand edits kept.
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { validateWorkload } from '../helpers/schemas.js';
import { containersOf, docsOf, expectConflict, ok, onlyExternalSecret, read, refsById, writeTree } from './helpers.js';

const S = 'shop-secrets';

const FILES: Record<string, string> = {
  'deploy/base/kustomization.yaml': `# Base for the shop. Overlays live in ../overlays.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs:
      app.kubernetes.io/part-of: shop
resources:
  - service.yaml # the storefront's Service
  - web.yaml
  - worker.yaml
`,
  'deploy/base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
  'deploy/base/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/shop:1.4.2
          env:
            - name: LOG_FORMAT
              value: json
`,
  'deploy/base/worker.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers:
        - name: worker
          image: ghcr.io/acme/shop:1.4.2
          args: [worker]
`,
  'deploy/overlays/staging/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
`,
  'deploy/overlays/prod/kustomization.yaml': `# Production: three web replicas.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
patches:
  - path: replicas.yaml
`,
  'deploy/overlays/prod/replicas.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
`,
};

const answers = {
  app: 'shop',
  namespace: 'shop',
  layout: 'kustomize',
  secrets: [{ env: 'DATABASE_URL' }, { env: 'STRIPE_KEY' }],
  config: [{ env: 'PORT', default: '8080', type: 'int', reason: 'non-secret port' }],
  workloads: [
    { name: 'web', kind: 'Deployment', file: 'web.yaml' },
    { name: 'worker', kind: 'Deployment', file: 'worker.yaml', keys: ['DATABASE_URL'] },
  ],
  environments: [
    { name: 'staging', prefix: 'staging' },
    { name: 'prod', prefix: 'prod', namespace: 'shop-prod', storeName: 'vault-prod' },
  ],
};

function repo(): string {
  const dir = tempDir('mosaic-kustomize-');
  writeTree(dir, FILES);
  writeFileSync(join(dir, 'answers.yaml'), stringify(answers));
  return dir;
}

const refs = (...keys: string[]) => keys.map((k) => `${S}/${k}`);

/** Hand edits after a first run: a resource of the user's in the base, an image override in prod. */
function handEdits(dir: string): void {
  writeFileSync(join(dir, 'deploy/base/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop-flags\n  namespace: shop\ndata:\n  beta: "false"\n');
  writeFileSync(join(dir, 'deploy/base/kustomization.yaml'), `${read(dir, 'deploy/base/kustomization.yaml')}  - configmap.yaml # feature flags\n`);
  writeFileSync(join(dir, 'deploy/overlays/prod/kustomization.yaml'), `${read(dir, 'deploy/overlays/prod/kustomization.yaml')}images:\n  - name: ghcr.io/acme/shop\n    newTag: 1.4.3\n`);
}

async function build(dir: string, overlay: string) {
  const r = await execa(goTool('kustomize'), ['build', join(dir, 'deploy/overlays', overlay)], { reject: false });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return docsOf(r.stdout);
}

describe('kustomize layout: a base with staging and prod overlays', () => {
  it('kustomize build of each overlay: exact secretKeyRefs, that overlay’s Vault path and store, schema-valid, check clean', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    // The user's lists are kept byte for byte, ours added once (before the first workload we own).
    expect(read(dir, 'deploy/base/kustomization.yaml')).toBe(FILES['deploy/base/kustomization.yaml']!.replace('  - web.yaml', '  - external-secret.yaml\n  - web.yaml'));
    expect(read(dir, 'deploy/overlays/prod/kustomization.yaml')).toContain('  - path: replicas.yaml\n  - path: external-secret-patch.yaml\n');

    const expected = {
      'Deployment/web/containers/web': refs('DATABASE_URL', 'STRIPE_KEY'),
      'Deployment/worker/containers/worker': refs('DATABASE_URL'),
    };
    for (const [env, path, store, ns] of [
      ['staging', 'secret/staging/shop', 'vault-backend', 'shop'],
      ['prod', 'secret/prod/shop', 'vault-prod', 'shop-prod'],
    ] as const) {
      const docs = await build(dir, env);
      expect(refsById(docs)).toEqual(expected);
      expect(containersOf(docs).get('Deployment/web/containers/web')!.values).toEqual(['LOG_FORMAT', 'PORT']);
      const es = onlyExternalSecret(docs);
      expect(es.metadata.namespace).toBe(ns);
      expect(es.spec.secretStoreRef).toEqual({ name: store, kind: 'ClusterSecretStore' });
      expect(es.spec.target).toEqual({ name: S, creationPolicy: 'Owner' });
      expect(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
        ['DATABASE_URL', path, 'database_url'],
        ['STRIPE_KEY', path, 'stripe_key'],
      ]);
      for (const d of docs) if (d.kind === 'Deployment') validateWorkload(d);
      // The overlay's own patch still applies.
      if (env === 'prod') expect((docs.find((d: any) => d.metadata.name === 'web' && d.kind === 'Deployment') as any).spec.replicas).toBe(3);
    }
    // The base alone reads the answers' own path.
    const base = docsOf((await execa(goTool('kustomize'), ['build', join(dir, 'deploy/base')])).stdout);
    expect(onlyExternalSecret(base).spec.data[0].remoteRef.key).toBe('secret/k3s/shop');

    const check = await runCli(['check', dir, '--format', 'json']);
    expect(JSON.parse(check.stdout).findings).toEqual([]);
    expect(check.exitCode).toBe(0);
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);
  });

  it('add-key / remove-key converge in the base and every overlay, keeping hand edits', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    // Hand edits: a resource of the user's in the base, an image override in prod, and an extra
    // entry in the prod ExternalSecret patch.
    handEdits(dir);
    const patch = read(dir, 'deploy/overlays/prod/external-secret-patch.yaml');
    writeFileSync(
      join(dir, 'deploy/overlays/prod/external-secret-patch.yaml'),
      patch.replace('  data:\n', '  data:\n    - secretKey: AUDIT_TOKEN # prod only\n      remoteRef:\n        key: secret/prod/audit\n        property: token\n'),
    );

    await ok(['add-key', 'JWT_SIGNING_KEY', '--dir', dir, '--yes']);
    await ok(['remove-key', 'STRIPE_KEY', '--dir', dir, '--yes']);

    for (const env of ['staging', 'prod']) {
      const docs = await build(dir, env);
      expect(refsById(docs)).toEqual({
        'Deployment/web/containers/web': refs('DATABASE_URL', 'JWT_SIGNING_KEY'),
        'Deployment/worker/containers/worker': refs('DATABASE_URL'),
      });
      const keys = onlyExternalSecret(docs).spec.data.map((d: any) => d.secretKey);
      expect(keys).toEqual(env === 'prod' ? ['AUDIT_TOKEN', 'DATABASE_URL', 'JWT_SIGNING_KEY'] : ['DATABASE_URL', 'JWT_SIGNING_KEY']);
      expect(docs.some((d: any) => d.kind === 'ConfigMap' && d.metadata.name === 'shop-flags')).toBe(true);
      if (env === 'prod') {
        const web = docs.find((d: any) => d.kind === 'Deployment' && d.metadata.name === 'web') as any;
        expect(web.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/shop:1.4.3');
      }
    }
    expect(read(dir, 'deploy/base/kustomization.yaml')).toContain('  - configmap.yaml # feature flags\n');
    expect(read(dir, 'deploy/overlays/prod/external-secret-patch.yaml')).toContain('- secretKey: AUDIT_TOKEN # prod only');
  });

  it('update applies changed answers to the base and every overlay, keeping hand edits, and settles; a hand edit of a value it changes is a conflict', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    handEdits(dir);

    // New answers on the way: another default store (prod keeps its own) and refresh interval.
    await ok(['update', '--dir', dir, '--store-name', 'vault-main', '--refresh-interval', '30m', '--yes']);
    expect(read(dir, '.mosaic-secrets.yaml')).toMatch(/storeName: vault-main\n/);
    for (const [env, store] of [
      ['staging', 'vault-main'],
      ['prod', 'vault-prod'],
    ] as const) {
      const docs = await build(dir, env);
      const es = onlyExternalSecret(docs);
      expect(es.spec.secretStoreRef).toEqual({ name: store, kind: 'ClusterSecretStore' });
      expect(es.spec.refreshInterval).toBe('30m');
      expect(refsById(docs)).toEqual({ 'Deployment/web/containers/web': refs('DATABASE_URL', 'STRIPE_KEY'), 'Deployment/worker/containers/worker': refs('DATABASE_URL') });
      expect(docs.some((d: any) => d.kind === 'ConfigMap' && d.metadata.name === 'shop-flags')).toBe(true);
      if (env === 'prod') expect((docs.find((d: any) => d.kind === 'Deployment' && d.metadata.name === 'web') as any).spec.template.spec.containers[0].image).toBe('ghcr.io/acme/shop:1.4.3');
    }
    expect(read(dir, 'deploy/base/kustomization.yaml')).toContain('  - configmap.yaml # feature flags\n');
    const again = JSON.parse((await ok(['update', '--dir', dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);

    // The user pins the base's refresh interval by hand; an update that changes it too stops.
    const edited = read(dir, 'deploy/base/external-secret.yaml').replace('refreshInterval: "30m"', 'refreshInterval: "2h"');
    expect(edited).toContain('refreshInterval: "2h"');
    writeFileSync(join(dir, 'deploy/base/external-secret.yaml'), edited);
    await expectConflict(dir, ['update', '--dir', dir, '--refresh-interval', '15m', '--yes'], 'deploy/base/external-secret.yaml');
  });

  it('a fresh target: base + overlays from nothing build, and the layout is detected on the next run', async () => {
    const dir = tempDir('mosaic-kustomize-');
    const r = await ok([dir, '--app', 'orders', '--namespace', 'orders', '--layout', 'kustomize', '--secret', 'API_KEY', '--yes']);
    expect(r.stdout).toMatch(/create\s+deploy\/base\/kustomization\.yaml/);
    const docs = docsOf((await execa(goTool('kustomize'), ['build', join(dir, 'deploy/base')])).stdout);
    expect(refsById(docs)).toEqual({ 'Deployment/orders/containers/orders': ['orders-secrets/API_KEY'] });
    expect(onlyExternalSecret(docs).spec.data[0].remoteRef.key).toBe('secret/k3s/orders');
    // Without a manifest, an existing kustomization.yaml makes kustomize the layout.
    const other = tempDir('mosaic-kustomize-');
    mkdirSync(join(other, 'deploy/base'), { recursive: true });
    writeFileSync(join(other, 'deploy/base/kustomization.yaml'), 'resources: []\n');
    const j = JSON.parse((await ok([other, '--app', 'orders', '--namespace', 'orders', '--secret', 'API_KEY', '--yes', '--dry-run', '--json'])).stdout);
    expect(j.files.map((f: { path: string }) => f.path)).toContain('deploy/base/external-secret.yaml');
  });
});

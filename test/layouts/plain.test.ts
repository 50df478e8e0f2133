// Plain manifests with several workloads of every kind, in multi-document files and several files,
// on a repo that already has them (a web Deployment with a sidecar, a StatefulSet, a migrations Job
// and a CronJob): generate → each container has exactly the secretKeyRefs it should, every document
// is schema-valid, the user's other documents and bytes are kept; add-key / remove-key converge
// with hand edits kept.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { buildModel } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { validateExternalSecret, validateWorkload } from '../helpers/schemas.js';
import { containersOf, docsOf, ok, read, refsById } from './helpers.js';

const S = 'shop-secrets';

const WEB = `# The storefront. Owned by team web.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/shop:1.4.2
          ports:
            - containerPort: 8080
          env:
            - name: LOG_FORMAT # ours, not the generator's
              value: json
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
`;

const DATA = `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
# Postgres-backed queue consumer; keeps state on a volume.
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: queue
  namespace: shop
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: queue}
  template:
    metadata:
      labels: {app: queue}
    spec:
      initContainers:
        - name: wait-for-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]
      containers:
        - name: queue
          image: ghcr.io/acme/shop:1.4.2
          args: ["queue"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "15 4 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/acme/shop:1.4.2
              args: ["report"]
`;

const MIGRATE = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/acme/shop:1.4.2
          args: ["migrate"]
`;

const answers = {
  app: 'shop',
  namespace: 'shop',
  secrets: [{ env: 'DATABASE_URL' }, { env: 'STRIPE_KEY' }, { env: 'SMTP_PASSWORD' }],
  config: [{ env: 'PORT', default: '8080', type: 'int', reason: 'non-secret port' }],
  workloads: [
    { name: 'web', kind: 'Deployment', file: 'web.yaml', containers: ['web'] },
    { name: 'queue', kind: 'StatefulSet', file: 'data.yaml', initContainers: ['wait-for-db'], keys: ['DATABASE_URL'] },
    { name: 'report', kind: 'CronJob', file: 'data.yaml', keys: ['DATABASE_URL', 'SMTP_PASSWORD'] },
    { name: 'migrate', kind: 'Job', file: 'migrate.yaml', keys: ['DATABASE_URL'] },
  ],
};

function repo(): string {
  const dir = tempDir('mosaic-plain-');
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy/web.yaml'), WEB);
  writeFileSync(join(dir, 'deploy/data.yaml'), DATA);
  writeFileSync(join(dir, 'deploy/migrate.yaml'), MIGRATE);
  writeFileSync(join(dir, 'answers.yaml'), stringify(answers));
  return dir;
}

const allDocs = (dir: string) => ['web.yaml', 'data.yaml', 'migrate.yaml', 'external-secret.yaml'].flatMap((f) => docsOf(read(dir, `deploy/${f}`)));
const refs = (...keys: string[]) => keys.map((k) => `${S}/${k}`);


describe('plain layout: several workloads of every kind', () => {
  it('every listed container gets exactly its keys; other containers, documents and bytes are the user’s', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    const docs = allDocs(dir);
    expect(refsById(docs)).toEqual({
      'Deployment/web/containers/web': refs('DATABASE_URL', 'STRIPE_KEY', 'SMTP_PASSWORD'),
      'Deployment/web/containers/proxy': [], // containers: [web] — the sidecar gets nothing
      'StatefulSet/queue/initContainers/wait-for-db': refs('DATABASE_URL'),
      'StatefulSet/queue/containers/queue': refs('DATABASE_URL'),
      'CronJob/report/containers/report': refs('DATABASE_URL', 'SMTP_PASSWORD'),
      'Job/migrate/containers/migrate': refs('DATABASE_URL'),
    });
    const c = containersOf(docs);
    expect(c.get('Deployment/web/containers/web')!.values).toEqual(['LOG_FORMAT', 'PORT']);
    expect(c.get('StatefulSet/queue/containers/queue')!.values).toEqual([]);
    for (const d of docs) {
      if (d.kind === 'ExternalSecret') expect(validateExternalSecret(d)).toEqual([]);
      else if (d.kind !== 'Service') validateWorkload(d);
    }
    // The Service document and the user's comments come through byte for byte.
    const data = read(dir, 'deploy/data.yaml');
    expect(data.startsWith(DATA.split('---')[0]!)).toBe(true);
    expect(data).toContain('# Postgres-backed queue consumer; keeps state on a volume.\n');
    expect(read(dir, 'deploy/web.yaml')).toContain('            - name: LOG_FORMAT # ours, not the generator\'s\n              value: json\n');
    // Every Secret key a workload references is one the ExternalSecret syncs.
    const synced = new Set((docs.find((d) => d.kind === 'ExternalSecret') as any).spec.data.map((e: { secretKey: string }) => `${S}/${e.secretKey}`));
    for (const r of Object.values(refsById(docs)).flat()) expect(synced.has(r)).toBe(true);
    // A re-run changes nothing, and the policy check finds nothing to report.
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);
    const check = await runCli(['check', dir, '--format', 'json']);
    expect(JSON.parse(check.stdout).findings).toEqual([]);
    expect(check.exitCode).toBe(0);
  });

  it('add-key and remove-key converge in every workload, keeping hand edits', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    // Hand edits: an entry of the user's in the queue container, and a comment in the CronJob.
    const data = read(dir, 'deploy/data.yaml')
      .replace('          args: ["queue"]\n', '          args: ["queue"]\n')
      .replace(/(- name: queue\n\s+image: [^\n]+\n\s+args: \["queue"\]\n\s+env:\n)/, '$1            - name: QUEUE_NAME\n              value: orders\n')
      .replace('  schedule: "15 4 * * *"\n', '  schedule: "15 4 * * *" # after the nightly backup\n');
    expect(data).toContain('QUEUE_NAME');
    writeFileSync(join(dir, 'deploy/data.yaml'), data);

    await ok(['add-key', 'JWT_SIGNING_KEY', '--dir', dir, '--yes']);
    let docs = allDocs(dir);
    let byId = refsById(docs);
    // Workloads without `keys` get the new key; those with a list keep theirs.
    expect(byId['Deployment/web/containers/web']).toEqual(refs('DATABASE_URL', 'STRIPE_KEY', 'SMTP_PASSWORD', 'JWT_SIGNING_KEY'));
    expect(byId['StatefulSet/queue/containers/queue']).toEqual(refs('DATABASE_URL'));
    expect(byId['CronJob/report/containers/report']).toEqual(refs('DATABASE_URL', 'SMTP_PASSWORD'));
    expect(containersOf(docs).get('StatefulSet/queue/containers/queue')!.values).toEqual(['QUEUE_NAME']);
    expect(read(dir, 'deploy/data.yaml')).toContain('# after the nightly backup');

    await ok(['remove-key', 'DATABASE_URL', '--dir', dir, '--yes']);
    docs = allDocs(dir);
    byId = refsById(docs);
    expect(byId).toEqual({
      'Deployment/web/containers/web': refs('STRIPE_KEY', 'SMTP_PASSWORD', 'JWT_SIGNING_KEY'),
      'Deployment/web/containers/proxy': [],
      'StatefulSet/queue/initContainers/wait-for-db': [],
      'StatefulSet/queue/containers/queue': [],
      'CronJob/report/containers/report': refs('SMTP_PASSWORD'),
      'Job/migrate/containers/migrate': [],
    });
    expect(containersOf(docs).get('StatefulSet/queue/containers/queue')!.values).toEqual(['QUEUE_NAME']);
    expect(read(dir, 'deploy/data.yaml')).toContain('# after the nightly backup');
    const manifest = read(dir, '.mosaic-secrets.yaml');
    expect(manifest).not.toContain('DATABASE_URL');
    for (const d of docs) if (d.kind !== 'Service' && d.kind !== 'ExternalSecret') validateWorkload(d);
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);
  });

  it('update applies answers edited in .mosaic-secrets.yaml and flags to every workload, keeping hand edits, and settles', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    const data = read(dir, 'deploy/data.yaml')
      .replace(/(- name: queue\n\s+image: [^\n]+\n\s+args: \["queue"\]\n\s+env:\n)/, '$1            - name: QUEUE_NAME\n              value: orders\n')
      .replace('  schedule: "15 4 * * *"\n', '  schedule: "15 4 * * *" # after the nightly backup\n');
    expect(data).toContain('QUEUE_NAME');
    writeFileSync(join(dir, 'deploy/data.yaml'), data);
    // The documented way to change an answer: edit it in the manifest, then update.
    const manifest = parseDocument(read(dir, '.mosaic-secrets.yaml'));
    manifest.setIn(['answers', 'workloads', 3, 'keys'], ['DATABASE_URL', 'SMTP_PASSWORD']);
    writeFileSync(join(dir, '.mosaic-secrets.yaml'), manifest.toString());

    await ok(['update', '--dir', dir, '--vault-prefix', 'apps', '--yes']);
    const docs = allDocs(dir);
    expect(refsById(docs)).toEqual({
      'Deployment/web/containers/web': refs('DATABASE_URL', 'STRIPE_KEY', 'SMTP_PASSWORD'),
      'Deployment/web/containers/proxy': [],
      'StatefulSet/queue/initContainers/wait-for-db': refs('DATABASE_URL'),
      'StatefulSet/queue/containers/queue': refs('DATABASE_URL'),
      'CronJob/report/containers/report': refs('DATABASE_URL', 'SMTP_PASSWORD'),
      'Job/migrate/containers/migrate': refs('DATABASE_URL', 'SMTP_PASSWORD'),
    });
    expect(containersOf(docs).get('StatefulSet/queue/containers/queue')!.values).toEqual(['QUEUE_NAME']);
    expect(read(dir, 'deploy/data.yaml')).toContain('# after the nightly backup');
    const es = docs.find((d) => d.kind === 'ExternalSecret') as any;
    expect(validateExternalSecret(es)).toEqual([]);
    expect(new Set(es.spec.data.map((d: any) => d.remoteRef.key))).toEqual(new Set(['secret/apps/shop']));
    expect(read(dir, 'README.md')).toContain('secret/apps/shop');
    for (const d of docs) if (d.kind !== 'Service' && d.kind !== 'ExternalSecret') validateWorkload(d);
    const again = JSON.parse((await ok(['update', '--dir', dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);
  });

  it('a hand edit of an entry we own, changed by the new render too, is a conflict (nothing written)', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    const edited = read(dir, 'deploy/migrate.yaml').replace('key: "DATABASE_URL"', 'key: "DATABASE_URL_RW"');
    writeFileSync(join(dir, 'deploy/migrate.yaml'), edited);
    const r = await runCli(['remove-key', 'DATABASE_URL', '--dir', dir, '--yes']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/deploy\/migrate\.yaml.*Job\/migrate\/containers\/migrate:DATABASE_URL/);
    expect(read(dir, 'deploy/migrate.yaml')).toBe(edited);
  });

  it('a fresh render of every kind, several to a file, is schema-valid and references only synced keys', () => {
    const m = buildModel({
      app: 'shop',
      namespace: 'shop',
      secrets: [{ env: 'DATABASE_URL' }, { env: 'API_TOKEN' }],
      workloads: [
        { name: 'shop', kind: 'Deployment' },
        { name: 'agent', kind: 'DaemonSet', file: 'node.yaml', containers: ['agent', 'shipper'] },
        { name: 'db', kind: 'StatefulSet', file: 'node.yaml', keys: ['DATABASE_URL'] },
        { name: 'seed', kind: 'Job', initContainers: ['wait'] },
        { name: 'nightly', kind: 'CronJob', keys: [] },
      ],
    });
    const files = renderAll(m);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['deploy/deployment.yaml', 'deploy/node.yaml', 'deploy/seed.yaml', 'deploy/nightly.yaml']));
    const docs = files.filter((f) => f.path.startsWith('deploy/')).flatMap((f) => docsOf(f.content));
    for (const d of docs) if (d.kind !== 'ExternalSecret') validateWorkload(d);
    const all = refs('DATABASE_URL', 'API_TOKEN');
    expect(refsById(docs)).toEqual({
      'Deployment/shop/containers/shop': all,
      'DaemonSet/agent/containers/agent': all,
      'DaemonSet/agent/containers/shipper': all,
      'StatefulSet/db/containers/db': refs('DATABASE_URL'),
      'Job/seed/initContainers/wait': all,
      'Job/seed/containers/seed': all,
      'CronJob/nightly/containers/nightly': [],
    });
  });

  it('bad workloads answers fail with the field and the rule, and nothing is written', async () => {
    const bad = (w: unknown, extra: object = {}) => () => buildModel({ app: 'shop', namespace: 'shop', secrets: [{ env: 'A' }], workloads: w, ...extra });
    expect(bad([{ name: 'x', kind: 'Pod' }])).toThrow(/^workloads\[0\]\.kind: must be one of Deployment, StatefulSet, DaemonSet, Job, CronJob$/);
    expect(bad([{ name: 'x', kind: 'Job', keys: ['B'] }])).toThrow(/^workloads\[0\]\.keys\[0\]: B is not listed in secrets or config$/);
    expect(bad([{ name: 'x', kind: 'Job' }, { name: 'x', kind: 'Job' }])).toThrow(/^workloads\[1\]\.name: duplicates another Job named x$/);
    expect(bad([{ name: 'x', kind: 'Job', file: '../x.yaml' }])).toThrow(/^workloads\[0\]\.file: must be a relative path/);
    expect(bad([{ name: 'x', kind: 'Job', file: 'x.json' }])).toThrow(/^workloads\[0\]\.file: must end in \.yaml or \.yml$/);
    expect(bad([{ name: 'x', kind: 'Job', colour: 'red' }])).toThrow(/unknown field in workloads\[0\]: colour/);
    expect(bad(undefined, { environments: [{ name: 'prod' }] })).toThrow(/^environments: is only used with layout kustomize or helm/);
    const dir = repo();
    writeFileSync(join(dir, 'bad.yaml'), stringify({ ...answers, workloads: [{ name: 'nope', kind: 'StatefulSet', file: 'data.yaml' }] }));
    const r = await runCli([dir, '--answers', join(dir, 'bad.yaml'), '--yes']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/deploy\/data\.yaml: has no StatefulSet named nope/);
    expect(read(dir, 'deploy/data.yaml')).toBe(DATA);
  });
});

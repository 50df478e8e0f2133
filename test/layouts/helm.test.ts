// Helm on a realistic chart (as `helm create` writes one, plus a worker and a pre-upgrade migration
// Job hook): generate → real `helm lint` and `helm template` (default values and values-prod.yaml)
// → every container has exactly the expected secretKeyRefs, the ExternalSecret reads the right
// Vault path and store, everything is valid against the ESO CRD and the Kubernetes schema, and no
// policy rule fires; `required` fails a render without a Vault path; then add-key / remove-key
// converge with hand edits to values.yaml and the templates kept.
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
const C = 'charts/shop';

const FILES: Record<string, string> = {
  [`${C}/Chart.yaml`]: `apiVersion: v2
name: shop
description: The shop storefront, its worker and migrations
type: application
version: 1.3.0
appVersion: "1.4.2"
`,
  [`${C}/values.yaml`]: `# Default values for shop.
replicaCount: 2

image:
  repository: ghcr.io/acme/shop
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: ""

service:
  type: ClusterIP
  port: 80

worker:
  replicaCount: 1
`,
  [`${C}/templates/_helpers.tpl`]: `{{/*
Expand the name of the chart.
*/}}
{{- define "shop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shop.fullname" -}}
{{- printf "%s-%s" .Release.Name (include "shop.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shop.labels" -}}
app.kubernetes.io/name: {{ include "shop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
`,
  [`${C}/templates/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "shop.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "shop.labels" . | nindent 8 }}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: LOG_FORMAT
              value: json
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
`,
  [`${C}/templates/worker.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}-worker
  labels:
    {{- include "shop.labels" . | nindent 4 }}
    app.kubernetes.io/component: worker
spec:
  replicas: {{ .Values.worker.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/component: worker
  template:
    metadata:
      labels:
        app.kubernetes.io/component: worker
    spec:
      containers:
      - name: worker
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        args: ["worker"]
`,
  [`${C}/templates/migrate-job.yaml`]: `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shop.fullname" . }}-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-delete-policy": before-hook-creation
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: migrate
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          args: ["migrate"]
`,
  [`${C}/templates/service.yaml`]: `apiVersion: v1
kind: Service
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
  selector:
    {{- include "shop.labels" . | nindent 4 }}
`,
};

const answers = {
  app: 'shop',
  namespace: 'shop',
  layout: 'helm',
  secrets: [{ env: 'DATABASE_URL', description: 'Postgres URL' }, { env: 'STRIPE_KEY' }],
  config: [{ env: 'PORT', default: '8080', type: 'int', reason: 'non-secret port' }],
  workloads: [
    { name: 'web', kind: 'Deployment', file: 'deployment.yaml', containers: ['web'] },
    { name: 'worker', kind: 'Deployment', file: 'worker.yaml', keys: ['DATABASE_URL', 'STRIPE_KEY'] },
    { name: 'migrate', kind: 'Job', file: 'migrate-job.yaml', keys: ['DATABASE_URL'] },
  ],
  environments: [{ name: 'prod', prefix: 'prod', storeName: 'vault-prod' }],
};

function repo(): string {
  const dir = tempDir('mosaic-helm-');
  writeTree(dir, FILES);
  writeFileSync(join(dir, 'answers.yaml'), stringify(answers));
  return dir;
}

const refs = (...keys: string[]) => keys.map((k) => `${S}/${k}`);

async function helm(args: string[]) {
  return execa(goTool('helm'), args, { reject: false, env: { HELM_CACHE_HOME: tempDir('helm-'), HELM_CONFIG_HOME: tempDir('helm-'), HELM_DATA_HOME: tempDir('helm-') } });
}

async function template(dir: string, values?: string) {
  const r = await helm(['template', 'shop', join(dir, C), '--namespace', 'shop', ...(values ? ['-f', join(dir, C, values)] : [])]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return docsOf(r.stdout);
}

describe('helm layout: a chart with web + worker + migration Job', () => {
  it('helm lint and helm template: exact secretKeyRefs, Vault path per values file, schema-valid, no policy finding', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    const lint = await helm(['lint', join(dir, C), '--strict']);
    expect(lint.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(lint.exitCode).toBe(0);
    expect(read(dir, `${C}/Chart.yaml`)).toBe(FILES[`${C}/Chart.yaml`]); // the user's, untouched
    expect(read(dir, `${C}/values.yaml`).startsWith(FILES[`${C}/values.yaml`]!)).toBe(true); // ours appended

    for (const [values, path, store] of [
      [undefined, 'secret/k3s/shop', 'vault-backend'],
      ['values-prod.yaml', 'secret/prod/shop', 'vault-prod'],
    ] as const) {
      const docs = await template(dir, values);
      expect(refsById(docs)).toEqual({
        'Deployment/shop-shop/containers/web': refs('DATABASE_URL', 'STRIPE_KEY'),
        'Deployment/shop-shop/containers/metrics': [], // containers: [web] — the exporter gets nothing
        'Deployment/shop-shop-worker/containers/worker': refs('DATABASE_URL', 'STRIPE_KEY'),
        'Job/shop-shop-migrate/containers/migrate': refs('DATABASE_URL'),
      });
      expect(containersOf(docs).get('Deployment/shop-shop/containers/web')!.values).toEqual(['PORT', 'LOG_FORMAT']);
      const es = onlyExternalSecret(docs);
      expect(es.metadata.namespace).toBe('shop');
      expect(es.spec.secretStoreRef).toEqual({ name: store, kind: 'ClusterSecretStore' });
      expect(es.spec.refreshInterval).toBe('1h');
      expect(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
        ['DATABASE_URL', path, 'database_url'],
        ['STRIPE_KEY', path, 'stripe_key'],
      ]);
      for (const d of docs) if (d.kind === 'Deployment' || d.kind === 'Job') validateWorkload(d);
    }

    // `required`, never `| default`: no Vault path, no render.
    const missing = await helm(['template', 'shop', join(dir, C), '--set', 'mosaicSecrets.vaultPath=']);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/mosaicSecrets\.vaultPath is required/);
    for (const f of ['templates/externalsecret.yaml', 'templates/_mosaic-secrets.tpl']) expect(read(dir, `${C}/${f}`)).not.toMatch(/\|\s*default/);

    // check: no forbidden pattern or leak anywhere in the chart, and its checklist finds the
    // ExternalSecret and the workloads inside the chart's templates.
    const check = JSON.parse((await runCli(['check', dir, '--format', 'json'])).stdout);
    expect(check.findings).toEqual([]);
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);
  });

  it('add-key / remove-key converge, keeping hand edits in values.yaml and the templates', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    // Hand edits: the user's values, a comment in our values block, and a new env entry in the worker.
    writeFileSync(join(dir, C, 'values.yaml'), read(dir, `${C}/values.yaml`).replace('replicaCount: 2', 'replicaCount: 4').replace('  refreshInterval: "1h"', '  refreshInterval: "1h" # ESO default is fine'));
    const worker = read(dir, `${C}/templates/worker.yaml`);
    expect(worker).toContain('      - name: worker\n        env:\n          {{- include "shop.secretEnv.worker" . | nindent 10 }}\n        image:');
    writeFileSync(join(dir, C, 'templates/worker.yaml'), worker.replace('| nindent 10 }}\n', '| nindent 10 }}\n          - name: QUEUE\n            value: orders\n'));

    await ok(['add-key', 'JWT_SIGNING_KEY', '--dir', dir, '--yes']);
    await ok(['remove-key', 'STRIPE_KEY', '--dir', dir, '--yes']);
    const docs = await template(dir, 'values-prod.yaml');
    expect(refsById(docs)).toEqual({
      'Deployment/shop-shop/containers/web': refs('DATABASE_URL', 'JWT_SIGNING_KEY'),
      'Deployment/shop-shop/containers/metrics': [],
      'Deployment/shop-shop-worker/containers/worker': refs('DATABASE_URL'),
      'Job/shop-shop-migrate/containers/migrate': refs('DATABASE_URL'),
    });
    expect(containersOf(docs).get('Deployment/shop-shop-worker/containers/worker')!.values).toEqual(['QUEUE']);
    expect(onlyExternalSecret(docs).spec.data.map((d: any) => d.secretKey)).toEqual(['DATABASE_URL', 'JWT_SIGNING_KEY']);
    expect((docs.find((d: any) => d.kind === 'Deployment' && d.metadata.name === 'shop-shop') as any).spec.replicas).toBe(4);
    expect(read(dir, `${C}/values.yaml`)).toContain('# ESO default is fine');
    // One include per container, never two.
    expect(read(dir, `${C}/templates/worker.yaml`).match(/include "shop\.secretEnv/g)).toHaveLength(1);
    const lint = await helm(['lint', join(dir, C), '--strict']);
    expect(lint.exitCode).toBe(0);
  });

  it('update applies changed answers to values.yaml (per environment too), keeping hand edits, and settles; a hand edit of a value it changes is a conflict', async () => {
    const dir = repo();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    writeFileSync(join(dir, C, 'values.yaml'), read(dir, `${C}/values.yaml`).replace('replicaCount: 2', 'replicaCount: 4'));
    const worker = read(dir, `${C}/templates/worker.yaml`);
    writeFileSync(join(dir, C, 'templates/worker.yaml'), worker.replace('| nindent 10 }}\n', '| nindent 10 }}\n          - name: QUEUE\n            value: orders\n'));

    await ok(['update', '--dir', dir, '--store-name', 'vault-main', '--refresh-interval', '30m', '--yes']);
    for (const [values, store] of [
      [undefined, 'vault-main'],
      ['values-prod.yaml', 'vault-prod'],
    ] as const) {
      const docs = await template(dir, values);
      const es = onlyExternalSecret(docs);
      expect(es.spec.secretStoreRef).toEqual({ name: store, kind: 'ClusterSecretStore' });
      expect(es.spec.refreshInterval).toBe('30m');
      expect(refsById(docs)['Deployment/shop-shop-worker/containers/worker']).toEqual(refs('DATABASE_URL', 'STRIPE_KEY'));
      expect(containersOf(docs).get('Deployment/shop-shop-worker/containers/worker')!.values).toEqual(['QUEUE']);
      expect((docs.find((d: any) => d.kind === 'Deployment' && d.metadata.name === 'shop-shop') as any).spec.replicas).toBe(4);
    }
    expect((await helm(['lint', join(dir, C), '--strict'])).exitCode).toBe(0);
    const again = JSON.parse((await ok(['update', '--dir', dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);

    // The user sets the refresh interval in values.yaml by hand; an update that changes it too stops.
    const edited = read(dir, `${C}/values.yaml`).replace('refreshInterval: "30m"', 'refreshInterval: "2h"');
    expect(edited).toContain('refreshInterval: "2h"');
    writeFileSync(join(dir, C, 'values.yaml'), edited);
    await expectConflict(dir, ['update', '--dir', dir, '--refresh-interval', '15m', '--yes'], `${C}/values.yaml`);
  });

  it('a fresh target gets a whole chart that lints and renders; an existing chart is detected', async () => {
    const dir = tempDir('mosaic-helm-');
    await ok([dir, '--app', 'orders', '--namespace', 'orders', '--layout', 'helm', '--secret', 'API_KEY', '--yes']);
    const lint = await helm(['lint', join(dir, 'charts/orders'), '--strict']);
    expect(lint.exitCode).toBe(0);
    const r = await helm(['template', 'orders', join(dir, 'charts/orders')]);
    const docs = docsOf(r.stdout);
    expect(refsById(docs)).toEqual({ 'Deployment/orders/containers/orders': ['orders-secrets/API_KEY'] });
    for (const d of docs) if (d.kind === 'Deployment') validateWorkload(d);
    expect(onlyExternalSecret(docs).spec.data[0].remoteRef.key).toBe('secret/k3s/orders');
    const other = repo();
    const j = JSON.parse((await ok([other, '--app', 'shop', '--namespace', 'shop', '--secret', 'API_KEY', '--yes', '--dry-run', '--json'])).stdout);
    expect(j.files.map((f: { path: string }) => f.path)).toContain(`${C}/templates/externalsecret.yaml`);
  });
});

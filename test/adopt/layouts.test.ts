// adopt on apps that already deploy with a Kustomize base + overlays or a Helm chart of several
// workloads: the proposal names that layout (and its workloads, environments), the generator wires
// the env into the user's files rather than writing a parallel plain set, check --fix takes out raw
// secret env the chart's include now sets, and the real consumer (`kustomize build`, `helm
// template`) shows every container reading exactly the app's secrets from the synced Secret.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { containersOf, docsOf, onlyExternalSecret, read, writeTree } from '../layouts/helpers.js';
import { git } from './fixture.js';

const CONFIG_TS = 'export const db = process.env.DATABASE_URL;\nexport const key = process.env.STRIPE_KEY;\nexport const port = Number(process.env.PORT ?? "8080");\n';

const workload = (kind: string, name: string, container: string, env = '') =>
  `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
spec:
${kind === 'Job' ? '' : '  selector:\n    matchLabels:\n      app: orders\n'}  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: ${container}
          image: ghcr.io/acme/orders:1
${env ? `          env:\n${env}` : ''}${kind === 'Job' ? '      restartPolicy: Never\n' : ''}`;

function app(files: Record<string, string>): string {
  const dir = join(tempDir('mosaic-adopt-layout-'), 'orders');
  writeTree(dir, { 'package.json': '{ "name": "orders", "version": "1.0.0", "type": "module" }\n', 'src/config.ts': CONFIG_TS, ...files });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the app as it was');
  return dir;
}

const REFS = ['orders-secrets/DATABASE_URL', 'orders-secrets/STRIPE_KEY'];

describe('adopt on existing deploy layouts', () => {
  it('a Kustomize base with two workloads and staging/prod overlays: proposed as kustomize, every overlay builds with both secrets in every container', async () => {
    const overlay = (e: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\nnamespace: orders-${e}\n`;
    const dir = app({
      'deploy/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: orders\nresources:\n  - deployment.yaml\n  - worker.yaml\n',
      'deploy/base/deployment.yaml': workload('Deployment', 'orders', 'web', '            - name: PORT\n              value: "8080"\n'),
      'deploy/base/worker.yaml': workload('Deployment', 'orders-worker', 'worker'),
      'deploy/overlays/staging/kustomization.yaml': overlay('staging'),
      'deploy/overlays/prod/kustomization.yaml': overlay('prod'),
    });
    const r = await runCli(['adopt', '--yes', '--answers-out', 'answers.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const answers = parse(read(dir, 'answers.yaml')) as Record<string, unknown>;
    expect({ layout: answers['layout'], deployDir: answers['deployDir'], workloads: answers['workloads'], environments: answers['environments'] }).toEqual({
      layout: 'kustomize',
      deployDir: 'deploy',
      workloads: [
        { name: 'orders', kind: 'Deployment', file: 'deployment.yaml' },
        { name: 'orders-worker', kind: 'Deployment', file: 'worker.yaml' },
      ],
      environments: [{ name: 'prod' }, { name: 'staging' }],
    });
    expect(r.stdout).toMatch(/✔ check: no findings/);
    for (const env of ['staging', 'prod']) {
      const built = await execa(goTool('kustomize'), ['build', join(dir, 'deploy/overlays', env)], { reject: false });
      expect(built.stderr).toBe('');
      const docs = docsOf(built.stdout);
      const byId = containersOf(docs);
      expect([...byId.keys()]).toEqual(['Deployment/orders/containers/web', 'Deployment/orders-worker/containers/worker']);
      for (const c of byId.values()) expect([...c.refs].sort()).toEqual(REFS);
      expect(onlyExternalSecret(docs).metadata.namespace).toBe(`orders-${env}`);
    }
  }, 120_000);

  it('a Helm chart of web, worker and migration Job with raw secret env: proposed as helm with each workload template, the raw entries replaced by the include', async () => {
    const C = 'charts/orders/templates';
    const dir = app({
      'charts/orders/Chart.yaml': 'apiVersion: v2\nname: orders\nversion: 0.1.0\nappVersion: "1.0.0"\n',
      'charts/orders/values.yaml': 'namespace: orders\nstripeKey: ""\nport: 8080\n',
      [`${C}/deployment.yaml`]: workload('Deployment', '{{ .Chart.Name }}', 'web', '            - name: STRIPE_KEY\n              value: {{ .Values.stripeKey | quote }}\n            - name: PORT\n              value: {{ .Values.port | quote }}\n'),
      [`${C}/worker.yaml`]: workload('Deployment', '{{ .Chart.Name }}-worker', 'worker'),
      [`${C}/migrate-job.yaml`]: workload('Job', '{{ .Chart.Name }}-migrate', 'migrate'),
    });
    const r = await runCli(['adopt', '--yes', '--answers-out', 'answers.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const answers = parse(read(dir, 'answers.yaml')) as Record<string, unknown>;
    expect({ layout: answers['layout'], chartDir: answers['chartDir'], workloads: answers['workloads'] }).toEqual({
      layout: 'helm',
      chartDir: 'charts/orders',
      workloads: [
        { name: 'orders', kind: 'Deployment', file: 'deployment.yaml', keys: ['STRIPE_KEY', 'DATABASE_URL'] },
        { name: 'migrate-job', kind: 'Job', file: 'migrate-job.yaml' },
        { name: 'worker', kind: 'Deployment', file: 'worker.yaml' },
      ],
    });
    expect(existsSync(join(dir, 'deploy'))).toBe(false);
    expect(r.stdout).toMatch(/^-\s+- name: STRIPE_KEY$/m);
    expect(r.stdout).toMatch(/✔ check: no findings/);
    expect(read(dir, `${C}/deployment.yaml`)).toContain('value: {{ .Values.port | quote }}'); // the user's other env
    const lint = await execa(goTool('helm'), ['lint', '--strict', join(dir, 'charts/orders')], { reject: false });
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
    // The template's own PORT (from values) stays the one PORT: the include leaves it out there.
    expect(r.stdout).toContain('charts/orders/templates/deployment.yaml: container web sets PORT itself');
    const out = await execa(goTool('helm'), ['template', 'orders', join(dir, 'charts/orders'), '--namespace', 'orders', '--set', 'port=9090'], { reject: false });
    expect(out.stderr).toBe('');
    const docs = docsOf(out.stdout);
    const byId = containersOf(docs);
    expect([...byId.keys()].sort()).toEqual(['Deployment/orders-worker/containers/worker', 'Deployment/orders/containers/web', 'Job/orders-migrate/containers/migrate']);
    for (const c of byId.values()) {
      expect([...c.refs].sort()).toEqual(REFS);
      expect(c.values).not.toContain('STRIPE_KEY');
      const names = c.env.map((e) => e.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i), c.id).toEqual([]); // server-side apply refuses a name twice
      expect(c.env.filter((e) => e.name === 'PORT').map((e) => e.value), c.id).toEqual([c.id.includes('/web') ? '9090' : '8080']);
    }
    onlyExternalSecret(docs);
  }, 120_000);
});

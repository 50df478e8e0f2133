// `check --fix`: the safe rewrites, their idempotence, the refusals on hostile input, and SARIF
// `fixes[]` against the SARIF 2.1.0 schema.
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { applyFixes, planFixes } from '../../src/check/fix/index.js';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { git, gitRepo as repo } from './fixture.js';

// An app's recorded answers: what the fixers know (which names are secrets, why a default is safe).
const MANIFEST = `generator: create-mosaic-secrets
version: 0.1.0
answers:
  app: shop
  namespace: shop
  secrets:
    - env: DB_PASSWORD
    - env: REDIS_URL
  config:
    - env: PORT
      default: "8080"
      reason: a listen port, not a secret; default from src/config.ts:5
files: {}
`;

const COMPOSE = `services:
  api:
    build: .
    environment:
      DB_PASSWORD: \${DB_PASSWORD:-changeme}
      REDIS_URL: "\${REDIS_URL:-redis://localhost:6379}"
      PORT: \${PORT:-8080}
      LOG_DIR: \${LOG_DIR:-/var/log} # where logs go
      API_TOKEN: \${API_TOKEN-}
`;

const HELM = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'charts/shop/values.yaml': 'db:\n  password: ""\n',
  'charts/shop/templates/secret.yaml':
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\nstringData:\n  password: {{ .Values.db.password | default "changeme" | quote }}\n  token: {{ default "dev" .Values.apiToken | quote }}\n',
};

describe('check --fix', () => {
  it('rewrites each finding kind with its one safe rewrite, prints the diff, and a second run changes nothing', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'DB_PASSWORD=hunter2-local\n', '.gitignore': 'node_modules/', ...HELM });
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('--- a/docker-compose.yml');
    expect(r.stdout).not.toContain('hunter2-local');
    const compose = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(compose).toContain('REDIS_URL: "${REDIS_URL:?REDIS_URL is required}"');
    expect(compose).toContain('PORT: ${PORT:-8080}  # safe-default: a listen port, not a secret; default from src/config.ts:5');
    expect(compose).toContain('API_TOKEN: ${API_TOKEN:?API_TOKEN is required}');
    // LOG_DIR: not a secret, and the answers give no reason: left for the user, said so.
    expect(compose).toContain('LOG_DIR: ${LOG_DIR:-/var/log} # where logs go');
    expect(r.stdout).toMatch(/not fixed: docker-compose\.yml:8 fallback-default: LOG_DIR is not a secret, but no reason/);
    const helm = readFileSync(join(dir, 'charts/shop/templates/secret.yaml'), 'utf8');
    expect(helm).toContain('password: {{ required "db.password is required" .Values.db.password | quote }}');
    expect(helm).toContain('token: {{ required "apiToken is required" .Values.apiToken | quote }}');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n/deploy/.env\n');
    expect(git(dir, 'ls-files', 'deploy/.env')).toBe('');
    expect(readFileSync(join(dir, 'deploy/.env'), 'utf8')).toBe('DB_PASSWORD=hunter2-local\n'); // kept for local use

    const after = await check([], { cwd: dir, checklist: false });
    expect(after.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(['docker-compose.yml:8 fallback-default']);

    const tree = snapshotTree(dir);
    const mtimes = Object.keys(tree).filter((p) => !p.startsWith('.git/')).map((p) => statSync(join(dir, p)).mtimeMs);
    const again = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(again.stdout).toMatch(/--fix: 0 fixes applied/);
    expect(snapshotTree(dir)).toEqual(tree);
    expect(Object.keys(tree).filter((p) => !p.startsWith('.git/')).map((p) => statSync(join(dir, p)).mtimeMs)).toEqual(mtimes);
  });

  it('--dry-run shows the diff and writes nothing', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'X=1\n' });
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--dry-run', '--no-checklist'], { cwd: dir });
    expect(r.stdout).toContain('+      DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(r.stdout).toContain('would run: git rm --cached -- deploy/.env');
    expect(r.stdout).toMatch(/nothing written/);
    expect(snapshotTree(dir)).toEqual(before);
    expect(git(dir, 'ls-files', 'deploy/.env').trim()).toBe('deploy/.env');
  });

  it('never rewrites a file changed since the scan, a symbolic link, or an expansion it cannot prove', async () => {
    const dir = repo({
      '.mosaic-secrets.yaml': MANIFEST,
      'docker-compose.yml': COMPOSE,
      'real/compose.yml': 'services:\n  w:\n    build: .\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-x}\n',
      // Nested: the inner default is part of the outer word; CRLF endings; a tab-indented env file.
      'deploy/nested.yml': 'services:\n  w:\n    build: .\n    environment:\n      A_TOKEN: ${A_TOKEN:-${B_TOKEN:-x}}\r\n',
    });
    symlinkSync(join(dir, 'real/compose.yml'), join(dir, 'linked-compose.yml'));
    const scanned = await check(['docker-compose.yml', 'linked-compose.yml', 'deploy/nested.yml'], { cwd: dir, checklist: false });
    expect(scanned.findings.some((f) => f.path === 'linked-compose.yml')).toBe(true);
    // The user edits the compose file after the scan: its findings no longer match the text.
    writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE.replace('changeme', 'changed-by-user'));
    const plan = planFixes(scanned.findings, dir);
    expect(plan.patches.map((p) => p.path)).toEqual(['deploy/nested.yml']);
    // Every finding of the edited file is left alone, not just the edited line's.
    expect(plan.skipped.filter((s) => s.finding.path === 'docker-compose.yml').map((s) => s.why)).toEqual(Array(5).fill('changed since the scan'));
    expect(plan.skipped.filter((s) => s.finding.path === 'linked-compose.yml').map((s) => s.why)).toEqual(['not a regular file that can be read']);
    // The outer secret gets the required form (which drops the inner default); CRLF is kept.
    expect(plan.patches[0]!.after).toContain('A_TOKEN: ${A_TOKEN:?A_TOKEN is required}\r\n');
    // A file the user saves between the plan and the write: the writer refuses, nothing is written.
    writeFileSync(join(dir, 'deploy/nested.yml'), 'services: {}\n');
    await expect(applyFixes(plan, dir, { stdout: { write: () => true }, color: false }, false)).rejects.toThrow(/changed on disk/);
    expect(readFileSync(join(dir, 'deploy/nested.yml'), 'utf8')).toBe('services: {}\n');
  });

  it('SARIF carries the fixes (fixes[] with artifactChanges) and validates against the 2.1.0 schema', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'X=1\n', ...HELM });
    const r = await runCli(['check', '--format', 'sarif', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[] }[] }[] };
    const withFixes = log.runs[0]!.results.filter((x) => x.fixes);
    expect(withFixes.length).toBe(7); // 4 compose rewrites (LOG_DIR has none), 2 Helm, 1 .gitignore
    const db = withFixes.find((x) => x.fixes![0]!.artifactChanges[0]!.artifactLocation.uri === 'docker-compose.yml')!.fixes![0]!;
    expect(db.artifactChanges[0]!.artifactLocation.uri).toBe('docker-compose.yml');
    expect(db.artifactChanges[0]!.replacements[0]).toEqual({ deletedRegion: { startLine: 5, startColumn: 20, endLine: 5, endColumn: 44 }, insertedContent: { text: '${DB_PASSWORD:?DB_PASSWORD is required}' } });
    const schema = JSON.parse(readFileSync(new URL('../check/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const { $schema: _draft, id, ...rest } = schema;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile({ $id: id as string, ...rest });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // The report changed nothing on disk.
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toBe(COMPOSE);
  });
});

// A chart the generator wired (the include and its define), with the user's raw secret env left in
// its workload templates — and the shapes the raw-env fix must not touch.
const CHART_MANIFEST = MANIFEST.replace('secrets:\n    - env: DB_PASSWORD\n    - env: REDIS_URL', 'secrets:\n    - env: DB_PASSWORD\n    - env: API_TOKEN').replace('  namespace: shop\n', '  namespace: shop\n  layout: helm\n  chartDir: charts/shop\n');
const secretRef = (n: string) => `- name: ${n}\n  valueFrom:\n    secretKeyRef:\n      name: shop-secrets\n      key: ${n}\n`;
const pod = (env: string) => `    spec:\n      containers:\n        - name: app\n          image: "ghcr.io/acme/shop:1"\n          env:\n${env}`;
const workload = (kind: string, name: string, env: string) => `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  ${kind === 'Job' ? '' : 'selector:\n    matchLabels:\n      app: shop\n  '}template:\n    metadata:\n      labels:\n        app: shop\n${pod(env)}${kind === 'Job' ? '      restartPolicy: Never\n' : ''}`;
const INCLUDE = '            {{- include "shop.secretEnv" . | nindent 12 }}\n';
const raw = (n: string, v: string) => `            - name: ${n}\n              value: ${v}\n`;
const CHART = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'charts/shop/values.yaml': 'db:\n  password: ""\napiToken: ""\nsecrets: true\n',
  'charts/shop/templates/_mosaic-secrets.tpl': `{{- define "shop.secretEnv" -}}\n${secretRef('DB_PASSWORD')}${secretRef('API_TOKEN')}{{- end }}\n{{- define "shop.other" -}}\n- name: PORT\n  value: "8080"\n{{- end }}\n`,
  'charts/shop/templates/externalsecret.yaml':
    'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: shop-secrets\nspec:\n  secretStoreRef:\n    name: vault-backend\n    kind: ClusterSecretStore\n  target:\n    name: shop-secrets\n  data:\n    - secretKey: DB_PASSWORD\n      remoteRef:\n        key: secret/k3s/shop\n        property: db_password\n    - secretKey: API_TOKEN\n      remoteRef:\n        key: secret/k3s/shop\n        property: api_token\n',
  // Fixed: the include reads both from the Secret; the user's PORT stays.
  'charts/shop/templates/deployment.yaml': workload('Deployment', 'shop', `${INCLUDE}${raw('DB_PASSWORD', '{{ .Values.db.password | default "changeme" | quote }}')}${raw('PORT', '"8080"')}${raw('API_TOKEN', '{{ .Values.apiToken | quote }}')}`),
  // Not fixed: the include is conditional (values may drop it).
  'charts/shop/templates/worker.yaml': workload('Deployment', 'worker', `            {{- if .Values.secrets }}\n${INCLUDE}            {{- end }}\n${raw('DB_PASSWORD', '{{ .Values.db.password | quote }}')}`),
  // Not fixed: a block scalar is not a one-line value.
  'charts/shop/templates/job.yaml': workload('Job', 'migrate', `${INCLUDE}            - name: DB_PASSWORD\n              value: |\n                {{ .Values.db.password }}\n`),
  // Not fixed: the only include reads no secret.
  'charts/shop/templates/cron.yaml': workload('Deployment', 'cron', `            {{- include "shop.other" . | nindent 12 }}\n${raw('API_TOKEN', '{{ .Values.apiToken | quote }}')}`),
};

describe('check --fix on a chart', () => {
  it('removes raw secret env entries the generated include already sets from the Secret, nothing it cannot prove; helm still renders; idempotent', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': CHART_MANIFEST, ...CHART });
    const rawLeft = async () =>
      (await check([], { cwd: dir })).findings.filter((f) => f.rule === 'checklist-secret-key-ref').map((f) => `${f.path.replace('charts/shop/templates/', '')} ${/sets (\w+)/.exec(f.message)?.[1]}`);
    expect(await rawLeft()).toEqual(['cron.yaml API_TOKEN', 'deployment.yaml DB_PASSWORD', 'deployment.yaml API_TOKEN', 'job.yaml DB_PASSWORD', 'worker.yaml DB_PASSWORD']);
    const r = await runCli(['check', '--fix'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`-${raw('DB_PASSWORD', '{{ .Values.db.password | default "changeme" | quote }}').replace('\n            ', '\n-            ')}`);
    expect(r.stdout).toMatch(/not fixed: charts\/shop\/templates\/worker\.yaml:\d+ checklist-secret-key-ref: no unconditional include/);
    expect(r.stdout).toMatch(/not fixed: charts\/shop\/templates\/job\.yaml:\d+ checklist-secret-key-ref: the DB_PASSWORD entry is not a plain/);
    expect(r.stdout).toMatch(/not fixed: charts\/shop\/templates\/cron\.yaml:\d+ checklist-secret-key-ref: no unconditional include/);
    // Exactly the two entries are gone; the user's PORT and every other byte stay.
    expect(readFileSync(join(dir, 'charts/shop/templates/deployment.yaml'), 'utf8')).toBe(workload('Deployment', 'shop', `${INCLUDE}${raw('PORT', '"8080"')}`));
    for (const f of ['worker.yaml', 'job.yaml', 'cron.yaml']) expect(readFileSync(join(dir, 'charts/shop/templates', f), 'utf8')).toBe(CHART[`charts/shop/templates/${f}` as keyof typeof CHART]);
    expect(await rawLeft()).toEqual(['cron.yaml API_TOKEN', 'job.yaml DB_PASSWORD', 'worker.yaml DB_PASSWORD']);

    // The real consumer: the fixed chart renders, and the Deployment reads both from the Secret.
    const { goTool } = await import('../helpers/goTool.js');
    const { execa } = await import('execa');
    const { containersOf, docsOf } = await import('../layouts/helpers.js');
    const out = await execa(goTool('helm'), ['template', 'shop', join(dir, 'charts/shop')], { reject: false });
    expect(out.stderr).toBe('');
    const web = containersOf(docsOf(out.stdout)).get('Deployment/shop/containers/app')!;
    expect(web.env.map((e) => e.name)).toEqual(['DB_PASSWORD', 'API_TOKEN', 'PORT']);
    expect(web.refs).toEqual(['shop-secrets/DB_PASSWORD', 'shop-secrets/API_TOKEN']);

    const tree = snapshotTree(dir);
    const again = await runCli(['check', '--fix'], { cwd: dir });
    expect(again.stdout).toMatch(/--fix: 0 fixes applied/);
    expect(snapshotTree(dir)).toEqual(tree);
  }, 60_000);
});

// The ESO renderers for a reference app: snapshot each file, then prove it with real parsers and schemas.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildModel } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import { unMdCell } from '../../src/render/escape.js';
import { README_BEGIN, README_END } from '../../src/render/readme.js';
import { deploymentEnvTarget, mergeYamlEntries } from '../../src/write/merge/yamlEntries.js';
import { sha256 } from '../../src/write/manifest.js';
import { validateDeployment, validateExternalSecret } from '../helpers/schemas.js';

const answers = parse(readFileSync(new URL('../fixtures/billing-api.yaml', import.meta.url), 'utf8'));

function filesOf(raw: unknown) {
  const m = buildModel(raw);
  const byPath = Object.fromEntries(renderAll(m).map((f) => [f.path, f]));
  const deployment = byPath['deploy/deployment.yaml']!.content;
  return { m, byPath, deployment };
}

describe('ESO renderers (reference app billing-api)', () => {
  const { m, byPath, deployment } = filesOf(answers);

  it('renders each file as in the snapshot', () => {
    for (const f of Object.values(byPath)) expect(f.content).toMatchSnapshot(f.path);
  });

  it('ExternalSecret is valid against the ESO v1 CRD schema and means what was answered', () => {
    const doc = parse(byPath['deploy/external-secret.yaml']!.content);
    expect(validateExternalSecret(doc)).toEqual([]);
    expect(doc.apiVersion).toBe('external-secrets.io/v1');
    expect(doc.metadata).toEqual({ name: 'billing-api-secrets', namespace: 'payments' });
    expect(doc.spec.target).toEqual({ name: 'billing-api-secrets', creationPolicy: 'Owner' });
    expect(doc.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
    expect(doc.spec.data).toEqual(
      m.secrets.map((s) => ({ secretKey: s.env, remoteRef: { key: 'secret/k3s/billing-api', property: s.property } })),
    );
  });

  it('v1beta1 stays selectable and validates against the v1beta1 schema', () => {
    const { byPath: b, m: mb } = filesOf({ ...answers, eso: { apiVersion: 'external-secrets.io/v1beta1' } });
    const doc = parse(b['deploy/external-secret.yaml']!.content);
    expect(doc.apiVersion).toBe('external-secrets.io/v1beta1');
    expect(validateExternalSecret(doc)).toEqual([]);
    expect(mb.warnings.join('\n')).toMatch(/v1beta1/);
    expect(b['README.md']!.content).toMatch(/ESO 0\.17\+ no longer serves v1beta1/);
  });

  it('the strict CRD check rejects a field the schema does not declare', () => {
    const doc = parse(byPath['deploy/external-secret.yaml']!.content);
    doc.spec.target.bogus = true;
    expect(validateExternalSecret(doc).join('\n')).toMatch(/additional properties/);
  });

  it('Deployment is a valid apps/v1 Deployment whose env uses secretKeyRef for every secret and tagged literals for config', () => {
    const docs = parseAllDocuments(deployment);
    expect(docs).toHaveLength(1);
    const doc = (docs as { toJS(): any }[])[0]!.toJS();
    expect(() => validateDeployment(doc)).not.toThrow();
    const env = doc.spec.template.spec.containers[0].env as any[];
    expect(env.map((e) => e.name)).toEqual([...m.secrets.map((s) => s.env), ...m.config.map((c) => c.env)]);
    for (const s of m.secrets) {
      expect(env.find((e) => e.name === s.env).valueFrom).toEqual({ secretKeyRef: { name: 'billing-api-secrets', key: s.env } });
    }
    for (const c of m.config) expect(env.find((e) => e.name === c.env).value).toBe(c.default);
    for (const c of m.config) expect(deployment).toMatch(new RegExp(`# safe-default: ${c.reason}`));
  });

  it('README section sits between the markers and lists every key with its purpose', () => {
    const readme = byPath['README.md']!.content;
    expect(readme.startsWith(`# billing-api\n\n${README_BEGIN}`)).toBe(true);
    expect(readme.trimEnd().endsWith(README_END)).toBe(true);
    expect(readme).toContain('`secret/k3s/billing-api`');
    for (const s of m.secrets) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${s.env}\``))!;
      const purpose = row.split(/(?<!\\)\|/)[3]!.trim();
      expect(unMdCell(purpose)).toBe(s.description);
    }
    expect(readme).not.toMatch(/&amp;|&#x27;|&quot;/);
  });

  it('.env.example has names and no values', () => {
    const lines = byPath['.env.example']!.content.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual(m.secrets.map((s) => `${s.env}=`));
  });

  it('a Direct-Vault model adds the bootstrap ExternalSecret and the AppRole env', () => {
    const { byPath: b, deployment: d } = filesOf({ ...answers, mode: 'direct-vault', justification: 'DB creds rotate every 15 minutes' });
    const boot = parse(b['deploy/external-secret-bootstrap.yaml']!.content);
    expect(validateExternalSecret(boot)).toEqual([]);
    expect(boot.metadata.name).toBe('billing-api-vault-auth');
    expect(boot.spec.refreshInterval).toBe('24h');
    expect(boot.spec.data.map((x: any) => [x.secretKey, x.remoteRef.key, x.remoteRef.property])).toEqual([
      ['VAULT_ROLE_ID', 'secret/k3s/billing-api-bootstrap', 'role_id'],
      ['VAULT_SECRET_ID', 'secret/k3s/billing-api-bootstrap', 'secret_id'],
    ]);
    const env = (parse(d) as any).spec.template.spec.containers[0].env as any[];
    expect(env.find((e) => e.name === 'VAULT_ROLE_ID').valueFrom.secretKeyRef.name).toBe('billing-api-vault-auth');
    expect(env.find((e) => e.name === 'VAULT_ADDR').value).toBe('https://vault.example.com');
    expect(d).toMatch(/VAULT_ADDR[\s\S]*# safe-default: /);
  });
});

describe('merging env into an existing deployment.yaml', () => {
  const existing = `# Our service, hand-written
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-api # do not rename
  namespace: payments
spec:
  selector:
    matchLabels: { app: billing-api }
  template:
    metadata:
      labels: { app: billing-api }
    spec:
      containers:
        - name: sidecar
          image: envoy
        - name: billing-api
          image: ghcr.io/acme/billing:1.2.3 # pinned by release
          env:
            # the team's own flag
            - name: LOG_FORMAT
              value: json
`;
  const merge = (current: string, m: ReturnType<typeof buildModel>, base: string | null = null) =>
    mergeYamlEntries(current, base, renderAll(m).find((f) => f.path.endsWith('deployment.yaml'))!.content, deploymentEnvTarget(m.app), 'deploy/deployment.yaml', {
      previouslyOwned: [],
      recordedHash: undefined,
      hash: sha256,
    });
  it('keeps the user comments, order and other fields, and adds ours to the app container', () => {
    const m = buildModel(answers);
    const merged = merge(existing, m).content;
    for (const keep of ['# Our service, hand-written', '# do not rename', '# pinned by release', '# the team\'s own flag', 'image: envoy']) {
      expect(merged).toContain(keep);
    }
    const doc = parse(merged);
    validateDeployment(doc);
    const [sidecar, app] = doc.spec.template.spec.containers;
    expect(sidecar.env).toBeUndefined();
    expect(app.env[0]).toEqual({ name: 'LOG_FORMAT', value: 'json' });
    expect(app.env.slice(1).map((e: any) => e.name)).toEqual(['DB_PASSWORD', 'JWT_SECRET', 'PORT', 'LOG_LEVEL', 'FEATURE_AUDIT']);
    // Merging again is a no-op.
    expect(merge(merged, m).content).toBe(merged);
  });

  it('refuses a Deployment with several containers and none named like the app', () => {
    const m = buildModel(answers);
    const bad = existing.replace('- name: billing-api\n', '- name: web\n');
    expect(() => merge(bad, m)).toThrow(/deploy\/deployment.yaml: no container named "billing-api"/);
  });
});

// Case 4: Kubernetes expands `$(VAR)` in env[].value with the variables defined before it, and
// turns `$$` into `$`. A config default "$(DB_PASSWORD)" rendered raw after DB_PASSWORD's
// secretKeyRef hands the pod the password under a safe-default tag; "cost $$5" reaches the pod as
// "cost $5" while the validators hold "cost $$5". The pod must see exactly the validated default,
// and `check` must flag a non-secret env value that expands a secret.
import { afterEach, describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import { check } from '../../src/check/index.js';
import { buildModel } from '../../src/model.js';
import { renderDeployment } from '../../src/render/deployment.js';
import { renderAll } from '../../src/render/index.js';
import { k8sExpand } from '../helpers/k8sExpand.js';
import { makeTree } from './helpers/io.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** The container env as the pod sees it: each literal expanded with the variables defined before it. */
function podEnv(yaml: string, secretValues: Record<string, string>): Record<string, string> {
  const env = parseDocument(yaml).getIn(['spec', 'template', 'spec', 'containers', 0, 'env'], true);
  if (!isSeq(env)) throw new Error('no env');
  const seen: Record<string, string> = {};
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const name = String(item.get('name'));
    const value = item.get('value');
    seen[name] = typeof value === 'string' ? k8sExpand(value, seen) : (secretValues[name] ?? '');
  }
  return seen;
}

const DEFAULTS = ['$(DB_PASSWORD)', 'cost $$5', 'cost $5', '$', '$$', '$$(DB_PASSWORD)', 'a$(', '$(UNKNOWN) and $(VAULT_SECRET_ID)', 'x$'];

describe('env[].value literals survive $(VAR) expansion', () => {
  it.each(DEFAULTS)('config default %j reaches the pod exactly as validated', (def) => {
    const m = buildModel({
      app: 'billing',
      namespace: 'payments',
      secrets: [{ env: 'DB_PASSWORD' }],
      config: [{ env: 'LOG_PREFIX', default: def, reason: 'a prefix, not a secret' }],
    });
    const env = podEnv(renderDeployment(m).content, { DB_PASSWORD: 'Summer2024!' });
    expect(env['LOG_PREFIX']).toBe(def);
    expect(env['LOG_PREFIX']).not.toContain('Summer2024!');
  });

  it('directVault.vaultAddr is escaped the same way', () => {
    const addr = 'https://vault.example.com/$$(VAULT_SECRET_ID)';
    const m = buildModel({ app: 'billing', namespace: 'payments', mode: 'direct-vault', justification: 'needs dynamic database credentials', directVault: { vaultAddr: addr } });
    const env = podEnv(renderDeployment(m).content, { VAULT_ROLE_ID: 'role', VAULT_SECRET_ID: 'the-secret-id' });
    expect(env['VAULT_ADDR']).toBe(m.directVault!.vaultAddr);
    expect(env['VAULT_ADDR']).not.toContain('the-secret-id');
  });
});

const DEPLOYMENT = (value: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  template:
    spec:
      containers:
        - name: billing
          image: x
${extra}          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: billing-secrets
                  key: DB_PASSWORD
            - name: LOG_PREFIX
              value: ${JSON.stringify(value)} # safe-default: a prefix
`;

async function expansionFindings(files: Record<string, string>) {
  const t = makeTree(files);
  cleanups.push(t.cleanup);
  return (await check(['.'], { cwd: t.root, checklist: false, rules: ['secret-in-env-expansion'] })).findings;
}

describe('check: secret-in-env-expansion', () => {
  it('flags a non-secret env value that expands a secret defined before it', async () => {
    const f = await expansionFindings({ 'deploy/deployment.yaml': DEPLOYMENT('$(DB_PASSWORD)') });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'secret-in-env-expansion', severity: 'error', path: 'deploy/deployment.yaml', line: 18 });
    expect(f[0]!.message).toMatch(/LOG_PREFIX is not secret but its value expands \$\(DB_PASSWORD\)/);
  });

  it('flags a secret-named variable pulled in by envFrom secretRef too', async () => {
    const f = await expansionFindings({ 'deploy/deployment.yaml': DEPLOYMENT('user:$(API_TOKEN)', '          envFrom:\n            - secretRef:\n                name: billing-secrets\n') });
    expect(f.map((x) => x.rule)).toEqual(['secret-in-env-expansion']);
  });

  it.each(['$$(DB_PASSWORD)', 'cost $5', '$(POD_NAME)', '$(DB_PASSWORD'])('leaves %j alone (escaped, not a secret, or not a reference)', async (value) => {
    expect(await expansionFindings({ 'deploy/deployment.yaml': DEPLOYMENT(value) })).toEqual([]);
  });

  it('our own rendered Deployment with a "$(DB_PASSWORD)" default is clean', async () => {
    const m = buildModel({ app: 'billing', namespace: 'payments', secrets: [{ env: 'DB_PASSWORD' }], config: [{ env: 'LOG_PREFIX', default: '$(DB_PASSWORD)', reason: 'a prefix' }] });
    const files = Object.fromEntries(renderAll(m).map((f) => [f.path, f.content]));
    expect(await expansionFindings(files)).toEqual([]);
    expect(await expansionFindings({ 'deploy/deployment.yaml': DEPLOYMENT('$(DB_PASSWORD)') })).toHaveLength(1);
  });
});

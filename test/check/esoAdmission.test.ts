// A secret-less app gets no ExternalSecret (ESO refuses one without data), and `check` flags every
// ExternalSecret ESO's admission webhook or CRD schema would refuse.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';

const es = (spec: string, name = 'orders-secrets') =>
  `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: vault-backend\n${spec}`;
const ok = 'data:\n  - secretKey: API_KEY\n    remoteRef:\n      key: secret/k3s/orders\n      property: api_key\n';
const indent = (s: string) => s.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');

async function check(yaml: string) {
  const dir = tempDir();
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'external-secret.yaml'), yaml);
  const r = await runCli(['check', dir, '--rule', 'eso-admission', '--format', 'json']);
  return { exitCode: r.exitCode, findings: (JSON.parse(r.stdout).findings as { rule: string; message: string; line: number }[]).filter((f) => f.rule === 'eso-admission') };
}

describe('check: eso-admission', () => {
  const refused: [string, string, string][] = [
    ['data: [] (what a secret-less app used to get)', indent('data: []\n'), 'either data or dataFrom should be specified'],
    ['neither data nor dataFrom', indent('target:\n  name: x\n'), 'either data or dataFrom should be specified'],
    ['a dataFrom entry without extract, find or sourceRef', indent('dataFrom:\n  - rewrite: []\n'), 'either extract, find, or sourceRef must be set to dataFrom'],
    ['a data entry without remoteRef.key', indent('data:\n  - secretKey: A\n    remoteRef:\n      property: a\n'), 'data[].secretKey and data[].remoteRef.key are required'],
    ['deletionPolicy Delete on a Secret ESO does not own', indent(`target:\n  creationPolicy: Merge\n  deletionPolicy: Delete\n${ok}`), "deletionPolicy=Delete must not be used when the controller doesn't own the secret"],
    ['deletionPolicy Merge with creationPolicy None', indent(`target:\n  creationPolicy: None\n  deletionPolicy: Merge\n${ok}`), 'deletionPolicy=Merge must not be used with creationPolicy=None'],
  ];
  for (const [name, spec, says] of refused) {
    it(`flags ${name}`, async () => {
      const text = es(spec);
      expect(parseAllDocuments(text).every((d) => d.errors.length === 0)).toBe(true); // valid YAML: only ESO refuses it
      const r = await check(text);
      expect(r.exitCode).toBe(1);
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]!.message).toContain(says);
      expect(r.findings[0]!.message).toContain('ExternalSecret orders-secrets');
    });
  }

  it('accepts data entries, a dataFrom extract, and Owner-created Secrets with any deletionPolicy; names each refused document of a multi-document file', async () => {
    const good = [es(indent(ok)), es(indent('dataFrom:\n  - extract:\n      key: secret/k3s/orders\n'), 'b'), es(indent(`target:\n  deletionPolicy: Delete\n${ok}`), 'c')];
    expect((await check(good.join('---\n'))).findings).toEqual([]);
    const mixed = await check([good[0], es(indent('data: []\n'), 'empty')].join('---\n'));
    expect(mixed.findings.map((f) => f.message)).toEqual(['ExternalSecret empty: ESO refuses it ("either data or dataFrom should be specified")']);
    expect(mixed.findings[0]!.line).toBeGreaterThan(10);
  });
});

describe('an app with no secret keys', () => {
  it('gets no ExternalSecret and no secretKeyRef, passes check, and add-key / remove-key bring the ExternalSecret and take it away', async () => {
    const dir = tempDir();
    const first = await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--lang', 'typescript', '--yes']);
    expect(first.exitCode).toBe(0);
    expect(existsSync(join(dir, 'deploy/external-secret.yaml'))).toBe(false);
    const deployment = readFileSync(join(dir, 'deploy/deployment.yaml'), 'utf8');
    expect(deployment).not.toContain('secretKeyRef');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('**ExternalSecret:** none yet');
    const clean = await runCli(['check', dir]);
    expect(clean.stdout + clean.stderr).toMatch(/no findings/);
    expect(clean.exitCode).toBe(0);

    expect((await runCli(['add-key', 'API_KEY', '--description', 'payment key', '--dir', dir, '--yes'])).exitCode).toBe(0);
    const doc = parse(readFileSync(join(dir, 'deploy/external-secret.yaml'), 'utf8'));
    expect(doc.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['API_KEY']);
    expect((await runCli(['check', dir])).exitCode).toBe(0);

    const removed = await runCli(['remove-key', 'API_KEY', '--dir', dir, '--yes']);
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toMatch(/delete\s+deploy\/external-secret\.yaml/);
    expect(existsSync(join(dir, 'deploy/external-secret.yaml'))).toBe(false);
  });
});

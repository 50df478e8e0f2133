// Kustomize reads its kustomization from kustomization.yaml, kustomization.yml or Kustomization, and
// refuses a directory holding more than one ("Found multiple kustomization files"). An existing app
// whose base and overlays use the other two names, run with the built CLI: we merge into the file
// each directory already has (never a second one), a real `kustomize build` of every overlay has the
// ExternalSecret where the overlay deploys, the manifest records the real paths, and re-runs,
// add-key and update keep working on those files. A directory with two of them is refused up front.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { ok, onlyExternalSecret, read, writeTree } from './helpers.js';
import { ORDERS_DEPLOYMENT, ORDERS_README, PROD_OVERLAY as PROD, PROD_REPLICAS, STAGING_OVERLAY as STAGING, buildOverlay } from './ordersApiRepo.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const BASE = `# orders-api base; overlays in ../overlays
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml # the API
`;

const FILES: Record<string, string> = {
  'README.md': ORDERS_README,
  'deploy/base/kustomization.yml': BASE,
  'deploy/base/deployment.yaml': ORDERS_DEPLOYMENT,
  'deploy/overlays/staging/kustomization.yml': STAGING,
  'deploy/overlays/prod/Kustomization': PROD,
  'deploy/overlays/prod/replicas.yaml': PROD_REPLICAS,
};

const ANSWERS = { app: 'orders-api', namespace: 'orders-api', layout: 'kustomize', secrets: [{ env: 'DB_PASSWORD' }], environments: [{ name: 'staging', prefix: 'staging' }, { name: 'prod', prefix: 'prod' }] };

function ordersApi(extra: Record<string, string> = {}): string {
  const dir = join(tempDir('mosaic-kyml-'), 'orders-api');
  writeTree(dir, { ...FILES, 'answers.yaml': stringify(ANSWERS), ...extra });
  return dir;
}

/** The kustomization files a directory holds (kustomize accepts exactly one). */
const kustomizations = (dir: string, sub: string) => readdirSync(join(dir, sub)).filter((n) => NAMES.includes(n));

/** The ExternalSecret an overlay builds: its namespace and the Vault keys it reads. */
async function externalSecret(dir: string, overlay: string) {
  const es = onlyExternalSecret(await buildOverlay(dir, overlay));
  return { namespace: es.metadata.namespace, keys: es.spec.data.map((d: Obj) => `${d.secretKey}←${d.remoteRef.key}`) };
}

describe('an existing Kustomize app whose kustomizations are kustomization.yml and Kustomization', () => {
  it('merges into the file each directory has; kustomize build works; the manifest records those paths; re-run, add-key and update stay on them', async () => {
    const dir = ordersApi();
    const r = await runCli([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);

    const dirs = { 'deploy/base': 'kustomization.yml', 'deploy/overlays/staging': 'kustomization.yml', 'deploy/overlays/prod': 'Kustomization' };
    for (const [sub, name] of Object.entries(dirs)) expect(kustomizations(dir, sub), sub).toEqual([name]);
    expect(await externalSecret(dir, 'staging')).toEqual({ namespace: 'orders-staging', keys: ['DB_PASSWORD←secret/staging/orders-api'] });
    expect(await externalSecret(dir, 'prod')).toEqual({ namespace: 'orders-prod', keys: ['DB_PASSWORD←secret/prod/orders-api'] });
    // Our entries joined the user's files; their comments and fields are kept.
    expect(read(dir, 'deploy/base/kustomization.yml')).toBe(BASE.replace('resources:\n', 'resources:\n  - external-secret.yaml\n'));
    expect(read(dir, 'deploy/overlays/staging/kustomization.yml')).toContain("namespace: orders-staging # the staging cluster's namespace\n");
    expect(read(dir, 'deploy/overlays/prod/Kustomization')).toContain('  - path: replicas.yaml\n');
    const files = Object.keys(parse(read(dir, '.mosaic-secrets.yaml')).files);
    expect(files.filter((p) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(p)).sort()).toEqual(['deploy/base/kustomization.yml', 'deploy/overlays/prod/Kustomization', 'deploy/overlays/staging/kustomization.yml']);

    // A re-run from the recorded answers changes nothing.
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);

    // add-key and update edit the same files, with a hand edit in one of them kept.
    writeFileSync(join(dir, 'deploy/overlays/prod/Kustomization'), `${read(dir, 'deploy/overlays/prod/Kustomization')}commonAnnotations:\n  team: orders # ours\n`);
    await ok(['add-key', 'JWT_SIGNING_KEY', '--dir', dir, '--yes']);
    await ok(['update', '--dir', dir, '--refresh-interval', '30m', '--yes']);
    for (const [sub, name] of Object.entries(dirs)) expect(kustomizations(dir, sub), sub).toEqual([name]);
    expect((await externalSecret(dir, 'prod')).keys).toEqual(['DB_PASSWORD←secret/prod/orders-api', 'JWT_SIGNING_KEY←secret/prod/orders-api']);
    expect((await externalSecret(dir, 'staging')).keys).toEqual(['DB_PASSWORD←secret/staging/orders-api', 'JWT_SIGNING_KEY←secret/staging/orders-api']);
    expect(onlyExternalSecret(await buildOverlay(dir, 'prod')).metadata.annotations).toEqual({ team: 'orders' });
    const settled = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(settled.files.filter((f: { action: string }) => f.action !== 'unchanged')).toEqual([]);

    // check reads a Kustomization as the YAML it is: a secretGenerator literal there gets the kustomize remedy.
    writeFileSync(join(dir, 'deploy/overlays/prod/Kustomization'), `${read(dir, 'deploy/overlays/prod/Kustomization')}secretGenerator:\n  - name: legacy\n    literals:\n      - LEGACY_TOKEN=Zq8vR2kLmN4pX7sTw9\n`);
    const audit = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    const hits = JSON.parse(audit.stdout).findings.filter((f: Obj) => f.rule === 'hardcoded-secret').map((f: Obj) => `${f.path}: ${f.message}`);
    expect(hits).toEqual([
      'deploy/overlays/prod/Kustomization: LEGACY_TOKEN is assigned a literal value; drop the secretGenerator literal and commit an ExternalSecret that syncs the value from Vault',
    ]);
  });

  it('a kustomization renamed after our write (kustomization.yml → kustomization.yaml) is the one merged into: unchanged, none recreated or deleted, the manifest follows', async () => {
    const dir = ordersApi();
    await ok([dir, '--answers', join(dir, 'answers.yaml'), '--yes']);
    const ours = read(dir, 'deploy/base/kustomization.yml');
    renameSync(join(dir, 'deploy/base/kustomization.yml'), join(dir, 'deploy/base/kustomization.yaml'));
    const again = JSON.parse((await ok([dir, '--yes', '--json'])).stdout);
    expect(again.files.filter((f: { action: string }) => f.action !== 'unchanged').map((f: { path: string }) => f.path)).toEqual(['.mosaic-secrets.yaml']);
    expect(kustomizations(dir, 'deploy/base')).toEqual(['kustomization.yaml']);
    expect(read(dir, 'deploy/base/kustomization.yaml')).toBe(ours);
    expect(Object.keys(parse(read(dir, '.mosaic-secrets.yaml')).files)).toContain('deploy/base/kustomization.yaml');
    expect(Object.keys(parse(read(dir, '.mosaic-secrets.yaml')).files)).not.toContain('deploy/base/kustomization.yml');
    expect(await externalSecret(dir, 'staging')).toEqual({ namespace: 'orders-staging', keys: ['DB_PASSWORD←secret/staging/orders-api'] });
  });

  it('interactive defaults come from a kustomization.yml base and Kustomization overlays (detection sees all three names)', async () => {
    const { detectLayout, detectOverlays } = await import('../../src/answers/detect.js');
    const dir = ordersApi();
    expect(detectLayout(dir)).toEqual({ layout: 'kustomize', deployDir: 'deploy' });
    expect(detectOverlays(dir, 'deploy')).toEqual([
      { name: 'prod', namespace: 'orders-prod' },
      { name: 'staging', namespace: 'orders-staging' },
    ]);
    const k8s = join(tempDir('mosaic-kyml-'), 'app');
    writeTree(k8s, { 'k8s/base/Kustomization': BASE });
    expect(detectLayout(k8s)).toEqual({ layout: 'kustomize', deployDir: 'k8s' });
  });

  it('a directory holding two kustomization files is refused in one line naming it and the rule; nothing is written', async () => {
    for (const [sub, extra, found] of [
      ['deploy/overlays/staging', 'kustomization.yaml', 'kustomization.yaml and kustomization.yml'],
      ['deploy/base', 'Kustomization', 'kustomization.yml and Kustomization'],
    ] as const) {
      const dir = ordersApi({ [`${sub}/${extra}`]: STAGING });
      const before = snapshotTree(dir);
      for (const args of [[dir, '--answers', join(dir, 'answers.yaml'), '--yes'], [dir, '--answers', join(dir, 'answers.yaml'), '--dry-run']]) {
        const r = await runCli(args);
        expect(r.exitCode, r.stderr).toBe(2);
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${sub}: holds ${found}; kustomize reads exactly one kustomization file per directory`)]);
        expect(snapshotTree(dir)).toEqual(before);
      }
    }
  });
});

// "Correct on the first kubectl apply", proven against the real consumers: a real kube-apiserver
// (with etcd), the real External Secrets Operator controller and a real OpenBao dev server.
//
// For each generated app (scenarios.ts) the CLI renders the tree and writes the test values through
// its own Vault step; then the real kubectl server-side dry-runs and applies every generated
// manifest, ESO syncs, and the suite asserts: each ExternalSecret reaches SecretSynced; the k8s
// Secret holds exactly what Vault holds; every secretKeyRef of every workload names an existing
// Secret key; and the generated startup validator, run with the env a pod would get (resolved from
// the stored Deployment and the synced Secret the way the kubelet does), exits 0 — and exits 1
// naming the key once Vault's value is emptied and ESO resyncs. add-key → --vault-write → resync
// converges.
//
// NO POD RUNS: there is no kubelet, scheduler or controller-manager. The API server validates and
// stores the objects and ESO reconciles them; the pod's env is resolved by this suite, not by a
// kubelet, and the validator runs as a local process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { BAO_BIN, startOpenBao, type OpenBao } from '../helpers/openbao.js';
import { PYTHON } from '../validators/harness.js';
import { esoCrdBundle, startCluster, type Cluster } from './cluster.js';
import { SCENARIOS, type Scenario, type StoreSpec } from './scenarios.js';

const SYNC_TIMEOUT = 90_000;
let cluster: Cluster;
let bao: OpenBao;
const work = mkdtempSync(join(tmpdir(), 'mosaic-cluster-apps-'));

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface K8sObject {
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  status?: { conditions?: Condition[] };
  data?: Record<string, string>;
}

function storeManifest(s: StoreSpec): string {
  return JSON.stringify({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: s.name },
    spec: {
      provider: {
        vault: {
          server: bao.addr,
          ...(s.path ? { path: s.path } : {}),
          version: 'v2',
          auth: { tokenSecretRef: { name: 'openbao-token', namespace: 'eso-system', key: 'token' } },
        },
      },
    },
  });
}

beforeAll(async () => {
  [cluster, bao] = await Promise.all([startCluster(), startOpenBao()]);
  for (const m of new Set(SCENARIOS.flatMap((s) => s.mounts ?? []))) await bao.bao(['secrets', 'enable', `-path=${m}`, 'kv-v2']);
  await cluster.kubectl(['apply', '--server-side', '-f', esoCrdBundle()]);
  await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/externalsecrets.external-secrets.io', 'crd/clustersecretstores.external-secrets.io']);
  await cluster.kubectl(['create', 'namespace', 'eso-system']);
  // The store's token reaches the API server on stdin, never in argv.
  await cluster.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'openbao-token', namespace: 'eso-system' }, stringData: { token: bao.token } }),
  });
  const stores = [...new Map(SCENARIOS.map((s) => [s.store.name, s.store])).values()];
  for (const s of stores) await cluster.kubectl(['apply', '-f', '-'], { input: storeManifest(s) });
  await cluster.startEso();
  for (const s of stores) await waitReady(`/apis/external-secrets.io/v1/clustersecretstores/${s.name}`, `ClusterSecretStore ${s.name}`);
}, 600_000);

afterAll(async () => {
  await Promise.all([cluster?.stop(), bao?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

/** Poll an object until its Ready condition is True; on timeout say what ESO said and show its log. */
async function waitReady(path: string, what: string, timeoutMs = SYNC_TIMEOUT): Promise<K8sObject> {
  const deadline = Date.now() + timeoutMs;
  let last: K8sObject | null = null;
  while (Date.now() < deadline) {
    last = await cluster.get<K8sObject>(path);
    if (last?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not Ready after ${timeoutMs / 1000} s; conditions: ${JSON.stringify(last?.status?.conditions ?? null)}\n${cluster.logs()}`);
}

interface K8sEvent {
  type: string;
  reason: string;
  message: string;
  count?: number;
}
/** The events recorded for an object (ESO puts a failed sync's real error here, not in the condition). */
async function events(namespace: string, name: string): Promise<K8sEvent[]> {
  const list = await cluster.get<{ items: K8sEvent[] }>(`/api/v1/namespaces/${namespace}/events?fieldSelector=involvedObject.name%3D${name}`);
  return list?.items ?? [];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = SYNC_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}\n${cluster.logs()}`);
}

const ns = (s: Scenario) => String(s.answers.namespace);
const appDir = (s: Scenario) => join(work, String(s.answers.app));

async function readSecret(namespace: string, name: string): Promise<Record<string, string> | null> {
  const s = await cluster.get<K8sObject>(`/api/v1/namespaces/${namespace}/secrets/${name}`);
  if (!s) return null;
  return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** The objects kubectl would apply for a scenario's layout, read from the rendered tree. */
function objectsOf(s: Scenario): { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[] {
  const dir = join(appDir(s), String(s.answers.deployDir ?? 'deploy'));
  const files = ['deployment.yaml', 'external-secret.yaml', ...(s.answers.mode === 'direct-vault' ? ['external-secret-bootstrap.yaml'] : [])];
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()));
}

/** Vault's current data at a path (what ESO should sync). */
async function vaultData(mount: string, path: string): Promise<Record<string, string>> {
  const r = await bao.bao(['kv', 'get', '-format=json', `-mount=${mount}`, path]);
  return (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data;
}

/**
 * The env the kubelet would give each container: literal values as written, secretKeyRef values from
 * the Secret; a missing Secret or key (not optional) is what makes the kubelet refuse to start the
 * container (CreateContainerConfigError), so it throws naming it.
 */
async function podEnv(namespace: string, deployment: string): Promise<Record<string, string>> {
  const d = await cluster.get<{ spec: { template: { spec: { containers: { name: string; env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[] }[] } } } }>(
    `/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}`,
  );
  if (!d) throw new Error(`Deployment ${namespace}/${deployment} was not stored`);
  const env: Record<string, string> = {};
  for (const c of d.spec.template.spec.containers) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) {
        env[e.name] = e.value ?? '';
        continue;
      }
      const secret = await readSecret(namespace, ref.name);
      if (!secret || !(ref.key in secret)) {
        if (ref.optional) continue;
        throw new Error(`container ${c.name}: env ${e.name}: secretKeyRef ${ref.name}/${ref.key} does not exist (the kubelet would refuse to start it: CreateContainerConfigError)`);
      }
      env[e.name] = secret[ref.key]!;
    }
  }
  return env;
}

/** The generated Python startup validator, as its header documents (`python -m config`), with only the pod's env. */
async function validate(s: Scenario, env: Record<string, string>) {
  const pkg = join(appDir(s), String(s.answers.pythonPackage ?? 'src'));
  const r = await execa(PYTHON, ['-m', 'config'], { cwd: appDir(s), env: { ...env, PYTHONPATH: pkg, PYTHONDONTWRITEBYTECODE: '1' }, extendEnv: false, reject: false });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function writeValues(s: Scenario, values: Record<string, string>): string {
  const file = join(work, `${String(s.answers.app)}-values-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
  return file;
}

const prepared = new Map<string, Promise<void>>();
/** Render, write Vault, dry-run, apply and sync one scenario (once; later tests reuse it). */
function ready(s: Scenario): Promise<void> {
  let p = prepared.get(s.name);
  if (!p) prepared.set(s.name, (p = prepare(s)));
  return p;
}

async function prepare(s: Scenario): Promise<void> {
  const dir = appDir(s);
  const answersFile = join(work, `${String(s.answers.app)}.answers.json`);
  writeFileSync(answersFile, JSON.stringify(s.answers));
  const gen = await runCli([dir, '--yes', '--answers', answersFile, '--vault-write', '--values', writeValues(s, s.values), '--vault-bin', BAO_BIN], { env: { ...bao.env, NO_COLOR: '1' }, extendEnv: false });
  expect(gen.exitCode, gen.stderr).toBe(0);
  if (s.answers.mode === 'direct-vault') {
    const prov = await execa('bash', [join(dir, 'vault', 'provision-approle.sh')], { env: { ...bao.env, VAULT_BIN: BAO_BIN }, extendEnv: false, reject: false });
    expect(prov.exitCode, prov.stderr).toBe(0);
  }
  await cluster.kubectl(['create', 'namespace', ns(s)]);
  const deploy = join(dir, String(s.answers.deployDir ?? 'deploy'));
  // Server-side dry-run first: the real API server's validation of every generated object (CRD
  // schemas included), with nothing stored.
  const dry = await cluster.kubectl(['apply', '--dry-run=server', '-f', deploy], { reject: false });
  expect(dry.exitCode, `kubectl apply --dry-run=server -f ${deploy}: ${dry.stderr}`).toBe(0);
  expect(dry.stdout).toMatch(/created \(server dry run\)/);
  const applied = await cluster.kubectl(['apply', '-f', deploy], { reject: false });
  expect(applied.exitCode, `kubectl apply -f ${deploy}: ${applied.stderr}`).toBe(0);
}

function apiPath(apiVersion: string, namespace: string, name: string) {
  return `/apis/${apiVersion}/namespaces/${namespace}/externalsecrets/${name}`;
}

describe.concurrent('generated apps on a real API server + ESO + OpenBao (no kubelet: no pod runs)', () => {
  it.each(SCENARIOS)('$name: dry-run, apply, SecretSynced, Secret = Vault, secretKeyRefs resolve, validator exits 0', async (s) => {
    await ready(s);
    const objects = objectsOf(s);
    const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(externalSecrets.length).toBe(s.answers.mode === 'direct-vault' ? 2 : 1);
    const mount = String((s.answers.vault as { mount?: string } | undefined)?.mount ?? 'secret');
    for (const es of externalSecrets) {
      const api = String((es as unknown as { apiVersion: string }).apiVersion);
      const synced = await waitReady(apiPath(api, ns(s), es.metadata.name), `ExternalSecret ${ns(s)}/${es.metadata.name}`);
      expect(synced.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('SecretSynced');
      const target = (es.spec.target as { name: string }).name;
      const data = es.spec.data as { secretKey: string; remoteRef: { key: string; property: string } }[];
      // Vault's data at the path the header names (what the Vault step / provisioning wrote)…
      const header = /Vault \(([^)]+)\)/.exec(readFileSync(join(appDir(s), 'deploy', es.metadata.name.endsWith('-vault-auth') ? 'external-secret-bootstrap.yaml' : 'external-secret.yaml'), 'utf8'))![1]!;
      const inVault = await vaultData(mount, header.slice(mount.length + 1));
      // …equals the synced Secret, key by key, and nothing else is in it.
      const secret = await readSecret(ns(s), target);
      expect(secret).toEqual(Object.fromEntries(data.map((d) => [d.secretKey, inVault[d.remoteRef.property]])));
      if (!es.metadata.name.endsWith('-vault-auth')) expect(secret).toEqual(s.values);
    }
    // Every secretKeyRef names an existing Secret key (podEnv throws naming the first that does not).
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      const env = await podEnv(ns(s), d.metadata.name);
      const ok = await validate(s, env);
      expect(ok, 'the startup validator with the pod env').toEqual({ exitCode: 0, stdout: `${String(s.answers.app)}: environment OK`, stderr: '' });
    }
  }, 300_000);
});


describe('resync: Vault changes reach the Secret and the validator', () => {
  const s = SCENARIOS[0]!;
  const secretName = `${String(s.answers.app)}-secrets`;

  it('add-key → --vault-write → re-apply: the new key appears in the Secret after ESO refreshes', async () => {
    await ready(s);
    const add = await runCli(['add-key', 'API_TOKEN', '--dir', appDir(s), '--min-length', '16', '--description', 'partner API', '--vault-write', '--values', writeValues(s, { API_TOKEN: 't'.repeat(24) }), '--vault-bin', BAO_BIN], {
      env: { ...bao.env, NO_COLOR: '1' },
      extendEnv: false,
    });
    expect(add.exitCode, add.stderr).toBe(0);
    await cluster.kubectl(['apply', '-f', join(appDir(s), 'deploy')]);
    const secret = await until('API_TOKEN in the synced Secret', async () => {
      const d = await readSecret(ns(s), secretName);
      return d && 'API_TOKEN' in d ? d : undefined;
    });
    expect(secret).toEqual({ ...s.values, API_TOKEN: 't'.repeat(24) });
    const env = await podEnv(ns(s), String(s.answers.app));
    expect(env.API_TOKEN).toBe('t'.repeat(24));
    expect((await validate(s, env)).exitCode).toBe(0);
  }, 300_000);

  it('a value emptied in Vault: ESO syncs "", and the validator exits 1 naming the key', async () => {
    await ready(s);
    await bao.bao(['kv', 'patch', '-mount=secret', `k3s/${String(s.answers.app)}`, '-'], { input: JSON.stringify({ db_password: '' }) });
    const env = await until('DB_PASSWORD emptied in the Secret', async () => {
      const d = await readSecret(ns(s), secretName);
      return d?.DB_PASSWORD === '' ? podEnv(ns(s), String(s.answers.app)) : undefined;
    });
    const r = await validate(s, env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('DB_PASSWORD');
    expect(r.stderr).not.toContain('JWT_SECRET');
  }, 300_000);

  // What ESO v0.16.2 really does (pkg/controllers/externalsecret getProviderSecretData and the Vault
  // provider's getSecretValue): a `data[]` entry whose property is gone fails with `cannot find
  // secret data for key: "<property>"` — a plain error, not NoSecretErr, so `deletionPolicy` (which
  // governs a whole remote secret that is gone) does not apply. The sync fails as a whole, the
  // condition says only "could not get secret data from provider" (the property is in the Warning
  // event), and the existing Secret is left as it was: the removed key keeps its stale value, and a
  // running pod keeps working. A Secret that does not exist yet (deleted, a new cluster) is not created.
  it('a key removed from Vault: ESO fails the sync naming the property in its event, keeps the stale Secret, and creates none once it is deleted', async () => {
    await ready(s);
    const path = `k3s/${String(s.answers.app)}`;
    // First a good sync again (the previous test emptied db_password), so the Secret is all current.
    const { jwt_signing_key: _removed, ...rest } = { ...(await vaultData('secret', path)), db_password: s.values.DB_PASSWORD };
    await bao.bao(['kv', 'patch', '-mount=secret', path, '-'], { input: JSON.stringify({ db_password: s.values.DB_PASSWORD }) });
    await until('DB_PASSWORD restored in the Secret', async () => ((await readSecret(ns(s), secretName))?.DB_PASSWORD === s.values.DB_PASSWORD ? true : undefined));
    await bao.bao(['kv', 'put', '-mount=secret', path, '-'], { input: JSON.stringify(rest) });
    const es = apiPath('external-secrets.io/v1', ns(s), secretName);
    const failed = await until('the ExternalSecret to report the failed sync', async () => {
      const c = (await cluster.get<K8sObject>(es))?.status?.conditions?.find((x) => x.type === 'Ready');
      return c?.status === 'False' ? c : undefined;
    });
    expect(failed).toMatchObject({ reason: 'SecretSyncedError', message: 'could not get secret data from provider' });
    const event = await until('a Warning event naming the property', async () => {
      const evs = await events(ns(s), secretName);
      return evs.find((e) => e.type === 'Warning' && e.message.includes('jwt_signing_key'));
    });
    expect(event.message).toContain('cannot find secret data for key: "jwt_signing_key"');
    // The stale Secret: JWT_SECRET still holds the value Vault no longer has, so the validator passes.
    const stale = await readSecret(ns(s), secretName);
    expect(stale?.JWT_SECRET).toBe(s.values.JWT_SECRET);
    expect((await validate(s, await podEnv(ns(s), String(s.answers.app)))).exitCode).toBe(0);
    // Deleted, the Secret is not re-created (ESO reconciles on the deletion of a Secret it owns and
    // fails again), and the kubelet would refuse the pod naming the Secret key.
    const failures = (await events(ns(s), secretName)).filter((e) => e.type === 'Warning').reduce((n, e) => n + (e.count ?? 1), 0);
    await cluster.kubectl(['delete', 'secret', '-n', ns(s), secretName]);
    await until('ESO to try again after the deletion', async () => {
      const n = (await events(ns(s), secretName)).filter((e) => e.type === 'Warning').reduce((m, e) => m + (e.count ?? 1), 0);
      return n > failures ? n : undefined;
    });
    expect(await readSecret(ns(s), secretName)).toBeNull();
    await expect(podEnv(ns(s), String(s.answers.app))).rejects.toThrow(/secretKeyRef billing-api-secrets\/DB_PASSWORD does not exist/);
  }, 300_000);
});

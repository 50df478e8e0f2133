// "Correct on the first kubectl apply", proven against the real consumers: a real kube-apiserver
// (with etcd), the real External Secrets Operator controller and a real OpenBao dev server.
//
// For each generated app (scenarios.ts: every store shape, several workloads, Kustomize, Helm) the
// CLI renders the tree and writes the test values through its own Vault step; the objects a real
// consumer produces (the deploy directory, `kustomize build` of each overlay, `helm template` with
// each values file) are server-side dry-run and applied with the real kubectl, ESO syncs, and the
// suite asserts: each ExternalSecret reaches SecretSynced; the k8s Secret holds exactly what Vault
// holds at the path the store reads; every secretKeyRef of every container of every workload names
// an existing Secret key; and the generated startup validator, run with the env a pod would get
// (resolved from the stored workload and the synced Secret the way the kubelet does), exits 0 — and
// exits 1 naming the key once Vault's value is emptied and ESO resyncs. add-key → --vault-write →
// resync converges. A removed Vault property is tested for what ESO really does (see that test).
//
// NO POD RUNS: there is no kubelet, scheduler or controller-manager. The API server validates and
// stores the objects and ESO reconciles them; the pod's env is resolved by this suite, not by a
// kubelet, and the validator runs as a local process.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { BAO_BIN, startOpenBao, type OpenBao } from '../helpers/openbao.js';
import { PYTHON } from '../validators/harness.js';
import { docsOf, podSpec } from '../layouts/helpers.js';
import { esoCrdBundle, startCluster, type Cluster } from './cluster.js';
import { kvRead, readPath } from './esoPath.js';
import { LAYOUT_SCENARIOS, SCENARIOS, type Scenario, type StoreSpec } from './scenarios.js';

const SYNC_TIMEOUT = 90_000;
const ALL = [...SCENARIOS, ...LAYOUT_SCENARIOS];
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

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
const STORES = new Map(ALL.flatMap((s) => [s.store, ...(s.stores ?? [])]).map((st) => [st.name, st]));

beforeAll(async () => {
  [cluster, bao] = await Promise.all([startCluster(), startOpenBao()]);
  for (const m of new Set(ALL.flatMap((s) => s.mounts ?? []))) await bao.bao(['secrets', 'enable', `-path=${m}`, 'kv-v2']);
  await cluster.kubectl(['apply', '--server-side', '-f', esoCrdBundle()]);
  await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/externalsecrets.external-secrets.io', 'crd/clustersecretstores.external-secrets.io']);
  await cluster.kubectl(['create', 'namespace', 'eso-system']);
  // The store's token reaches the API server on stdin, never in argv.
  await cluster.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'openbao-token', namespace: 'eso-system' }, stringData: { token: bao.token } }),
  });
  for (const s of STORES.values()) await cluster.kubectl(['apply', '-f', '-'], { input: storeManifest(s) });
  await cluster.startEso();
  for (const s of STORES.values()) await waitReady(`/apis/external-secrets.io/v1/clustersecretstores/${s.name}`, `ClusterSecretStore ${s.name}`);
}, 600_000);

afterAll(async () => {
  await Promise.all([cluster?.stop(), bao?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

/** Poll an object until its Ready condition is True; on timeout say what ESO said and show the logs. */
async function waitReady(path: string, what: string, timeoutMs = SYNC_TIMEOUT): Promise<K8sObject> {
  const deadline = Date.now() + timeoutMs;
  let last: K8sObject | null = null;
  while (Date.now() < deadline) {
    last = await cluster.get<K8sObject>(path);
    if (last?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  const evs = last ? (await events(last.metadata.namespace ?? 'default', last.metadata.name)).filter((e) => e.type === 'Warning').map((e) => e.message) : [];
  throw new Error(`${what} not Ready after ${timeoutMs / 1000} s; conditions: ${JSON.stringify(last?.status?.conditions ?? null)}; warning events: ${JSON.stringify(evs)}\n${cluster.logs()}`);
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

const app = (s: Scenario) => String(s.answers.app);
const appDir = (s: Scenario) => join(work, app(s));

async function readSecret(namespace: string, name: string): Promise<Record<string, string> | null> {
  const s = await cluster.get<K8sObject>(`/api/v1/namespaces/${namespace}/secrets/${name}`);
  if (!s) return null;
  return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/** Vault's current data at a path (what ESO should sync). */
async function vaultData(mount: string, path: string): Promise<Record<string, string>> {
  const r = await bao.bao(['kv', 'get', '-format=json', `-mount=${mount}`, path]);
  return (JSON.parse(r.stdout) as { data: { data: Record<string, string> } }).data.data;
}

/**
 * What `kubectl apply` gets for one target of a scenario: the deploy directory as written (plain),
 * `kustomize build` of each overlay, `helm template` with each environment's values file.
 */
interface Unit {
  label: string;
  namespace: string;
  /** kubectl apply's source: `-f <dir>`, or `-f -` with the rendered YAML on stdin. */
  args: string[];
  input?: string;
  docs: Obj[];
}

interface Env {
  name: string;
  prefix: string;
  namespace?: string;
}

async function units(s: Scenario): Promise<Unit[]> {
  const dir = appDir(s);
  const ns = String(s.answers.namespace);
  const envs = (s.answers.environments ?? []) as Env[];
  if (s.layout === 'plain') {
    const deploy = join(dir, String(s.answers.deployDir ?? 'deploy'));
    const text = readdirSync(deploy).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => readFileSync(join(deploy, f), 'utf8')).join('\n---\n');
    return [{ label: `kubectl apply -f ${deploy}`, namespace: ns, args: ['-f', deploy], docs: docsOf(text) }];
  }
  if (s.layout === 'kustomize') {
    const base = join(dir, String(s.answers.deployDir ?? 'deploy'));
    const targets = envs.length ? envs.map((e) => ({ dir: join(base, 'overlays', e.name), namespace: e.namespace ?? ns })) : [{ dir: join(base, 'base'), namespace: ns }];
    return Promise.all(
      targets.map(async (t) => {
        const r = await execa(goTool('kustomize'), ['build', t.dir], { reject: false });
        expect(r.exitCode, `kustomize build ${t.dir}: ${String(r.stderr)}`).toBe(0);
        return { label: `kustomize build ${t.dir}`, namespace: t.namespace, args: ['-f', '-'], input: String(r.stdout), docs: docsOf(String(r.stdout)) };
      }),
    );
  }
  const chart = join(dir, String(s.answers.chartDir ?? `charts/${app(s)}`));
  const targets = envs.length ? envs.map((e) => ({ values: [join(chart, `values-${e.name}.yaml`)], namespace: e.namespace ?? ns })) : [{ values: [], namespace: ns }];
  return Promise.all(
    targets.map(async (t) => {
      const args = ['template', app(s), chart, '--namespace', t.namespace, ...t.values.flatMap((v) => ['-f', v])];
      const r = await execa(goTool('helm'), args, { reject: false });
      expect(r.exitCode, `helm ${args.join(' ')}: ${String(r.stderr)}`).toBe(0);
      return { label: `helm ${args.join(' ')}`, namespace: t.namespace, args: ['-f', '-'], input: String(r.stdout), docs: docsOf(String(r.stdout)) };
    }),
  );
}

const WORKLOAD_API: Record<string, string> = { Deployment: 'apps/v1/deployments', StatefulSet: 'apps/v1/statefulsets', DaemonSet: 'apps/v1/daemonsets', Job: 'batch/v1/jobs', CronJob: 'batch/v1/cronjobs' };
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

/**
 * The env the kubelet would give each container of a stored workload: literal values as written,
 * secretKeyRef values from the Secret; a missing Secret or key (not optional) is what makes the
 * kubelet refuse to start the container (CreateContainerConfigError), so it throws naming it.
 */
async function podEnvs(namespace: string, kind: string, name: string): Promise<Map<string, Record<string, string>>> {
  const w = await cluster.get<Obj>(`/apis/${WORKLOAD_API[kind]!.replace(/\/([a-z]+)$/, `/namespaces/${namespace}/$1`)}/${name}`);
  if (!w) throw new Error(`${kind} ${namespace}/${name} was not stored`);
  const out = new Map<string, Record<string, string>>();
  const spec = podSpec(w);
  for (const c of [...((spec.initContainers ?? []) as Obj[]), ...(spec.containers as Obj[])]) {
    const env: Record<string, string> = {};
    for (const e of (c.env ?? []) as EnvVar[]) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) {
        env[e.name] = e.value ?? '';
        continue;
      }
      const secret = await readSecret(namespace, ref.name);
      if (!secret || !(ref.key in secret)) {
        if (ref.optional) continue;
        throw new Error(`${kind} ${name} container ${String(c.name)}: env ${e.name}: secretKeyRef ${ref.name}/${ref.key} does not exist (the kubelet would refuse to start it: CreateContainerConfigError)`);
      }
      env[e.name] = secret[ref.key]!;
    }
    out.set(String(c.name), env);
  }
  return out;
}
/** The env of the one container of the app's Deployment (single-workload scenarios). */
async function podEnv(s: Scenario, namespace = String(s.answers.namespace)): Promise<Record<string, string>> {
  const envs = await podEnvs(namespace, 'Deployment', app(s));
  expect(envs.size).toBe(1);
  return [...envs.values()][0]!;
}

/** The generated Python startup validator, as its header documents (`python -m config`), with only the pod's env. */
async function validate(s: Scenario, env: Record<string, string>) {
  const pkg = join(appDir(s), String(s.answers.pythonPackage ?? 'src'));
  const r = await execa(PYTHON, ['-m', 'config'], { cwd: appDir(s), env: { ...env, PYTHONPATH: pkg, PYTHONDONTWRITEBYTECODE: '1' }, extendEnv: false, reject: false });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function writeValues(s: Scenario, values: Record<string, string>): string {
  const file = join(work, `${app(s)}-values-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
  return file;
}

const prepared = new Map<string, Promise<Unit[]>>();
/** Render, write Vault, dry-run, apply one scenario (once; later tests reuse it). */
function ready(s: Scenario): Promise<Unit[]> {
  let p = prepared.get(s.name);
  if (!p) prepared.set(s.name, (p = prepare(s)));
  return p;
}

async function prepare(s: Scenario): Promise<Unit[]> {
  const dir = appDir(s);
  const answersFile = join(work, `${app(s)}.answers.json`);
  writeFileSync(answersFile, JSON.stringify(s.answers));
  // Each environment reads its own path (<mount>/<env prefix>/<app>): one Vault step per environment
  // (--values gives one value per key, so one environment per run), as README "Provisioning" says.
  const base = [dir, '--yes', '--answers', answersFile, '--vault-write', '--values', writeValues(s, s.values), '--vault-bin', BAO_BIN];
  const envs = (s.answers.environments ?? []) as Env[];
  for (const args of envs.length ? envs.map((e) => [...base, '--environment', e.name]) : [base]) {
    const gen = await runCli(args, { env: { ...bao.env, NO_COLOR: '1' }, extendEnv: false });
    expect(gen.exitCode, gen.stderr).toBe(0);
  }
  if (s.answers.mode === 'direct-vault') {
    const prov = await execa('bash', [join(dir, 'vault', 'provision-approle.sh')], { env: { ...bao.env, VAULT_BIN: BAO_BIN }, extendEnv: false, reject: false });
    expect(prov.exitCode, prov.stderr).toBe(0);
  }
  const out = await units(s);
  for (const ns of new Set(out.map((u) => u.namespace))) await cluster.kubectl(['create', 'namespace', ns]);
  for (const u of out) {
    // Server-side dry-run first: the real API server's validation of every generated object (CRD
    // schemas included), with nothing stored.
    const dry = await cluster.kubectl(['apply', '--dry-run=server', ...u.args], { input: u.input, reject: false });
    expect(dry.exitCode, `${u.label} | kubectl apply --dry-run=server: ${dry.stderr}`).toBe(0);
    expect(dry.stdout.match(/created \(server dry run\)/g)?.length, `every object of ${u.label} accepted by the server dry run:\n${dry.stdout}`).toBe(u.docs.length);
    const applied = await cluster.kubectl(['apply', ...u.args], { input: u.input, reject: false });
    expect(applied.exitCode, `${u.label} | kubectl apply: ${applied.stderr}`).toBe(0);
  }
  return out;
}

function esPath(apiVersion: string, namespace: string, name: string) {
  return `/apis/${apiVersion}/namespaces/${namespace}/externalsecrets/${name}`;
}

interface ExternalSecretDoc {
  apiVersion: string;
  metadata: { name: string };
  spec: { secretStoreRef: { name: string }; target: { name: string }; data: { secretKey: string; remoteRef: { key: string; property: string } }[] };
}

/** Every ExternalSecret synced, its Secret = Vault at the path its store reads; the Secrets by name. */
async function assertSynced(u: Unit): Promise<Map<string, Record<string, string>>> {
  const secrets = new Map<string, Record<string, string>>();
  for (const es of u.docs.filter((d) => d.kind === 'ExternalSecret') as ExternalSecretDoc[]) {
    const synced = await waitReady(esPath(es.apiVersion, u.namespace, es.metadata.name), `ExternalSecret ${u.namespace}/${es.metadata.name} (${u.label})`);
    expect(synced.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('SecretSynced');
    const store = STORES.get(es.spec.secretStoreRef.name)!;
    const expected: Record<string, string | undefined> = {};
    for (const d of es.spec.data) expected[d.secretKey] = (await kvRead(bao, readPath(store, d.remoteRef.key)))?.[d.remoteRef.property];
    const secret = await readSecret(u.namespace, es.spec.target.name);
    // Key by key what Vault holds at the path the store reads, and nothing else.
    expect(secret, `Secret ${u.namespace}/${es.spec.target.name} = Vault`).toEqual(expected);
    secrets.set(es.spec.target.name, secret!);
  }
  return secrets;
}

describe.concurrent('generated apps on a real API server + ESO + OpenBao (no kubelet: no pod runs)', () => {
  it.each(ALL)('$name: dry-run, apply, SecretSynced, Secret = Vault, secretKeyRefs resolve, validator exits 0', async (s) => {
    const us = await ready(s);
    for (const u of us) {
      const externalSecrets = u.docs.filter((d) => d.kind === 'ExternalSecret');
      expect(externalSecrets.length, u.label).toBe(s.answers.mode === 'direct-vault' ? 2 : 1);
      const secrets = await assertSynced(u);
      expect(secrets.get(`${app(s)}-secrets`), `${u.label}: the values the Vault step wrote`).toEqual(s.values);
      const workloads = u.docs.filter((d) => d.kind in WORKLOAD_API);
      expect(workloads.length, u.label).toBe(((s.answers.workloads as unknown[] | undefined) ?? [0]).length);
      let validated = 0;
      for (const w of workloads) {
        // Every secretKeyRef names an existing Secret key (podEnvs throws naming the first that does not)…
        for (const [container, env] of await podEnvs(u.namespace, String(w.kind), String(w.metadata.name))) {
          for (const [k, v] of Object.entries(env)) if (k in s.values) expect(v, `${w.kind} ${w.metadata.name}/${container} ${k}`).toBe(s.values[k]);
          // …and a container that gets every key starts: the validator with exactly its env exits 0.
          if (!Object.keys(s.values).every((k) => k in env)) continue;
          const ok = await validate(s, env);
          expect(ok, `the startup validator with the env of ${w.kind} ${w.metadata.name}/${container} (${u.label})`).toEqual({ exitCode: 0, stdout: `${app(s)}: environment OK`, stderr: '' });
          validated++;
        }
      }
      expect(validated, `containers validated in ${u.label}`).toBeGreaterThan(0);
    }
  }, 300_000);
});

describe('resync: Vault changes reach the Secret and the validator', () => {
  const s = SCENARIOS[0]!;
  const secretName = `${app(s)}-secrets`;
  const ns = String(s.answers.namespace);

  it('add-key → --vault-write → re-apply: the new key appears in the Secret after ESO refreshes', async () => {
    await ready(s);
    const add = await runCli(['add-key', 'API_TOKEN', '--dir', appDir(s), '--min-length', '16', '--description', 'partner API', '--vault-write', '--values', writeValues(s, { API_TOKEN: 't'.repeat(24) }), '--vault-bin', BAO_BIN], {
      env: { ...bao.env, NO_COLOR: '1' },
      extendEnv: false,
    });
    expect(add.exitCode, add.stderr).toBe(0);
    await cluster.kubectl(['apply', '-f', join(appDir(s), 'deploy')]);
    const secret = await until('API_TOKEN in the synced Secret', async () => {
      const d = await readSecret(ns, secretName);
      return d && 'API_TOKEN' in d ? d : undefined;
    });
    expect(secret).toEqual({ ...s.values, API_TOKEN: 't'.repeat(24) });
    const env = await podEnv(s);
    expect(env.API_TOKEN).toBe('t'.repeat(24));
    expect((await validate(s, env)).exitCode).toBe(0);
  }, 300_000);

  it('a value emptied in Vault: ESO syncs "", and the validator exits 1 naming the key', async () => {
    await ready(s);
    await bao.bao(['kv', 'patch', '-mount=secret', `k3s/${app(s)}`, '-'], { input: JSON.stringify({ db_password: '' }) });
    const env = await until('DB_PASSWORD emptied in the Secret', async () => {
      const d = await readSecret(ns, secretName);
      return d?.DB_PASSWORD === '' ? podEnv(s) : undefined;
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
    const path = `k3s/${app(s)}`;
    // First a good sync again (the previous test emptied db_password), so the Secret is all current.
    const current: Record<string, string> = { ...(await vaultData('secret', path)), db_password: s.values.DB_PASSWORD! };
    const { jwt_signing_key: _removed, ...rest } = current;
    await bao.bao(['kv', 'patch', '-mount=secret', path, '-'], { input: JSON.stringify({ db_password: s.values.DB_PASSWORD }) });
    await until('DB_PASSWORD restored in the Secret', async () => ((await readSecret(ns, secretName))?.DB_PASSWORD === s.values.DB_PASSWORD ? true : undefined));
    await bao.bao(['kv', 'put', '-mount=secret', path, '-'], { input: JSON.stringify(rest) });
    const es = esPath('external-secrets.io/v1', ns, secretName);
    const failed = await until('the ExternalSecret to report the failed sync', async () => {
      const c = (await cluster.get<K8sObject>(es))?.status?.conditions?.find((x) => x.type === 'Ready');
      return c?.status === 'False' ? c : undefined;
    });
    expect(failed).toMatchObject({ reason: 'SecretSyncedError', message: 'could not get secret data from provider' });
    const event = await until('a Warning event naming the property', async () => {
      const evs = await events(ns, secretName);
      return evs.find((e) => e.type === 'Warning' && e.message.includes('jwt_signing_key'));
    });
    expect(event.message).toContain('cannot find secret data for key: "jwt_signing_key"');
    // The stale Secret: JWT_SECRET still holds the value Vault no longer has, so the validator passes.
    const stale = await readSecret(ns, secretName);
    expect(stale?.JWT_SECRET).toBe(s.values.JWT_SECRET);
    expect((await validate(s, await podEnv(s))).exitCode).toBe(0);
    // Deleted, the Secret is not re-created (ESO reconciles on the deletion of a Secret it owns and
    // fails again), and the kubelet would refuse the pod naming the Secret key.
    const failures = (await events(ns, secretName)).filter((e) => e.type === 'Warning').reduce((n, e) => n + (e.count ?? 1), 0);
    await cluster.kubectl(['delete', 'secret', '-n', ns, secretName]);
    await until('ESO to try again after the deletion', async () => {
      const n = (await events(ns, secretName)).filter((e) => e.type === 'Warning').reduce((m, e) => m + (e.count ?? 1), 0);
      return n > failures ? n : undefined;
    });
    expect(await readSecret(ns, secretName)).toBeNull();
    await expect(podEnv(s)).rejects.toThrow(/secretKeyRef billing-api-secrets\/DB_PASSWORD does not exist/);
  }, 300_000);
});

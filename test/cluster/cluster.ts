// A throwaway Kubernetes control plane for test/cluster: etcd + kube-apiserver on loopback (free
// ports, a fresh PKI and data dir per suite), the External Secrets Operator CRDs and the real ESO
// controller. No kubelet, scheduler or controller-manager: objects are stored and validated by the
// real API server and ESO reconciles them, but no pod ever runs.
//
// Binaries come from .ci/go-tool (built once from the Go module proxy into a cache outside the
// clone by .ci/setup-toolchains); a test never builds them inside its timeout.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort } from '../helpers/openbao.js';

const REPO = new URL('../..', import.meta.url).pathname;
/** ESO's module version in .ci/go-tools/eso/go.mod: its CRD bundle ships in the module. */
const ESO_MODULE = 'github.com/external-secrets/external-secrets@v0.16.2';

/** Paths of a Go-built tool's binaries, by name (instant once .ci/setup-toolchains built them). */
export function goTool(name: string): Record<string, string> {
  // The real HOME (not vitest's XDG_CACHE_HOME override) so the cache is the one pretest filled.
  const { XDG_CACHE_HOME: _ignored, ...env } = process.env;
  const out = execFileSync(join(REPO, '.ci/go-tool'), [name], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  return Object.fromEntries(out.trim().split('\n').map((p) => [p.split('/').pop()!, p]));
}

/** The ESO CRD bundle of the controller we run (from the Go module cache the build filled). */
export function esoCrdBundle(): string {
  const { XDG_CACHE_HOME: _ignored, ...env } = process.env;
  const dir = execFileSync('go', ['mod', 'download', '-json', ESO_MODULE], { encoding: 'utf8', env, cwd: tmpdir() });
  return join((JSON.parse(dir) as { Dir: string }).Dir, 'deploy/crds/bundle.yaml');
}

interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** CA, API server serving cert for 127.0.0.1, an admin client cert (system:masters), SA key pair. */
function makePki(dir: string): void {
  const ext = (name: string, body: string) => writeFileSync(join(dir, name), body);
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=mosaic-test-ca']);
  ext('server.ext', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext']);
  ext('client.ext', 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=mosaic-admin']);
  openssl(dir, ['x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'admin.crt', '-days', '2', '-extfile', 'client.ext']);
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

export interface Cluster {
  server: string;
  kubeconfig: string;
  /** Run the real kubectl against this API server. */
  kubectl(args: string[], opts?: { input?: string; reject?: boolean }): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** GET a JSON object from the API (path like /api/v1/namespaces/x/secrets/y); null on 404. */
  get<T = unknown>(path: string): Promise<T | null>;
  /** Start the ESO controller (after CRDs and stores exist). */
  startEso(): Promise<void>;
  /** Log tails of every process, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

async function waitFor(what: string, ok: () => Promise<boolean>, procs: Proc[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}) while waiting for ${what}; log tail:\n${tail(dead.logFile)}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; log tails:\n${procs.map((p) => `--- ${p.name}\n${tail(p.logFile)}`).join('\n')}`);
}

export async function startCluster(): Promise<Cluster> {
  const kube = goTool('kube');
  const eso = goTool('eso');
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-cluster-'));
  const pki = join(dir, 'pki');
  mkdirSync(pki);
  makePki(pki);
  const procs: Proc[] = [];
  const start = (name: string, bin: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const logFile = join(dir, `${name}.log`);
    const out = createWriteStream(logFile);
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    const p = { name, child, logFile };
    procs.push(p);
    return p;
  };

  const [etcdPort, peerPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  start('etcd', kube.etcd!, [
    '--name=mosaic',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=mosaic=${peerUrl}`,
    '--unsafe-no-fsync', // a throwaway store: durability buys nothing here
    '--log-level=warn',
  ]);
  const server = `https://127.0.0.1:${apiPort}`;
  start('kube-apiserver', kube['kube-apiserver']!, [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The endpoint reconciler refuses a loopback advertise address; nothing here needs the
    // `kubernetes` Service's endpoints (no pod runs).
    '--endpoint-reconciler-type=none',
    `--secure-port=${apiPort}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${join(pki, 'server.crt')}`,
    `--tls-private-key-file=${join(pki, 'server.key')}`,
    `--client-ca-file=${join(pki, 'ca.crt')}`,
    `--service-account-issuer=https://kubernetes.default.svc`,
    `--service-account-key-file=${join(pki, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--authorization-mode=RBAC',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
  ]);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: test`,
      `  cluster: { server: "${server}", certificate-authority: "${join(pki, 'ca.crt')}" }`,
      'users:',
      `- name: admin`,
      `  user: { client-certificate: "${join(pki, 'admin.crt')}", client-key: "${join(pki, 'admin.key')}" }`,
      'contexts:',
      '- name: test',
      '  context: { cluster: test, user: admin }',
      'current-context: test',
      '',
    ].join('\n'),
  );
  const ca = readFileSync(join(pki, 'ca.crt'));
  const cert = readFileSync(join(pki, 'admin.crt'));
  const key = readFileSync(join(pki, 'admin.key'));
  const { request } = await import('node:https');
  const raw = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server}${path}`, { ca, cert, key, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });

  const stop = async () => {
    for (const p of [...procs].reverse()) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            p.child.kill('SIGKILL');
            r(undefined);
          }, 5000);
          p.child.once('exit', () => {
            clearTimeout(t);
            r(undefined);
          });
        });
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const logs = () => procs.map((p) => `--- ${p.name} (log tail)\n${tail(p.logFile)}`).join('\n');

  try {
    await waitFor('kube-apiserver /readyz', async () => (await raw('/readyz')).status === 200, procs, 180_000);
  } catch (e) {
    await stop();
    throw e;
  }

  const kubectl: Cluster['kubectl'] = async (args, opts = {}) => {
    const r = await execa(kube.kubectl!, ['--kubeconfig', kubeconfig, ...args], { input: opts.input, reject: false, stdin: opts.input === undefined ? 'ignore' : undefined });
    const res = { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
    if ((opts.reject ?? true) && res.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.exitCode}: ${res.stderr.trim()}`);
    return res;
  };

  return {
    server,
    kubeconfig,
    kubectl,
    async get<T>(path: string) {
      const r = await raw(path);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body) as T;
    },
    async startEso() {
      const metrics = await freePort();
      const p = start('external-secrets', eso['external-secrets']!, [
        `--metrics-addr=127.0.0.1:${metrics}`,
        '--concurrent=4',
        '--loglevel=info',
        '--store-requeue-interval=5s',
      ], { ...process.env, KUBECONFIG: kubeconfig });
      // Up once its informers list ExternalSecrets: its log says the controllers started.
      await waitFor('the ESO controller to start its workers', async () => /Starting workers.*"ExternalSecret"|Starting workers.*externalsecret/i.test(readFileSync(p.logFile, 'utf8')), procs, 90_000);
    },
    logs,
    stop,
  };
}

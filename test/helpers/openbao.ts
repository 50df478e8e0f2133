// Reusable harness: one real OpenBao dev server per test suite.
//
//   const vault = useOpenBao();            // registers beforeAll/afterAll
//   it('...', async () => { await vault().bao(['kv', 'get', 'secret/x']); });
//
// or, outside vitest hooks: `const s = await startOpenBao(); try { ... } finally { await s.stop(); }`.
//
// The server is in memory, listens on a free 127.0.0.1 port, and gets a random root token. Clients
// get a clean environment: every inherited VAULT_* / BAO_* variable is dropped (a developer's real
// Vault must never be touched by a test) and HOME points to an empty temp dir, so the CLI's token
// helper (~/.vault-token) starts empty and nothing lands in the real home.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll } from 'vitest';

const REPO = new URL('../..', import.meta.url).pathname;
export const BAO_BIN = process.env.MOSAIC_BAO ?? join(REPO, '.cache/venv/bin/bao');

export interface BaoResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface BaoOptions {
  /** Written to the CLI's stdin (e.g. a JSON object for `kv put ... -`). */
  input?: string;
  /** Merged over `env` (set a key to undefined to remove it). */
  env?: Record<string, string | undefined>;
  /** Throw on a non-zero exit (default true). */
  reject?: boolean;
}

export interface OpenBao {
  /** http://127.0.0.1:<port> */
  addr: string;
  /** The root token. */
  token: string;
  /** Clean client env: PATH etc. from the parent, VAULT_/BAO_ ADDR+TOKEN for this server, HOME = `home`. */
  env: Record<string, string>;
  /** Empty HOME for clients (token helper file would be `<home>/.vault-token`). */
  home: string;
  /** Path of the bao binary the server runs. */
  bin: string;
  /** Run the bao CLI against this server as root. */
  bao(args: string[], opts?: BaoOptions): Promise<BaoResult>;
  /** Server output so far (for failure messages). */
  log(): string;
  /** Unseal after a test ran `operator seal` (uses the dev server's printed unseal key). */
  unseal(): Promise<void>;
  /** Stop the server and remove its temp dirs; safe to call twice. */
  stop(): Promise<void>;
}

/** Every live server, so an abrupt exit of the test process still kills them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of live) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }
}

/** Ask the kernel for a free port. A tiny race remains until bao binds it; start() retries on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Client env without any inherited Vault/OpenBao variables. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(VAULT|BAO)_/.test(k)) continue;
    out[k] = v;
  }
  return { ...out, ...extra };
}

function mergeEnv(base: Record<string, string>, over: Record<string, string | undefined> = {}): Record<string, string> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

async function waitHealthy(addr: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) return false;
    try {
      // 200 = initialized, unsealed, active.
      const res = await fetch(`${addr}/v1/sys/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export interface StartOptions {
  bin?: string;
  /** How long to wait for /v1/sys/health (default 30 s). */
  timeoutMs?: number;
}

/** Start one dev server and wait until it is healthy. */
export async function startOpenBao(opts: StartOptions = {}): Promise<OpenBao> {
  const bin = opts.bin ?? BAO_BIN;
  installExitHook();
  let lastLog = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const addr = `http://127.0.0.1:${port}`;
    const token = `root-${randomBytes(12).toString('hex')}`;
    const serverHome = mkdtempSync(join(tmpdir(), 'mosaic-bao-server-'));
    const home = mkdtempSync(join(tmpdir(), 'mosaic-bao-home-'));
    const child = spawn(
      bin,
      ['server', '-dev', `-dev-root-token-id=${token}`, `-dev-listen-address=127.0.0.1:${port}`, '-dev-no-store-token'],
      { env: cleanEnv({ HOME: serverHome }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    live.add(child);
    let log = '';
    const keep = (b: Buffer) => {
      log = (log + b.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => live.delete(child));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

    const ok = await Promise.race([waitHealthy(addr, child, opts.timeoutMs ?? 30_000), spawnError.then(() => false)]);
    const cleanup = () => {
      for (const dir of [serverHome, home]) rmSync(dir, { recursive: true, force: true });
    };
    if (!ok) {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
      cleanup();
      lastLog = log;
      continue; // most likely the port was taken between freePort() and bind
    }

    const env = cleanEnv({ HOME: home, VAULT_ADDR: addr, BAO_ADDR: addr, VAULT_TOKEN: token, BAO_TOKEN: token });
    let stopped = false;
    const bao = async (args: string[], o: BaoOptions = {}): Promise<BaoResult> => {
      const r = await execa(bin, args, {
        env: mergeEnv(env, o.env),
        extendEnv: false,
        input: o.input,
        reject: false,
        stdin: o.input === undefined ? 'ignore' : undefined,
      });
      const res = { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? 1 };
      if ((o.reject ?? true) && res.exitCode !== 0) {
        throw new Error(`bao ${args.join(' ')} exited ${res.exitCode}: ${res.stderr.trim()}`);
      }
      return res;
    };
    return {
      addr,
      token,
      env,
      home,
      bin,
      log: () => log,
      async unseal() {
        const key = /Unseal Key: (\S+)/.exec(log)?.[1];
        if (!key) throw new Error('OpenBao dev server printed no unseal key');
        // Over the HTTP API: `operator unseal` would want the key in argv or on a TTY.
        const res = await fetch(`${addr}/v1/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key }) });
        if (!res.ok) throw new Error(`unseal failed: HTTP ${res.status}`);
        if (!(await waitHealthy(addr, child, 30_000))) throw new Error('OpenBao did not become healthy after unseal');
      },
      bao,
      async stop() {
        if (stopped) return;
        stopped = true;
        if (!exited(child)) {
          child.kill('SIGTERM');
          if (!(await waitExit(child, 5000))) {
            child.kill('SIGKILL');
            await waitExit(child, 5000);
          }
        }
        live.delete(child);
        cleanup();
      },
    };
  }
  throw new Error(`OpenBao dev server did not become healthy (bin: ${bin}).\n${lastLog}`);
}

/**
 * Vitest sugar: start one server for the surrounding describe/file in beforeAll, stop it in
 * afterAll (which vitest runs even when tests fail). Call the returned getter inside tests.
 */
export function useOpenBao(opts: StartOptions = {}): () => OpenBao {
  let server: OpenBao | undefined;
  beforeAll(async () => {
    server = await startOpenBao(opts);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('OpenBao server not started (call useOpenBao() at describe/file level)');
    return server;
  };
}

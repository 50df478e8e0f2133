// A real, throwaway PostgreSQL server for the Direct-Vault database-engine test: initdb into a temp
// dir, `postgres` on a free 127.0.0.1 port (fsync off), the superuser's password set over the local
// socket (no password file). As root the server runs as the `postgres` user (PostgreSQL refuses root).
// Binaries: MOSAIC_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH
// (.ci/setup-toolchains installs Debian's postgresql when none is there).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort } from './openbao.js';

export interface Postgres {
  port: number;
  /** Superuser (`postgres`) password for TCP logins, as Vault's connection needs one. */
  adminPassword: string;
  /** Run SQL through psql over TCP as `user` (password via PGPASSWORD, never argv); stdout, tuples only. */
  psql(sql: string, user: string, password: string): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  if (process.env.MOSAIC_PG_BIN) return process.env.MOSAIC_PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  return ''; // PATH
}

async function uidGid(user: string): Promise<[number, number]> {
  const [u, g] = await Promise.all([execa('id', ['-u', user]), execa('id', ['-g', user])]);
  return [Number(u.stdout), Number(g.stdout)];
}

export async function startPostgres(): Promise<Postgres> {
  const bin = (name: string) => (postgresBinDir() ? join(postgresBinDir(), name) : name);
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-pg-'));
  // spawn's uid/gid rather than runuser: signals then reach the server itself.
  let as = {};
  if (root) {
    const [uid, gid] = await uidGid('postgres');
    chownSync(dir, uid, gid);
    as = { uid, gid };
  }
  const run = (cmd: string[], input?: string) => execa(cmd[0]!, cmd.slice(1), { cwd: dir, ...as, ...(input === undefined ? { stdin: 'ignore' as const } : { input }) });
  await run([bin('initdb'), '-D', join(dir, 'data'), '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const server: ChildProcess = spawn(bin('postgres'), ['-D', join(dir, 'data'), '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-F'], {
    cwd: dir,
    ...as,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (d) => (log += d));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const gone = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT'); // fast shutdown
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      const r = await execa(bin('pg_isready'), ['-h', dir, '-p', String(port), '-q'], { reject: false });
      if (r.exitCode === 0) break;
      if (i > 100 || server.exitCode !== null) throw new Error(`postgres did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const adminPassword = randomBytes(16).toString('hex');
    // Over the trusted local socket, on stdin: the password is on no command line.
    await run([bin('psql'), '-h', dir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-f', '-'], `ALTER USER postgres PASSWORD '${adminPassword}';\n`);
    const psql = async (sql: string, user: string, password: string) => {
      const r = await execa(bin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-At', '-f', '-'], {
        input: sql,
        env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
        reject: false,
      });
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    };
    return { port, adminPassword, psql, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Proof that secret values never leave the process except on the Vault CLI's stdin: the step runs
// in a child process while this test polls /proc/*/cmdline of every process on the machine; then
// we check the CLI processes' environments, the step's stdout/stderr, the target dir, and every
// file in the OS temp dir modified since the test started.
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';

const REPO = new URL('../..', import.meta.url).pathname;
const RUNNER = join(REPO, 'test/vault/fixtures/run-step.ts');
const TSX = pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;

const vault = useOpenBao();
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Proc {
  cmdline: string;
  environ?: string;
}

/** One sweep over /proc: every readable cmdline, plus the environment of Vault CLI processes. */
function sweep(seen: Map<string, Proc>, isCli: (cmd: string) => boolean): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!cmdline) continue;
      const key = `${pid} ${cmdline}`;
      if (seen.has(key)) continue;
      const proc: Proc = { cmdline };
      if (isCli(cmdline)) proc.environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      seen.set(key, proc);
    } catch {
      // the process exited mid-read, or is not ours to read
    }
  }
}

/** Files under `root` (no symlinks followed) modified at or after `since`, with their contents. */
function recentFiles(root: string, since: number, skip: Set<string>, depth = 0, out: string[] = []): string[] {
  if (depth > 8) return out;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(root, name);
    if (skip.has(p)) continue;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) recentFiles(p, since, skip, depth + 1, out);
    else if (st.isFile() && st.mtimeMs >= since && st.size < 20_000_000) out.push(p);
  }
  return out;
}

function filesContaining(files: string[], values: string[]): string[] {
  return files.filter((f) => {
    try {
      const text = readFileSync(f, 'latin1');
      return values.some((v) => text.includes(v));
    } catch {
      return false;
    }
  });
}

describe('secret values stay out of argv, env, output and files', () => {
  it('during a real write with --from-env, --values and --generate', async () => {
    // Second resolution on mtime is common: anything touched in the start second counts as new.
    const start = Math.floor(Date.now() / 1000) * 1000;
    const target = tempDir('mosaic-leak-target-');
    const input = tempDir('mosaic-leak-input-');
    const binDir = tempDir('mosaic-leak-bin-');
    // A `bao` that pauses before exec'ing the real one, so every CLI call (and its argv) lives long
    // enough to be seen by the poller; the exec'd real bao keeps the same stdin.
    const slowBao = join(binDir, 'bao');
    writeFileSync(slowBao, `#!/bin/sh\nsleep 0.3\nexec '${BAO_BIN}' "$@"\n`, { mode: 0o755 });

    const envValue = `leakenv-${randomBytes(16).toString('hex')}`;
    const fileValue = `leakfile-${randomBytes(16).toString('hex')}`;
    const valuesFile = join(input, 'values.json');
    writeFileSync(valuesFile, JSON.stringify({ leak_file: fileValue }), { mode: 0o600 });

    const answers = {
      app: 'leak-app',
      namespace: 'apps',
      secrets: [{ env: 'LEAK_ENV_ONE' }, { env: 'LEAK_FILE', minLength: 20 }, { env: 'LEAK_GEN', minLength: 48 }],
    };
    const opts = { write: true, vaultBin: slowBao, fromEnv: true, valuesFile, generate: ['LEAK_GEN'] };
    const child = execa('node', ['--import', TSX, RUNNER], {
      cwd: target,
      env: { ...vault().env, LEAK_ENV_ONE: envValue, MOSAIC_STEP: JSON.stringify({ answers, opts }) },
      extendEnv: false,
      reject: false,
    });

    const seen = new Map<string, Proc>();
    const isCli = (cmd: string) => cmd.includes(slowBao) || cmd.includes(BAO_BIN) || /(^|\/)bao /.test(cmd);
    let running = true;
    void child.finally(() => {
      running = false;
    });
    let sweeps = 0;
    while (running) {
      sweep(seen, isCli);
      sweeps++;
      await new Promise((r) => setImmediate(r));
    }
    const res = await child;
    const stdout = String(res.stdout);
    const stderr = String(res.stderr);
    expect(res.exitCode, stderr).toBe(0);
    expect(stdout).toContain('"status":"written"');

    // The values really went to Vault.
    const got = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', 'k3s/leak-app']);
    const data = JSON.parse(got.stdout).data.data as Record<string, string>;
    expect(data.leak_env_one).toBe(envValue);
    expect(data.leak_file).toBe(fileValue);
    expect(data.leak_gen).toMatch(/^[A-Za-z0-9]{48,}$/);
    const values = [envValue, fileValue, data.leak_gen!];

    // The poller did watch the write itself: it saw the put with its stdin form, in every sweep
    // between start and finish of the child.
    const procs = [...seen.values()];
    const cmdlines = procs.map((p) => p.cmdline);
    expect(sweeps).toBeGreaterThan(10);
    expect(cmdlines.some((c) => c.includes(' kv put ') && c.includes('k3s/leak-app'))).toBe(true);
    expect(cmdlines.some((c) => c.includes('token capabilities'))).toBe(true);

    expect(cmdlines.filter((c) => values.some((v) => c.includes(v)))).toEqual([]);
    expect(cmdlines.some((c) => c.endsWith('kv put -format=json -cas=0 -mount=secret k3s/leak-app -'))).toBe(true);
    // The CLI children do not even inherit the --from-env variable.
    const cliEnvs = procs.filter((p) => p.environ !== undefined);
    expect(cliEnvs.length).toBeGreaterThan(0);
    expect(cliEnvs.filter((p) => values.some((v) => p.environ!.includes(v))).map((p) => p.cmdline)).toEqual([]);

    for (const v of values) {
      expect(stdout).not.toContain(v);
      expect(stderr).not.toContain(v);
    }
    expect(stdout).toContain('✔ Wrote secret/k3s/leak-app version 1: leak_env_one, leak_file, leak_gen');

    expect(filesContaining(recentFiles(target, 0, new Set()), values)).toEqual([]);
    // Every file in the temp dir touched since the start, except the user's own --values input.
    const tmpFiles = recentFiles(tmpdir(), start, new Set([valuesFile]));
    expect(tmpFiles.length).toBeGreaterThan(0);
    expect(filesContaining(tmpFiles, values)).toEqual([]);
  });

  it('NODE_DEBUG=execa does not print the CLI output (token lookup, the values kv get returns)', async () => {
    const existing = `existing-${randomBytes(16).toString('hex')}`;
    await vault().bao(['kv', 'put', '-mount=secret', 'k3s/debug-app', '-'], { input: JSON.stringify({ old_key: existing }) });
    const newValue = `debugnew-${randomBytes(16).toString('hex')}`;
    const answers = { app: 'debug-app', namespace: 'apps', secrets: [{ env: 'OLD_KEY' }, { env: 'NEW_KEY' }] };
    const res = await execa('node', ['--import', TSX, RUNNER], {
      cwd: tempDir('mosaic-debug-'),
      env: { ...vault().env, NODE_DEBUG: 'execa', NEW_KEY: newValue, MOSAIC_STEP: JSON.stringify({ answers, opts: { write: true, vaultBin: BAO_BIN, fromEnv: true } }) },
      extendEnv: false,
      reject: false,
    });
    const out = `${String(res.stdout)}\n${String(res.stderr)}`;
    expect(res.exitCode, out).toBe(0);
    expect(out).toContain('✔ Wrote secret/k3s/debug-app version 2: new_key');
    for (const secret of [vault().token, existing, newValue]) expect(out).not.toContain(secret);
  });

  it('Ctrl-C during the write says the outcome is unknown and how to check', async () => {
    const binDir = tempDir('mosaic-sigint-bin-');
    const marker = join(binDir, 'writing');
    // A bao whose writes hang (as on a slow network); every other command is the real one.
    const hangingBao = join(binDir, 'bao');
    writeFileSync(hangingBao, `#!/bin/sh\ncase "$1 $2" in "kv put"|"kv patch") : > '${marker}'; exec sleep 60;; esac\nexec '${BAO_BIN}' "$@"\n`, { mode: 0o755 });
    const answers = { app: 'sigint-app', namespace: 'apps', secrets: [{ env: 'SIGINT_KEY' }] };
    // Its own process group, so the SIGINT below reaches it and its children like a terminal's Ctrl-C.
    const child = execa('node', ['--import', TSX, RUNNER], {
      cwd: tempDir('mosaic-sigint-'),
      env: { ...vault().env, SIGINT_KEY: `sigint-${randomBytes(8).toString('hex')}`, MOSAIC_STEP: JSON.stringify({ answers, opts: { write: true, vaultBin: hangingBao, fromEnv: true } }) },
      extendEnv: false,
      reject: false,
      detached: true,
      timeout: 60_000,
    });
    let done = false;
    void child.finally(() => (done = true));
    while (!done && !existsSync(marker)) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    process.kill(-child.pid!, 'SIGINT');
    const res = await child;
    const stderr = String(res.stderr);
    expect(res.exitCode, stderr).toBe(1);
    expect(stderr).toContain(`error: Writing secret/k3s/sigint-app: ${hangingBao} was interrupted, so whether the values were written is unknown\n`);
    expect(stderr).toContain(`hint: Check with \`${hangingBao} kv metadata get -mount=secret k3s/sigint-app\` (a new current_version means it was written)`);
  });
});

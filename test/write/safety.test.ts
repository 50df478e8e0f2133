// The writer's safety rules, each a way a user's files could otherwise be lost or changed unseen.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { execa } from 'execa';
import { CLI, runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

const base = ['--app', 'billing-api', '--namespace', 'payments', '--secret', 'DB_PASSWORD', '--yes'];

describe('durable publishing order (real syscalls, traced with strace)', () => {
  it('file data is fsynced before its rename; the manifest is renamed last, after its directories are synced', async () => {
    const dir = tempDir();
    const log = join(tempDir('mosaic-strace-'), 'trace');
    const r = await execa('strace', ['-f', '-qq', '-e', 'trace=openat,fsync,rename,close', '-o', log, 'node', CLI, dir, ...base, '--lang', 'typescript'], {
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    // Syscalls in the order they started (threads share one fd table: fsyncs run on libuv's pool);
    // fds mapped back to the paths they were opened for.
    const events: { call: string; path: string }[] = [];
    const fdPath = new Map<string, string>();
    // A call that another thread interrupts is logged in two parts (`… <unfinished ...>`, then
    // `<... openat resumed>) = 7`): joined per thread, an fsync counted where it started.
    const pending = new Map<string, string>();
    for (const raw of readFileSync(log, 'utf8').split('\n')) {
      const [, pid, body] = /^(\d+)\s+(.*)$/.exec(raw) ?? [];
      if (pid === undefined || body === undefined) continue;
      let line = raw;
      if (body.endsWith('<unfinished ...>')) {
        pending.set(pid, body.slice(0, -'<unfinished ...>'.length));
        if (!body.startsWith('fsync(')) continue;
      } else {
        const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(body);
        if (resumed) {
          if (resumed[1] === 'fsync') continue; // counted at its start
          line = `${pid} ${pending.get(pid) ?? ''}${resumed[2]}`;
          pending.delete(pid);
        }
      }
      const done = /^\d+\s+(openat|rename)\((.*)\)\s+=\s+(\d+)/.exec(line);
      const fsync = /^\d+\s+fsync\((\d+)/.exec(line);
      if (fsync) events.push({ call: 'fsync', path: fdPath.get(fsync[1]!) ?? '?' });
      else if (done?.[1] === 'openat') fdPath.set(done[3]!, /"([^"]*)"/.exec(done[2]!)![1]!);
      else if (done?.[1] === 'rename') events.push({ call: 'rename', path: /, "([^"]*)"/.exec(done[2]!)![1]! });
    }
    const inTarget = events.filter((e) => e.path === dir || e.path.startsWith(`${dir}/`));
    const renames = inTarget.filter((e) => e.call === 'rename').map((e) => e.path);
    expect(renames.length).toBeGreaterThan(4);
    expect(renames.at(-1)).toBe(join(dir, '.mosaic-secrets.yaml'));
    const lastFile = inTarget.findIndex((e) => e.call === 'rename' && e.path === renames.at(-2));
    const manifest = inTarget.findIndex((e) => e.call === 'rename' && e.path === renames.at(-1));
    // Between the other files' renames and the manifest's: the target directory and deploy/ are synced.
    const between = inTarget.slice(lastFile + 1, manifest).filter((e) => e.call === 'fsync').map((e) => e.path);
    expect(between).toEqual(expect.arrayContaining([dir, join(dir, 'deploy')]));
    // After the manifest: its directory again.
    expect(inTarget.slice(manifest + 1).some((e) => e.call === 'fsync' && e.path === dir)).toBe(true);
    // Every published file's data was fsynced (as its temp file) before any rename.
    const firstRename = inTarget.findIndex((e) => e.call === 'rename');
    const syncedTemps = inTarget.slice(0, firstRename).filter((e) => e.call === 'fsync' && e.path.endsWith('.tmp')).length;
    expect(syncedTemps).toBe(renames.length);
  });
});

describe('safe writes', () => {
  it('never deletes a path that only the manifest lists (e.g. ../elsewhere), and rejects such a manifest', async () => {
    const dir = tempDir();
    expect((await runCli([dir, ...base])).exitCode).toBe(0);
    const victim = join(dirname(dir), `${dir.split('/').pop()}-victim.txt`);
    writeFileSync(victim, 'keep me\n');
    const mpath = join(dir, '.mosaic-secrets.yaml');
    const manifest = parse(readFileSync(mpath, 'utf8'));
    manifest.files[`../${victim.split('/').pop()}`] = { sha256: 'a'.repeat(64) };
    writeFileSync(mpath, stringify(manifest));
    const r = await runCli([dir, '--yes', '--force']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/\.mosaic-secrets\.yaml: files: "\.\.\/.*-victim\.txt" must be a relative path inside the repository/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
  });

  it('refuses to write through a symbolic link (exit 2, nothing written)', async () => {
    const dir = tempDir();
    const outside = tempDir('mosaic-outside-');
    symlinkSync(outside, join(dir, 'deploy'));
    const r = await runCli([dir, ...base]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/deploy\/external-secret\.yaml: is inside deploy, a symbolic link/);
    expect(snapshotTree(outside)).toEqual({});
    expect(existsSync(join(dir, '.mosaic-secrets.yaml'))).toBe(false);
  });

  it('does not append our region to a code file it did not write (conflict, exit 1)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/env.ts'), 'export const env = process.env;\n');
    const r = await runCli([dir, ...base, '--lang', 'typescript']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/src\/env\.ts \(exists without the mosaic-secrets markers/);
    expect(readFileSync(join(dir, 'src/env.ts'), 'utf8')).toBe('export const env = process.env;\n');
  });

  it('keeps a generated env entry the user deleted, while our render of it is unchanged', async () => {
    const dir = tempDir();
    expect((await runCli([dir, ...base, '--secret', 'API_KEY'])).exitCode).toBe(0);
    const dep = join(dir, 'deploy/deployment.yaml');
    const doc = parse(readFileSync(dep, 'utf8'));
    const env = doc.spec.template.spec.containers[0].env;
    doc.spec.template.spec.containers[0].env = env.filter((e: { name: string }) => e.name !== 'API_KEY');
    writeFileSync(dep, stringify(doc));
    expect((await runCli(['add-key', 'Z_KEY', '--dir', dir])).exitCode).toBe(0);
    const names = parse(readFileSync(dep, 'utf8')).spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    expect(names).toEqual(['DB_PASSWORD', 'Z_KEY']);
  });

  it('merges into a Deployment as Kubernetes reads it (YAML 1.1): octal modes and yes/no stay as written', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'deploy'));
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: billing-api}',
      'spec:',
      '  selector: {matchLabels: {app: b}}',
      '  template:',
      '    metadata: {labels: {app: b}}',
      '    spec:',
      '      containers:',
      '        - name: billing-api',
      '          image: x',
      "          args: [\"--rate\", 1e3, '--x']   # flow style, YAML 1.1 string 1e3",
      '      volumes:',
      '        - name: tls',
      '          secret:',
      '            secretName: tls',
      '            defaultMode: 0400',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'deploy/deployment.yaml'), text);
    expect((await runCli([dir, ...base])).exitCode).toBe(0);
    const out = readFileSync(join(dir, 'deploy/deployment.yaml'), 'utf8');
    expect(out).toContain('defaultMode: 0400');
    // Only the env list is new: every line of the user's text is still there, byte for byte, in order.
    const added = out.split('\n').filter((l) => !text.split('\n').includes(l));
    expect(added.join('\n')).toMatch(/^\s+env:\n\s+- name: "DB_PASSWORD"/);
    expect(out.split('\n').filter((l) => text.split('\n').includes(l))).toEqual(text.split('\n'));
    expect(parse(out, { version: '1.1' }).spec.template.spec.volumes[0].secret.defaultMode).toBe(0o400);
  });

  it('refuses Vault prefixes that would resolve elsewhere (.., leading -)', async () => {
    for (const prefix of ['team/..', '-k3s', 'a/./b']) {
      const dir = tempDir();
      const r = await runCli([dir, ...base, `--vault-prefix=${prefix}`]);
      expect(r.exitCode, prefix).toBe(2);
      expect(r.stderr).toMatch(/vault\.prefix: must be path segments/);
    }
  });

  it('new files honour the umask; existing files keep their mode', async () => {
    const dir = tempDir();
    await execa('sh', ['-c', `umask 077; exec node "${CLI}" "${dir}" --app a --namespace b --secret X_KEY --yes`]);
    const { statSync, chmodSync } = await import('node:fs');
    expect(statSync(join(dir, '.env.example')).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, 'README.md'), 0o640);
    expect((await runCli(['add-key', 'Y_KEY', '--dir', dir])).exitCode).toBe(0);
    expect(statSync(join(dir, 'README.md')).mode & 0o777).toBe(0o640);
  });

  it('a file changed on disk while a conflict prompt is open is not overwritten', async () => {
    const dir = tempDir();
    expect((await runCli([dir, ...base])).exitCode).toBe(0);
    const es = join(dir, 'deploy/external-secret.yaml');
    writeFileSync(es, readFileSync(es, 'utf8').replace('namespace: "payments"', 'namespace: "payments-x"'));
    const s = new PtySession([dir, '--namespace', 'payments2']);
    try {
      await s.answer(/Use the answers recorded/, KEY.enter);
      await s.expect(/what now\?/);
      const late = `${readFileSync(es, 'utf8')}# edited while the prompt was open\n`;
      writeFileSync(es, late);
      s.type(`${KEY.down}${KEY.enter}`); // overwrite
      expect(await s.exited).toBe(1);
      expect(s.screen).toMatch(/changed on disk while this run was deciding; nothing was written/);
      expect(readFileSync(es, 'utf8')).toBe(late);
    } finally {
      s.kill();
    }
  });
});

// Hostile repositories, tried as an attacker would: a clone that commits symlinks where check
// writes or reads, a shim on PATH under node_modules/.bin, an archive whose .git/config runs a
// command, files that exhaust the stack, the memory or block on read. Each case runs the bundled
// CLI (what `npx` runs) in a separate process, with a timeout and its peak RSS measured.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBin, findTrusted } from '../../src/vault/bin.js';
import { measuredCli, type Measured } from './helpers/measure.js';
import { readRegularFile, writeFileSafe } from '../../src/write/safeFile.js';

const scratch = mkdtempSync(join(tmpdir(), 'mosaic-hostile-repo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const d = join(scratch, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** An upstream repository with `files` (strings) and `links` (name → target) committed, and a fresh clone of it. */
function clonedRepo(files: Record<string, string>, links: Record<string, string> = {}): { clone: string; home: string } {
  const home = fresh('home');
  const upstream = join(home, 'upstream');
  mkdirSync(upstream);
  git(upstream, 'init', '-q');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(upstream, rel)), { recursive: true });
    writeFileSync(join(upstream, rel), content);
  }
  for (const [rel, target] of Object.entries(links)) {
    mkdirSync(dirname(join(upstream, rel)), { recursive: true });
    symlinkSync(target, join(upstream, rel));
  }
  git(upstream, 'add', '-A');
  git(upstream, 'commit', '-q', '-m', 'hostile');
  git(home, 'clone', '-q', 'upstream', 'clone');
  return { clone: join(home, 'clone'), home };
}

const cli = measuredCli;

const LEAK = 'password = "hunter2hunter2"\n';

describe('case 1: check never writes through a committed symlink', () => {
  const VICTIM = 'alias ll="ls -l"\n';

  it('--update-baseline refuses a baseline that is a link to ../.bashrc; the target is untouched', async () => {
    const { clone, home } = clonedRepo({ '$(touch PWNED).sh': LEAK }, { '.mosaic-secrets-baseline.json': '../.bashrc' });
    writeFileSync(join(home, '.bashrc'), VICTIM);
    const r = await cli(['check', '--update-baseline'], clone);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.mosaic-secrets-baseline\.json: is a symbolic link; refusing to write there/);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(VICTIM);
    expect(lstatSync(join(clone, '.mosaic-secrets-baseline.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(clone, '.mosaic-secrets-baseline.json'))).toBe('../.bashrc');
  });

  it('--output mosaic-secrets.sarif refuses a committed link, and a link to a directory on the way', async () => {
    const { clone, home } = clonedRepo({ 'src/db.py': LEAK }, { 'mosaic-secrets.sarif': '../.bashrc', reports: '..' });
    writeFileSync(join(home, '.bashrc'), VICTIM);
    const r = await cli(['check', '-f', 'sarif', '--output', 'mosaic-secrets.sarif'], clone);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mosaic-secrets\.sarif: is a symbolic link; refusing to write there/);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(VICTIM);
    const viaDir = await cli(['check', '--output', 'reports/.bashrc'], clone);
    expect(viaDir.code).toBe(2);
    expect(viaDir.stderr).toMatch(/reports is a symbolic link; refusing to write there/);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(VICTIM);
  });

  it('writes a regular file atomically and leaves no temp file behind', async () => {
    const { clone } = clonedRepo({ 'src/db.py': LEAK });
    const r = await cli(['check', '-f', 'json', '-o', 'out/report.json'], clone);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(clone, 'out/report.json'), 'utf8')).findings).toHaveLength(1);
    const b = await cli(['check', '--update-baseline'], clone);
    expect(b.code).toBe(0);
    expect(existsSync(join(clone, '.mosaic-secrets-baseline.json'))).toBe(true);
    expect(execFileSync('git', ['status', '--porcelain', '--ignored'], { cwd: clone, encoding: 'utf8' })).not.toMatch(/\.tmp/);
    expect((await cli(['check'], clone)).code).toBe(0);
  });
});

describe('case 2: the programs we run come from trusted PATH entries only', () => {
  function shimDir(root: string, names: string[], marker: string): string {
    const bin = join(root, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    for (const name of names) writeFileSync(join(bin, name), `#!/bin/sh\necho "$0 ran: BAO_TOKEN=$BAO_TOKEN" >> ${JSON.stringify(marker)}\ncat >> ${JSON.stringify(marker)}\nexit 0\n`, { mode: 0o755 });
    return bin;
  }

  it('an explicit --vault-bin bao skips the repo node_modules/.bin shim (the shim never sees a token or a value)', async () => {
    const repo = fresh('npx-repo');
    const marker = join(scratch, `shim-ran-${n++}`);
    const shims = shimDir(repo, ['bao', 'vault'], marker);
    const r = await cli([repo, '--app', 'billing', '--namespace', 'payments', '--secret', 'DB_PASSWORD', '--yes', '--vault-write', '--vault-bin', 'bao', '--from-env'], repo, {
      PATH: `${shims}:${dirname(process.execPath)}:/usr/bin:/bin`,
      BAO_TOKEN: 'root-token-value',
      DB_PASSWORD: 'the-value-of-db-password',
    });
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(/Vault CLI "bao" not found on PATH/);
    expect(r.code).not.toBe(0);
    // The same lookup as a unit: a trusted bao later on PATH wins over the shim.
    const real = fresh('real-bin');
    writeFileSync(join(real, 'bao'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(chooseBin('bao', { PATH: `${shims}:node_modules/.bin:.:${real}` }).command).toBe(join(real, 'bao'));
    // An explicit path is the user's own choice and stays allowed.
    expect(chooseBin(join(shims, 'bao'), { PATH: '' }).command).toBe(join(shims, 'bao'));
  });

  it('check runs git from a trusted PATH entry, not the scanned repo node_modules/.bin', async () => {
    const { clone } = clonedRepo({ '.gitignore': '.env\n', 'app.py': 'x = 1\n' });
    const marker = join(scratch, `git-shim-${n++}`);
    const shims = shimDir(clone, ['git'], marker);
    const gitDir = dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim());
    const r = await cli(['check'], clone, { PATH: `${shims}:${dirname(process.execPath)}:${gitDir}` });
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(0);
    expect(findTrusted('git', { PATH: `${shims}:${gitDir}` })).toBe(join(gitDir, 'git'));
  });

  it('an archive whose .git/config sets core.fsmonitor (and hooks) runs none of them', async () => {
    const dir = fresh('archive');
    git(dir, 'init', '-q');
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    writeFileSync(join(dir, '.env'), 'PORT=3000\n');
    git(dir, 'add', '-f', '.gitignore', '.env');
    git(dir, 'commit', '-q', '-m', 'x');
    const pwned = join(dir, 'PWNED');
    const hook = join(scratch, `fsmonitor-${n++}.sh`);
    writeFileSync(hook, `#!/bin/sh\ntouch ${JSON.stringify(pwned)}\n`, { mode: 0o755 });
    chmodSync(hook, 0o755);
    git(dir, 'config', 'core.fsmonitor', hook);
    mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(dir, '.git', 'hooks', 'post-index-change'), `#!/bin/sh\ntouch ${JSON.stringify(pwned)}\n`, { mode: 0o755 });
    const r = await cli(['check', '--rule', 'committed-env-file'], dir);
    expect(existsSync(pwned)).toBe(false);
    expect(r.stdout).toMatch(/\.env:1:1: error committed-env-file/);
  });
});

describe('case 3: one hostile file never stops check for the others', () => {
  const other = { 'src/db.py': LEAK };
  const reportsOther = (r: Measured) => expect(r.stdout).toMatch(/src\/db\.py:1:1: error hardcoded-secret/);

  it('a `${A:-${A:-…}}` 2,000 deep is a finding, not a stack overflow', async () => {
    const nested = `X=${'${A:-'.repeat(2000)}x${'}'.repeat(2000)}\n`;
    const { clone } = clonedRepo({ ...other, 'docker-compose.env': nested, 'deploy/run.sh': `echo "${nested.trim()}"\n` });
    const r = await cli(['check', '--no-checklist'], clone);
    expect(r.stderr).not.toMatch(/Maximum call stack/);
    expect(r.code).toBe(1);
    reportsOther(r);
    expect(r.stdout).toMatch(/docker-compose\.env:1:3: error fallback-default/);
  });

  it.each([
    ['.mosaic-secrets.yaml', '/dev/zero'],
    ['README.md', '/dev/zero'],
    ['.gitignore', '/dev/zero'],
    ['README.md', '/dev/stdin'],
    ['.mosaic-secrets.yaml', '/dev/stdin'],
    ['.gitignore', '/dev/stdin'],
    ['README.md', '../outside/README.md'],
  ])('%s linked to %s: no hang, RSS < 300 MiB, the other files still reported', async (name, target) => {
    const { clone, home } = clonedRepo(other, { [name]: target });
    mkdirSync(join(home, 'outside'), { recursive: true });
    writeFileSync(join(home, 'outside', 'README.md'), '## Secrets architecture\nMode: Direct-Vault\n');
    const r = await cli(['check'], clone, {}, 20_000);
    expect(r.timedOut).toBe(false);
    expect(r.rssMiB).toBeLessThan(300);
    expect(r.code).toBe(1);
    reportsOther(r);
    expect(r.stderr).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}: is a symbolic link; not followed`));
  });

  it('a 1.5 GB sparse file is skipped by its size before a byte is read', async () => {
    const { clone } = clonedRepo(other);
    execFileSync('truncate', ['-s', '1500M', join(clone, 'dump.txt')]);
    const r = await cli(['check', '--no-checklist'], clone);
    expect(r.rssMiB).toBeLessThan(300);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.code).toBe(1);
    reportsOther(r);
  });

  it('the generator refuses a .mosaic-secrets.yaml that is a symlink, and leaves it and its target alone', async () => {
    const { clone, home } = clonedRepo({}, { '.mosaic-secrets.yaml': '../answers.yaml' });
    const outside = 'generator:\n  name: create-mosaic-secrets\n  version: 0.1.0\nanswers:\n  app: billing\n  namespace: payments\nfiles: {}\n';
    writeFileSync(join(home, 'answers.yaml'), outside);
    const r = await cli([clone, '--app', 'billing', '--namespace', 'payments', '--secret', 'DB_PASSWORD', '--yes'], clone);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.mosaic-secrets\.yaml: is a symbolic link; not followed/);
    expect(lstatSync(join(clone, '.mosaic-secrets.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(home, 'answers.yaml'), 'utf8')).toBe(outside);
    expect(existsSync(join(clone, 'deploy'))).toBe(false);
  });
});

describe('case 3, generator side: every file the generator reads is bounded and regular', () => {
  const base = ['--app', 'billing', '--namespace', 'payments', '--secret', 'DB_PASSWORD', '--yes'];

  it('a committed go.mod linked to /dev/zero is never read: a Go app run stops at once on the link, exit 2', async () => {
    const { clone } = clonedRepo({}, { 'go.mod': '/dev/zero' });
    const r = await cli([clone, ...base, '--lang', 'go'], clone);
    expect(r.timedOut).toBe(false);
    expect(r.rssMiB).toBeLessThan(300);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/go\.mod: is a symbolic link/);
    expect(existsSync(join(clone, 'deploy'))).toBe(false);
  });

  it('--answers and --values naming a device or FIFO are refused in one line, exit 2, nothing written', async () => {
    const d = fresh('named');
    const fifo = join(d, 'answers.fifo');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(d, 'zero.yaml'));
    const cases: [string[], RegExp][] = [
      [['--answers', fifo], /^create-mosaic-secrets: error: --answers: .*answers\.fifo is not a regular file/m],
      [['--answers', join(d, 'zero.yaml')], /^create-mosaic-secrets: error: --answers: .*zero\.yaml is not a regular file/m],
      [['--vault-write', '--values', join(d, 'zero.yaml')], /^create-mosaic-secrets: error: --values: .*zero\.yaml is not a regular file/m],
    ];
    for (const [flags, message] of cases) {
      const target = fresh('target');
      const r = await cli([target, ...base, ...flags], target, { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 'x' });
      expect(r.timedOut, flags.join(' ')).toBe(false);
      expect(r.code, `${flags.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.rssMiB).toBeLessThan(300);
      // (That a bad --values writes nothing at all is test/lifecycle's case 6.)
      if (flags[0] === '--answers') expect(existsSync(join(target, 'deploy')), flags.join(' ')).toBe(false);
    }
  });
});

describe('safeFile: the one link-refusing writer and bounded reader', () => {
  it('reads regular files only, never opens a FIFO or device, and caps before reading', () => {
    const d = fresh('safe');
    writeFileSync(join(d, 'a.txt'), 'hello');
    expect(readRegularFile(join(d, 'a.txt'), { maxBytes: 5 })).toEqual({ ok: true, data: Buffer.from('hello') });
    expect(readRegularFile(join(d, 'a.txt'), { maxBytes: 4 })).toEqual({ ok: false, reason: 'too-large', size: 5 });
    execFileSync('mkfifo', [join(d, 'fifo')]);
    expect(readRegularFile(join(d, 'fifo'), { maxBytes: 10 })).toEqual({ ok: false, reason: 'not-regular' });
    symlinkSync('a.txt', join(d, 'link'));
    expect(readRegularFile(join(d, 'link'), { maxBytes: 10 })).toEqual({ ok: false, reason: 'link' });
    expect(readRegularFile(join(d, 'link'), { maxBytes: 10, followLinks: true }).ok).toBe(true);
    symlinkSync('/dev/zero', join(d, 'zero'));
    expect(readRegularFile(join(d, 'zero'), { maxBytes: 10, followLinks: true })).toEqual({ ok: false, reason: 'not-regular' });
    expect(readRegularFile(join(d, 'missing'), { maxBytes: 10 })).toEqual({ ok: false, reason: 'missing' });
  });

  it('replaces a regular file atomically, keeps its mode, refuses links and non-regular targets', () => {
    const d = fresh('safe-w');
    writeFileSync(join(d, 'out.json'), 'old', { mode: 0o600 });
    writeFileSafe(join(d, 'out.json'), 'new', { root: d });
    expect(readFileSync(join(d, 'out.json'), 'utf8')).toBe('new');
    expect(lstatSync(join(d, 'out.json')).mode & 0o777).toBe(0o600);
    writeFileSafe(join(d, 'deep/er/x.json'), '{}', { root: d, display: 'deep/er/x.json' });
    expect(readFileSync(join(d, 'deep/er/x.json'), 'utf8')).toBe('{}');
    symlinkSync('out.json', join(d, 'l.json'));
    expect(() => writeFileSafe(join(d, 'l.json'), 'x', { root: d, display: 'l.json' })).toThrow(/^l\.json: is a symbolic link; refusing to write there \(nothing was written\)$/);
    execFileSync('mkfifo', [join(d, 'p')]);
    expect(() => writeFileSafe(join(d, 'p'), 'x', { root: d, display: 'p' })).toThrow(/^p: is a FIFO; refusing/);
    expect(readFileSync(join(d, 'out.json'), 'utf8')).toBe('new');
    expect(execFileSync('ls', ['-A', d], { encoding: 'utf8' })).not.toMatch(/\.tmp/);
  });
});

describe('case 6: a baseline tells a dictionary nothing about the accepted secret', () => {
  const baselineOfTree = async (value: string) => {
    const { clone } = clonedRepo({ 'src/settings.py': `DB_PASSWORD = "${value}"\n`, 'docker-compose.yml': `services:\n  a:\n    environment:\n      - DB_PASSWORD=\${DB_PASSWORD:-${value}}\n` });
    const r = await cli(['check', '--update-baseline', '--no-checklist'], clone);
    expect(r.code).toBe(0);
    return { clone, text: readFileSync(join(clone, '.mosaic-secrets-baseline.json'), 'utf8') };
  };

  it('an offline guess of DB_PASSWORD=Summer2024! never matches, and the fingerprints do not depend on the value at all', async () => {
    const { clone, text } = await baselineOfTree('Summer2024!');
    const baseline = JSON.parse(text) as { version: number; findings: Array<{ rule: string; path: string; hash: string }> };
    expect(baseline.version).toBe(2);
    expect(baseline.findings).toHaveLength(2);
    const { createHash } = await import('node:crypto');
    const h = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
    const hashes = new Set(baseline.findings.map((f) => f.hash));
    for (const word of ['Summer2024!', 'Winter2024!', 'password', 'changeme', 'hunter2']) {
      for (const form of [`DB_PASSWORD=${word}`, `DB_PASSWORD = "${word}"`, `\${DB_PASSWORD:-${word}}`, word]) expect(hashes.has(h(form)), form).toBe(false);
    }
    expect(text).not.toContain('Summer2024!');
    // Same tree, another value: the very same baseline, so it carries no information about the value.
    expect((await baselineOfTree('correct horse battery staple')).text).toBe(text);
    // It still does its job: the accepted findings pass, a new one fails.
    expect((await cli(['check', '--no-checklist'], clone)).code).toBe(0);
    writeFileSync(join(clone, 'src/other.py'), 'API_TOKEN = "tok-9f8a7b6c5d4e"\n');
    const after = await cli(['check', '--no-checklist'], clone);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/src\/other\.py:1:1: error hardcoded-secret/);
  });

  it('a version-1 baseline (value hashes) is refused with a clear message, exit 2', async () => {
    const { clone } = clonedRepo({ 'src/settings.py': 'DB_PASSWORD = "Summer2024!"\n', '.mosaic-secrets-baseline.json': JSON.stringify({ version: 1, comment: '', findings: [{ rule: 'hardcoded-secret', path: 'src/settings.py', hash: '0123456789abcdef' }] }) });
    const r = await cli(['check'], clone);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baseline version 1 hashes the secret values themselves, which can be guessed offline; regenerate it with check --update-baseline/);
  });
});

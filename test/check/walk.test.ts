import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walk } from '../../src/check/walk.js';
import { check } from '../../src/check/index.js';

const dirs: string[] = [];
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'mosaic-walk-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const paths = (root: string, args: string[] = [], exclude?: string[]) =>
  walk(args, { cwd: root, ...(exclude ? { exclude } : {}) })
    .files.map((f) => f.path)
    .sort();

describe('walk', () => {
  it('honours nested .gitignore files like git, including negation and directory patterns', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.log\nbuild/\n',
      'a.log': '',
      'src/app.ts': '',
      'build/out.ts': '',
      'sub/.gitignore': '!keep.log\n',
      'sub/keep.log': '',
      'sub/other.log': '',
    });
    expect(paths(root)).toEqual(['.gitignore', 'src/app.ts', 'sub/.gitignore', 'sub/keep.log']);
  });

  it('applies .gitignore files above a scanned subdirectory up to the git root', () => {
    const root = tree({
      '.git/HEAD': '',
      '.gitignore': 'sub/gen/\n',
      'sub/gen/x.yaml': '',
      'sub/app.yaml': '',
    });
    expect(walk(['sub'], { cwd: root }).files.map((f) => f.path)).toEqual(['sub/app.yaml']);
  });

  it('honours .mosaic-secretsignore and --exclude patterns', () => {
    const root = tree({
      '.mosaic-secretsignore': 'test/fixtures/\n',
      'test/fixtures/leak.py': '',
      'test/unit.py': '',
      'docs/a.md': '',
      'src/a.py': '',
    });
    expect(paths(root, [], ['docs/'])).toEqual(['.mosaic-secretsignore', 'src/a.py', 'test/unit.py']);
  });

  it('skips vendored directories, lockfiles, binary extensions and minified bundles by name', () => {
    const root = tree({
      'node_modules/pkg/index.js': '',
      'vendor/lib.go': '',
      'third_party/x.py': '',
      '.venv/lib/site.py': '',
      'package-lock.json': '{}',
      'yarn.lock': '',
      'go.sum': '',
      'logo.png': '',
      'app.min.js': '',
      'app.js': '',
    });
    expect(paths(root)).toEqual(['app.js']);
  });

  it('does not follow symlinks', () => {
    const root = tree({ 'real/a.ts': '' });
    symlinkSync(join(root, 'real'), join(root, 'link'));
    symlinkSync(join(root, 'real', 'a.ts'), join(root, 'b.ts'));
    expect(paths(root)).toEqual(['real/a.ts']);
  });

  it('scans files named on the command line even when ignored, and says so', () => {
    const root = tree({ '.gitignore': '.env\n', '.env': 'PORT=1\n', 'deploy/compose.yml': '' });
    // A path given twice is read once.
    const w = walk(['.env', 'deploy/compose.yml', './deploy/compose.yml'], { cwd: root });
    expect(w.files.map((f) => [f.path, f.explicit, f.ignored])).toEqual([
      ['.env', true, true],
      ['deploy/compose.yml', true, false],
    ]);
  });

  it('reports a missing path as a usage error', async () => {
    const root = tree({ 'a.ts': '' });
    await expect(check(['nope'], { cwd: root })).rejects.toThrow(/nope: no such file or directory/);
  });
});

describe('content-based skipping', () => {
  it('skips binary content and one-line bundles but reads everything else once', async () => {
    const leak = 'const password = "hunter2hunter2";\n';
    const root = tree({
      'blob': Buffer.concat([Buffer.from(leak), Buffer.from([0, 1, 2, 3])]),
      'dist/bundle.js': `var a=1;${'x'.repeat(6000)};${leak.trim()}`,
      'src/app.ts': leak,
      'README.md': '# hi\n',
    });
    const r = await check(['.'], { cwd: root, checklist: false });
    expect(r.filesScanned).toBe(2);
    expect(r.findings.map((f) => f.path)).toEqual(['src/app.ts']);
  });

  it('skips files above --max-file-size', async () => {
    const root = tree({ 'big.py': `password = "hunter2hunter2"\n${'#'.repeat(5000)}\n`, 'small.py': 'password = "hunter2hunter2"\n' });
    const r = await check(['.'], { cwd: root, maxFileSize: 1000 });
    expect(r.findings.map((f) => f.path)).toEqual(['small.py']);
  });
});

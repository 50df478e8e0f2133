// The bundle is split at the command edge (src/scripts/build.mjs): a run reads and compiles only the
// code it uses. These tests record every file the bundled CLI loads (a module loader hook) and
// look inside: a render loads no prompt library and no `check`; `check` loads no renderer, no zod
// and no prompts; --help loads nothing but the bin. And no module outside src/launch/ imports it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, tempDir } from '../helpers/cli.js';

// Strings only the named code contains (checked below to be in exactly one kind of file).
const MARKERS = {
  prompts: 'User force closed the prompt', // @inquirer/core
  renderer: 'this build carries compiled templates only', // the Handlebars runtime shim
  zod: 'ZodError',
  yaml: 'Nested mappings are not allowed in compact mappings', // the yaml library's composer (dist/chunks/yaml.cjs)
} as const;
type Part = keyof typeof MARKERS;

const hooks = tempDir('mosaic-load-hooks-');
writeFileSync(
  join(hooks, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.MOSAIC_LOAD_LOG, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(join(hooks, 'register.mjs'), `import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n`);

/** The files a run of the bundled CLI loaded, and which marked parts they contain. */
async function loaded(args: string[], cwd: string): Promise<{ files: string[]; parts: Set<Part> }> {
  const log = join(tempDir('mosaic-load-log-'), 'loaded.txt');
  writeFileSync(log, '');
  // NODE_DEBUG=module names the files require() loads (the hook sees ES module loads only).
  const r = await execa('node', ['--import', join(hooks, 'register.mjs'), CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', MOSAIC_LOAD_LOG: log, NODE_DEBUG: 'module' } });
  expect(r.exitCode, r.stderr).toBe(0);
  const required = [...r.stderr.matchAll(/^MODULE \d+: load "([^"]+)" for module/gm)].map((m) => m[1]!);
  const imported = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u));
  const files = [...new Set([...imported, ...required])].filter((f) => f.startsWith(join(REPO, 'dist')));
  const parts = new Set<Part>();
  for (const f of files) for (const [part, marker] of Object.entries(MARKERS)) if (readFileSync(f, 'utf8').includes(marker)) parts.add(part as Part);
  return { files: files.map((f) => relative(REPO, f)), parts };
}

describe('a run loads only what it needs', () => {
  it('each marker is in the bundle, in one file', () => {
    const dist = join(REPO, 'dist');
    const all = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.[cm]?js$/.test(e.name));
    for (const marker of Object.values(MARKERS)) {
      expect(all.filter((e) => readFileSync(join(e.parentPath, e.name), 'utf8').includes(marker)).length, marker).toBe(1);
    }
  });

  it('zod is bundled as zod/mini: classic zod (its chainable classes, 188 KB minified) is not in dist/', () => {
    const dist = join(REPO, 'dist');
    const all = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.[cm]?js$/.test(e.name));
    // superRefine is a method of classic zod's ZodType only; zod/mini has no such method.
    expect(all.filter((e) => readFileSync(join(e.parentPath, e.name), 'utf8').includes('superRefine')).map((e) => e.name)).toEqual([]);
  });

  it('--help and --version load the bin alone', async () => {
    for (const flag of ['--help', '--version']) expect((await loaded([flag], REPO)).files).toEqual(['dist/cli.js']);
  });

  it('a first render loads the renderer and zod, but no prompt library and no yaml; a re-run loads yaml', async () => {
    const dir = tempDir('mosaic-load-render-');
    const { parts } = await loaded([dir, '--app', 'lazy-api', '--namespace', 'apps', '--secret', 'API_TOKEN', '--lang', 'typescript,python,go', '--yes'], dir);
    expect([...parts].sort()).toEqual(['renderer', 'zod']);
    // The answers file is read (src/answers/simpleYaml.ts), the owned parts come from the renderer and
    // the manifest is printed (src/write/plainYaml.ts) without the yaml library…
    const answers = join(tempDir('mosaic-load-answers-'), 'answers.yaml');
    writeFileSync(answers, 'app: lazy-api\nnamespace: apps\nmode: direct-vault\njustification: short-lived database credentials\ndirectVault: { engine: database, vaultAddr: "https://vault.vault.svc:8200" }\nsecrets:\n  - env: API_TOKEN\n    description: "the token: yes, this one"\n');
    const fresh = tempDir('mosaic-load-answers-render-');
    expect([...(await loaded([fresh, '--answers', answers, '--yes'], fresh)).parts].sort()).toEqual(['renderer', 'zod']);
    // …and a re-run, which reads the manifest and merges into files on disk, loads it.
    expect([...(await loaded([dir, '--yes'], dir)).parts].sort()).toEqual(['renderer', 'yaml', 'zod']);
  });

  it('`check` loads yaml, but no renderer, zod or prompts', async () => {
    const dir = tempDir('mosaic-load-check-');
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: { LOG_LEVEL: info }\n');
    const { parts } = await loaded(['check', dir], dir);
    expect([...parts].sort()).toEqual(['yaml']);
  });

  it('no module outside src/launch/ imports src/launch/ (the launcher is not the pipeline)', () => {
    const src = join(REPO, 'src');
    const offenders = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !join(e.parentPath, e.name).startsWith(join(src, 'launch')))
      .filter((e) => /['"](?:\.\.?\/)+launch\//.test(readFileSync(join(e.parentPath, e.name), 'utf8')))
      .map((e) => relative(REPO, join(e.parentPath, e.name)));
    expect(offenders).toEqual([]);
  });
});

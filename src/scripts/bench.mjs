// `npm run bench`: how fast create-mosaic-secrets starts, next to create-vite (the baseline, a
// devDependency), on the machine's Node and on Node 24 (the official binary, via .ci/node-bin), in
// one run on one machine. Dev-time script (not bundled).
//
//   npm run bench                        build, then measure everything (a few minutes on 2 cores)
//   node src/scripts/bench.mjs --runs N  paired rounds per Node (default 15; installs and first npx runs: N/3)
//   node src/scripts/bench.mjs --node PATH   measure on this node binary too (repeatable)
//
// Both tools are measured as users get them: `npm pack` → install the tarball into an empty folder
// (and `npx <tarball>` with empty caches), then run from node_modules. Every measurement is a whole
// process. A round runs each command once, back to back, so load on this shared machine hits a
// round's runs alike; each round gives a ratio (our time / `node -e 0` of the same binary, or /
// create-vite), and we report the median and the min of those per-round ratios, plus min / median
// ms. Goals are judged on the median paired ratio, which a busy machine moves far less than a min.
import { answers20 } from './answers20.mjs';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus as cpuList, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const RUNS = (argv.includes('--runs') && Number(argv[argv.indexOf('--runs') + 1])) || 15;
const FEW = Math.max(3, Math.round(RUNS / 3));
const extraNodes = argv.flatMap((a, i) => (a === '--node' ? [argv[i + 1]] : []));
const work = mkdtempSync(join(tmpdir(), 'mosaic-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const log = (s) => process.stderr.write(`${s}\n`);
const loadAtStart = loadavg()[0]; // the machine is shared: the table says how busy it was
const quietNpm = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_loglevel: 'error' };

// The machine's Node and Node 24 (fetched once into the test-toolchain cache by .ci/node-bin).
const nodeBin = (v) => join(execFileSync(join(root, '.ci/node-bin'), [v], { encoding: 'utf8' }).trim(), 'node');
const NODES = [...new Set([process.execPath, nodeBin('24.19.0'), ...extraNodes])].map((path) => ({ path, version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim() }));

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const min = (xs) => sorted(xs)[0];
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
let caches = 0;
/**
 * Fresh, private caches for a run: TMPDIR (where Node 22+ keeps module.enableCompileCache()'s
 * cache unless NODE_COMPILE_CACHE says otherwise) and XDG_CACHE_HOME. `warm` reuses one set.
 */
const cacheEnv = (key) => {
  const dir = join(work, 'caches', key ?? `cold-${caches++}`);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  return { TMPDIR: join(dir, 'tmp'), XDG_CACHE_HOME: join(dir, 'xdg') };
};

// ---------- packages: pack both, install each tarball into a scratch folder ----------
const cvVersion = createRequire(import.meta.url)('create-vite/package.json').version;
const packDir = join(work, 'pack');
mkdirSync(packDir);
const pack = (spec, cwd, extra = []) => {
  const out = execFileSync('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', packDir, ...extra], { cwd, env: quietNpm, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out);
  return { file: join(packDir, info.filename), size: info.size, unpacked: info.unpackedSize, entries: info.entryCount };
};
log(`bench: packing create-mosaic-secrets and create-vite@${cvVersion}…`);
const ours = pack('.', root);
let vite;
try {
  vite = pack(`create-vite@${cvVersion}`, work, ['--offline']); // from the npm cache the devDependency install filled
} catch {
  vite = pack(join(root, 'node_modules/create-vite'), work);
}

/** Cold install: empty project folder, empty npm cache, local tarball. Returns wall ms. */
function coldInstall(tarball, name) {
  const dir = mkdtempSync(join(work, `install-${name}-`));
  const t0 = process.hrtime.bigint();
  const r = spawnSync('npm', ['install', tarball, '--cache', join(dir, '.npm-cache'), '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts'], { cwd: dir, env: quietNpm, stdio: ['ignore', 'ignore', 'pipe'] });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`npm install ${tarball} failed:\n${r.stderr}`);
  return { t, dir };
}

// ---------- one whole process ----------
const GNU_TIME = existsSync('/usr/bin/time');
/** Wall ms, peak RSS (KiB) and CPU ms (user+sys, GNU time) of `node args`. */
function timed(node, args, { cwd = work, env = {} } = {}) {
  const out = join(work, 'time');
  const [cmd, pre] = GNU_TIME ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', out, node]] : [node, []];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, [...pre, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  if (!GNU_TIME) return { t, rss: NaN, cpu: NaN };
  const [rss, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { t, rss, cpu: (user + sys) * 1000 };
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Za-z0-9]|\u001b[=>]/g;
const sh = (args) => args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
/** Run `cmd` in a pty (util-linux script, as test/helpers/pty.ts does); ms until `prompt` shows, then Ctrl-C. */
function firstPrompt(cmd, prompt, { cwd = work, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${sh(cmd)}`, '/dev/null'], { cwd, env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', ...env } });
    child.stdin.on('error', () => undefined); // EPIPE when the tool exits before our Ctrl-C arrives
    let out = '';
    let t;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${prompt} from ${cmd.join(' ')} within 60 s; screen:\n${out.replace(ANSI, '').slice(-500)}`));
    }, 60_000);
    const onData = (d) => {
      out += d.toString('utf8');
      if (t === undefined && prompt.test(out.replace(ANSI, ''))) {
        t = ms(t0);
        child.stdin.write('\u0003'); // Ctrl-C: let the tool cancel and exit by itself
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      if (t === undefined) reject(new Error(`${cmd.join(' ')} exited before ${prompt}; screen:\n${out.replace(ANSI, '').slice(-500)}`));
      else resolve(t);
    });
  });
}

// ---------- the 20-key Direct-Vault answers ----------
const answersFile = join(work, 'answers-20.yaml');
writeFileSync(answersFile, answers20('bench-api'));

// ---------- rows ----------
/** A row: ours and (optionally) create-vite as per-round times, and the per-round baseline. */
const sections = [];
const fmtMs = (x) => (x === undefined || Number.isNaN(x) ? '' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const ratios = (a, b) => a.map((x, i) => x / b[i]);
const ratioCell = (a, b) => (a?.length && b?.length ? `${median(ratios(a, b)).toFixed(2)}× / ${min(ratios(a, b)).toFixed(2)}×` : '');
const timeCell = (a) => (a?.length ? `${fmtMs(min(a))} / ${fmtMs(median(a))}` : '');

// 1. Cold install and the very first npx run (empty npm cache, empty compile caches), on the machine's Node.
log(`bench: cold npm install ×${FEW} each, first npx run ×${FEW} each…`);
const inst = { ours: [], vite: [] };
const npxFirst = { ours: [], vite: [] };
let oursDir;
let viteDir;
for (let i = 0; i < FEW; i++) {
  const a = coldInstall(ours.file, 'ours');
  const b = coldInstall(vite.file, 'vite');
  inst.ours.push(a.t);
  inst.vite.push(b.t);
  oursDir = a.dir;
  viteDir = b.dir;
  for (const [who, tarball, prompt] of [['ours', ours.file, /App name/], ['vite', vite.file, /Project name/]]) {
    const cwd = mkdtempSync(join(work, 'npx-'));
    const env = { ...quietNpm, ...cacheEnv(), npm_config_cache: join(cwd, '.npm-cache') };
    npxFirst[who].push(await firstPrompt(['npx', '--yes', `file:${tarball}`], prompt, { cwd, env }));
  }
}
sections.push({
  title: `installs (node ${process.version}), paired ratio to create-vite`,
  rows: [
    { label: 'cold npm install (empty cache, local tarball)', ours: inst.ours, vite: inst.vite, toVite: true, goal: 2 },
    { label: 'first `npx <tarball>` to the first prompt (empty caches)', ours: npxFirst.ours, vite: npxFirst.vite, toVite: true, goal: 1.2 },
  ],
});

const oursBin = join(oursDir, 'node_modules/create-mosaic-secrets/dist/cli.js');
const viteBin = join(viteDir, 'node_modules/create-vite/index.js');
statSync(oursBin);
statSync(viteBin);

// 2. Per Node: paired rounds of node -e 0, --help, first prompt, the 20-key render, all next to create-vite.
let renderedFiles = 0;
for (const node of NODES) {
  log(`bench: ${node.version}: ${RUNS} rounds of node -e 0, --help, first prompt, 20-key render (and create-vite alike)…`);
  const warm = cacheEnv(`warm-${node.version}`);
  const r = { bare: [], help: [], viteHelp: [], ptyBare: [], prompt: [], vitePrompt: [], render: [], renderCpu: [], renderRss: [], viteRender: [], viteRenderCpu: [], first: [], rerun: [] };
  // One unmeasured round fills the warm caches (a user's second run onward).
  const renderOnce = (env) => {
    const dir = mkdtempSync(join(work, 'render-'));
    return { dir, m: timed(node.path, [oursBin, dir, '--answers', answersFile, '--yes'], { cwd: dir, env }) };
  };
  renderOnce(warm);
  await firstPrompt([node.path, oursBin], /App name/, { cwd: mkdtempSync(join(work, 'tty-')), env: warm });
  for (let i = 0; i < RUNS; i++) {
    r.bare.push(timed(node.path, ['-e', '0']).t);
    r.help.push(timed(node.path, [oursBin, '--help'], { env: warm }).t);
    r.viteHelp.push(timed(node.path, [viteBin, '--help']).t);
    const cwd = mkdtempSync(join(work, 'tty-'));
    r.ptyBare.push(await firstPrompt([node.path, '-e', 'process.stdout.write("READY")'], /READY/, { cwd }));
    r.prompt.push(await firstPrompt([node.path, oursBin], /App name/, { cwd, env: warm }));
    r.vitePrompt.push(await firstPrompt([node.path, viteBin], /Project name/, { cwd }));
    const { dir, m } = renderOnce(warm);
    r.render.push(m.t);
    r.renderCpu.push(m.cpu);
    r.renderRss.push(m.rss / 1024);
    r.rerun.push(timed(node.path, [oursBin, dir, '--yes'], { cwd: dir, env: warm }).t); // nothing to change
    r.first.push(renderOnce(cacheEnv()).m.t); // a machine's first run: empty caches
    const vdir = mkdtempSync(join(work, 'vite-'));
    const v = timed(node.path, [viteBin, 'app', '--template', 'vanilla-ts', '--no-interactive', '--no-immediate'], { cwd: vdir });
    r.viteRender.push(v.t);
    r.viteRenderCpu.push(v.cpu);
    if (!renderedFiles) renderedFiles = Number(execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n').length);
  }
  sections.push({
    title: `node ${node.version} (${node.path}), paired ratio to \`node -e 0\` of this binary (pty rows: to node printing in the same pty)`,
    rows: [
      { label: '`node -e 0`', ours: r.bare, base: r.bare },
      { label: '--help', ours: r.help, vite: r.viteHelp, base: r.bare, goal: 1.2 },
      { label: 'time to first prompt (pty)', ours: r.prompt, vite: r.vitePrompt, base: r.ptyBare },
      { label: `render 20 keys, ts+py+go, Direct-Vault (${renderedFiles} files)`, ours: r.render, vite: r.viteRender, base: r.bare, goal: 2.5 },
      { label: '  CPU time (user+sys) of that render', ours: r.renderCpu, vite: r.viteRenderCpu },
      { label: '  peak RSS (MiB), worst run', ours: r.renderRss, rss: true },
      { label: '  same render, first run (empty caches)', ours: r.first, base: r.bare },
      { label: 're-run, nothing to change', ours: r.rerun, base: r.bare },
    ],
  });
}

// ---------- tables ----------
const head = ['measurement', 'ours min / median', 'ours ratio median / min', `create-vite ${cvVersion} min / median`, 'create-vite ratio median / min', 'goal', 'met'];
const tables = sections.map(({ title, rows }) => {
  const body = rows.map((row) => {
    if (row.rss) return [row.label, `${Math.max(...row.ours).toFixed(1)} MiB`, '', '', '', '', ''];
    const oursRatio = row.toVite ? ratioCell(row.ours, row.vite) : ratioCell(row.ours, row.base);
    const viteRatio = row.toVite ? '' : ratioCell(row.vite, row.base);
    const judged = row.goal === undefined ? undefined : median(row.toVite ? ratios(row.ours, row.vite) : ratios(row.ours, row.base));
    const goal = row.goal === undefined ? '' : `≤ ${row.goal.toFixed(1)}× ${row.toVite ? 'create-vite' : 'node -e 0'}`;
    return [row.label, timeCell(row.ours), oursRatio, timeCell(row.vite), viteRatio, goal, judged === undefined ? '' : judged <= row.goal ? 'yes' : 'NO'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return `${title}\n${[fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(fmt)].join('\n')}`;
});
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const cpus = cpuList();
console.log(`
create-mosaic-secrets startup benchmark — baseline: create-vite ${cvVersion} (devDependency), same run, same machine, same node binaries
${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end; ${RUNS} paired rounds per node (installs, first npx: ${FEW})
tarballs: create-mosaic-secrets ${kib(ours.size)} packed / ${kib(ours.unpacked)} unpacked, ${ours.entries} files; create-vite ${kib(vite.size)} / ${kib(vite.unpacked)}, ${vite.entries} files
ratios are per round (one run of each command back to back), then the median and min over rounds; goals are judged on the median.

${tables.join('\n\n')}

create-vite render column: \`create-vite app -t vanilla-ts --no-interactive\` (reference only).`);

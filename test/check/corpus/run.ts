// `npm run bench:check` (precision part): runs `check` on every corpus repo, prints per-rule
// precision and recall against the labels, then runs gitleaks (built from the Go module proxy by
// .ci/go-tool, never at `npm test` time) on the same files and prints both recalls side by side.
// Exits 1 when a rule misses the goal (precision >= 95 %, recall >= 90 %) or gitleaks out-recalls
// us on the credential-format lines.
//
//   node --import tsx test/check/corpus/run.ts [--no-gitleaks] [--verbose]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RULE_IDS } from '../../../src/check/types.js';
import { formatRecall, formatTable, materializeCorpus, runCheck, score } from './harness.js';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const root = new URL('../../../', import.meta.url).pathname;

function gitleaks(dir: string): { version: string; lines: Set<string> } | null {
  let bin: string;
  try {
    bin = execFileSync(join(root, '.ci', 'go-tool'), ['gitleaks'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    return null;
  }
  // A module build carries no version string; the pinned go.mod says which release it is.
  const mod = readFileSync(join(root, '.ci', 'go-tools', 'gitleaks', 'go.mod'), 'utf8');
  const version = `gitleaks ${/zricethezav\/gitleaks\/v8 (v[\w.-]+)/.exec(mod)?.[1] ?? '?'}`;
  const work = mkdtempSync(join(tmpdir(), 'mosaic-gitleaks-'));
  try {
    const report = join(work, 'report.json');
    const r = spawnSync(bin, ['dir', dir, '--no-banner', '--report-format', 'json', '--report-path', report, '--exit-code', '0', '--log-level', 'error'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gitleaks failed (exit ${r.status}): ${r.stderr}`);
    const found = JSON.parse(readFileSync(report, 'utf8')) as Array<{ File: string; StartLine: number }>;
    return { version, lines: new Set(found.map((f) => `${relative(dir, f.File)}:${f.StartLine}`)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const corpus = materializeCorpus();
  try {
    const reported = await runCheck(corpus.dir, corpus.repos);
    const scores = score(corpus.labels, reported, RULE_IDS);
    const labelled = new Set(corpus.labels.filter((l) => l.kind === 'TP').map((l) => l.rule));
    const shown = scores.filter((s) => labelled.has(s.rule) || s.fp > 0);
    console.log(`corpus: ${corpus.repos.length} repos, ${corpus.labels.filter((l) => l.kind === 'TP').length} TP lines, ${corpus.labels.filter((l) => l.kind === 'FP').length} FP-labelled lines\n`);
    console.log(formatTable(shown));
    let failed = false;
    for (const s of shown) {
      if (s.precision < 0.95 || s.recall < 0.9) failed = true;
      if (verbose || s.precision < 0.95 || s.recall < 0.9) {
        for (const f of s.falsePositives) console.log(`  FP ${s.rule} ${f.repo}/${f.path}:${f.line}`);
        for (const m of s.missed) console.log(`  FN ${s.rule} ${m.repo}/${m.path}:${m.line}`);
      }
    }
    if (!argv.includes('--no-gitleaks')) {
      const gl = gitleaks(corpus.dir);
      if (!gl) {
        console.log('\ngitleaks: not available (.ci/go-tool gitleaks failed)');
        failed = true;
      } else {
        const oursLines = new Set(reported.filter((f) => f.rule === 'hardcoded-secret').map((f) => `${f.repo}/${f.path}:${f.line}`));
        const ours = formatRecall(corpus.labels, oursLines);
        const theirs = formatRecall(corpus.labels, gl.lines);
        const allTp = corpus.labels.filter((l) => l.kind === 'TP' && l.rule === 'hardcoded-secret');
        const glAll = allTp.filter((l) => gl.lines.has(`${l.repo}/${l.path}:${l.line}`)).length;
        const oursAll = allTp.filter((l) => oursLines.has(`${l.repo}/${l.path}:${l.line}`)).length;
        const glTpLines = new Set(corpus.labels.filter((l) => l.kind === 'TP').map((l) => `${l.repo}/${l.path}:${l.line}`));
        const glFp = [...gl.lines].filter((l) => !glTpLines.has(l)).length;
        const pct = (a: number, b: number) => `${b ? ((a / b) * 100).toFixed(1) : '100.0'}%`;
        console.log(`\nrecall side by side (${gl.version})`);
        console.log(`  credential-format lines: check ${ours.found}/${ours.total} (${pct(ours.found, ours.total)})  gitleaks ${theirs.found}/${theirs.total} (${pct(theirs.found, theirs.total)})`);
        console.log(`  all hardcoded-secret lines: check ${oursAll}/${allTp.length} (${pct(oursAll, allTp.length)})  gitleaks ${glAll}/${allTp.length} (${pct(glAll, allTp.length)})`);
        console.log(`  gitleaks lines flagged outside the TP labels: ${glFp}`);
        if (verbose) for (const l of [...gl.lines].filter((x) => !glTpLines.has(x)).sort()) console.log(`    gitleaks FP ${l}`);
        if (ours.found < theirs.found) failed = true;
      }
    }
    console.log(failed ? '\nFAIL: below the goal (precision >= 95 %, recall >= 90 %, recall >= gitleaks on formats)' : '\nOK: every rule at precision >= 95 % and recall >= 90 %, recall >= gitleaks');
    return failed ? 1 : 0;
  } finally {
    corpus.cleanup();
  }
}

process.exitCode = await main();

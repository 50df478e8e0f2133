// The labelled precision/recall corpus for `check`: small hand-written repositories under
// test/check/corpus/repos/<repo>/ that reproduce what real repositories look like (application
// code, Helm charts, Kustomize, compose stacks, Terraform, Spring, Django, …). Every line a rule
// must flag carries a label `⟦TP <rule> [fmt]⟧`; lines that look tempting but must stay quiet carry
// `⟦FP <rule>⟧` (documentation: any finding on an unlabelled line counts as a false positive too).
// `fmt` marks a credential in a well-known format (the lines gitleaks' recall is measured on).
//
// Labels are stripped and credential-shaped values (`%%GEN:NAME%%`) are generated when the corpus
// is materialized into a temp dir, so this repository never commits a token a secret scanner or
// push protection would stop, and line numbers are those of the materialized files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../../../src/check/index.js';

export const CORPUS = new URL('./repos/', import.meta.url).pathname;

export interface Label {
  repo: string;
  /** POSIX path relative to the repo. */
  path: string;
  line: number;
  kind: 'TP' | 'FP';
  rule: string;
  /** A credential in a well-known format. */
  fmt: boolean;
}

export interface Materialized {
  dir: string;
  repos: string[];
  labels: Label[];
  cleanup(): void;
}

// ---------- deterministic fake credentials (random bodies, never issued) ----------
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

function pemBody(r: () => number, kind = 'RSA '): string {
  const lines = [`-----BEGIN ${kind}PRIVATE` + ' KEY-----'];
  const s = (n: number) => Array.from({ length: n }, () => B64[Math.floor(r() * 64)]).join('');
  lines.push('MIIEpAIBAAKCAQEA' + s(48));
  for (let i = 0; i < 6; i++) lines.push(s(64));
  lines.push(s(40) + '==');
  lines.push(`-----END ${kind}PRIVATE` + ' KEY-----');
  return lines.join('\n');
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** Generators by marker name; each occurrence gets a fresh value. */
const GEN: Record<string, (r: () => number, s: (n: number, a?: string) => string) => string> = {
  AWS_KEY_ID: (_r, s) => 'AKIA' + s(16, UPPER + '234567'),
  AWS_SECRET: (_r, s) => s(40, B64),
  GITHUB_PAT: (_r, s) => 'gh' + 'p_' + s(36),
  GITLAB_PAT: (_r, s) => 'glp' + 'at-' + s(20, ALNUM + '_-'),
  SLACK_BOT: (_r, s) => 'xox' + 'b-' + s(11, DIGITS) + '-' + s(12, DIGITS) + '-' + s(24),
  SLACK_WEBHOOK: (_r, s) => 'https://hooks.slack' + '.com/services/T' + s(8, UPPER + DIGITS) + '/B' + s(9, UPPER + DIGITS) + '/' + s(24),
  STRIPE_LIVE: (_r, s) => 'sk' + '_live_' + s(24),
  SENDGRID: (_r, s) => 'S' + 'G.' + s(22, B64URL) + '.' + s(43, B64URL),
  NPM_TOKEN: (_r, s) => 'np' + 'm_' + s(36),
  GOOGLE_API: (_r, s) => 'AI' + 'za' + s(35, B64URL),
  TWILIO: (_r, s) => 'S' + 'K' + s(32, HEX),
  JWT: (_r, s) => b64url('{"alg":"HS256","typ":"JWT"}') + '.' + b64url(`{"sub":"${s(8, DIGITS)}","name":"svc","iat":1516239022}`) + '.' + s(43, B64URL),
  PEM: (r) => pemBody(r),
  PEM_PKCS8: (r) => pemBody(r, ''),
  /** A PEM private key, base64-encoded as it sits under a Secret's `data:`. */
  PEM_B64: (r) => Buffer.from(pemBody(r) + '\n').toString('base64'),
  /** A PEM private key as one JSON string (`\n` escapes), as in a GCP service-account key file. */
  PEM_JSON: (r) => pemBody(r, '').replace(/\n/g, '\\n') + '\\n',
  HEX32: (_r, s) => s(32, HEX),
  HEX40: (_r, s) => s(40, HEX),
  HEX64: (_r, s) => s(64, HEX),
  ALNUM24: (_r, s) => s(24),
  ALNUM32: (_r, s) => s(32),
  LETTERS20: (_r, s) => s(20, UPPER + LOWER),
  B64_32: (_r, s) => s(43, B64) + '=',
};

const MARK = /%%GEN:([A-Z0-9_]+)%%/g;
const LABEL = /\s*⟦(TP|FP) ([a-z-]+)( fmt)?⟧/g;

function listFiles(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, base), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** `dot_env` → `.env`, `dot_github/` → `.github/` (so this repo's own tools never see them as real). */
function realPath(rel: string): string {
  return rel
    .split('/')
    .map((p) => (p.startsWith('dot_') ? `.${p.slice(4)}` : p))
    .join('/');
}

/** Strips labels and fills generated values; labels get the line numbers of the output. */
export function renderFile(repo: string, path: string, source: string, r: () => number): { text: string; labels: Label[] } {
  const labels: Label[] = [];
  const out: string[] = [];
  const s = (n: number, a = ALNUM) => Array.from({ length: n }, () => a[Math.floor(r() * a.length)]).join('');
  for (const raw of source.split('\n')) {
    const found: Array<Omit<Label, 'line'>> = [];
    const line = raw.replace(LABEL, (_m, kind: 'TP' | 'FP', rule: string, fmt: string | undefined) => {
      found.push({ repo, path, kind, rule, fmt: Boolean(fmt) });
      return '';
    });
    const filled = line.replace(MARK, (m, name: string) => {
      const g = GEN[name];
      if (!g) throw new Error(`${repo}/${path}: unknown generator ${m}`);
      return g(r, s);
    });
    for (const l of found) labels.push({ ...l, line: out.length + 1 });
    out.push(...filled.split('\n'));
  }
  return { text: out.join('\n'), labels };
}

/** Writes every corpus repo into a fresh temp dir. */
export function materializeCorpus(): Materialized {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-corpus-'));
  const repos = readdirSync(CORPUS).sort();
  const labels: Label[] = [];
  const r = rng(17);
  for (const repo of repos) {
    for (const rel of listFiles(join(CORPUS, repo))) {
      const path = realPath(rel);
      const { text, labels: ls } = renderFile(repo, path, readFileSync(join(CORPUS, repo, rel), 'utf8'), r);
      const target = join(dir, repo, path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, text);
      labels.push(...ls);
    }
  }
  return { dir, repos, labels, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Reported {
  repo: string;
  path: string;
  line: number;
  rule: string;
}

export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  falsePositives: Reported[];
  missed: Label[];
}

const key = (x: { repo: string; path: string; line: number; rule: string }) => `${x.rule}\t${x.repo}/${x.path}:${x.line}`;

/** Per-rule precision and recall of findings (deduplicated per line) against the TP labels. */
export function score(labels: readonly Label[], reported: readonly Reported[], rules: readonly string[]): RuleScore[] {
  const tpLabels = new Map<string, Label>();
  for (const l of labels) if (l.kind === 'TP') tpLabels.set(key(l), l);
  const seen = new Map<string, Reported>();
  for (const f of reported) if (!seen.has(key(f))) seen.set(key(f), f);
  return rules.map((rule) => {
    const mine = [...seen.values()].filter((f) => f.rule === rule);
    const wanted = [...tpLabels.values()].filter((l) => l.rule === rule);
    const hits = mine.filter((f) => tpLabels.has(key(f)));
    const falsePositives = mine.filter((f) => !tpLabels.has(key(f)));
    const missed = wanted.filter((l) => !seen.has(key(l)));
    const tp = hits.length;
    return {
      rule,
      tp,
      fp: falsePositives.length,
      fn: missed.length,
      precision: mine.length ? tp / mine.length : 1,
      recall: wanted.length ? tp / wanted.length : 1,
      falsePositives,
      missed,
    };
  });
}

/** Recall on the `fmt` lines (credentials in well-known formats), from any finding on the line. */
export function formatRecall(labels: readonly Label[], lines: ReadonlySet<string>): { found: number; total: number } {
  const fmt = labels.filter((l) => l.kind === 'TP' && l.fmt);
  const found = fmt.filter((l) => lines.has(`${l.repo}/${l.path}:${l.line}`)).length;
  return { found, total: fmt.length };
}

export function formatTable(scores: readonly RuleScore[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const rows = scores.map((s) => `${s.rule.padEnd(28)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${pct(s.precision)} ${pct(s.recall)}`);
  return [`${'rule'.padEnd(28)}   TP   FP   FN  precis  recall`, ...rows].join('\n');
}

/** `check` on each corpus repo as its own working directory, as a user runs it. */
export async function runCheck(dir: string, repos: readonly string[]): Promise<Reported[]> {
  const out: Reported[] = [];
  for (const repo of repos) {
    const r = await check(['.'], { cwd: join(dir, repo), baseline: null });
    for (const f of r.findings) out.push({ repo, path: f.path, line: f.line, rule: f.rule });
  }
  return out;
}

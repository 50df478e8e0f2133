// `check --fix`: findings (rule, file, line, evidence) → a reviewable plan of safe rewrites, then
// the diff and the writes. Built on the findings API only: each file is read once, every finding is
// re-verified against that text (its hash must still match), and edits go through the atomic
// writer, which refuses a file that changed after it was read. Running it twice changes nothing
// the second time: the rewritten forms are exactly what `check` accepts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { spanFingerprint } from '../baseline.js';
import { isHelmTemplate } from '../helm.js';
import type { Finding } from '../types.js';
import { ConflictError } from '../../errors.js';
import { lexists, readRegularFile, writeFileSafe } from '../../write/safeFile.js';
import { unifiedDiff } from '../../write/diff.js';
import { definesOf } from './chartEnv.js';
import { MAX_REPO_FILE_BYTES, readRepoText, type Warn } from './read.js';
import { FIXERS, type AppKnowledge, type TextEdit } from './fixers.js';

export { FIXERS } from './fixers.js';

export interface AppliedFix {
  finding: Finding;
  description: string;
  /** The file the edit changes (the finding's file, or .gitignore for an env file). */
  path: string;
  edit: TextEdit;
}

export interface FilePatch {
  path: string;
  before: string;
  after: string;
}

export interface FixPlan {
  fixes: AppliedFix[];
  patches: FilePatch[];
  /** Files to remove from git's index (kept on disk). */
  untrack: string[];
  skipped: { finding: Finding; why: string }[];
  /** Files not read (a link, a device, too large, outside the repo), one line each. */
  warnings: string[];
}

const MANIFEST = '.mosaic-secrets.yaml';
const GITIGNORE = '.gitignore';

/** What the nearest .mosaic-secrets.yaml (at or above the file, up to cwd) says about names. */
function knowledgeFor(cwd: string, path: string, cache: Map<string, AppKnowledge>, warn: Warn): AppKnowledge {
  let dir = posix.dirname(path);
  for (;;) {
    const hit = cache.get(dir);
    if (hit) return hit;
    const manifest = dir === '.' ? MANIFEST : `${dir}/${MANIFEST}`;
    if (lexists(join(cwd, manifest))) {
      const k = parseKnowledge(readRepoText(cwd, manifest, warn));
      cache.set(dir, k);
      return k;
    }
    if (dir === '.' || dir === '' || dir === '/') break;
    dir = posix.dirname(dir);
  }
  const none: AppKnowledge = { secrets: new Set(), reasons: new Map() };
  cache.set('.', none);
  return none;
}

function parseKnowledge(text: string | null): AppKnowledge {
  if (text === null) return { secrets: new Set(), reasons: new Map() };
  try {
    const doc = parse(text) as { answers?: { secrets?: { env?: unknown }[]; config?: { env?: unknown; reason?: unknown }[] } } | null;
    const a = doc?.answers;
    return {
      secrets: new Set((a?.secrets ?? []).map((s) => s.env).filter((e): e is string => typeof e === 'string')),
      reasons: new Map((a?.config ?? []).filter((c) => typeof c.env === 'string' && typeof c.reason === 'string').map((c) => [c.env as string, (c.reason as string).trim()])),
    };
  } catch {
    return { secrets: new Set(), reasons: new Map() };
  }
}

/** Offset of a 1-based line and UTF-16 column. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl === -1) return -1;
    at = nl + 1;
  }
  return at + column - 1;
}


/** The named templates of the chart a template belongs to: every `define` in its templates/*.tpl. */
function chartDefines(cwd: string, path: string, cache: Map<string, ReadonlyMap<string, string>>, warn: Warn): ReadonlyMap<string, string> {
  let dir = posix.dirname(path);
  while (dir !== '.' && dir !== '/' && !(posix.basename(dir) === 'templates' && existsSync(join(cwd, posix.dirname(dir), 'Chart.yaml')))) dir = posix.dirname(dir);
  const hit = cache.get(dir);
  if (hit) return hit;
  let names: string[] = [];
  try {
    names = readdirSync(join(cwd, dir)).filter((n) => n.endsWith('.tpl')).sort();
  } catch {
    // no templates directory to read: no named templates
  }
  const texts = names.map((n) => readRepoText(cwd, `${dir}/${n}`, warn)).filter((t): t is string => t !== null);
  const out = definesOf(texts);
  cache.set(dir, out);
  return out;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function planFixes(findings: readonly Finding[], cwd: string): FixPlan {
  const warnings: string[] = [];
  const warn: Warn = (m) => {
    if (!warnings.includes(m)) warnings.push(m);
  };
  const texts = new Map<string, string | null>();
  // Files with findings: a refusal is the finding's "not a regular file" below, not a warning too.
  const read = (p: string) => {
    if (!texts.has(p)) texts.set(p, readRepoText(cwd, p, () => {}));
    return texts.get(p)!;
  };
  const knowledge = new Map<string, AppKnowledge>();
  const fixes: AppliedFix[] = [];
  const skipped: FixPlan['skipped'] = [];
  const untrack: string[] = [];
  const ignoreLines: string[] = [];
  const edits = new Map<string, TextEdit[]>();
  const claim = (path: string, e: TextEdit): boolean | TextEdit => {
    const list = edits.get(path) ?? [];
    // An edit inside text another fix removes is moot: that removal fixes it too.
    const removal = list.find((o) => o.text === '' && o.start < o.end && o.start <= e.start && e.end <= o.end);
    if (removal) return removal;
    // Two edits of one region (nested expansions) are not provably independent: keep the first.
    if (list.some((o) => (e.start < o.end && o.start < e.end) || (e.start === e.end && e.start === o.start))) return false;
    list.push(e);
    edits.set(path, list);
    return true;
  };
  const definesCache = new Map<string, ReadonlyMap<string, string>>();
  const whole = (f: Finding) => f.line === 1 && f.column === 1 && f.endColumn === 1;
  const span = (f: Finding, text: string) => [offsetOf(text, f.line, f.column), offsetOf(text, f.endLine, f.endColumn)] as const;
  // A file any of whose findings no longer matches its text was edited after the scan: none of its
  // fixes is applied (the writer refuses a change after this read on its own).
  const changed = new Set<string>();
  for (const f of findings) {
    const fixer = FIXERS.find((x) => x.rule === f.rule);
    const text = fixer && !whole(f) ? read(f.path) : null;
    if (text === null) continue;
    const [start, end] = span(f, text);
    const current = fixer!.current ? fixer!.current(text, start, end, f) : spanFingerprint(text, start, end, f.valueSpan) === f.hash;
    if (start < 0 || end < start || !current) changed.add(f.path);
  }
  // Removals first, so an edit inside removed text is known to be moot (stable: findings order otherwise).
  const ordered = [...findings].sort((a, b) => Number(FIXERS.find((x) => x.rule === b.rule)?.first === true) - Number(FIXERS.find((x) => x.rule === a.rule)?.first === true));
  for (const f of ordered) {
    const fixer = FIXERS.find((x) => x.rule === f.rule);
    if (!fixer) continue;
    const text = read(f.path);
    if (text === null) {
      skipped.push({ finding: f, why: 'not a regular file that can be read' });
      continue;
    }
    if (changed.has(f.path)) {
      skipped.push({ finding: f, why: 'changed since the scan' });
      continue;
    }
    const [start, end] = span(f, text);
    const helm = isHelmTemplate(join(cwd, f.path));
    const defines = helm ? chartDefines(cwd, f.path, definesCache, warn) : new Map<string, string>();
    const out = fixer.fix({ finding: f, text, start, end, app: knowledgeFor(cwd, f.path, knowledge, warn), helm, defines });
    if ('none' in out) {
      skipped.push({ finding: f, why: out.none });
      continue;
    }
    if ('edit' in out) {
      const claimed = claim(f.path, out.edit);
      if (claimed === true) fixes.push({ finding: f, description: out.description, path: f.path, edit: out.edit });
      else if (claimed) fixes.push({ finding: f, description: `removed with the entry that held it (${out.description})`, path: f.path, edit: claimed });
      else skipped.push({ finding: f, why: 'overlaps another fix on the same text' });
      continue;
    }
    if (out.git !== 'ignore') untrack.push(f.path);
    if (out.git === 'untrack') {
      fixes.push({ finding: f, description: out.description, path: f.path, edit: { start: 0, end: 0, text: '' } });
      continue;
    }
    const current = read(GITIGNORE) ?? (lexists(join(cwd, GITIGNORE)) ? null : '');
    if (current === null) {
      skipped.push({ finding: f, why: '.gitignore is not a regular file' });
      continue;
    }
    texts.set(GITIGNORE, current);
    const line = `/${f.path}`;
    const listed = current.split(/\r?\n/).some((l) => l.trim() === line || l.trim() === f.path) || ignoreLines.includes(line);
    if (!listed) ignoreLines.push(line);
    fixes.push({ finding: f, description: out.description, path: GITIGNORE, edit: { start: current.length, end: current.length, text: listed ? '' : `${line}\n` } });
  }
  if (ignoreLines.length) {
    const current = texts.get(GITIGNORE)!;
    const sep = current === '' || current.endsWith('\n') ? '' : '\n';
    // The separator belongs to the first appended line, so SARIF's insertion shows the same bytes.
    const first = fixes.find((x) => x.path === GITIGNORE && x.edit.text !== '');
    if (first) first.edit = { ...first.edit, text: sep + first.edit.text };
    edits.set(GITIGNORE, [{ start: current.length, end: current.length, text: sep + ignoreLines.map((l) => `${l}\n`).join('') }]);
  }
  const patches: FilePatch[] = [];
  for (const [path, list] of edits) {
    const before = texts.get(path) ?? '';
    const after = applyEdits(before, list);
    if (after !== before) patches.push({ path, before, after });
  }
  return { fixes, patches, untrack: [...new Set(untrack)], skipped, warnings };
}

export interface FixIo {
  stdout: { write(chunk: string): unknown };
  color: boolean;
}

/** Print the diff; unless dry-run, write every patch atomically and untrack the env files. */
export async function applyFixes(plan: FixPlan, cwd: string, io: FixIo, dryRun: boolean): Promise<void> {
  for (const p of plan.patches) io.stdout.write(`${unifiedDiff(p.path, p.before, p.after, io.color)}\n`);
  for (const path of plan.untrack) io.stdout.write(`${dryRun ? 'would run' : 'running'}: git rm --cached -- ${path}  (the file stays on disk, now ignored)\n`);
  for (const w of plan.warnings) io.stdout.write(`not read: ${w}\n`);
  for (const s of plan.skipped) io.stdout.write(`not fixed: ${s.finding.path}:${s.finding.line} ${s.finding.rule}: ${s.why}\n`);
  if (dryRun) {
    io.stdout.write(`--fix --dry-run: ${plan.fixes.length} fix${plan.fixes.length === 1 ? '' : 'es'} shown, nothing written\n`);
    return;
  }
  // A file saved since it was read is the user's: nothing is written. Then each file atomically
  // through safeFile's writer (a temp file renamed over it; never through a link or a linked directory).
  const moved = plan.patches.filter((p) => {
    const now = readRegularFile(join(cwd, p.path), { maxBytes: MAX_REPO_FILE_BYTES });
    return !(now.ok ? now.data.toString('utf8') === p.before : now.reason === 'missing' && p.before === '');
  });
  if (moved.length) throw new ConflictError(`${moved.map((p) => p.path).join(', ')} changed on disk while --fix was deciding; nothing was written, run again`, moved.map((p) => p.path));
  for (const p of plan.patches) writeFileSafe(join(cwd, p.path), p.after, { root: cwd, display: p.path });
  for (const path of plan.untrack) {
    execFileSync('git', ['rm', '--cached', '--quiet', '--', path], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  io.stdout.write(`--fix: ${plan.fixes.length} fix${plan.fixes.length === 1 ? '' : 'es'} applied${plan.skipped.length ? `, ${plan.skipped.length} finding${plan.skipped.length === 1 ? '' : 's'} left for you` : ''}\n`);
}

/** 1-based line and column of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** SARIF 2.1.0 `fixes[]` for each result whose finding has a fix (results are in findings order). */
export function sarifWithFixes(sarif: string, findings: readonly Finding[], plan: FixPlan): string {
  const log = JSON.parse(sarif) as { runs: { results?: Record<string, unknown>[] }[] };
  const results = log.runs[0]?.results ?? [];
  const byFinding = new Map<Finding, AppliedFix[]>();
  for (const fx of plan.fixes) byFinding.set(fx.finding, [...(byFinding.get(fx.finding) ?? []), fx]);
  const textOf = (p: string) => plan.patches.find((x) => x.path === p)?.before ?? '';
  findings.forEach((f, i) => {
    const fxs = byFinding.get(f)?.filter((fx) => fx.edit.text !== '' || fx.edit.start !== fx.edit.end);
    const r = results[i];
    if (!fxs?.length || !r) return;
    r['fixes'] = fxs.map((fx) => {
      const text = textOf(fx.path);
      const s = position(text, fx.edit.start);
      const e = position(text, fx.edit.end);
      return {
        description: { text: fx.description },
        artifactChanges: [
          {
            artifactLocation: { uri: fx.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column }, insertedContent: { text: fx.edit.text } }],
          },
        ],
      };
    });
  });
  return `${JSON.stringify(log, null, 2)}\n`;
}

// The engine: walk once, read each file once, run the rules that apply to its kind, turn raw
// hits into findings (position, masked snippet, suppression, baseline hash), then audit the
// checklist per app from facts gathered on the way.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { AppInfo, FileRule, Finding, Hit, RuleId, ScanFile } from './types.js';
import { contextOf, isDeployPath, kindOf } from './classify.js';
import { LineIndex } from './lines.js';
import { allowTest, tagNear } from './suppress.js';
import { hashMatch, spanFingerprint } from './baseline.js';
import { walk } from './walk.js';
import { refusalText } from '../write/safeFile.js';
import { readListedFile } from './read.js';
import { discoverApps } from './project.js';
import { FILE_RULES, ruleMeta } from './rules/index.js';
import { collect, evaluate, newFacts, type AppFacts, type FileRef } from './rules/checklist.js';

export interface ScanOptions {
  cwd: string;
  /** Rules to run (all when empty). */
  rules: ReadonlySet<RuleId>;
  exclude: string[];
  /** Files larger than this many bytes are skipped (generated data, dumps). */
  maxFileSize: number;
  /** Audit the bootstrap checklist for apps found in the scanned tree. */
  checklist: boolean;
}

export interface ScanResult {
  findings: Finding[];
  filesScanned: number;
  /** Hits silenced by `mosaic-secrets:allow`. */
  suppressed: number;
  /** What the scan could not find out (printed to stderr by the CLI). */
  warnings: string[];
}

const MASK = '********';
/** Findings reported per file; more are counted in a warning (they are not baselined either). */
export const MAX_FINDINGS_PER_FILE = 1000;
const SNIPPET_WIDTH = 160;

/** A NUL byte in the first 8,000 bytes (git's own test), found by memchr rather than a loop. */
function isBinary(buf: Buffer): boolean {
  return (buf.length > 8000 ? buf.subarray(0, 8000) : buf).indexOf(0) !== -1;
}

/** One-line bundles and data blobs: long and with almost no line breaks. */
function isMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let breaks = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < 8192; i = text.indexOf('\n', i + 1)) if (++breaks > 8) return false;
  return true;
}

/**
 * The hit's source line for the text report, with every secret span of the file that touches the
 * line masked (another hit on the same line must not show this one's value), carets remapped.
 */
function snippetOf(lines: LineIndex, lineNo: number, start: number, end: number, masks: ReadonlyArray<readonly [number, number]>) {
  let lineStart = lines.lineStart(lineNo);
  let lineEnd = lineNo + 1 < lines.lineCount ? lines.lineStart(lineNo + 1) - 1 : lines.text.length;
  if (lineEnd > lineStart && lines.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  // A long line (one-line JSON, a minified template) is cut to a window around the hit first, so
  // each of its hits costs the window, not the line.
  const WINDOW = SNIPPET_WIDTH * 2;
  if (lineEnd - lineStart > WINDOW * 4) {
    lineStart = Math.max(lineStart, start - WINDOW);
    lineEnd = Math.min(lineEnd, Math.max(end, start) + WINDOW);
  }
  const raw = lines.text.slice(lineStart, lineEnd);
  const spans = masksIn(masks, lineStart, lineEnd)
    .filter(([a, b]) => b > a && a < lineEnd && b > lineStart)
    .map(([a, b]) => [Math.max(a, lineStart) - lineStart, Math.min(b, lineEnd) - lineStart] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  let text = '';
  let pos = 0;
  let caretStart = start - lineStart;
  let caretEnd = Math.min(end, lineEnd) - lineStart;
  const map = (o: number, shiftSoFar: number) => o + shiftSoFar;
  let shift = 0;
  let cs = -1;
  let ce = -1;
  for (const [ms, me] of spans) {
    if (ms < pos) continue; // overlapping spans: the first one already masked this part
    text += raw.slice(pos, ms) + MASK;
    if (cs === -1 && caretStart < me) cs = caretStart <= ms ? map(caretStart, shift) : map(ms, shift);
    if (ce === -1 && caretEnd <= me) ce = caretEnd <= ms ? map(caretEnd, shift) : map(ms, shift) + MASK.length;
    shift += MASK.length - (me - ms);
    pos = me;
  }
  text += raw.slice(pos);
  caretStart = cs === -1 ? map(caretStart, shift) : cs;
  caretEnd = ce === -1 ? map(caretEnd, shift) : ce;
  text = text.replace(/\t/g, ' ');
  if (text.length > SNIPPET_WIDTH) {
    const from = Math.max(0, Math.min(caretStart - 40, text.length - SNIPPET_WIDTH));
    const cut = text.slice(from, from + SNIPPET_WIDTH);
    const lead = from > 0 ? 1 : 0;
    const full = text.length;
    text = (lead ? '…' : '') + cut + (from + SNIPPET_WIDTH < full ? '…' : '');
    caretStart = caretStart - from + lead;
    caretEnd = Math.min(caretEnd - from + lead, text.length);
  }
  return { text, line: lineNo + 1, caretStart: Math.max(0, caretStart), caretLength: Math.max(1, caretEnd - caretStart) };
}

const longestMask = new WeakMap<ReadonlyArray<readonly [number, number]>, number>();

/**
 * The masks that may touch [from, to), from masks sorted by start (scan sorts them once per file):
 * a binary search for the last one starting before `to`, then back only as far as the longest
 * mask reaches, instead of a pass over all of them for every hit.
 */
function masksIn(masks: ReadonlyArray<readonly [number, number]>, from: number, to: number): ReadonlyArray<readonly [number, number]> {
  if (masks.length < 64) return masks;
  let longest = longestMask.get(masks);
  if (longest === undefined) longestMask.set(masks, (longest = masks.reduce((m, [a, b]) => Math.max(m, b - a), 0)));
  let lo = 0;
  let hi = masks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (masks[mid]![0] < to) lo = mid + 1;
    else hi = mid;
  }
  const out: Array<readonly [number, number]> = [];
  for (let i = lo - 1; i >= 0 && masks[i]![0] >= from - longest; i--) out.push(masks[i]!);
  return out.reverse();
}

/**
 * A finding's baseline hash: of the matched text with the masked part (the secret value) cut out,
 * so it reveals nothing the report does not print (see baseline.ts); of the rule's key otherwise.
 */
function fingerprintOf(hit: Hit, text: string | null): string {
  if (text !== null && hit.mask && !hit.wholeFile) return spanFingerprint(text, hit.start, hit.end, hit.mask);
  return hashMatch(hit.key ?? (text !== null ? text.slice(hit.start, hit.end) : hit.message));
}

export function scan(paths: readonly string[], options: ScanOptions): ScanResult {
  const cwd = resolve(options.cwd);
  let w;
  try {
    w = walk(paths, { cwd, exclude: options.exclude, trackedEnv: options.rules.size === 0 || options.rules.has('committed-env-file') });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new UsageError(`${e.path ?? 'path'}: no such file or directory`);
    throw err;
  }
  const apps = discoverApps(w, cwd);
  const rules: FileRule[] = FILE_RULES.filter((r) => options.rules.size === 0 || options.rules.has(r.id));
  const runChecklist = options.checklist && (options.rules.size === 0 || [...options.rules].some((r) => r.startsWith('checklist-')));
  const facts = new Map<AppInfo, AppFacts>();
  const findings: Finding[] = [];
  // Secret spans per file, so checklist findings on the same files mask them too.
  const masksByPath = new Map<string, Array<readonly [number, number]>>();
  let suppressed = 0;
  let filesScanned = 0;

  const finish = (file: FileRef, hit: Hit, lines: LineIndex | null, masks: ReadonlyArray<readonly [number, number]>) => {
    const meta = ruleMeta(hit.rule)!;
    const text = file.text;
    let message = hit.message;
    if (text !== null) {
      const allow = tagNear(text, hit.wholeFile ? 0 : hit.start, allowTest(hit.rule));
      if (allow === 'ok') {
        suppressed++;
        return;
      }
      if (allow === 'no-reason') message += ' (the mosaic-secrets:allow comment here gives no reason, so it does not count)';
    }
    const base = { rule: hit.rule, severity: hit.severity ?? meta.severity, path: file.path, message, hash: fingerprintOf(hit, text) };
    if (hit.wholeFile || text === null) {
      findings.push({ ...base, line: 1, column: 1, endLine: 1, endColumn: 1 });
      return;
    }
    const li = lines ?? new LineIndex(text);
    const l0 = li.lineOf(hit.start);
    const l1 = li.lineOf(Math.max(hit.start, hit.end - 1));
    const column = hit.start - li.lineStart(l0) + 1;
    const endColumn = hit.end > hit.start ? hit.end - li.lineStart(l1) + 1 : column;
    findings.push({ ...base, line: l0 + 1, column, endLine: l1 + 1, endColumn, snippet: snippetOf(li, l0, hit.start, hit.end, masks), ...(hit.mask ? { valueSpan: [hit.mask[0], hit.mask[1]] as [number, number] } : {}) });
  };

  for (const entry of w.files) {
    // Size is checked before a byte is read (a sparse 1.5 GB file costs nothing); links are followed
    // only for a path named on the command line; devices and FIFOs are never opened.
    const read = readListedFile(entry.abs, options.maxFileSize, entry.regular === true, entry.explicit);
    if (!read.ok) {
      if (read.reason === 'link' || read.reason === 'not-regular') w.warnings.push(`${entry.path}: ${refusalText(read)}`);
      continue;
    }
    const buf = read.data;
    if (isBinary(buf)) continue;
    let text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const kind = kindOf(entry.name);
    if ((kind === 'js' || kind === 'text') && isMinified(text)) continue;
    filesScanned++;
    const app = apps.appFor(entry.abs);
    const appPath = app && app.dir ? (entry.path.startsWith(app.dir + '/') ? entry.path.slice(app.dir.length + 1) : entry.path) : entry.path;
    const file: ScanFile = {
      abs: entry.abs,
      path: entry.path,
      appPath,
      name: entry.name,
      kind,
      context: contextOf(appPath, entry.name, kind),
      deployPath: isDeployPath(appPath, entry.name),
      ignored: entry.ignored,
      tracked: entry.tracked ?? false,
      text,
      app,
    };
    const hits: Hit[] = [];
    for (const rule of rules) if (rule.applies(file)) rule.check(file, (hit) => hits.push(hit));
    if (hits.length) {
      const lines = new LineIndex(text);
      const masks = hits.flatMap((h) => (h.mask ? [h.mask] : [])).sort((a, b) => a[0] - b[0]);
      if (masks.length) masksByPath.set(file.path, masks);
      const ref: FileRef = { path: file.path, text };
      // A generated or hostile file with 70,000 hits would cost the report its memory and the reader
      // their patience: the first MAX_FINDINGS_PER_FILE are reported, the rest are counted.
      for (const hit of hits.length > MAX_FINDINGS_PER_FILE ? hits.slice(0, MAX_FINDINGS_PER_FILE) : hits) finish(ref, hit, lines, masks);
      if (hits.length > MAX_FINDINGS_PER_FILE) w.warnings.push(`${entry.path}: ${hits.length - MAX_FINDINGS_PER_FILE} more findings not reported (only the first ${MAX_FINDINGS_PER_FILE} of a file are)`);
    }
    if (runChecklist && app && app.audit !== 'none') {
      let f = facts.get(app);
      if (!f) facts.set(app, (f = newFacts()));
      collect(file, app, f);
    }
  }

  if (runChecklist) {
    for (const app of apps.list) {
      if (app.audit === 'none') continue;
      evaluate(app, facts.get(app) ?? newFacts(), (file, hit) => {
        if (options.rules.size && !options.rules.has(hit.rule)) return;
        finish(file, hit, null, masksByPath.get(file.path) ?? []);
      });
    }
  }

  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  return { findings, filesScanned, suppressed, warnings: [...new Set(w.warnings)] };
}

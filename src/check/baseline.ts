// The baseline: findings a team has accepted for now, so CI fails only on new ones. Entries are
// keyed on (rule, path, fingerprint) — not line numbers — so they survive edits that move lines.
// The fingerprint is a hash of the matched text *with the secret value cut out* (the part the
// text report masks): a salted or keyed hash of the value would still let anyone holding the
// baseline test guesses offline (a five-word dictionary found `Summer2024!` in a version-1
// baseline), while a fingerprint without the value tells them nothing the report does not show.
// The price: a changed value at an accepted spot stays accepted; a new spot never is.
import { sha256Hex } from './sha256.js';
import { UsageError } from '../errors.js';
import { readRegularFile, refusalText } from '../write/safeFile.js';
import type { Finding } from './types.js';

export const DEFAULT_BASELINE = '.mosaic-secrets-baseline.json';

export interface BaselineEntry {
  rule: string;
  path: string;
  hash: string;
}

/** Version 1 hashed the secret values themselves; it is refused, not trusted (see readBaseline). */
export const BASELINE_VERSION = 2;

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  /** Human hint only; matching uses rule, path and hash. */
  comment: string;
  findings: BaselineEntry[];
}

/** sha256 of a finding's value-free text with whitespace runs collapsed (re-indenting keeps the key). */
export function hashMatch(text: string): string {
  return sha256Hex(text.replace(/\s+/g, ' ').trim()).slice(0, 16);
}

/**
 * The text a finding's hash covers: the span [start, end) with the secret value (`mask`, file
 * offsets) cut out. check computes it at scan time; check --fix recomputes it to verify that the
 * file still holds what was scanned.
 */
export function spanFingerprint(text: string, start: number, end: number, mask?: readonly [number, number]): string {
  if (!mask) return hashMatch(text.slice(start, end));
  const [ms, me] = mask;
  return hashMatch(`${text.slice(Math.min(start, ms), ms)}\u0000${text.slice(me, Math.max(end, me))}`);
}

const keyOf = (e: BaselineEntry) => `${e.rule}\u0000${e.path}\u0000${e.hash}`;

export function parseBaseline(json: string, source: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new UsageError(`${source}: baseline is not valid JSON`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version === 1) {
    throw new UsageError(`${source}: baseline version 1 hashes the secret values themselves, which can be guessed offline; regenerate it with check --update-baseline (and rotate any weak secret it lists)`);
  }
  if (version !== undefined && version !== BASELINE_VERSION) throw new UsageError(`${source}: baseline version ${JSON.stringify(version)} is not supported (this check reads version ${BASELINE_VERSION})`);
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) throw new UsageError(`${source}: baseline must be an object with a "findings" list`);
  return findings.map((f, i) => {
    const e = f as Partial<BaselineEntry> | null;
    if (!e || typeof e.rule !== 'string' || typeof e.path !== 'string' || typeof e.hash !== 'string') {
      throw new UsageError(`${source}: findings[${i}] needs string fields rule, path and hash`);
    }
    return { rule: e.rule, path: e.path, hash: e.hash };
  });
}

/** Far above any real baseline (a 10,000-finding one is ~1.5 MB); checked before reading. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export function readBaseline(path: string): BaselineEntry[] {
  const r = readRegularFile(path, { maxBytes: MAX_BASELINE_BYTES });
  if (!r.ok) {
    if (r.reason === 'missing' || r.reason === 'unreadable') throw new UsageError(`${path}: cannot read the baseline file`);
    throw new UsageError(`${path}: baseline file ${refusalText(r, MAX_BASELINE_BYTES)}`);
  }
  return parseBaseline(r.data.toString('utf8'), path);
}

/**
 * Drops findings the baseline accepts. Matching is a multiset: a baseline entry absorbs one
 * finding, so a second copy of an accepted secret in the same file is still reported.
 */
export function applyBaseline(findings: Finding[], entries: readonly BaselineEntry[]): { kept: Finding[]; baselined: number } {
  const budget = new Map<string, number>();
  for (const e of entries) budget.set(keyOf(e), (budget.get(keyOf(e)) ?? 0) + 1);
  const kept: Finding[] = [];
  let baselined = 0;
  for (const f of findings) {
    const k = keyOf(f);
    const n = budget.get(k) ?? 0;
    if (n > 0) {
      budget.set(k, n - 1);
      baselined++;
    } else {
      kept.push(f);
    }
  }
  return { kept, baselined };
}

export function baselineOf(findings: readonly Finding[]): BaselineFile {
  const entries = findings
    .map((f) => ({ rule: f.rule, path: f.path, hash: f.hash }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.hash < b.hash ? -1 : 1));
  return {
    version: BASELINE_VERSION,
    comment: 'Accepted findings of `create-mosaic-secrets check`, keyed on rule, path and a hash of the matched text with the secret value left out. Regenerate with --update-baseline.',
    findings: entries,
  };
}

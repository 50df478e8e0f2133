// Rendered files vs what is on disk: decide create / update / unchanged / conflict for each,
// before anything is written (so a conflict or a bad file aborts with nothing half-written).
// Our previous render (`base`, re-rendered from the recorded answers) tells a user's edit from ours.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { RenderedFile } from '../render/types.js';
import { MANIFEST_PATH, sha256, type FileRecord, type Manifest } from './manifest.js';
import { mergeDeps } from './merge/deps.js';
import { findRegion, mergeLines, spliceRegion } from './merge/text.js';
import { threeWay } from './merge/threeWay.js';
import { yamlMerger } from './merge/yamlMergers.js';
import { readTextFileOrNull } from './safeFile.js';

export type Action = 'create' | 'update' | 'unchanged' | 'conflict' | 'delete';

export interface PlannedFile {
  path: string;
  action: Action;
  current: string | null;
  /** Content to write; for a conflict, the version that takes our side (used only on overwrite). */
  next: string;
  executable: boolean;
  /** Why it is a conflict, for the message. */
  reason?: string;
  /** What the manifest records for this file after the write. */
  record: FileRecord | null;
  /** The file is no longer rendered: taking our side means deleting it. */
  remove?: boolean;
  /** A conflict the user settled by keeping their version (its manifest record stays as it was). */
  kept?: boolean;
}

export interface PlanContext {
  target: string;
  app: string;
  previous: Manifest | null;
  /** Our previous render by path (null when there is no usable manifest). */
  base: Map<string, RenderedFile> | null;
}

/** Far above any file we write or merge into (a README, a values.yaml); checked before reading. */
export const MAX_TARGET_BYTES = 16 * 1024 * 1024;

/**
 * A file of the target as text, or null when it does not exist. Through safeFile's bounded reader:
 * a symlink, a device, a FIFO or a file over MAX_TARGET_BYTES is refused before a byte is read
 * (a UsageError naming `path`: exit 2, nothing written), never followed or read into memory whole.
 */
export function readOrNull(target: string, path: string): string | null {
  return readTextFileOrNull(join(target, path), path, MAX_TARGET_BYTES);
}

function conflictReason(recorded: FileRecord | undefined, what: string, answersMoved: boolean): string {
  if (!recorded) return 'exists and was not written by create-mosaic-secrets';
  // The answers in .mosaic-secrets.yaml no longer render what we wrote (edited by hand, or new
  // templates): without that base the user's edit cannot be told from ours, so they decide.
  if (answersMoved) return `${what} edited since create-mosaic-secrets wrote it, and the answers in ${MANIFEST_PATH} it was written from have changed since`;
  return `${what} edited since create-mosaic-secrets wrote it, and the new render changes the same lines`;
}

function action(current: string | null, next: string, conflict: boolean): Action {
  if (current === null) return 'create';
  if (conflict) return 'conflict';
  return current === next ? 'unchanged' : 'update';
}

/** Refuse paths that are, or sit below, a symbolic link: a write through it could land outside the repo. */
function refuseLinks(target: string, path: string): void {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    let st;
    try {
      st = lstatSync(join(target, rel));
    } catch {
      return; // does not exist yet: nothing below it can be a link
    }
    if (st.isSymbolicLink()) {
      const where = rel === path ? 'is a symbolic link' : `is inside ${rel}, a symbolic link`;
      throw new UsageError(`${path}: ${where}; create-mosaic-secrets does not write through links (replace the link with a real file or directory)`);
    }
  }
}

/**
 * The manifest records, per file, the hash of what WE rendered for its recorded answers (our whole
 * file, our region, or our part of a merged YAML file), never of the text on disk: the user's text
 * is only ever the `current` side of a merge, so a run that keeps an edit never makes it look like
 * our output. Our previous render (`base`) is trusted only when it hashes to that record.
 */
/** null: a file we only add to when it exists (a project's package.json) is not there. */
function planOne(f: RenderedFile, ctx: PlanContext): PlannedFile | null {
  refuseLinks(ctx.target, f.path);
  const current = readOrNull(ctx.target, f.path);
  const recorded = ctx.previous?.files[f.path];
  const rendered = ctx.base?.get(f.path)?.content ?? null;
  const executable = f.executable ?? false;
  const s = f.strategy;
  /** `ours` is byte-for-byte what we last rendered (the manifest's hash). */
  const ours = (text: string | null) => text !== null && recorded !== undefined && sha256(text) === recorded.sha256;
  let answersMoved = false;
  /** Our previous render of this part, if it is provably what we wrote; else null (edits then conflict). */
  const trusted = (part: string | null, hashOf: (t: string) => string = sha256): string | null => {
    if (part === null || recorded === undefined) return null;
    if (hashOf(part) === recorded.sha256) return part;
    answersMoved = true;
    return null;
  };
  const done = (next: string, conflict: boolean, record: FileRecord | null, what = 'was'): PlannedFile => ({
    path: f.path,
    current,
    next,
    executable,
    action: action(current, next, conflict),
    ...(conflict && current !== null ? { reason: conflictReason(recorded, what, answersMoved) } : {}),
    record,
  });

  if (s.kind === 'lines') return done(mergeLines(current, f.content, 'local secrets stay out of git (create-mosaic-secrets)'), false, null);
  if (s.kind === 'deps') {
    const next = mergeDeps(s.format, current, f.content, s.onlyIfPresent);
    return next === null ? null : done(next, false, null);
  }
  if (s.kind === 'whole') {
    const record = { sha256: sha256(f.content) };
    if (current === null) return done(f.content, false, record);
    const m = threeWay(trusted(rendered), current, f.content, ours(current));
    return done(m.conflict ? f.content : m.text, m.conflict, record);
  }
  if (s.kind === 'region') {
    const nextRegion = findRegion(f.content, s.begin, s.end);
    if (!nextRegion) throw new Error(`template for ${f.path} lacks its markers`);
    const record = { sha256: sha256(nextRegion.text) };
    if (current === null) return done(f.content, false, record);
    const curRegion = findRegion(current, s.begin, s.end);
    if (!curRegion) {
      const next = spliceRegion(current, nextRegion.text, s.begin, s.end);
      // A README gets our section appended; a code file of the user's (no markers, never written by us)
      // would end up with two definitions, so that is theirs to decide.
      const conflict = !s.appendToExisting;
      return { ...done(next, conflict, record), ...(conflict ? { reason: 'exists without the mosaic-secrets markers (not written by create-mosaic-secrets)' } : {}) };
    }
    const baseRegion = rendered === null ? null : (findRegion(rendered, s.begin, s.end)?.text ?? null);
    const m = threeWay(trusted(baseRegion), curRegion.text, nextRegion.text, ours(curRegion.text));
    return done(spliceRegion(current, m.text, s.begin, s.end), m.conflict, record, 'its generated region was');
  }
  const merger = yamlMerger(s, ctx.app);
  const ownedPart = (text: string) => merger.owned(text, f.path);
  const mine = f.owned ?? ownedPart(f.content); // the renderer's own account, when it gives one (no parse)
  const record: FileRecord = { sha256: sha256(mine.ownedNext), owned: mine.ownedKeys };
  if (current === null) return done(f.content, false, record);
  const base = rendered === f.content ? trusted(rendered, () => record.sha256) : trusted(rendered, (t) => sha256(ownedPart(t).ownedNext));
  const merged = merger.merge(current, base, f.content, f.path, {
    previouslyOwned: recorded?.owned ?? [],
    recordedHash: recorded?.sha256,
    hash: sha256,
  });
  return done(merged.content, merged.conflicts.length > 0, record, `its entries ${merged.conflicts.join(', ')} were`);
}

export function planFiles(files: RenderedFile[], ctx: PlanContext): PlannedFile[] {
  const seen = new Set<string>();
  return files.flatMap((f) => {
    if (seen.has(f.path)) throw new UsageError(`${f.path}: two generated files share this path`);
    seen.add(f.path);
    return planOne(f, ctx) ?? [];
  });
}

/** The manifest joins the plan last: it records the hashes of everything else. */
export function planManifest(target: string, content: string): PlannedFile {
  const current = readOrNull(target, MANIFEST_PATH);
  return { path: MANIFEST_PATH, current, next: content, executable: false, action: action(current, content, false), record: null };
}

/**
 * Files we generated before but no longer render (a language or Direct-Vault dropped): delete the
 * ones still exactly as we wrote them; an edited one is a conflict (the user decides).
 */
export function planStale(rendered: RenderedFile[], ctx: PlanContext): PlannedFile[] {
  if (!ctx.previous) return [];
  const now = new Set(rendered.map((f) => f.path));
  const out: PlannedFile[] = [];
  for (const [path, recorded] of Object.entries(ctx.previous.files)) {
    // Only paths our previous render really produced: the manifest is a file anyone can edit, and a
    // path listed there alone must never make us delete something (e.g. ../elsewhere).
    if (now.has(path) || path === MANIFEST_PATH || !ctx.base?.has(path)) continue;
    refuseLinks(ctx.target, path);
    const current = readOrNull(ctx.target, path);
    if (current === null) continue;
    const base = ctx.base?.get(path)?.content;
    const pristine = sha256(current) === recorded.sha256 || current === base;
    out.push({
      path,
      current,
      next: '',
      executable: false,
      action: pristine ? 'delete' : 'conflict',
      ...(pristine ? {} : { reason: 'is no longer generated, but was edited since create-mosaic-secrets wrote it' }),
      record: null,
      remove: true,
    });
  }
  return out;
}

// Rendered files vs what is on disk: decide create / update / unchanged / conflict for each,
// before anything is written (so a conflict or bad file aborts with nothing half-written).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedFile } from '../render/types.js';
import { mergeDeploymentEnv } from './deploymentEnv.js';
import { MANIFEST_PATH, sha256, type FileRecord, type Manifest } from './manifest.js';
import { mergeLines, mergeRegion } from './textMerge.js';

export type Action = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlannedFile {
  path: string;
  action: Action;
  current: string | null;
  next: string;
  executable: boolean;
  /** Why it is a conflict, for the message. */
  reason?: string;
  /** What the manifest records for this file after the write. */
  record: FileRecord | null;
}

export interface PlanContext {
  target: string;
  app: string;
  /** Env entries of the Deployment rendered separately (see render/deployment.ts). */
  envEntriesYaml: string;
  previous: Manifest | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * `owned` is our part of the file as it is now, `ownedNext` as it will be, `recorded` the hash of
 * our part when we last wrote it. Our part changed by someone else = a user edit = conflict.
 */
function decide(current: string | null, next: string, owned: string | null, ownedNext: string, recorded: string | undefined, wholeFile: boolean): Pick<PlannedFile, 'action' | 'reason'> {
  if (current === null) return { action: 'create' };
  if (current === next) return { action: 'unchanged' };
  if (owned === null || owned === ownedNext) return { action: 'update' };
  if (recorded !== undefined && sha256(owned) === recorded) return { action: 'update' };
  return {
    action: 'conflict',
    reason:
      recorded === undefined
        ? wholeFile
          ? 'exists and was not written by create-mosaic-secrets'
          : 'has entries of ours that differ and no record of writing them'
        : 'was edited since create-mosaic-secrets wrote it',
  };
}

export function planFiles(files: RenderedFile[], ctx: PlanContext): PlannedFile[] {
  return files.map((f) => {
    const current = readOrNull(join(ctx.target, f.path));
    const recorded = ctx.previous?.files[f.path];
    const executable = f.executable ?? false;
    switch (f.strategy.kind) {
      case 'whole': {
        const d = decide(current, f.content, current, f.content, recorded?.sha256, true);
        return { path: f.path, current, next: f.content, executable, ...d, record: { sha256: sha256(f.content) } };
      }
      case 'region': {
        const r = mergeRegion(current, f.content, f.strategy.begin, f.strategy.end, ctx.app);
        const d = decide(current, r.content, r.regionCurrent, r.regionNext, recorded?.sha256, false);
        return { path: f.path, current, next: r.content, executable, ...d, record: { sha256: sha256(r.regionNext) } };
      }
      case 'lines': {
        const next = mergeLines(current, f.content, 'local secrets stay out of git (create-mosaic-secrets)');
        return { path: f.path, current, next, executable, action: current === null ? 'create' : current === next ? 'unchanged' : 'update', record: null };
      }
      case 'deployment-env': {
        const merged = mergeDeploymentEnv(current ?? f.content, f.path, ctx.app, ctx.envEntriesYaml, recorded?.owned ?? []);
        const owned = merged.ownedNext;
        const names = (JSON.parse(owned) as { name: string }[]).map((e) => e.name);
        const d = decide(current, merged.content, current === null ? null : merged.ownedCurrent, owned, recorded?.sha256, false);
        return { path: f.path, current, next: merged.content, executable, ...d, record: { sha256: sha256(owned), owned: names } };
      }
    }
  });
}

/** The manifest joins the plan last: it records the hashes of everything else. */
export function planManifest(target: string, content: string): PlannedFile {
  const current = readOrNull(join(target, MANIFEST_PATH));
  return { path: MANIFEST_PATH, current, next: content, executable: false, action: current === null ? 'create' : current === content ? 'unchanged' : 'update', record: null };
}

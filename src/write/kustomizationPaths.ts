// A rendered kustomization goes into the kustomization file its directory already has, under that
// file's name (kustomization.yml, Kustomization): a second one next to it would make `kustomize build`
// refuse the directory. Applied to our render and to our previous render alike, so the manifest's
// records, re-runs, update and add-key all refer to the file on disk.
import { join, posix } from 'node:path';
import { UsageError } from '../errors.js';
import { KUSTOMIZATION_FILES, kustomizationsIn } from '../kustomizationFiles.js';
import type { RenderedFile } from '../render/types.js';

/** The kustomization file name of `dir` (relative to `target`): the one it holds, else kustomization.yaml. */
export function kustomizationNameIn(target: string, dir: string): string {
  const found = kustomizationsIn(join(target, dir));
  if (found.length > 1) {
    throw new UsageError(
      `${dir}: holds ${found.join(' and ')}; kustomize reads exactly one kustomization file per directory (${KUSTOMIZATION_FILES.join(', ')}) and refuses to build this one: merge them into one, then re-run`,
    );
  }
  return found[0] ?? KUSTOMIZATION_FILES[0];
}

/** `files` with each kustomization moved to the name its directory uses (a UsageError when it holds several). */
export function atExistingKustomizations(files: RenderedFile[], target: string): RenderedFile[] {
  return files.map((f) => {
    if (f.strategy.kind !== 'yaml' || f.strategy.merge !== 'kustomization') return f;
    const dir = posix.dirname(f.path);
    const name = kustomizationNameIn(target, dir);
    return posix.basename(f.path) === name ? f : { ...f, path: `${dir}/${name}` };
  });
}

// The names kustomize reads a directory's kustomization from (its RecognizedKustomizationFileNames,
// in its order). It builds a directory holding exactly one of them and refuses one holding several
// ("Found multiple kustomization files"), so detection, the writer, adopt and check all go by this list.
import { readdirSync } from 'node:fs';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** `name` (a file name, not a path) is one kustomize reads as a kustomization. */
export const isKustomizationFile = (name: string): boolean => (KUSTOMIZATION_FILES as readonly string[]).includes(name);

/**
 * The kustomization file names `dir` (absolute) holds, in kustomize's order; [] when it holds none or
 * is not a directory. Matched against the directory listing, so a case-insensitive file system does
 * not make `kustomization.yaml` appear to exist because of a `Kustomization.yaml`.
 */
export function kustomizationsIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return KUSTOMIZATION_FILES.filter((n) => names.includes(n));
}

/** `path` (POSIX, relative) names a kustomization file: its last segment is one of the three names. */
export const isKustomizationPath = (path: string): boolean => isKustomizationFile(path.slice(path.lastIndexOf('/') + 1));

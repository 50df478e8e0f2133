// What a renderer returns: the file's path inside the target, its full generated content,
// and how it combines with a file already on disk.

/** Which containers of which workload document carry our env (a `workload-env` merge). */
export interface WorkloadSlot {
  kind: string;
  name: string;
  /** null: every container the file's workload has. */
  containers: string[] | null;
  initContainers: string[];
}

/** The named template a Helm workload template includes, and which containers get it. */
export interface HelmInclude {
  name: string;
  /** Every include of ours starts with this (another of ours is renamed, not duplicated). */
  family: string;
  containers: string[] | null;
  initContainers: string[];
  /** The literal (non-secret) env names the include sets: a container that sets one itself would list it twice. */
  literals: string[];
}

export type Strategy =
  /** We own the whole file; a user edit since our last write is a conflict. */
  | { kind: 'whole' }
  /** Structured merge of the entries and scalars we own (YAML Document API keeps the user's comments). */
  | { kind: 'yaml'; merge: 'deployment-env' | 'external-secret' }
  /** The env of several workloads in one (multi-document) file: each listed container's entries merge as above. */
  | { kind: 'yaml'; merge: 'workload-env'; workloads: WorkloadSlot[] }
  /** kustomization.yaml: our `resources` and `patches` entries (and `namespace` when an environment sets one). */
  | { kind: 'yaml'; merge: 'kustomization'; namespace: boolean }
  /** A Helm values file: the top-level `mosaicSecrets:` block is ours. */
  | { kind: 'yaml'; merge: 'helm-values' }
  /** A Helm workload template: our include line in each listed container's env (added once). */
  | { kind: 'yaml'; merge: 'helm-include'; include: HelmInclude }
  /** Created when missing, never changed afterwards (a chart's Chart.yaml). */
  | { kind: 'yaml'; merge: 'seed' }
  /** Our content lives between two marker lines; the rest of the file is the user's. */
  | { kind: 'region'; begin: string; end: string; /** add our region to an existing file that has none (README) */ appendToExisting?: boolean }
  /** Lines that must be present once (e.g. `.env` in .gitignore); never removes anything. */
  | { kind: 'lines' }
  /**
   * Dependencies the generated code imports, added to the project's own file (src/write/merge/deps.ts):
   * never removes or changes an entry; `onlyIfPresent`: a target without the file gets none (Next steps
   * says what to install instead).
   */
  | { kind: 'deps'; format: DepsFormat; onlyIfPresent?: boolean };

export type DepsFormat = 'go.mod' | 'go.sum' | 'pyproject' | 'package.json';

/** Our part of a merged YAML file as the manifest records it: canonical JSON, and the entry keys in it. */
export interface OwnedPart {
  ownedNext: string;
  ownedKeys: string[];
}

export interface RenderedFile {
  /** POSIX path relative to the target directory. */
  path: string;
  content: string;
  strategy: Strategy;
  executable?: boolean;
  /** For a `yaml` strategy: our part of `content`, when the renderer knows it (src/render/owned.ts); else the merger reads it back. */
  owned?: OwnedPart;
}

/** Generated code files: our region sits between these marker comments; user code after the end is theirs. */
export const CODE_REGION: Strategy = { kind: 'region', begin: 'mosaic-secrets:begin', end: 'mosaic-secrets:end' };

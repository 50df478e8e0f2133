// What a renderer returns: the file's path inside the target, its full generated content,
// and how it combines with a file already on disk.

export type Strategy =
  /** We own the whole file; a user edit since our last write is a conflict. */
  | { kind: 'whole' }
  /** Structured merge of the entries and scalars we own (YAML Document API keeps the user's comments). */
  | { kind: 'yaml'; merge: 'deployment-env' | 'external-secret' }
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

export interface RenderedFile {
  /** POSIX path relative to the target directory. */
  path: string;
  content: string;
  strategy: Strategy;
  executable?: boolean;
}

/** Generated code files: our region sits between these marker comments; user code after the end is theirs. */
export const CODE_REGION: Strategy = { kind: 'region', begin: 'mosaic-secrets:begin', end: 'mosaic-secrets:end' };

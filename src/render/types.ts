// What a renderer returns: the file's path inside the target, its full generated content,
// and how it combines with a file already on disk.

export type Strategy =
  /** We own the whole file; a user edit since our last write is a conflict. */
  | { kind: 'whole' }
  /** Merge our env entries into the user's Deployment (YAML Document API keeps their comments). */
  | { kind: 'deployment-env' }
  /** Our content lives between two marker lines; the rest of the file is the user's. */
  | { kind: 'region'; begin: string; end: string }
  /** Lines that must be present once (e.g. `.env` in .gitignore); never removes anything. */
  | { kind: 'lines' };

export interface RenderedFile {
  /** POSIX path relative to the target directory. */
  path: string;
  content: string;
  strategy: Strategy;
  executable?: boolean;
}

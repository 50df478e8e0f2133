// Every read adopt and check --fix make of the user's files: through safeFile's bounded reader
// (regular files only, never through a symbolic link, at most a size cap, a FIFO never opened),
// and never outside the repository (a directory on the way that links elsewhere). A repository can
// commit `package.json -> /dev/zero` or `.env -> ~/.aws/credentials`: such a file is a one-line
// warning naming it, never a hang, a crash, or content from outside in a proposal.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { readRegularFile, refusalText } from '../../write/safeFile.js';

/** The same cap as check's default --max-file-size: larger files are not configuration we edit. */
export const MAX_REPO_FILE_BYTES = 2_000_000;

export type Warn = (message: string) => void;

/** Is `abs`'s directory, links resolved, under `root`'s? null: the directory does not exist. */
function inside(root: string, abs: string): boolean | null {
  let rel: string;
  try {
    rel = relative(realpathSync(root), realpathSync(dirname(abs)));
  } catch {
    return null;
  }
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The text of `rel` (a POSIX path under `root`), or null: missing (silently), or refused (a link,
 * not a regular file, too large, or reached through a linked directory), which `warn` is told as
 * `<rel>: <why>`.
 */
export function readRepoText(root: string, rel: string, warn: Warn, maxBytes = MAX_REPO_FILE_BYTES): string | null {
  const abs = join(root, rel);
  const within = inside(root, abs);
  if (within === null) return null;
  if (!within) {
    warn(`${rel}: is reached through a linked directory outside the repository; not read`);
    return null;
  }
  const r = readRegularFile(abs, { maxBytes });
  if (!r.ok) {
    if (r.reason !== 'missing') warn(`${rel}: ${refusalText(r, maxBytes)}`);
    return null;
  }
  return r.data.toString('utf8');
}

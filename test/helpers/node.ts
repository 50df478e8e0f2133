// Official Node binaries of given versions (fetched once by .ci/setup-toolchains through .ci/node-bin
// into a cache outside the clone; instant afterwards).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './cli.js';

/** The bin/ directory of Node `version`: `node`, and for 22+ that version's npm and npx. */
export function nodeBin(version: string): string {
  return execFileSync(join(REPO, '.ci/node-bin'), [version], { encoding: 'utf8' }).trim();
}

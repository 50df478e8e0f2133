// The Go-built test tools (helm, kustomize, …) from .ci/go-tool: built once by .ci/setup-toolchains
// (pretest), so here it only prints the cached path.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './cli.js';

const paths = new Map<string, string>();

export function goTool(name: string): string {
  let p = paths.get(name);
  if (!p) {
    p = execFileSync(join(REPO, '.ci', 'go-tool'), [name], { encoding: 'utf8' }).trim().split('\n')[0]!;
    paths.set(name, p);
  }
  return p;
}

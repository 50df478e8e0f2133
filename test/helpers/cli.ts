// Run the bundled CLI (dist/cli.js, what users get from npm) as a separate process.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'dist', 'cli.js');

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `cli`: another copy of the bin (a test's private package); default the repo's dist/cli.js. */
export async function runCli(args: string[], opts: Options & { cli?: string } = {}): Promise<Run> {
  const { cli = CLI, ...rest } = opts;
  const r = await execa('node', [cli, ...args], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' }, ...rest });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export const tempDir = (prefix = 'mosaic-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Every file under `dir` → content (relative POSIX paths). */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

export function mtimes(dir: string): Record<string, number> {
  return Object.fromEntries(Object.keys(snapshotTree(dir)).map((p) => [p, statSync(join(dir, p)).mtimeMs]));
}

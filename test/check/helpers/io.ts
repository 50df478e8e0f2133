// A CheckIo that records what the command prints, and temp trees to run it on.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkCommand, type CheckIo } from '../../../src/check/index.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], cwd: string, opts: { tty?: boolean; env?: Record<string, string | undefined> } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CheckIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: opts.env ?? {},
  };
  const code = await checkCommand(argv, io);
  return { code, stdout, stderr };
}

export function makeTree(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mosaic-cmd-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

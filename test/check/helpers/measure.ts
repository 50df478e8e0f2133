// Run the bundled CLI (what `npx` runs) as a separate process with a hard timeout, and measure
// its peak RSS: a preloaded hook prints process.resourceUsage().maxRSS on stderr as it exits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI } from '../../helpers/cli.js';

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size; NaN when the process was killed before it could say. */
  rssMiB: number;
  timedOut: boolean;
}

let preload: string | null = null;
function measureHook(): string {
  if (!preload) {
    preload = join(mkdtempSync(join(tmpdir(), 'mosaic-measure-')), 'measure.cjs');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `\\nMAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
  }
  return preload;
}

/** stdin is an open pipe nobody writes to, so a read of `/dev/stdin` would hang rather than see EOF. */
export async function measuredCli(args: string[], cwd: string, env: Record<string, string> = {}, timeout = 30_000): Promise<Measured> {
  const t0 = performance.now();
  const r = await execa(process.execPath, ['--require', measureHook(), CLI, ...args], {
    cwd,
    reject: false,
    stdin: 'pipe',
    timeout,
    killSignal: 'SIGKILL',
    env: { NO_COLOR: '1', PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    extendEnv: false,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  const stderr = String(r.stderr);
  const m = /MAXRSS_KB=(\d+)/.exec(stderr);
  return {
    code: r.exitCode ?? -1,
    stdout: String(r.stdout),
    stderr: stderr.replace(/\n?MAXRSS_KB=\d+\n?/, ''),
    ms,
    rssMiB: m ? Number(m[1]) / 1024 : NaN,
    timedOut: r.timedOut === true,
  };
}

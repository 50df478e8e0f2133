// Drive the CLI in a real pseudo-terminal (util-linux `script` allocates it), the way a person would:
// wait for a prompt on screen, then type keys.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './cli.js';

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', space: ' ', ctrlC: '\u0003', backspace: '\u007f' } as const;

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Za-z0-9]|\u001b[=>]/g;

export class PtySession {
  private out = '';
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(args: string[], opts: { cwd?: string; columns?: number; env?: NodeJS.ProcessEnv } = {}) {
    const quoted = ['node', CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const cols = opts.columns ?? 100;
    this.child = spawn('script', ['-qfec', `stty cols ${cols} rows 40; exec ${quoted}`, '/dev/null'], {
      cwd: opts.cwd,
      env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', ...opts.env },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    this.child.stderr.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code ?? -1)));
  }

  /** Everything shown so far, ANSI escapes removed. */
  get screen(): string {
    return this.out.replace(ANSI, '');
  }

  private cursor = 0;

  /** Wait until output after the last match matches `pattern`; then move past it. */
  async expect(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const begin = Date.now();
    for (;;) {
      const rest = this.screen.slice(this.cursor);
      const m = pattern.exec(rest);
      if (m) {
        this.cursor += m.index + m[0].length;
        return;
      }
      if (Date.now() - begin > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${this.screen.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  type(text: string): void {
    this.child.stdin.write(text);
  }

  /** Wait for a prompt, then type the answer. */
  async answer(prompt: RegExp, text: string): Promise<void> {
    await this.expect(prompt);
    await new Promise((r) => setTimeout(r, 30)); // let the prompt finish drawing before keys arrive
    this.type(text);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

// Where the CLI talks: streams, color, and whether a person is there to answer prompts.
import pc from 'picocolors';
import { personAtTerminal } from './terminal.js';

export interface IO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** A person can answer prompts (TTY on stdin and stdout, not --yes). */
  interactive: boolean;
  color: boolean;
}

export function processIO(opts: { yes: boolean; json: boolean; color?: boolean }): IO {
  const tty = personAtTerminal();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: tty && !opts.yes && !opts.json,
    color: opts.color !== false && pc.isColorSupported && Boolean(process.stderr.isTTY),
  };
}

export const paint = (io: IO) => pc.createColors(io.color);

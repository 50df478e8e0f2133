// Ctrl-C in any prompt (inquirer's ExitPromptError / AbortPromptError) becomes our CancelledError,
// which the CLI turns into exit 130 with nothing written.
import { CancelledError } from '../errors.js';

export async function cancellable<T>(prompt: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof prompt === 'function' ? prompt() : prompt);
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) throw new CancelledError();
    throw e;
  }
}

/** Signals that end a run: Ctrl-C, kill, and a closed terminal (SIGHUP). */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let deferring = 0;

/** True inside withInterruptsDeferred: other signal handlers (the target lock's) leave the signal to it. */
export const interruptsDeferred = (): boolean => deferring > 0;

/**
 * Run a short critical section (publishing staged files) with Ctrl-C, SIGTERM and SIGHUP held back,
 * so an interrupt cannot leave temp files or half a plan behind; one that arrived is honoured right after.
 */
export async function withInterruptsDeferred<T>(work: () => Promise<T>, after: string): Promise<T> {
  let interrupted = false;
  const hold = () => {
    interrupted = true;
  };
  for (const s of INTERRUPTS) process.on(s, hold);
  deferring++;
  try {
    return await work();
  } finally {
    // A signal that arrived during synchronous work is still queued in the event loop: let it in
    // before deciding (it would otherwise reach no handler and be lost). The loop reads signals in
    // its poll phase; the second turn guarantees one poll after the work ended.
    for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
    deferring--;
    for (const s of INTERRUPTS) process.off(s, hold);
    if (interrupted) throw new CancelledError(after);
  }
}

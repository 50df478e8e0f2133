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

/**
 * Run a short critical section (publishing staged files) with Ctrl-C held back, so an interrupt
 * cannot leave temp files or half a plan behind; a Ctrl-C that arrived is honoured right after.
 */
export async function withInterruptsDeferred<T>(work: () => Promise<T>, after: string): Promise<T> {
  let interrupted = false;
  const hold = () => {
    interrupted = true;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    return await work();
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
    if (interrupted) throw new CancelledError(after);
  }
}

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

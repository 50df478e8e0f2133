// Whether a person is at the terminal.

/**
 * Both ends of the terminal are a person's. stdout first: a run writes to it anyway, and when it
 * is not a terminal the answer is known without building process.stdin, which for a file or pipe
 * loads fs streams, fs/promises and readline (~4 ms on Node 24) in a run that never reads stdin.
 */
export const personAtTerminal = (): boolean => Boolean(process.stdout.isTTY && process.stdin.isTTY);

// A tiny stderr spinner (no dependency): animates only on a TTY; elsewhere it prints the line once,
// so logs and CI output stay clean.
export interface SpinnerStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  /** Clear the spinner line (TTY) so the caller's next line starts clean. */
  stop(): void;
}

export function startSpinner(stream: SpinnerStream, text: string): Spinner {
  if (!stream.isTTY) {
    stream.write(`${text}\n`);
    return { stop() {} };
  }
  let i = 0;
  const draw = () => stream.write(`\r${FRAMES[i++ % FRAMES.length]} ${text}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

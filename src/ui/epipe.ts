// `create-mosaic-secrets … | head`: a reader that goes away is not an error worth a stack trace.
let installed = false;

/** Installs the handler once (callers may ask on every access to process.stdout). */
export function exitQuietlyOnEpipe(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

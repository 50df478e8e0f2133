// The published bin (dist/cli.js): a leading --help / --version is answered from this small file;
// anything else imports the program (src/cli.ts, built to dist/program.mjs and the chunks it loads
// on demand; see src/scripts/build.mjs). Built as CommonJS: no top-level await.
import nodeModule from 'node:module';
import { helpText } from '../help.js';
import { exitQuietlyOnEpipe } from '../ui/epipe.js';
import { VERSION } from '../version.js';

const first = process.argv[2];
if (first === '--version' || first === '-v' || first === '--help' || first === '-h') {
  exitQuietlyOnEpipe();
  process.stdout.write(first === '--version' || first === '-v' ? `${VERSION}\n` : helpText());
} else {
  // Node 22.1+ keeps V8's code cache for the modules a run loads (NODE_COMPILE_CACHE picks the
  // directory, NODE_DISABLE_COMPILE_CACHE turns it off); Node 20 has none and compiles every time.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Not a literal specifier, so esbuild leaves the program out of the bin.
  const program = './program.mjs';
  void import(program); // a failure to load is an unhandled rejection: printed, exit 1
}

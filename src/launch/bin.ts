// The published bin (dist/cli.js): a leading --help / --version is answered from this small file;
// anything else runs the program bundle (src/cli.ts, built to dist/program-<hash>.cjs) through
// V8's code cache (./codeCache.ts). src/scripts/build.mjs fills in the bundle's name.
import { fileURLToPath } from 'node:url';
import { helpText } from '../help.js';
import { exitQuietlyOnEpipe } from '../ui/epipe.js';
import { VERSION } from '../version.js';
import { runBundle } from './codeCache.js';

declare const __PROGRAM_BUNDLE__: string;

const first = process.argv[2];
if (first === '--version' || first === '-v' || first === '--help' || first === '-h') {
  exitQuietlyOnEpipe();
  process.stdout.write(first === '--version' || first === '-v' ? `${VERSION}\n` : helpText());
} else {
  runBundle(fileURLToPath(new URL(__PROGRAM_BUNDLE__, import.meta.url)));
}

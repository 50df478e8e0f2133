// Replaced at bundle time by scripts/build.mjs; read from package.json when run from source.
import { createRequire } from 'node:module';

declare const __VERSION__: string | undefined;
export const VERSION: string =
  typeof __VERSION__ === 'string' ? __VERSION__ : (createRequire(import.meta.url)('../package.json') as { version: string }).version;

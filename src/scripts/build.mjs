// Bundle the CLI and every runtime library into dist/ (create-vite style: zero runtime
// dependencies, so `npx create-mosaic-secrets` installs one small package). Templates ship as files.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true, // lazy imports become chunks: --help never loads the generator stack
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS deps call require(); give ESM output a real one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});

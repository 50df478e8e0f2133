import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Toolchain suites (tsc, python, go, bao) are CPU-heavy; two cores fit two workers.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summaryReporter.ts'],
    // The CLIs the tests start keep their caches here, not in the user's ~/.cache…
    env: {
      XDG_CACHE_HOME: fileURLToPath(new URL('../.cache/test-xdg', import.meta.url)),
      // …while .ci/go-tool and .ci/node-bin keep finding the test toolchains setup-toolchains cached.
      MOSAIC_TOOL_CACHE: process.env.MOSAIC_TOOL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'create-mosaic-secrets-test'),
    },
  },
});

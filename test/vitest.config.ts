import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Go keeps its build cache under XDG_CACHE_HOME, which the tests override: pin it to the cache the
// developer's (and .ci/setup-toolchains') `go` uses, so compiled dependencies (vault/api, envconfig) are
// built once, in setup, never inside a test's timeout.
const goCache = (() => {
  try {
    return execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

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
      ...(goCache ? { GOCACHE: goCache } : {}),
      // A Go-built tool missing from that cache is an error naming the fix, never a build inside a test.
      MOSAIC_TOOL_NO_BUILD: '1',
    },
  },
});

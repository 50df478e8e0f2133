// A run holding several locks (check --fix: the checked directory and each app directory a fix
// rewrites) that is interrupted outside a deferred section removes every one of them, not only the
// first: one signal handler releases all the locks the process holds.
import { execa } from 'execa';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const LOCK_TS = new URL('../../src/write/lock.ts', import.meta.url).pathname;

describe.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while two locks are held', (signal) => {
  it('exits 130 and leaves neither lock file behind', async () => {
    const dir = tempDir('mosaic-locksig-');
    mkdirSync(join(dir, 'app'));
    const script = join(dir, 'hold.ts');
    writeFileSync(
      script,
      `import { acquireLock } from ${JSON.stringify(LOCK_TS)};
acquireLock(${JSON.stringify(dir)}, 'check --fix', process.stderr);
acquireLock(${JSON.stringify(join(dir, 'app'))}, 'check --fix', process.stderr);
process.stdout.write('held\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = execa('node', ['--import', 'tsx', script], { reject: false, cwd: new URL('../..', import.meta.url).pathname });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    expect(existsSync(join(dir, '.mosaic-secrets.lock'))).toBe(true);
    expect(existsSync(join(dir, 'app/.mosaic-secrets.lock'))).toBe(true);
    child.kill(signal);
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(existsSync(join(dir, '.mosaic-secrets.lock'))).toBe(false);
    expect(existsSync(join(dir, 'app/.mosaic-secrets.lock'))).toBe(false);
  });
});

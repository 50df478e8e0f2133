// Zero false positives on what this tool generates: fresh output of the bundled CLI, in both modes
// and all three languages, checks clean with the bundled `check`.
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const ANSWERS = new URL('../../src/scripts/demo-answers.yaml', import.meta.url).pathname;

describe('check on generated output', () => {
  for (const mode of [['--mode', 'eso'], ['--mode', 'direct-vault', '--justification', 'DB creds rotate every 15 minutes']]) {
    it(`finds nothing in a fresh ${mode[1]} app`, async () => {
      const dir = tempDir();
      const gen = await runCli([dir, '--answers', ANSWERS, ...mode, '--yes']);
      expect(gen.exitCode).toBe(0);
      const r = await runCli(['check', dir, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings).toEqual([]);
      expect(r.exitCode).toBe(0);
    });
  }

  it('and flags a forbidden pattern added to it (so the clean result means something)', async () => {
    const dir = tempDir();
    await runCli([dir, '--answers', ANSWERS, '--yes']);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(`${dir}/deploy/deployment.yaml`, '# compose leftover\n# - DB_PASSWORD=${DB_PASSWORD:-changeme}\n');
    appendFileSync(`${dir}/src/env.ts`, 'import vault from "node-vault";\n');
    const r = await runCli(['check', dir, '--format', 'json']);
    expect(r.exitCode).toBe(1);
    const rules = new Set(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule));
    expect(rules).toContain('vault-client-in-eso-app');
  });
});

// The bundle is built for start-up time (src/scripts/build.mjs): templates compiled to functions, node-plop's
// unused prompt/action libraries stubbed, the Handlebars compiler and inquirer's editor left out.
// These tests pin that the bundled CLI still writes exactly what the source writes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { buildModel } from '../../src/model.js';
import { REPO, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

// Every template and every language: Direct-Vault with TS, Python and Go, 20 keys of all types,
// descriptions that need escaping in each target.
const answers = {
  app: 'bundle-api',
  namespace: 'bundle',
  mode: 'direct-vault',
  justification: 'Database credentials come from the Vault database engine with a 15m TTL',
  directVault: { engine: 'database', vaultAddr: 'https://vault.vault.svc:8200' },
  languages: ['typescript', 'python', 'go'],
  goModule: 'example.com/bundle-api',
  secrets: Array.from({ length: 12 }, (_, i) => ({ env: `SECRET_${i + 1}`, description: `secret ${i + 1}: "quoted", $dollar, \`tick\` and 'single'`, minLength: i + 1 })),
  config: Array.from({ length: 8 }, (_, i) => {
    const type = (['string', 'int', 'bool', 'enum'] as const)[i % 4]!;
    const value = { string: 'a "b" c', int: String(3000 + i), bool: 'true', enum: 'b' }[type];
    return { env: `CONFIG_${i + 1}`, type, default: value, ...(type === 'enum' ? { values: ['a', 'b', 'c'] } : {}), reason: 'not a secret', description: `config ${i + 1}` };
  }),
};

const sink = { write: () => true } as unknown as NodeJS.WritableStream;

describe('bundled CLI (dist/) vs source', () => {
  it('writes byte-identical files through node-plop, compiled templates and all, on a first run and a re-run', async () => {
    const fromBundle = tempDir('mosaic-bundle-');
    const answersFile = join(tempDir('mosaic-answers-'), 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers));
    const run = await runCli([fromBundle, '--answers', answersFile, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);

    const fromSource = tempDir('mosaic-source-');
    const io = { stdout: sink, stderr: sink, interactive: false, color: false };
    await generate(buildModel(answers), { target: fromSource, dryRun: false, json: false, force: false }, io);
    const tree = snapshotTree(fromBundle);
    expect(Object.keys(tree).length).toBeGreaterThan(12);
    expect(tree).toEqual(snapshotTree(fromSource));

    // A re-run reads the manifest, re-renders the previous answers and merges: nothing changes.
    const again = await runCli([fromBundle, '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/Everything is up to date/);
    expect(snapshotTree(fromBundle)).toEqual(tree);
  });

  it('carries no Handlebars compiler, inquirer 9 (rxjs, iconv-lite) or editor prompt', () => {
    const dist = join(REPO, 'dist');
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.m?js$/.test(e.name));
    expect(files.length).toBeGreaterThan(5); // the bin, the program and its chunks
    const code = files.map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')).join('\n');
    expect(code).toContain('Handlebars.compile is not bundled'); // our stub, in place of the compiler
    for (const marker of ['Parse error on line', 'You must pass a string or Handlebars AST', 'iconv-lite', 'object unsubscribed']) {
      expect(code).not.toContain(marker);
    }
  });
});

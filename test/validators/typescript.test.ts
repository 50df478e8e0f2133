// The generated src/env.ts under the real toolchain: one strict tsc for every key set (against the
// project's zod 4, and again against the zod/v3 API), then one node run per shared vector.
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED, REPO, judge, tempDir, writeFile, writeGenerated, type Prepared } from './harness.js';
import type { ValidatorKey } from '../../src/render/validators/keys.js';
import { STRICT_COMPILER_OPTIONS } from '../helpers/typescript.js';

const ZOD_FLAVOURS = [
  { suffix: '', from: 'zod' },
  { suffix: '-zod3', from: 'zod/v3' },
] as const;

function tsType(k: ValidatorKey): string {
  if (k.kind === 'required') return 'string';
  if (k.type === 'int') return 'number';
  if (k.type === 'bool') return 'boolean';
  if (k.type === 'enum') return k.values.map((v) => JSON.stringify(v)).join(' | ');
  return 'string';
}

/** Prints code-point lengths of required values and typed config values; the annotations are the type test. */
function probe(p: Prepared): string {
  const lines = ['import { env } from "./env.js";', ''];
  p.keys.forEach((k, i) => lines.push(`const v${i}: ${tsType(k)} = env.${k.env};`));
  const out = p.keys.map((k, i) => `  ${JSON.stringify(k.env)}: ${k.kind === 'required' ? `[...v${i}].length` : `v${i}`},`);
  lines.push('', 'console.log(JSON.stringify({', ...out, '}));', 'void env; // a key set without keys reads nothing', '');
  return lines.join('\n');
}

let root = '';
let remove = () => {};

beforeAll(async () => {
  ({ dir: root, remove } = tempDir('ts'));
  writeFile(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const include: string[] = [];
  for (const p of PREPARED) {
    for (const flavour of ZOD_FLAVOURS) {
      const dir = join(root, p.set.name + flavour.suffix);
      const [envPath] = writeGenerated(p, 'typescript', dir);
      expect(envPath).toBe('src/env.ts');
      const source = readFileSync(join(dir, envPath!), 'utf8');
      expect(source).toContain('import { z } from "zod";');
      writeFile(join(dir, envPath!), source.replace('from "zod";', `from "${flavour.from}";`));
      writeFile(join(dir, 'src/probe.ts'), probe(p));
      include.push(`${p.set.name}${flavour.suffix}/src`);
    }
  }
  const tsconfig = {
    compilerOptions: {
      ...STRICT_COMPILER_OPTIONS,
      types: ['node'],
      rootDir: '.',
      outDir: 'dist',
    },
    include,
  };
  writeFile(join(root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = await execa(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--strict'], { cwd: root, reject: false });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.exitCode).toBe(0);
  // One strict tsc over every key set, twice (zod 4 and zod/v3): ~30 s on two idle cores, but CPU-bound,
  // so on a shared, loaded machine it can outlast the default 120 s hook timeout.
}, 600_000);

afterAll(() => remove());

async function node(script: string, env: Record<string, string>) {
  const r = await execa(process.execPath, [join(root, script)], { env, extendEnv: false, reject: false, stripFinalNewline: false });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

describe.each(PREPARED.flatMap((p) => ZOD_FLAVOURS.map((f) => ({ p, f, label: `${p.set.name} (${f.from})` }))))('src/env.ts, $label', ({ p, f }) => {
  it.each(p.vectors.map((v) => ({ v, name: v.name })))('$name', async ({ v }) => {
    const run = await node(`dist/${p.set.name}${f.suffix}/src/probe.js`, v.env);
    judge(p, v, run);
  });
});

describe('src/env.ts run directly', () => {
  it.each(PREPARED.map((p) => ({ p, name: p.set.name })))('$name: silent on success, the report and exit 1 on failure', async ({ p }) => {
    const ok = p.vectors.find((v) => v.expect.ok)!;
    expect(await node(`dist/${p.set.name}/src/env.js`, ok.env)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    for (const bad of p.vectors.filter((v) => !v.expect.ok).slice(0, 1)) judge(p, bad, await node(`dist/${p.set.name}/src/env.js`, bad.env));
  });
});

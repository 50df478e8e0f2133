// Shared by the TypeScript, Python and Go validator suites: generate the validators of every key set
// into a temp project, and judge one run of a validator against a vector.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { buildModel, type Model } from '../../src/model.js';
import { failureReport, validatorKeys, type ValidatorKey } from '../../src/render/validators/keys.js';
import { renderValidators } from '../../src/render/validators/index.js';
import { KEY_SETS, VECTORS, type KeySet, type Vector } from './vectors.js';

export const REPO = new URL('../..', import.meta.url).pathname;
export const PYTHON = process.env.MOSAIC_PYTHON ?? join(REPO, '.cache/venv/bin/python');

export interface Prepared {
  set: KeySet;
  model: Model;
  keys: ValidatorKey[];
  vectors: Vector[];
}

export const PREPARED: Prepared[] = KEY_SETS.map((set) => {
  const model = buildModel(set.answers);
  return { set, model, keys: validatorKeys(model), vectors: VECTORS.filter((v) => v.keySet === set.name) };
});

/** A temp dir removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `mosaic-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Write the generated files of `language` for a key set under `root`; returns their paths. */
export function writeGenerated(p: Prepared, language: Model['languages'][number], root: string): string[] {
  const files = renderValidators({ ...p.model, languages: [language] });
  for (const f of files) writeFile(join(root, f.path), f.content);
  return files.map((f) => f.path);
}

/** The exact stderr a rejecting validator must print (every language alike). */
export function expectedStderr(p: Prepared, vector: Vector): string {
  if (vector.expect.ok) return '';
  const problems = vector.expect.problems;
  const lines = p.keys
    .filter((k) => problems[k.env] !== undefined)
    .map((k) => {
      const broken = problems[k.env]!;
      if (broken === 'required') return { env: k.env, rule: 'is required (unset or empty)' };
      if (k.kind === 'required') return { env: k.env, rule: k.tooShort };
      return { env: k.env, rule: k.invalid! };
    });
  expect(lines.map((l) => l.env).sort()).toEqual(Object.keys(problems).sort()); // the vector names only real keys
  return `${failureReport(p.model.app, lines)}\n`;
}

const BOOL_TRUE_SPELLINGS = ['1', 't', 'T', 'TRUE', 'true', 'True'];

/**
 * What a probe prints on success: code-point length for each required key, the typed value for
 * each config key (the vector's override, else the answers' default read plainly).
 */
export function expectedValues(p: Prepared, vector: Vector): Record<string, unknown> {
  if (!vector.expect.ok) throw new Error('not an accepting vector');
  const overrides = vector.expect.config ?? {};
  const out: Record<string, unknown> = {};
  for (const k of p.keys) {
    if (k.kind === 'required') out[k.env] = [...(vector.env[k.env] ?? '')].length;
    else if (k.env in overrides) out[k.env] = overrides[k.env];
    else if (k.type === 'int') out[k.env] = Number(k.defaultText);
    else if (k.type === 'bool') out[k.env] = BOOL_TRUE_SPELLINGS.includes(k.defaultText);
    else out[k.env] = k.defaultText;
  }
  return out;
}

/** Values of sensitive keys in the vector: none may appear in any output. */
export function secretValues(p: Prepared, vector: Vector): string[] {
  return p.keys.filter((k) => k.kind === 'required' && k.sensitive && (vector.env[k.env] ?? '').length >= 2).map((k) => vector.env[k.env]!);
}

export interface Run {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Judge one probe run: exit code, exact stderr, typed values on stdout, no secret anywhere. */
export function judge(p: Prepared, vector: Vector, run: Run): void {
  for (const secret of secretValues(p, vector)) {
    expect(run.stdout.includes(secret), 'a secret value leaked to stdout').toBe(false);
    expect(run.stderr.includes(secret), 'a secret value leaked to stderr').toBe(false);
  }
  if (vector.expect.ok) {
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const first = run.stdout.split('\n')[0]!;
    expect(JSON.parse(first)).toEqual(expectedValues(p, vector));
  } else {
    expect(run.stderr).toBe(expectedStderr(p, vector));
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(1);
  }
}

/** Env for a child process: the vector's variables and nothing inherited (plus what the runtime needs). */
export function childEnv(vector: Vector, extra: Record<string, string> = {}): Record<string, string> {
  return { ...vector.env, ...extra };
}

// Property: for any sequence of add-key / remove-key / update on any key set, with the team's hand
// edits made after the first run, the repo equals a fresh render of the final answers plus the same
// edits, and every YAML and code file still parses (YAML, TypeScript, Python).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { addKey, removeKey } from '../../src/answers/edits.js';
import { generate, readManifest } from '../../src/generate.js';
import { buildModel } from '../../src/model.js';
import type { IO } from '../../src/ui/output.js';
import { snapshotTree } from '../helpers/cli.js';
import { USER_EDITS } from './userEdits.js';

const PYTHON = process.env.MOSAIC_PYTHON ?? new URL('../../.cache/venv/bin/python', import.meta.url).pathname;
const sink = { write: () => true } as unknown as NodeJS.WritableStream;
const io: IO = { stdout: sink, stderr: sink, interactive: false, color: false };

type Raw = Record<string, unknown>;
type Op = { op: 'add-secret'; env: string; minLength: number; description: string } | { op: 'add-config'; env: string; kind: number } | { op: 'remove'; pick: number } | { op: 'update' };

const NAMES = ['DB_PASSWORD', 'API_KEY', 'JWT_SECRET', 'DB_URL', 'REDIS_URL', 'SMTP_PASSWORD', 'PORT', 'LOG_LEVEL', 'FEATURE_X', 'TIMEOUT_MS', 'S3_BUCKET', 'OAUTH_CLIENT_SECRET'];
const name = fc.constantFrom(...NAMES);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add-secret' as const), env: name, minLength: fc.integer({ min: 1, max: 40 }), description: fc.constantFrom('', 'Postgres password', 'Signs tokens: HS256 & more', 'quoted "text" here') }),
  fc.record({ op: fc.constant('add-config' as const), env: name, kind: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.constant({ op: 'update' as const }),
);

function configEntry(env: string, kind: number): Record<string, unknown> {
  return [
    { env, default: '3000', type: 'int', reason: 'non-secret' },
    { env, default: 'false', type: 'bool', reason: 'off by default' },
    { env, default: 'info', type: 'enum', values: ['debug', 'info'], reason: 'verbosity' },
    { env, default: 'yes', type: 'string', reason: 'plain text' },
  ][kind]!;
}

/** Apply one op to the answers; an op that does not fit (duplicate, last secret) is skipped. */
function applyOp(a: Raw, o: Op): Raw {
  const keys = [...((a.secrets as Raw[]) ?? []), ...((a.config as Raw[]) ?? [])].map((k) => String(k.env));
  if (o.op === 'add-secret') return keys.includes(o.env) ? a : addKey(a, { env: o.env, minLength: o.minLength, description: o.description });
  if (o.op === 'add-config') {
    if (keys.includes(o.env)) return a;
    const c = configEntry(o.env, o.kind);
    return addKey(a, { env: o.env, config: { default: String(c.default), type: String(c.type), reason: String(c.reason), ...(c.values ? { values: c.values as string[] } : {}) } });
  }
  if (o.op === 'remove') {
    const secrets = (a.secrets as Raw[]).map((s) => String(s.env));
    const victim = keys[o.pick % keys.length]!;
    if (secrets.length === 1 && secrets[0] === victim) return a; // keep one secret: the env list never empties
    return removeKey(a, victim);
  }
  return a;
}

async function render(dir: string, answers: Raw): Promise<void> {
  await generate(buildModel(answers), { target: dir, dryRun: false, json: false, force: false }, io);
}

function editAll(dir: string): void {
  for (const [path, edit] of Object.entries(USER_EDITS)) writeFileSync(join(dir, path), edit(readFileSync(join(dir, path), 'utf8')));
}

const pythonSources: string[] = [];

function checkParses(tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    if (/\.ya?ml$/.test(path)) for (const d of parseAllDocuments(text) as { errors: unknown[] }[]) expect(d.errors, path).toEqual([]);
    if (path.endsWith('.ts')) {
      const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
      expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], path).toEqual([]);
    }
    if (path.endsWith('.py')) pythonSources.push(text);
  }
}

describe('lifecycle property (fast-check)', () => {
  const runs = Number(process.env.MOSAIC_LIFECYCLE_RUNS ?? 20);
  // ~0.5 s a sequence at load 20; the long mode runs 200.
  it('any add/remove/update sequence = fresh render + the same hand edits; everything parses', { timeout: Math.max(120_000, runs * 3_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), fc.array(op, { maxLength: 6 }), async (initial, ops) => {
        let answers: Raw = { app: 'prop-app', namespace: 'ns', languages: ['typescript', 'python', 'go'], secrets: initial.map((env) => ({ env })), config: [] };
        const dir = mkdtempSync(join(tmpdir(), 'mosaic-prop-'));
        await render(dir, answers);
        editAll(dir);
        for (const o of ops) {
          answers = applyOp(answers, o);
          await render(dir, answers);
          expect(readManifest(dir)!.answers).toMatchObject({ secrets: expect.any(Array) });
        }
        const fresh = mkdtempSync(join(tmpdir(), 'mosaic-prop-fresh-'));
        await render(fresh, answers);
        editAll(fresh);
        const actual = snapshotTree(dir);
        expect(actual).toEqual(snapshotTree(fresh));
        checkParses(actual);
      }),
      { numRuns: runs, ...(process.env.MOSAIC_LIFECYCLE_SEED ? { seed: Number(process.env.MOSAIC_LIFECYCLE_SEED) } : {}) },
    );
    // Python: one interpreter parses every generated module of every run.
    const out = execFileSync(PYTHON, ['-c', 'import ast,json,sys\nfor s in json.load(sys.stdin): ast.parse(s)\nprint("ok")'], { input: JSON.stringify(pythonSources) }).toString();
    expect(out.trim()).toBe('ok');
    expect(pythonSources.length).toBeGreaterThan(0);
  });
});

// The build step that writes the functions a training run called in parentheses
// (src/scripts/eagerCompile.mjs): on a real V8 coverage run of a small module, then on the bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module of the build, no types
import { markCalledFunctions } from '../../src/scripts/eagerCompile.mjs';

const root = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

// Calls some functions (an arrow, a function expression, a hoisted declaration used before its
// line) and leaves others uncalled; prints what it computed.
const MODULE = `const out = [early(2)];
const arrow = (x) => x * 3;
const expr = function (x) { return x + 1; };
const unused = (x) => x - 1;
function early(x) { return inner(x) + 10; function inner(y) { return y * y; } }
function never() { return 0; }
out.push(arrow(2), expr(2), typeof unused, typeof never);
console.log(JSON.stringify(out));
`;

function scratch(): { dist: string; file: string } {
  const dist = mkdtempSync(join(tmpdir(), 'eager-test-'));
  dirs.push(dist);
  const file = join(dist, 'm.mjs');
  writeFileSync(file, MODULE);
  return { dist, file };
}

describe('eager compile marks', () => {
  it('writes exactly the called functions in parentheses, and the module computes the same', () => {
    const { dist, file } = scratch();
    const before = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    const count = markCalledFunctions(root, dist, (env: NodeJS.ProcessEnv) => execFileSync(process.execPath, [file], { env, stdio: 'ignore' }));
    const text = readFileSync(file, 'utf8');
    expect(count).toBe(3); // arrow, expr, early (inner is nested: left as it is)
    expect(text).toContain('const arrow = ((x) => x * 3);');
    expect(text).toContain('const expr = (function (x) { return x + 1; });');
    expect(text.startsWith('var early=(function early(x)')).toBe(true);
    expect(text).toContain('const unused = (x) => x - 1;');
    expect(text).toContain('function never() { return 0; }');
    expect(execFileSync(process.execPath, [file], { encoding: 'utf8' })).toBe(before);
  });

  it('the bundle carries the render path marked: the pipeline chunk has parenthesized functions', () => {
    const chunks = join(root, 'dist/chunks');
    const pipeline = readdirSync(chunks).find((f) => f.startsWith('pipeline-'));
    expect(pipeline).toBeDefined();
    const js = readFileSync(join(chunks, pipeline!), 'utf8');
    expect((js.match(/\(\([\w$,]*\)=>|\(function[\s(]|var [\w$]+=\(function/g) ?? []).length).toBeGreaterThan(10);
  });
});

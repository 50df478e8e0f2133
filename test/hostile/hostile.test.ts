// Hostile input (issue 9): for every generated answers object, either the model refuses it with one
// line naming the field (and the CLI exits 2 with that line), or every file the CLI would write
// parses with its real parser and says exactly what was typed.
//
//   npm test                                   300 cases, fixed seed
//   MOSAIC_HOSTILE_CASES=10000 npx vitest run --config test/vitest.config.ts test/hostile
//   MOSAIC_HOSTILE_SEED=123 ...                another seed (a failure prints seed and path to replay)
//
// Failures found are kept in regressions.json and replayed here on every run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { answersArb } from './arbitraries.js';
import { describeFailure, judgeAll, type Judged } from './judge.js';
import { startToolchains, type Job, type Toolchains } from './toolchains.js';

type Raw = Record<string, unknown>;

const CASES = Number(process.env.MOSAIC_HOSTILE_CASES ?? 300);
const SEED = Number(process.env.MOSAIC_HOSTILE_SEED ?? 9009);
/** Generous: about 10 ms a case on two busy cores, plus a minute for shrinking a failure. */
const BUDGET_MS = 120_000 + CASES * 40;

interface Regression {
  name: string;
  /** How it was found and what was wrong. */
  found: string;
  answers: Raw;
  /** `renders`, or the field the refusal must name. */
  expect: 'renders' | { refused: string };
}

const REGRESSIONS = JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as Regression[];

let tc: Toolchains;
beforeAll(async () => {
  tc = await startToolchains();
});
afterAll(async () => {
  await tc?.close();
});

/** Shrink the case at `index` of the seeded run to a minimal failing one (time-boxed). */
async function shrink(index: number): Promise<string> {
  try {
    await fc.assert(
      fc.asyncProperty(answersArb, async (raw) => (await judgeAll([raw], tc))[0]!.problems.length === 0),
      { seed: SEED, path: String(index), numRuns: CASES, interruptAfterTimeLimit: 60_000 },
    );
    return '(did not reproduce alone)';
  } catch (e) {
    return String((e as Error).message).split('\n').slice(0, 4).join('\n');
  }
}

describe('the batched parsers', () => {
  it('reject what their language rejects and accept the rest, one result per job', async () => {
    const jobs: Job[] = [
      { kind: 'py', source: 'x = "a\nb"\n' },
      { kind: 'py', source: 'x = "a" # "unclosed\n' },
      { kind: 'dotenv', source: 'A=\nA B C\n' },
      { kind: 'dotenv', source: '# c\nA=\n' },
      { kind: 'go', source: 'package x\n\n// a\ufeffb\n' },
      { kind: 'go', source: 'package x\n\nvar s = "a\\u00e9"\n' },
      { kind: 'sh', source: 'if true; then\n' },
      { kind: 'sh', source: "x='a'\\''b'\n" },
      { kind: 'hcl', source: 'path "x" {\n  capabilities = ["read"\n}\n' },
      { kind: 'hcl', source: 'path "secret/data/x" {\n  capabilities = ["read"]\n}\n' },
    ];
    const results = await tc.run([...jobs, jobs[0]!]);
    expect(results.map((r) => r.ok)).toEqual([false, true, false, true, false, true, false, true, false, true, false]);
    expect(results[4]!.error).toMatch(/byte order mark/);
  });
});

describe('hostile answers', () => {
  let judged: Judged[] = [];

  it(`${CASES} generated cases (seed ${SEED}) are refused clearly or rendered faithfully`, async () => {
    const cases = fc.sample(answersArb, { seed: SEED, numRuns: CASES });
    judged = await judgeAll(cases, tc);
    const failing = judged.map((j, i) => ({ j, i })).filter(({ j }) => j.problems.length > 0);
    const rendered = judged.filter((j) => j.refused === null && j.problems.length === 0);
    const stats = {
      cases: judged.length,
      rendered: rendered.length,
      refused: judged.filter((j) => j.refused !== null).length,
      failing: failing.length,
      directVault: rendered.filter((j) => j.raw.mode === 'direct-vault').length,
      keys: rendered.reduce((n, j) => n + ((j.raw.secrets as unknown[] | undefined)?.length ?? 0) + ((j.raw.config as unknown[] | undefined)?.length ?? 0), 0),
    };
    console.log(`hostile: ${JSON.stringify(stats)}`);
    if (failing.length > 0) {
      const shrunk = await shrink(failing[0]!.i);
      const details = failing.slice(0, 5).map(({ j, i }) => describeFailure(j, `case ${i} (replay: MOSAIC_HOSTILE_SEED=${SEED}, fast-check path "${i}")`));
      expect.fail(`${failing.length} of ${judged.length} cases failed.\nFirst, shrunk:\n${shrunk}\n\n${details.join('\n\n')}`);
    }
    // The generator must exercise both sides and both modes, or the property proves little.
    expect(stats.rendered).toBeGreaterThan(CASES * 0.2);
    expect(stats.refused).toBeGreaterThan(CASES * 0.1);
    expect(stats.directVault).toBeGreaterThan(0);
    for (const language of ['typescript', 'python', 'go']) {
      expect(rendered.some((j) => (j.raw.languages as string[]).includes(language))).toBe(true);
    }
  }, BUDGET_MS);

  it('replays every regression example from regressions.json', async () => {
    const out = await judgeAll(REGRESSIONS.map((r) => r.answers), tc);
    const wrong = out.flatMap((j, i) => {
      const r = REGRESSIONS[i]!;
      const problems = [...j.problems];
      if (r.expect === 'renders' && j.refused !== null) problems.push(`refused: ${j.refused}`);
      if (r.expect !== 'renders' && !j.refused?.startsWith(`${r.expect.refused}: `)) problems.push(`expected a refusal naming ${r.expect.refused}, got ${j.refused ?? 'a render'}`);
      return problems.length ? [describeFailure({ ...j, problems }, r.name)] : [];
    });
    expect(wrong, wrong.join('\n\n')).toEqual([]);
  });

  it('the built CLI exits 2 with the same one line for a sample of refusals, and writes exactly the plan otherwise', async () => {
    expect(judged.length, 'runs after the generated cases').toBeGreaterThan(0);
    // The first refusal for each distinct leading field, plus two rendered cases (ESO and Direct-Vault).
    const byField = new Map<string, Judged>();
    for (const j of judged) {
      const field = j.refused?.split(':')[0];
      if (field && !byField.has(field) && byField.size < 8) byField.set(field, j);
    }
    const rendered = ['eso', 'direct-vault'].flatMap((mode) => judged.find((j) => j.refused === null && (j.raw.mode ?? 'eso') === mode && (j.raw.languages as string[]).length > 1) ?? []);
    expect(byField.size).toBeGreaterThan(3);
    expect(rendered).toHaveLength(2);
    const dir = tempDir('mosaic-hostile-cli-');
    for (const [i, j] of [...byField.values(), ...rendered].entries()) {
      const answers = join(dir, `answers-${i}.json`);
      writeFileSync(answers, JSON.stringify(j.raw));
      const target = join(dir, `target-${i}`);
      const r = await runCli([target, '--answers', answers, '--yes']);
      if (j.refused !== null) {
        expect(r.exitCode, r.stderr).toBe(2);
        expect(r.stderr).toContain(j.refused);
        expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
      } else {
        expect(r.exitCode, r.stderr).toBe(0);
        expect(snapshotTree(target)).toEqual(j.files);
      }
    }
  });
});

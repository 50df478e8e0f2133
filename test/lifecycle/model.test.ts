// Model-based lifecycle test (fast-check): random sequences of what a team does to a generated repo
// over the years. Invariants after every step:
//   1. a hand edit is never lost unless the run said so (a conflict it showed and the user chose to
//      overwrite, or --force); a run that refuses (CI, a conflict) changes no byte;
//   2. a file nobody edited is exactly our fresh render of the recorded answers (no silent split);
//   3. a second identical run changes nothing (every file `unchanged`, no conflict).
// Most sequences run in-process (generate(), as the CLI calls it); some go through the bundled CLI.
// MOSAIC_MODEL_RUNS / MOSAIC_MODEL_CLI_RUNS set the counts (npm test: up to 300 in-process in a
// 150 s time box, and 2; npm run test:long: 5,000 and 20, no time box; MOSAIC_MODEL_SECONDS overrides).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { addKey, removeKey, setMode } from '../../src/answers/edits.js';
import { ConflictError } from '../../src/errors.js';
import { generate, readManifest, type GenerateOptions } from '../../src/generate.js';
import { answersOf, buildModel } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import type { IO } from '../../src/ui/output.js';
import type { PlannedFile } from '../../src/write/plan.js';
import { runCli, snapshotTree } from '../helpers/cli.js';
import { answerEdit, configEntry, handEdit, initialArb, opArb, scratch, type AnswerField, type Layout, type Expect, type Op, type Raw, type Settle } from './world.js';

// Rendering is pure (same model, same files): memoised here so that thousands of sequences spend
// their time in planning, merging and writing — what this test is about — not in Handlebars.
vi.mock('../../src/render/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/render/index.js')>();
  const cache = new Map<string, ReturnType<typeof real.renderAll>>();
  return {
    ...real,
    renderAll: (m: Parameters<typeof real.renderAll>[0]) => {
      const key = JSON.stringify(m);
      let files = cache.get(key);
      if (!files) {
        files = real.renderAll(m);
        if (cache.size > 5_000) cache.clear();
        cache.set(key, files);
      }
      return files.map((f) => ({ ...f }));
    },
  };
});

const sink = { write: () => true } as unknown as NodeJS.WritableStream;

/** One step's outcome as the model sees it: which files the user was asked about and let go. */
interface Outcome {
  ok: boolean;
  /** Files whose hand edits the run may replace: conflicts overwritten (by choice or --force). */
  released: Set<string>;
  /** Conflicts the user settled by keeping their file: theirs now, not our render. */
  kept: Set<string>;
}

interface Runner {
  /** Run generation with these answers in `dir`, settling conflicts as `settle` says. */
  run(dir: string, answers: Raw, settle: Settle, command: string[]): Promise<Outcome>;
  /** The plan of an identical second run (what it would do), without writing. */
  again(dir: string): Promise<{ path: string; action: string }[]>;
}

const inProcess: Runner = {
  async run(dir, answers, settle) {
    const released = new Set<string>();
    const kept = new Set<string>();
    let n = 0;
    const choose = async (f: PlannedFile) => {
      const overwrite = settle.how === 'person' && settle.overwrite[n++ % settle.overwrite.length]!;
      (overwrite ? released : kept).add(f.path);
      return overwrite ? ('overwrite' as const) : ('skip' as const);
    };
    const io: IO = { stdout: sink, stderr: sink, interactive: settle.how === 'person', color: false };
    const opts: GenerateOptions = { target: dir, dryRun: false, json: false, force: settle.how === 'force', choose };
    try {
      const { plan } = await generate(buildModel(answers), opts, io);
      if (settle.how === 'force') for (const f of plan) if (f.reason && f.action !== 'unchanged') released.add(f.path);
      return { ok: true, released, kept };
    } catch (e) {
      if (e instanceof ConflictError) return { ok: false, released: new Set(), kept: new Set() };
      throw e;
    }
  },
  async again(dir) {
    const { plan } = await generate(buildModel(readManifest(dir)!.answers), { target: dir, dryRun: true, json: false, force: false }, { stdout: sink, stderr: sink, interactive: false, color: false });
    return plan.map((f) => ({ path: f.path, action: f.action }));
  },
};

/** The bundled CLI: --yes (CI) or --force; a person's choices need a terminal (see the PTY tests). */
const viaCli: Runner = {
  async run(dir, answers, settle, command) {
    const flags = settle.how === 'force' ? ['--force'] : [];
    const r = await runCli([...command, ...flags, '--json', '--yes'], { cwd: dir });
    if (r.exitCode === 1 && /refusing to overwrite/.test(r.stderr)) return { ok: false, released: new Set(), kept: new Set() };
    expect(r.exitCode, `${command.join(' ')}: ${r.stderr}`).toBe(0);
    const files = JSON.parse(r.stdout).files as { path: string; action: string; reason?: string }[];
    expect(readManifest(dir)!.answers).toEqual(answersOf(buildModel(answers)));
    return { ok: true, released: new Set(files.filter((f) => f.reason && f.action !== 'unchanged').map((f) => f.path)), kept: new Set() };
  },
  async again(dir) {
    const r = await runCli(['update', '--dry-run', '--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout).files;
  },
};

const keysOf = (a: Raw) => [...((a.secrets as Raw[]) ?? []), ...((a.config as Raw[]) ?? [])].map((k) => String(k.env));

/** The answers an op leads to, and the CLI command that does it; null when it does not fit. */
function nextAnswers(a: Raw, o: Exclude<Op, { op: 'edit' } | { op: 'answer-edit' }>): { answers: Raw; command: string[] } | null {
  const keys = keysOf(a);
  if (o.op === 'rerun') return { answers: a, command: [] };
  if (o.op === 'update') return { answers: a, command: ['update'] };
  if (o.op === 'add-secret') {
    if (keys.includes(o.env)) return null;
    const flags = [...(o.description ? ['--description', o.description] : []), '--min-length', String(o.minLength)];
    return { answers: addKey(a, { env: o.env, minLength: o.minLength, ...(o.description ? { description: o.description } : {}) }), command: ['add-key', o.env, ...flags] };
  }
  if (o.op === 'add-config') {
    if (keys.includes(o.env)) return null;
    const c = configEntry(o.env, o.kind);
    const flags = ['--config', '--default', c.default, '--type', c.type, '--reason', c.reason, ...(c.values ? ['--values-list', c.values.join(',')] : [])];
    return { answers: addKey(a, { env: o.env, config: c }), command: ['add-key', o.env, ...flags] };
  }
  if (o.op === 'remove') {
    const secrets = ((a.secrets as Raw[]) ?? []).map((s) => String(s.env));
    const victim = keys[o.pick % keys.length]!;
    if (secrets.length === 1 && secrets[0] === victim) return null; // the env list never empties
    return { answers: removeKey(a, victim), command: ['remove-key', victim] };
  }
  const justification = 'DB creds rotate every 15 minutes';
  if (o.direct) return { answers: setMode(a, 'direct-vault', justification), command: ['set-mode', 'direct-vault', '--justification', justification] };
  return { answers: setMode(a, 'eso', undefined), command: ['set-mode', 'eso'] };
}

/** Files the repo has that we generated (the manifest lists them) plus .gitignore. */
function ourFiles(dir: string): string[] {
  const m = readManifest(dir);
  return [...Object.keys(m?.files ?? {}), '.gitignore'].filter((p) => existsSync(join(dir, p))).sort();
}

export interface Trace {
  steps: string[];
}

async function sequence(runner: Runner, dir: string, initial: { secrets: string[]; languages: string[]; layout: Layout }, ops: Op[], trace: Trace): Promise<void> {
  let answers: Raw = {
    app: 'model-app',
    namespace: 'ns',
    languages: initial.languages,
    secrets: initial.secrets.map((env) => ({ env })),
    config: [{ env: 'PORT', ...configEntry('PORT', 0) }],
    ...(initial.layout === 'plain' ? {} : { layout: initial.layout }),
  };
  expect((await runner.run(dir, answers, { how: 'ci' }, ['--answers', writeAnswers(dir, answers)])).ok).toBe(true);
  answers = readManifest(dir)!.answers as Raw;
  let expects: Expect[] = [];
  /** Files someone edited by hand since we last wrote all of them. */
  const touched = new Set<string>();
  /** Files the user kept at a conflict (theirs until a run overwrites them). */
  const kept = new Set<string>();
  /** Answers edited in the manifest by hand: every file must follow them, or the run must have asked. */
  const answerEdited = new Map<AnswerField, number>();
  /** When each hand edit was made (its step), to tell an edit before an answer edit from one after. */
  const madeAt = new Map<Expect, number>();
  /** When each answer edit was made, and when each file was last kept at a conflict. */
  const answerAt = new Map<AnswerField, number>();
  const keptAt = new Map<string, number>();
  let token = 0;
  for (const o of ops) {
    if (o.op === 'edit') {
      const e = handEdit(dir, ourFiles(dir), o, `edit${++token}x`);
      if (!e) continue;
      trace.steps.push(`edit ${o.kind} ${e.path} → ${e.token}`);
      if (e.slot) expects = expects.filter((x) => x.slot !== e.slot);
      expects.push(e);
      madeAt.set(e, trace.steps.length);
      touched.add(e.path);
      continue;
    }
    if (o.op === 'answer-edit') {
      const field = answerEdit(dir, o);
      if (field) {
        // Until a run has carried the new value into the files, no hand edit of it is exempt.
        if (field !== 'description') answerEdited.set(field, Infinity), answerAt.set(field, trace.steps.length + 1);
        answers = readManifest(dir)!.answers as Raw;
        trace.steps.push(`answer-edit field ${o.field} value ${o.value}`);
      }
      continue;
    }
    const next = nextAnswers(answers, o);
    if (!next) continue;
    trace.steps.push(`${o.op}${next.command.length ? ` (${next.command.join(' ')})` : ''} settle=${JSON.stringify(o.settle)}`);
    const before = snapshotTree(dir);
    const out = await runner.run(dir, next.answers, o.settle, next.command);
    if (!out.ok) {
      expect(snapshotTree(dir), 'a refused run changes no byte').toEqual(before);
      continue;
    }
    answers = readManifest(dir)!.answers as Raw;
    // An overwrite releases the edits of that file the run replaced; what it did not replace (an edit
    // outside our README region, the team's own env entry) is still theirs and still tracked.
    const onDisk = (e: Expect) => existsSync(join(dir, e.path)) && readFileSync(join(dir, e.path), 'utf8').includes(e.token);
    expects = expects.filter((e) => !out.released.has(e.path) || onDisk(e));
    for (const p of out.released) {
      kept.delete(p);
      if (!expects.some((e) => e.path === p)) touched.delete(p);
    }
    for (const p of out.kept) touched.add(p), kept.add(p), keptAt.set(p, trace.steps.length);
    // 1. every hand edit the run did not announce is still there
    for (const e of expects) {
      const text = existsSync(join(dir, e.path)) ? readFileSync(join(dir, e.path), 'utf8') : '(deleted)';
      expect(text.includes(e.token), `lost hand edit ${e.token} in ${e.path} after ${trace.steps.at(-1)}`).toBe(true);
    }
    // 2. files nobody touched are exactly our render of the recorded answers
    // (merged YAML by value: the description comment above a list's first entry is the list's, not
    // the entry's, and is not refreshed — see the README's guarantees)
    for (const f of renderAll(buildModel(answers))) {
      if (touched.has(f.path) || f.strategy.kind === 'lines' || f.strategy.kind === 'deps') continue;
      const disk = readFileSync(join(dir, f.path), 'utf8');
      const what = `${f.path} (untouched) = fresh render after ${trace.steps.at(-1)}`;
      // (a Helm template is not YAML before helm renders it: compared as text)
      if (f.strategy.kind === 'yaml' && !f.content.includes('{{')) expect(yamlValue(disk), what).toEqual(yamlValue(f.content));
      else expect(disk, what).toBe(f.content);
    }
    // 2b. no silent split: a value edited in the manifest's answers reached every file that renders
    // it, unless the user kept that file at a conflict or replaced that value by hand afterwards
    const rendered = renderAll(buildModel(answers));
    for (const [field, settled] of answerEdited) {
      const config = ((answers.config as Raw[]) ?? []).find((c) => field === `default:${String(c.env)}`);
      const mark = field === 'refresh' ? `refreshInterval: "${String((answers.eso as Raw).refreshInterval)}"` : config ? String(config.default) : null;
      if (mark === null) continue;
      for (const f of rendered) {
        // A file kept at a conflict after the answer edit keeps the old value as the user's (a later
        // overwrite replaces only the entries it conflicts on).
        if (!f.content.includes(mark) || kept.has(f.path) || (keptAt.get(f.path) ?? -1) >= answerAt.get(field)! || expects.some((e) => e.path === f.path && e.slot && madeAt.get(e)! > settled)) continue;
        expect(readFileSync(join(dir, f.path), 'utf8').includes(mark), `${f.path} follows the answer edited in the manifest (${mark}) after ${trace.steps.at(-1)}`).toBe(true);
      }
      if (settled === Infinity) answerEdited.set(field, trace.steps.length);
    }
    // 3. an identical second run changes nothing
    const again = (await runner.again(dir)).filter((f) => f.action !== 'unchanged');
    expect(again, `second identical run after ${trace.steps.at(-1)}`).toEqual([]);
  }
}

const yamlValue = (text: string) => parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJSON());

function writeAnswers(dir: string, answers: Raw): string {
  const f = `${dir}.answers.json`;
  writeFileSync(f, JSON.stringify(answers));
  return f;
}

const RUNS = Number(process.env.MOSAIC_MODEL_RUNS ?? 300);
const CLI_RUNS = Number(process.env.MOSAIC_MODEL_CLI_RUNS ?? 2);
const SEED = process.env.MOSAIC_MODEL_SEED === undefined ? {} : { seed: Number(process.env.MOSAIC_MODEL_SEED) };
/**
 * Time box for npm test: no new sequence starts after this many seconds, so a loaded machine runs
 * fewer sequences instead of nearing the test's timeout. The long mode (MOSAIC_MODEL_RUNS set, e.g.
 * npm run test:long) has none unless MOSAIC_MODEL_SECONDS says so.
 */
const BUDGET_S = Number(process.env.MOSAIC_MODEL_SECONDS ?? (process.env.MOSAIC_MODEL_RUNS === undefined ? 150 : 0));
/** Fewer sequences than this inside the time box would make the test say little: fail instead. */
const MIN_RUNS = 40;

async function check(runner: Runner, numRuns: number, maxOps: number, label: string, budgetS: number): Promise<void> {
  const started = performance.now();
  let steps = 0;
  const details = await fc.check(
    fc.asyncProperty(initialArb, fc.array(opArb, { minLength: 1, maxLength: maxOps }), async (initial, ops) => {
      const trace: Trace = { steps: [] };
      const dir = scratch('mosaic-model-');
      try {
        await sequence(runner, dir, initial, ops, trace);
      } catch (e) {
        (e as Error).message += `\nsteps:\n  ${trace.steps.join('\n  ')}\n(the repo is left in ${dir})`;
        throw e;
      }
      // Thousands of sequences: a passing one leaves nothing behind (tmpfs is memory).
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.answers.json`, { force: true });
      steps += trace.steps.length;
    }),
    { numRuns, ...SEED, ...(budgetS > 0 ? { interruptAfterTimeLimit: budgetS * 1000, markInterruptAsFailure: false } : {}) },
  );
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed', { cause: details.errorInstance });
  const s = (performance.now() - started) / 1000;
  const ran = details.numRuns;
  process.stderr.write(`model-based lifecycle (${label}): ${ran} of ${numRuns} sequences${details.interrupted ? ` (time box ${budgetS} s)` : ''}, ${steps} steps in ${s.toFixed(1)} s = ${(ran / s).toFixed(2)} sequences/s\n`);
  expect(ran, `sequences run inside the time box (${label})`).toBeGreaterThanOrEqual(Math.min(numRuns, MIN_RUNS));
}

describe('model-based lifecycle (fast-check): hand edits survive, untouched files are our render, re-runs settle', () => {
  it(`in-process: up to ${RUNS} sequences${BUDGET_S ? ` or ${BUDGET_S} s` : ''}`, { timeout: BUDGET_S ? BUDGET_S * 1000 + 300_000 : Math.max(600_000, RUNS * 5_000) }, async () => {
    await check(inProcess, RUNS, 10, 'in-process', BUDGET_S);
  });
  it(`through the bundled CLI: ${CLI_RUNS} sequences`, { timeout: Math.max(300_000, CLI_RUNS * 90_000) }, async () => {
    await check(viaCli, CLI_RUNS, 5, 'CLI', 0);
  });
});

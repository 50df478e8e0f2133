// Judge many cases at once: in-process checks per case, then every external check in one batch.
import type { Toolchains } from './toolchains.js';
import { evaluate, type CaseResult } from './oracle.js';

type Raw = Record<string, unknown>;

export interface Judged extends CaseResult {
  raw: Raw;
}

export async function judgeAll(cases: Raw[], tc: Toolchains): Promise<Judged[]> {
  const judged = cases.map((raw) => ({ raw, ...evaluate(raw) }));
  const checks = judged.flatMap((j, i) => j.external.map((x) => ({ i, x })));
  const results = await tc.run(checks.map((c) => c.x.job));
  checks.forEach((c, k) => judged[c.i]!.problems.push(...c.x.judge(results[k]!)));
  return judged;
}

/** One failing case, readable: the answers (JSON, lone surrogates escaped) and the first problems. */
export function describeFailure(j: Judged, label: string): string {
  return `${label}\n  answers: ${JSON.stringify(j.raw)}\n  ${j.problems.slice(0, 6).join('\n  ')}`;
}

// The labelled corpus (test/check/corpus): every rule that has labelled true positives must keep
// precision >= 95 % and recall >= 90 %, and no line labelled FP may be flagged by its rule.
// `npm run bench:check` prints the same table and compares gitleaks; this is its fast half.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/check/types.js';
import { materializeCorpus, runCheck, score, type Materialized, type Reported, type RuleScore } from './corpus/harness.js';

let corpus: Materialized;
let reported: Reported[];
let scores: RuleScore[];

beforeAll(async () => {
  corpus = materializeCorpus();
  reported = await runCheck(corpus.dir, corpus.repos);
  scores = score(corpus.labels, reported, RULE_IDS);
});
afterAll(() => corpus?.cleanup());

describe('labelled corpus', () => {
  it('labels true positives of the rules it measures, and tempting lines as FP', () => {
    const tpRules = new Set(corpus.labels.filter((l) => l.kind === 'TP').map((l) => l.rule));
    for (const rule of ['hardcoded-secret', 'fallback-default', 'vault-client-in-eso-app', 'checklist-external-secret', 'checklist-readme-section']) expect(tpRules).toContain(rule);
    expect(corpus.labels.filter((l) => l.kind === 'FP').length).toBeGreaterThan(80);
    expect(corpus.labels.filter((l) => l.fmt).length).toBeGreaterThan(10);
  });

  it.each(RULE_IDS)('%s: precision >= 95 %, recall >= 90 %', (rule) => {
    const s = scores.find((x) => x.rule === rule)!;
    const detail = [...s.falsePositives.map((f) => `FP ${f.repo}/${f.path}:${f.line}`), ...s.missed.map((m) => `FN ${m.repo}/${m.path}:${m.line}`)];
    expect({ rule, precisionOk: s.precision >= 0.95, recallOk: s.recall >= 0.9, detail: s.precision >= 0.95 && s.recall >= 0.9 ? [] : detail }).toEqual({ rule, precisionOk: true, recallOk: true, detail: [] });
  });

  it('flags no line labelled FP for its rule', () => {
    const hit = new Set(reported.map((f) => `${f.rule} ${f.repo}/${f.path}:${f.line}`));
    const flagged = corpus.labels.filter((l) => l.kind === 'FP' && hit.has(`${l.rule} ${l.repo}/${l.path}:${l.line}`));
    expect(flagged).toEqual([]);
  });
});

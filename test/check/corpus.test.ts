// The fixture corpus: every case under test/check/fixtures/<group>/ is checked and its findings
// compared with the data in <group>/expected.json (rule, path, line, column). `pos-` cases must
// find something, `neg-` cases nothing.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { caseDirs, materialize, readGroup } from './helpers/fixtures.js';

const GROUPS = ['fallback-default', 'hardcoded-secret', 'vault-client', 'committed-env-file', 'checklist'];

describe.each(GROUPS)('fixture group %s', (name) => {
  const group = readGroup(name);
  const dirs = caseDirs(name);

  it('lists every case directory in expected.json and nothing else', () => {
    expect(Object.keys(group.cases).sort()).toEqual(dirs);
  });

  it.each(dirs)('%s', async (c) => {
    const { dir, cleanup } = materialize(name, c);
    try {
      const r = await check(['.'], { cwd: dir, ...(group.rules ? { rules: group.rules } : {}) });
      const got = r.findings.map((f) => ({ rule: f.rule, path: f.path, line: f.line, column: f.column }));
      expect(got).toEqual(group.cases[c]);
      if (c.startsWith('pos-')) expect(got.length).toBeGreaterThan(0);
      if (c.startsWith('neg-')) expect(got).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describe('corpus size', () => {
  it.each(['fallback-default', 'hardcoded-secret'])('%s has at least 15 positive and 15 negative cases', (name) => {
    const cases = Object.keys(readGroup(name).cases);
    expect(cases.filter((c) => c.startsWith('pos-')).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.startsWith('neg-')).length).toBeGreaterThanOrEqual(15);
  });

  it.each(['vault-client', 'committed-env-file', 'checklist'])('%s has positive and negative cases', (name) => {
    const cases = Object.keys(readGroup(name).cases);
    expect(cases.some((c) => c.startsWith('pos-'))).toBe(true);
    expect(cases.some((c) => c.startsWith('neg-'))).toBe(true);
  });
});

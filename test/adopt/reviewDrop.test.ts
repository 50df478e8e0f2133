// adopt's interactive review: dropping a key a workload's own `keys` names (adopt proposes those for a
// Helm template that sets a config env itself) takes it out there too, so the reviewed answers still
// build a model (the generator would refuse `workloads[0].keys[i]: X is not listed`).
import { describe, expect, it, vi } from 'vitest';

const picks: string[] = [];
vi.mock('@inquirer/prompts', () => ({
  select: async () => picks.shift(),
  input: async () => '',
  confirm: async () => true,
}));

const { reviewProposal } = await import('../../src/adopt/review.js');
const { buildModel } = await import('../../src/model.js');

describe('adopt review: drop', () => {
  it('a dropped key leaves every workload keys list, and the answers build', async () => {
    const start = {
      app: 'shop',
      namespace: 'shop',
      layout: 'helm' as const,
      secrets: [{ env: 'DB_PASSWORD', description: 'db' }],
      config: [
        { env: 'PORT', default: '8080', type: 'int' as const, reason: 'a port' },
        { env: 'HTTP_ADDR', default: ':8080', type: 'string' as const, reason: 'an address' },
      ],
      workloads: [{ name: 'shop', kind: 'Deployment' as const, file: 'deployment.yaml', keys: ['DB_PASSWORD', 'HTTP_ADDR'] }],
    };
    picks.push('HTTP_ADDR', 'drop', ':accept');
    const out = await reviewProposal({ mode: { value: 'eso', from: 'default' }, keys: [] } as never, start);
    expect(out.config!.map((c) => c.env)).toEqual(['PORT']);
    expect(out.workloads![0]!.keys).toEqual(['DB_PASSWORD']);
    expect(() => buildModel(out)).not.toThrow();
  });
});

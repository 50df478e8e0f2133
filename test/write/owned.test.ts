// A renderer's own account of our part of a merged YAML file (src/render/owned.ts) is what the
// manifest records for a first write, in place of reading the rendered text back with the yaml
// library. It must be exactly what the merger reads back (yamlMerger(...).owned on the text), or a
// later run would take our own output for a user's edit: checked here on hostile answers (quotes,
// comment and YAML syntax in every free-text field) in every layout that renders such files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import { yamlMerger } from '../../src/write/merge/yamlMergers.js';
import { answersArb } from '../hostile/arbitraries.js';

// The plain layout (the default, where every file carries its owned part) is drawn most often.
const LAYOUTS = [{}, {}, {}, { layout: 'kustomize' }, { layout: 'helm' }, { workloads: [{ name: 'api', kind: 'Deployment', file: 'api.yaml' }, { name: 'worker', kind: 'StatefulSet', file: 'api.yaml' }] }];

describe("the renderer's owned part", () => {
  it('is what the merger reads back from the rendered text', () => {
    const checked = new Map<string, number>();
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...LAYOUTS), (raw, layout) => {
        let m;
        try {
          m = buildModel({ ...raw, ...layout });
        } catch {
          return;
        }
        for (const f of renderAll(m)) {
          if (!f.owned || f.strategy.kind !== 'yaml') continue;
          expect(f.owned, f.path).toEqual(yamlMerger(f.strategy, m.app).owned(f.content, f.path));
          checked.set(f.strategy.merge, (checked.get(f.strategy.merge) ?? 0) + 1);
        }
      }),
      { numRuns: 400 },
    );
    // Not vacuous: both kinds of file a plain render writes were compared, many times.
    expect(checked.get('external-secret')).toBeGreaterThan(50);
    expect(checked.get('deployment-env')).toBeGreaterThan(20);
  });

  it('is given for the files of a plain Direct-Vault render (the first write parses none of them)', () => {
    const m = buildModel({
      app: 'api',
      namespace: 'team',
      mode: 'direct-vault',
      justification: 'Database credentials come from the Vault database engine with a 15m TTL',
      directVault: { engine: 'database', vaultAddr: 'https://vault.vault.svc:8200' },
      secrets: [{ env: 'DB_PASSWORD', description: 'the # database: "password"' }],
      config: [{ env: 'PORT', type: 'int', default: '3000', reason: 'not a secret # really' }],
    });
    const yamlFiles = renderAll(m).filter((f) => f.strategy.kind === 'yaml');
    expect(yamlFiles.map((f) => f.path).sort()).toEqual(['deploy/deployment.yaml', 'deploy/external-secret-bootstrap.yaml', 'deploy/external-secret.yaml']);
    for (const f of yamlFiles) expect(f.owned, f.path).toEqual(yamlMerger(f.strategy as never, m.app).owned(f.content, f.path));
  });
});

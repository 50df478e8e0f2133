// src/write/plainYaml.ts prints the manifest without the yaml library: wherever it answers, its text
// must be yaml's stringify(value, { lineWidth: 0 }) byte for byte (users read and edit the manifest,
// and a re-run compares it); where it cannot, it says so (null) and the manifest falls back to yaml.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { answersOf, buildModel } from '../../src/model.js';
import { renderManifest } from '../../src/write/manifest.js';
import { plainYaml } from '../../src/write/plainYaml.js';
import { answersArb, PRINTABLE_TRAPS, BAD_TRAPS } from '../hostile/arbitraries.js';

const yamlOf = (v: unknown) => stringify(v, { lineWidth: 0 });

// Mostly strings made of the characters YAML's quoting rules turn on, so most values are printable here.
const yamlish = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', ' ', ':', '#', '-', '"', "'", '.', '_', '/', '?', '[', '{', ',', '@', '%', '!', '&', '*', '|', '>', '`', 'é', '~', '\\', 'e', 'x'), maxLength: 8 });
const text = fc.oneof(
  { weight: 6, arbitrary: yamlish },
  { weight: 2, arbitrary: fc.constantFrom('true', 'Null', '~', '0o17', '0x1F', '1e3', '.5', '-1', '+1', '1.', '.inf', 'yes', 'on', '0777', '12:30', '---', '...', 'a: b', 'a #b', 'a#b', '- x', '-x', '? x') },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...PRINTABLE_TRAPS, ...BAD_TRAPS, 'a', 'B_1', '-', ':', ' ', '"', "'", '0', '.', 'x y'), { maxLength: 5 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const scalar = fc.oneof({ weight: 6, arbitrary: text }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0));
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
}));
// The manifest's shapes (maps of maps, lists of scalars or of maps) with quoting-heavy strings.
const key = yamlish.filter((k) => k.length > 0);
const manifestish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.oneof({ weight: 5, arbitrary: yamlish }, fc.integer(), fc.boolean(), fc.constant(null)), tie('list'), tie('map')),
  list: fc.array(fc.oneof(yamlish, tie('map')), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));

describe('plainYaml', () => {
  it("prints what yaml's stringify prints, or declines (any data)", () => {
    let handled = 0;
    fc.assert(
      fc.property(fc.dictionary(text, data.value, { minKeys: 1, maxKeys: 5 }), (v) => {
        const mine = plainYaml(v);
        if (mine === null) return;
        handled++;
        expect(mine).toBe(yamlOf(v));
      }),
      { numRuns: 3000 },
    );
    expect(handled).toBeGreaterThan(50);
  });

  it("prints what yaml's stringify prints for manifest-shaped data, and handles most of it", () => {
    let handled = 0;
    fc.assert(
      fc.property(fc.dictionary(key, manifestish.value, { minKeys: 1, maxKeys: 5 }), (v) => {
        const mine = plainYaml(v);
        if (mine === null) return;
        handled++;
        expect(mine).toBe(yamlOf(v));
      }),
      { numRuns: 3000 },
    );
    expect(handled).toBeGreaterThan(1000); // the comparison is not vacuous (a `%` first declines)
  });

  it('prints the manifest of hostile answers as yaml does (and handles most of them)', () => {
    let handled = 0;
    let models = 0;
    fc.assert(
      fc.property(answersArb, (raw) => {
        let m;
        try {
          m = buildModel(raw);
        } catch {
          return;
        }
        models++;
        const doc = { generator: { name: 'create-mosaic-secrets', version: '0.1.0' }, answers: answersOf(m), files: { 'deploy/deployment.yaml': { sha256: 'a'.repeat(64), owned: ['A_B', 'C'] } } };
        const mine = plainYaml(doc);
        if (mine !== null) handled++;
        expect(mine ?? yamlOf(doc)).toBe(yamlOf(doc));
        expect(renderManifest(m, '0.1.0', doc.files)).toContain(yamlOf(doc));
      }),
      { numRuns: 400 },
    );
    expect(models).toBeGreaterThan(100);
    expect(handled).toBeGreaterThan(0);
  });

  it('handles the manifest of ordinary answers (the fast path is the one a render takes)', () => {
    const m = buildModel({
      app: 'bench-api',
      namespace: 'bench',
      mode: 'direct-vault',
      justification: 'Database credentials come from the Vault database engine with a 15m TTL',
      directVault: { engine: 'database', vaultAddr: 'https://vault.example.com:8200' },
      languages: ['typescript', 'python', 'go'],
      goModule: 'example.com/bench-api',
      secrets: Array.from({ length: 12 }, (_, i) => ({ env: `SECRET_${i + 1}`, description: `Secret number ${i + 1}: "quoted", with $ and \` to escape`, minLength: 8 + i })),
      config: [
        { env: 'PORT', type: 'int', default: '3000', reason: 'not a secret' },
        { env: 'LOG_LEVEL', type: 'enum', values: ['debug', 'info'], default: 'info', reason: "it's public", description: 'how much to log' },
        { env: 'FEATURE_X', type: 'bool', default: 'true', reason: 'a flag' },
      ],
    });
    const doc = { generator: { name: 'create-mosaic-secrets', version: '0.1.0' }, answers: answersOf(m), files: { 'src/env.ts': { sha256: 'b'.repeat(64) } } };
    expect(plainYaml(doc)).toBe(yamlOf(doc));
  });

  it('a key whose quoted form passes 1024 characters (yaml writes it as `? key`) is left to yaml', () => {
    for (const k of ['"\''.repeat(500), '"'.repeat(999) + "'"]) {
      const mine = plainYaml({ [k]: 1 });
      if (mine !== null) expect(mine).toBe(yamlOf({ [k]: 1 }));
      expect(mine).toBeNull();
    }
  });
});


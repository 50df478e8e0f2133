// Kustomize reads a directory's kustomization from kustomization.yaml, kustomization.yml or
// Kustomization and refuses a directory with more than one. The plan merges into the one a directory
// has (under its name) and never plans a second; a directory with several is refused before anything
// is written; the name check, adopt and detection go by the same three names.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFiles } from '../../src/adopt/files.js';
import { deployLayoutOf } from '../../src/adopt/layout.js';
import { kindOf } from '../../src/check/classify.js';
import { UsageError } from '../../src/errors.js';
import { planGeneration } from '../../src/generate.js';
import { buildModel } from '../../src/model.js';
import { tempDir } from '../helpers/cli.js';

const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n';
const model = () => buildModel({ app: 'orders-api', namespace: 'orders-api', layout: 'kustomize', secrets: [{ env: 'DB_PASSWORD' }], environments: [{ name: 'staging' }, { name: 'prod' }] });

function tree(files: Record<string, string>): string {
  const dir = tempDir('mosaic-kpaths-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** The kustomization entries of the plan: path → action. */
const kustomizations = (dir: string) =>
  Object.fromEntries(
    planGeneration(model(), dir, null)
      .filter((f) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f.path))
      .map((f) => [f.path, f.action]),
  );

describe('the kustomization file of each directory', () => {
  it('is the one the directory has, under its name; kustomization.yaml where there is none', () => {
    const dir = tree({
      'deploy/base/kustomization.yml': 'resources: []\n',
      'deploy/overlays/staging/Kustomization': K,
      'deploy/overlays/prod/kustomization.yaml': K,
    });
    expect(kustomizations(dir)).toEqual({
      'deploy/base/kustomization.yml': 'update',
      'deploy/overlays/staging/Kustomization': 'update',
      'deploy/overlays/prod/kustomization.yaml': 'update',
    });
    expect(kustomizations(tempDir('mosaic-kpaths-empty-'))).toEqual({
      'deploy/base/kustomization.yaml': 'create',
      'deploy/overlays/staging/kustomization.yaml': 'create',
      'deploy/overlays/prod/kustomization.yaml': 'create',
    });
  });

  it('a directory holding two is a one-line UsageError naming the directory and the rule', () => {
    const dir = tree({ 'deploy/base/kustomization.yml': 'resources: []\n', 'deploy/overlays/prod/kustomization.yaml': K, 'deploy/overlays/prod/Kustomization': K });
    let err: unknown;
    try {
      planGeneration(model(), dir, null);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      'deploy/overlays/prod: holds kustomization.yaml and Kustomization; kustomize reads exactly one kustomization file per directory (kustomization.yaml, kustomization.yml, Kustomization) and refuses to build this one: merge them into one, then re-run',
    );
  });

  it('a kustomization.yml that is a symbolic link is refused like any link, never bypassed with a new kustomization.yaml', () => {
    const dir = tree({ 'deploy/base/real.yaml': 'resources: []\n' });
    symlinkSync('real.yaml', join(dir, 'deploy/base/kustomization.yml'));
    expect(() => planGeneration(model(), dir, null)).toThrow('deploy/base/kustomization.yml: is a symbolic link');
  });

  it('check reads a Kustomization as YAML', () => {
    expect(kindOf('Kustomization')).toBe('yaml');
    expect(kindOf('kustomization.yml')).toBe('yaml');
  });

  it('adopt proposes the Kustomize layout from a kustomization.yml base and Kustomization overlays', () => {
    const dir = tree({ 'deploy/base/kustomization.yml': 'resources: []\n', 'deploy/overlays/staging/Kustomization': K, 'deploy/overlays/prod/kustomization.yml': K });
    const layout = deployLayoutOf(appFiles(dir), 'orders-api', () => null);
    expect(layout).toMatchObject({ layout: 'kustomize', deployDir: 'deploy', from: 'deploy/base/kustomization.yml', environments: [{ name: 'prod' }, { name: 'staging' }] });
  });
});

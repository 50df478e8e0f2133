// An existing Kustomize app (deploy/base + deploy/overlays/<env>, each overlay declaring its own
// `namespace:`): the interactive defaults are those overlays — their names and the namespace each
// declares — and the model says an environment without a namespace answer deploys where its overlay
// really does (kustomize moves the base's resources there), so the README's overlay table is true.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/cli.js';

/** Every question asked: its message and the default shown; answered from `typed` (by message), else the default. */
const asked: { message: string; default: unknown }[] = [];
const typed = new Map<RegExp, string>();
const reply = (cfg: { message: string; default?: unknown }) => {
  asked.push({ message: cfg.message, default: cfg.default });
  for (const [re, v] of typed) if (re.test(cfg.message)) return Promise.resolve(v);
  return Promise.resolve(cfg.default ?? '');
};
vi.mock('@inquirer/prompts', () => ({
  input: reply,
  select: reply,
  confirm: reply,
  number: reply,
  checkbox: (cfg: { message: string; choices: { value: string; checked?: boolean }[] }) => reply({ ...cfg, default: cfg.choices.filter((c) => c.checked).map((c) => c.value) }),
}));

const { promptAnswers } = await import('../../src/answers/prompts.js');
const { detectOverlays } = await import('../../src/answers/detect.js');
const { buildModel, withOverlayNamespaces } = await import('../../src/model.js');
const { renderAll } = await import('../../src/render/index.js');

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

function write(dir: string, files: Record<string, string>): string {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** orders-api: a base and two overlays that set their own namespaces. */
const ordersApi = () =>
  write(tempDir('mosaic-overlays-'), {
    'deploy/base/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deployment.yaml\n`,
    'deploy/base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\n',
    'deploy/overlays/staging/kustomization.yaml': `${KUSTOMIZATION}namespace: orders-staging # staging cluster\nresources:\n  - ../../base\n`,
    'deploy/overlays/prod/kustomization.yaml': `# prod\n${KUSTOMIZATION}namespace: "orders-prod"\nresources:\n  - ../../base\n`,
  });

/** Everything but the environments already answered (as flags would): only the Vault and environment questions remain. */
const START = { app: 'orders-api', namespace: 'orders-api', mode: 'eso', secrets: [{ env: 'DB_PASSWORD', description: 'db' }], config: [], languages: [], layout: 'kustomize', deployDir: 'deploy' };
const GIVEN = new Set(Object.keys(START));

const defaultOf = (re: RegExp) => asked.find((q) => re.test(q.message))?.default;

beforeEach(() => {
  asked.length = 0;
  typed.clear();
});

describe('detectOverlays', () => {
  it('names each overlay with a kustomization (sorted) and the namespace it declares, quoted or commented', () => {
    const dir = ordersApi();
    write(dir, { 'deploy/overlays/dev/kustomization.yml': `${KUSTOMIZATION}resources: [../../base]\n`, 'deploy/overlays/notes/README.md': 'no kustomization here\n' });
    expect(detectOverlays(dir, 'deploy')).toEqual([{ name: 'dev' }, { name: 'prod', namespace: 'orders-prod' }, { name: 'staging', namespace: 'orders-staging' }]);
    expect(detectOverlays(dir, 'k8s')).toEqual([]);
  });

  it('gives no default it cannot stand behind: a name or namespace that is not a DNS label, a linked kustomization', () => {
    const dir = write(tempDir('mosaic-overlays-'), {
      'k8s/overlays/Stage_1/kustomization.yaml': KUSTOMIZATION,
      'k8s/overlays/qa/kustomization.yaml': `${KUSTOMIZATION}namespace: Orders_QA\n`,
      'k8s/overlays/dev/kustomization.yaml': `${KUSTOMIZATION}namespace: [not, a, scalar]\n`,
      'elsewhere/kustomization.yaml': `${KUSTOMIZATION}namespace: linked\n`,
    });
    mkdirSync(join(dir, 'k8s/overlays/edge'));
    symlinkSync(join(dir, 'elsewhere/kustomization.yaml'), join(dir, 'k8s/overlays/edge/kustomization.yaml'));
    expect(detectOverlays(dir, 'k8s')).toEqual([{ name: 'dev' }, { name: 'qa' }]);
  });
});

describe('interactive defaults from the overlays on disk', () => {
  it('the environments default to the overlay names, each namespace to the one its overlay declares', async () => {
    const a = await promptAnswers(START, GIVEN, ordersApi());
    expect(defaultOf(/^Environments/)).toBe('prod,staging');
    expect(defaultOf(/^Namespace for prod/)).toBe('orders-prod');
    expect(defaultOf(/^Namespace for staging/)).toBe('orders-staging');
    // Accepting them records nothing the overlay does not already say: its namespace line stays the user's.
    expect(a.environments).toEqual([
      { name: 'prod', prefix: 'prod' },
      { name: 'staging', prefix: 'staging' },
    ]);
  });

  it("typing another namespace (even the app's) records it: it moves that overlay", async () => {
    typed.set(/^Namespace for staging/, 'orders-api');
    typed.set(/^Namespace for prod/, 'orders-live');
    const a = await promptAnswers(START, GIVEN, ordersApi());
    expect(a.environments).toEqual([
      { name: 'prod', prefix: 'prod', namespace: 'orders-live' },
      { name: 'staging', prefix: 'staging', namespace: 'orders-api' },
    ]);
  });

  it('recorded environments stay the default; a repo without overlays keeps the empty default and the app namespace', async () => {
    const dir = ordersApi();
    await promptAnswers({ ...START, environments: [{ name: 'staging' }] }, GIVEN, dir);
    expect(defaultOf(/^Environments/)).toBe('staging');
    asked.length = 0;
    typed.set(/^Environments/, 'qa');
    const a = await promptAnswers(START, GIVEN, tempDir('mosaic-no-overlays-'));
    expect(defaultOf(/^Environments/)).toBeUndefined();
    expect(defaultOf(/^Namespace for qa/)).toBe('orders-api');
    expect(a.environments).toEqual([{ name: 'qa', prefix: 'qa' }]);
  });

  it('helm values files are not overlays: no default from deploy/overlays', async () => {
    await promptAnswers({ ...START, layout: 'helm' }, new Set([...GIVEN].filter((f) => f !== 'deployDir')), ordersApi());
    expect(defaultOf(/^Environments/)).toBeUndefined();
  });
});

describe('the model as the overlays deploy it', () => {
  const answers = { ...START, environments: [{ name: 'staging' }, { name: 'prod', namespace: 'orders-live' }, { name: 'qa' }] };
  const declared = [{ name: 'staging', namespace: 'orders-staging' }, { name: 'prod', namespace: 'orders-prod' }, { name: 'qa' }];

  it("an environment without a namespace answer is in its overlay's namespace; an answer wins; none declared is the app's", () => {
    const m = withOverlayNamespaces(buildModel(answers), declared);
    expect(m.environments.map((e) => [e.name, e.namespace, e.given.namespace])).toEqual([
      ['staging', 'orders-staging', undefined],
      ['prod', 'orders-live', 'orders-live'],
      ['qa', 'orders-api', undefined],
    ]);
    const readme = renderAll(m).find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('| `staging` | `secret/k3s/orders-api` | `vault-backend` | `orders-staging` | `kubectl apply -k deploy/overlays/staging` |');
    expect(readme).toContain('| `prod` | `secret/k3s/orders-api` | `vault-backend` | `orders-live` |');
    expect(readme).toContain('k8s Secret `orders-api-secrets` in namespace per environment: `staging` → `orders-staging`, `prod` → `orders-live`, `qa` → `orders-api`; without an environment: `orders-api`,');
    // What the overlays are given is unchanged: only the answered namespace is written.
    const overlay = (env: string) => renderAll(m).find((f) => f.path === `deploy/overlays/${env}/kustomization.yaml`)!.content;
    expect(overlay('staging')).not.toMatch(/^namespace:/m);
    expect(overlay('prod')).toMatch(/^namespace: "?orders-live"?$/m);
  });

  it('helm is left alone (its namespace is the release namespace, -n)', () => {
    const m = buildModel({ ...answers, layout: 'helm' });
    expect(withOverlayNamespaces(m, declared).environments.map((e) => e.namespace)).toEqual(['orders-api', 'orders-live', 'orders-api']);
  });
});

// The generated apps test/cluster applies, as data: add a layout or an answers variant by adding an
// entry. Each app gets its own namespace, Vault path and store, so scenarios run side by side.
//
// `layout` says how the rendered tree becomes objects for `kubectl apply` (cluster.test.ts `units`):
// `plain` applies the deploy directory as written (`kubectl apply -f deploy/`), `kustomize` applies
// `kustomize build` of each overlay, `helm` applies `helm template` with each environment's values
// file. SCENARIOS are single-Deployment apps in every store shape (keyForms.test.ts reads them too);
// LAYOUT_SCENARIOS add several workloads of several kinds and the Kustomize and Helm layouts.

/** A ClusterSecretStore the suite creates, pointing at the suite's OpenBao dev server. */
export interface StoreSpec {
  name: string;
  /** ESO's provider block; only `vault` exists in the ESO we can build (see README "Tests"). */
  provider: 'vault';
  /** spec.provider.vault.path (the KV mount), or none. */
  path?: string;
}

export interface Scenario {
  name: string;
  layout: 'plain' | 'kustomize' | 'helm';
  /** Answers for the CLI (an answers file); each scenario has its own app and namespace. */
  answers: Record<string, unknown>;
  store: StoreSpec;
  /** Further stores the scenario's environments name (environments[].storeName). */
  stores?: StoreSpec[];
  /** KV v2 mounts to enable on the dev server besides `secret`. */
  mounts?: string[];
  /** Test values written through the CLI's Vault step (--vault-write --values). */
  values: Record<string, string>;
}

const secrets = [
  { env: 'DB_PASSWORD', description: 'Postgres password', minLength: 8 },
  { env: 'JWT_SECRET', property: 'jwt_signing_key', minLength: 32 },
];
const config = [{ env: 'PORT', default: '3000', type: 'int', reason: 'non-secret' }];
const values = { DB_PASSWORD: 'pw-0123456789', JWT_SECRET: 'j'.repeat(40) };
// ESO refreshes every 2 s, so a Vault change reaches the Secret within a test's patience.
const eso = (over: Record<string, unknown> = {}) => ({ refreshInterval: '2s', ...over });

export const SCENARIOS: Scenario[] = [
  {
    name: 'ESO default (store with path)',
    layout: 'plain',
    answers: { app: 'billing-api', namespace: 'payments', languages: ['python'], secrets, config, eso: eso() },
    store: { name: 'vault-backend', provider: 'vault', path: 'secret' },
    values,
  },
  {
    name: 'ESO, store without path, v1beta1',
    layout: 'plain',
    answers: { app: 'ledger', namespace: 'finance', languages: ['python'], secrets, config, eso: eso({ storeName: 'vault-nopath', apiVersion: 'external-secrets.io/v1beta1' }) },
    store: { name: 'vault-nopath', provider: 'vault' },
    values,
  },
  {
    name: 'custom mount and prefix',
    layout: 'plain',
    answers: { app: 'orders', namespace: 'shop', languages: ['python'], secrets, config, vault: { mount: 'apps', prefix: 'team/k3s' }, eso: eso({ storeName: 'apps-store' }) },
    store: { name: 'apps-store', provider: 'vault', path: 'apps' },
    mounts: ['apps'],
    values,
  },
  {
    name: 'Direct-Vault (bootstrap ExternalSecret)',
    layout: 'plain',
    answers: {
      app: 'reports',
      namespace: 'analytics',
      mode: 'direct-vault',
      justification: 'DB creds rotate every 15 minutes',
      directVault: { engine: 'none', vaultAddr: 'http://vault.vault.svc:8200' },
      languages: ['python'],
      secrets,
      config,
      eso: eso(),
    },
    store: { name: 'vault-backend', provider: 'vault', path: 'secret' },
    values,
  },
];

// Several workloads of several kinds, some getting only some keys (a fresh render creates each file).
const workloads = [
  { name: 'web', kind: 'Deployment' },
  { name: 'worker', kind: 'StatefulSet', keys: ['DB_PASSWORD', 'PORT'] },
  { name: 'migrate', kind: 'Job', keys: ['DB_PASSWORD'] },
  { name: 'nightly', kind: 'CronJob', keys: ['JWT_SECRET'] },
];
// Two environments: staging in the app's namespace through the default store, prod in its own
// namespace through its own store.
const environments = (app: string) => [
  { name: 'staging', prefix: 'staging' },
  { name: 'prod', prefix: 'prod', namespace: `${app}-prod`, storeName: 'vault-prod' },
];
const prodStore: StoreSpec = { name: 'vault-prod', provider: 'vault', path: 'secret' };

export const LAYOUT_SCENARIOS: Scenario[] = [
  {
    name: 'plain, several workloads (Deployment, StatefulSet, Job, CronJob)',
    layout: 'plain',
    answers: { app: 'fleet', namespace: 'fleet', languages: ['python'], secrets, config, workloads, eso: eso() },
    store: { name: 'vault-backend', provider: 'vault', path: 'secret' },
    values,
  },
  {
    name: 'Kustomize (kustomize build of each overlay)',
    layout: 'kustomize',
    answers: { app: 'kshop', namespace: 'kshop', layout: 'kustomize', languages: ['python'], secrets, config, workloads, environments: environments('kshop'), eso: eso() },
    store: { name: 'vault-backend', provider: 'vault', path: 'secret' },
    stores: [prodStore],
    values,
  },
  {
    name: 'Helm (helm template with each values file)',
    layout: 'helm',
    answers: { app: 'hshop', namespace: 'hshop', layout: 'helm', languages: ['python'], secrets, config, workloads, environments: environments('hshop'), eso: eso() },
    store: { name: 'vault-backend', provider: 'vault', path: 'secret' },
    stores: [prodStore],
    values,
  },
];

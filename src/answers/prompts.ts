// Interactive questions for whatever flags, the answers file and the manifest left open.
// Each answer is checked with the same zod rule the model uses, so a wrong answer is re-asked
// with the rule, and a name we can fix gets the fixed form as its default (create-vite style).
import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import type * as z from 'zod/mini';
import { cancellable } from '../ui/cancel.js';
import { defaultAppName, withGoModule } from './defaults.js';
import { detectLanguages, detectOverlays, detectPythonPackage, type Overlay } from './detect.js';
import type * as ModelModule from '../model.js';

type Raw = Record<string, unknown>;

// zod and the answers schema take ~20 ms to load, a third of the time to the first question. They load
// once it is on screen (ask() below), while the person reads and types; the rules await them.
let modelModule: Promise<typeof ModelModule> | undefined;
const model = () => (modelModule ??= import('../model.js'));
type Shape = (typeof ModelModule)['fieldSchemas'];

const rule =
  (pick: (shape: Shape) => z.ZodMiniType) =>
  async (value: unknown): Promise<true | string> => {
    const r = pick((await model()).fieldSchemas).safeParse(value);
    return r.success ? true : (r.error.issues[0]?.message ?? 'invalid');
  };

/** The zod rule, then the model's rules that sit outside the schema (problem() returns the broken one). */
const both =
  <T>(first: (value: T) => Promise<true | string>, problem: (value: T) => string | undefined) =>
  async (value: T): Promise<true | string> => {
    const r = await first(value);
    return r === true ? (problem(value) ?? true) : r;
  };

/** Env names are UPPER_SNAKE: `db_password` is taken as DB_PASSWORD (shown so while typing). */
export const normaliseEnv = (v: string): string => v.trim().toUpperCase();

/** A required free-text answer: not blank, then the model's own rule for the field. */
const required =
  (what: string, pick: (shape: Shape) => z.ZodMiniType) =>
  async (value: string): Promise<true | string> =>
    value.trim() ? rule(pick)(value) : what;

const secretShape = (s: Shape) => s.secret;
const configShape = (s: Shape) => s.config;

/** Every question is on screen by the time ask() runs (inquirer renders synchronously). */
const ask: typeof cancellable = (prompt) => {
  void model().catch(() => undefined); // a failed load surfaces in the rule that awaits it
  return cancellable(prompt);
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Ask for every answer not fixed by `given` (fields set by flags or an answers file). */
export async function promptAnswers(start: Raw, given: Set<string>, targetDir: string): Promise<Raw> {
  const a: Raw = structuredClone(start);
  const has = (field: string) => given.has(field);

  if (!has('app')) {
    const { appNameProblem } = await model();
    a.app = await ask(input({ message: 'App name', default: str(a.app) ?? defaultAppName(targetDir), validate: both(rule((s) => s.answers.app), appNameProblem) }));
  }
  if (!has('namespace')) {
    a.namespace = await ask(input({ message: 'Kubernetes namespace', default: str(a.namespace) ?? String(a.app), validate: rule((s) => s.answers.namespace) }));
  }
  if (!has('mode')) {
    a.mode = await ask(
      select({
        message: 'How does the app get its secrets?',
        default: str(a.mode) ?? 'eso',
        choices: [
          { name: 'ESO bridge (default)', value: 'eso', description: 'Static secrets (DB passwords, API keys, signing keys): Vault → ExternalSecret → k8s Secret → env. No Vault client in the app.' },
          { name: 'Direct-Vault (opt-in)', value: 'direct-vault', description: 'Only for dynamic secrets (DB rotation, STS, PKI, per-request audit): AppRole + Vault client in the app. Needs a written justification.' },
        ],
      }),
    );
  }
  if (a.mode === 'direct-vault') {
    if (!has('justification')) {
      a.justification = await ask(
        input({ message: 'Why is ESO not enough? (recorded in the README)', default: str(a.justification), validate: required('is required for Direct-Vault', (s) => s.answers.justification) }),
      );
    }
    const dv = (a.directVault ?? {}) as Raw;
    dv.engine = await ask(
      select({
        message: 'Which dynamic secrets engine does it use?',
        default: str(dv.engine) ?? 'database',
        choices: (await model()).DYNAMIC_ENGINES.map((e) => ({ name: e === 'database' ? `database (creds role ${String(a.app)}-role)` : e, value: e })),
      }),
    );
    if (dv.engine === 'other') {
      dv.engineNote = await ask(input({ message: 'Name the engine (e.g. aws sts, pki)', default: str(dv.engineNote), validate: required('is required', (s) => s.directVault.engineNote) }));
    }
    // No made-up default: a placeholder would land in the Deployment and only fail in the pod.
    const { isPlaceholderAddr } = await model();
    if (!has('directVault.vaultAddr')) dv.vaultAddr = await ask(
      input({
        message: 'Vault address as the pod reaches it (VAULT_ADDR, e.g. https://vault.vault.svc:8200)',
        default: str(dv.vaultAddr),
        validate: required('is required (the address the pod reaches Vault at)', (s) => s.directVault.vaultAddr),
      }),
    );
    if (isPlaceholderAddr(String(dv.vaultAddr))) process.stderr.write(`  warning: ${String(dv.vaultAddr)} looks like a placeholder; the pod will not reach Vault there\n`);
    a.directVault = dv;
  }
  if (!has('secrets')) a.secrets = await promptSecrets((a.secrets as Raw[] | undefined) ?? [], a.mode);
  // languages are asked after config: a default's Go-only rule is checked when go came from a flag or file.
  const knownLanguages = has('languages') ? ((a.languages as string[] | undefined) ?? []) : [];
  if (!has('config')) a.config = await promptConfig((a.config as Raw[] | undefined) ?? [], (a.secrets as Raw[]).map((s) => String(s.env)), knownLanguages);
  if (!has('languages')) {
    // Nothing recorded yet: pre-check what the project's files point at (package.json, pyproject.toml, go.mod).
    const current = (a.languages as string[] | undefined) ?? detectLanguages(targetDir);
    a.languages = await ask(
      checkbox({
        message: 'Languages to generate a startup validator for',
        choices: (await model()).LANGUAGES.map((l) => ({ name: l === 'typescript' ? 'TypeScript (zod)' : l === 'python' ? 'Python (pydantic-settings)' : 'Go (envconfig)', value: l, checked: current.includes(l) })),
      }),
    );
  }
  if (!has('layout')) {
    // Detected from an existing kustomization.yaml or Chart.yaml (then the default), else plain.
    a.layout = await ask(
      select({
        message: 'How does the app deploy?',
        default: str(a.layout) ?? 'plain',
        choices: [
          { name: 'plain manifests (kubectl apply -f)', value: 'plain' },
          { name: 'Kustomize base + an overlay per environment', value: 'kustomize' },
          { name: `Helm chart (${str(a.chartDir) ?? `charts/${String(a.app)}`}) + a values file per environment`, value: 'helm' },
        ],
      }),
    );
  }
  if (!has('goModule')) Object.assign(a, withGoModule(a, targetDir));
  if (!has('pythonPackage') && (a.languages as string[]).includes('python')) {
    a.pythonPackage = await ask(
      input({
        message: 'Directory for the Python validator config.py',
        default: str(a.pythonPackage) ?? detectPythonPackage(targetDir) ?? 'src',
        validate: rule((s) => s.answers.pythonPackage),
      }),
    );
  }
  if (!has('deployDir') && a.layout !== 'helm') {
    a.deployDir = await ask(select({ message: 'Manifests directory', default: str(a.deployDir) ?? 'deploy', choices: [{ value: 'deploy' }, { value: 'k8s' }] }));
  }
  // Asked only when neither the flags nor the answers file set them (a resumed run asks nothing it was given).
  const custom = ![...given].some((f) => /^(vault|eso)(\.|$)/.test(f)) && (await ask(confirm({ message: 'Change the Vault mount/prefix or the ESO store (defaults: secret/k3s, ClusterSecretStore vault-backend, provider vault)?', default: false })));
  if (custom) {
    const vault = (a.vault ?? {}) as Raw;
    const eso = (a.eso ?? {}) as Raw;
    vault.mount = await ask(input({ message: 'Vault KV v2 mount', default: str(vault.mount) ?? 'secret', validate: rule((s) => s.vault.mount) }));
    vault.prefix = await ask(input({ message: 'Path prefix under the mount', default: str(vault.prefix) ?? 'k3s', validate: rule((s) => s.vault.prefix) }));
    eso.storeKind = await ask(select({ message: 'Store kind', default: str(eso.storeKind) ?? 'ClusterSecretStore', choices: [{ value: 'ClusterSecretStore' }, { value: 'SecretStore' }] }));
    eso.storeName = await ask(input({ message: 'Store name (ask your cluster admin)', default: str(eso.storeName) ?? 'vault-backend', validate: rule((s) => s.eso.storeName) }));
    if (!has('eso.provider')) {
      eso.provider = await ask(
        select({
          message: "The store's provider (spec.provider in the store)",
          default: str(eso.provider) ?? 'vault',
          choices: [
            { name: 'vault (ESO Vault provider; also for OpenBao through it)', value: 'vault', description: 'remoteRef.key carries the mount: secret/<prefix>/<app>' },
            { name: 'openbao (ESO OpenBao provider)', value: 'openbao', description: "remoteRef.key is relative to the store's path (the mount): <prefix>/<app>" },
          ],
        }),
      );
    }
    eso.apiVersion = await ask(
      select({
        message: 'ExternalSecret apiVersion',
        default: str(eso.apiVersion) ?? 'external-secrets.io/v1',
        choices: [
          { name: 'external-secrets.io/v1 (ESO 0.17+)', value: 'external-secrets.io/v1' },
          { name: 'external-secrets.io/v1beta1 (only clusters on ESO 0.16 or older)', value: 'external-secrets.io/v1beta1' },
        ],
      }),
    );
    a.vault = vault;
    a.eso = eso;
  }
  if (!has('environments') && (a.layout === 'kustomize' || a.layout === 'helm')) {
    // An existing Kustomize layout's overlays are the defaults: their names and the namespace each declares.
    a.environments = await promptEnvironments(a, a.layout === 'kustomize' ? detectOverlays(targetDir, str(a.deployDir) ?? 'deploy') : []);
  } else if (a.layout === 'plain' && !has('environments')) delete a.environments; // plain has none (the model refuses them)
  return a;
}

/**
 * Kustomize overlays / Helm values files: names, then each one's Vault prefix (its own path unless it
 * shares the app's; not in Direct-Vault mode, where every environment reads the app's path) and namespace.
 * `overlays`: the ones already on disk, the defaults when no environments were recorded.
 */
async function promptEnvironments(a: Raw, overlays: Overlay[]): Promise<Raw[] | undefined> {
  const existing = ((a.environments as Raw[] | undefined) ?? []).filter((e) => typeof e.name === 'string');
  const split = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
  const envRule = (pick: (s: Shape['environment']) => z.ZodMiniType) => rule((s) => pick(s.environment));
  const list = await ask(
    input({
      message: `Environments (${a.layout === 'helm' ? 'a values-<env>.yaml each' : 'an overlay each'}; comma-separated like staging,prod, empty for none)`,
      default: (existing.length ? existing.map((e) => String(e.name)) : overlays.map((o) => o.name)).join(',') || undefined,
      validate: async (v) => {
        const names = split(v);
        if (new Set(names).size !== names.length) return 'must not repeat a name';
        for (const n of names) {
          const r = await envRule((e) => e.name)(n);
          if (r !== true) return `${n}: ${r}`;
        }
        return true;
      },
    }),
  );
  const names = split(list);
  if (!names.length) return undefined;
  const base = str((a.vault as Raw | undefined)?.prefix) ?? 'k3s';
  const mount = str((a.vault as Raw | undefined)?.mount) ?? 'secret';
  const out: Raw[] = [];
  for (const name of names) {
    const before = existing.find((e) => e.name === name) ?? {};
    const env: Raw = { ...before, name };
    if (a.mode !== 'direct-vault') {
      const prefix = await ask(
        input({
          message: `Vault prefix for ${name} (it reads ${mount}/<prefix>/${String(a.app)}; ${base} is the app's own path)`,
          default: str(before.prefix) ?? (before.name ? base : name),
          validate: envRule((e) => e.prefix),
        }),
      );
      if (prefix === base) delete env.prefix;
      else env.prefix = prefix;
    }
    // Without a namespace answer an overlay deploys where its kustomization.yaml says, else to the app's
    // namespace (model.ts withOverlayNamespaces): the answer is recorded only when it moves it elsewhere.
    const deploysTo = overlays.find((o) => o.name === name)?.namespace ?? String(a.namespace);
    const namespace = await ask(input({ message: `Namespace for ${name}`, default: str(before.namespace) ?? deploysTo, validate: envRule((e) => e.namespace) }));
    if (namespace === deploysTo) delete env.namespace;
    else env.namespace = namespace;
    out.push(env);
  }
  return out;
}

/** An env-name question: typed in any case, checked and kept as UPPER_SNAKE, empty to finish. */
const envQuestion = (message: string, taken: Set<string>, already: string, pick: (s: Shape) => z.ZodMiniType, extra: (env: string) => string | undefined = () => undefined) =>
  input({
    message,
    validate: async (typed) => {
      const v = normaliseEnv(typed);
      if (v === '') return true;
      if (taken.has(v)) return `${v} is ${already}`;
      return both(rule(pick), extra)(v);
    },
    transformer: (typed) => normaliseEnv(typed),
  }).then(normaliseEnv);

async function promptSecrets(existing: Raw[], mode: unknown): Promise<Raw[]> {
  const out = [...existing];
  if (out.length) process.stderr.write(`  Secrets so far: ${out.map((s) => String(s.env)).join(', ')}\n`);
  const { reservedEnvProblem } = await model();
  for (;;) {
    const taken = new Set(out.map((s) => String(s.env)));
    const message = out.length ? 'Another required secret (env name, empty to finish)' : 'First required secret (env name like DB_PASSWORD, empty for none)';
    const env = await ask(envQuestion(message, taken, 'already listed', (s) => secretShape(s).env, (v) => reservedEnvProblem(v, mode)));
    if (env === '') return out;
    // The README's secrets table lists every key with its purpose (BOOTSTRAP-secrets.md).
    const description = await ask(input({ message: `Purpose of ${env} (for the README)`, validate: required('is required: the README lists each secret with its purpose', (s) => secretShape(s).description) }));
    const minLength = await ask(number({ message: `Minimum length of ${env}`, default: /JWT|SIGNING|ENCRYPTION/.test(env) ? 32 : 1, min: 1, max: 4096, required: true }));
    out.push({ env, description, minLength });
  }
}

async function promptConfig(existing: Raw[], secretNames: string[], languages: string[]): Promise<Raw[]> {
  const out = [...existing];
  const add = await ask(confirm({ message: 'Add non-secret config values with safe defaults (e.g. PORT)?', default: false }));
  if (!add) return out;
  for (;;) {
    const taken = new Set([...secretNames, ...out.map((c) => String(c.env))]);
    const env = await ask(envQuestion('Config env name (empty to finish)', taken, 'already used', (s) => configShape(s).env));
    if (env === '') return out;
    const type = await ask(select({ message: `Type of ${env}`, choices: (await model()).CONFIG_TYPES.map((t) => ({ value: t })) }));
    let values: string[] | undefined;
    if (type === 'enum') {
      const split = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
      const list = await ask(
        input({
          message: 'Allowed values (comma-separated)',
          validate: async (v) => {
            const vs = split(v);
            if (!vs.length) return 'list at least one value';
            if (new Set(vs).size !== vs.length) return 'must not repeat a value';
            return rule((s) => configShape(s).values)(vs);
          },
        }),
      );
      values = split(list);
    }
    const { configDefaultProblem } = await model();
    const typeRule = (v: string) => {
      const p = configDefaultProblem({ type: type as never, default: v, values: values ?? [] }, languages, 'the allowed values');
      return p ? (p.field === 'default' ? p.rule : `values ${p.rule}`) : undefined;
    };
    const hint = type === 'int' ? ' (a whole number)' : type === 'bool' ? ' (true or false)' : '';
    const def = await ask(input({ message: `Default of ${env}${hint}`, default: type === 'enum' ? values?.[0] : undefined, validate: both(rule((s) => configShape(s).default), typeRule) }));
    const reason = await ask(input({ message: 'Why is a default safe here? (becomes # safe-default: …)', default: 'non-secret', validate: rule((s) => configShape(s).reason) }));
    out.push({ env, type, default: def, reason, ...(values ? { values } : {}) });
  }
}

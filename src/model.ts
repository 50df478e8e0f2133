// The answers schema and the one validated Model every renderer reads.
// All naming rules live here, so prompts, flags and the answers file can never disagree.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { UsageError } from './errors.js';

// Messages for the few checks without our own wording (classic zod sets English by itself).
// jitless: zod otherwise compiles a `new Function` fast path for each object schema on its first
// parse, which pays only over many parses; a run parses its answers once or twice.
z.config({ ...en(), jitless: true });

export const LANGUAGES = ['typescript', 'python', 'go'] as const;
export const MODES = ['eso', 'direct-vault'] as const;
export const DEPLOY_DIRS = ['deploy', 'k8s'] as const;
export const ESO_API_VERSIONS = ['external-secrets.io/v1', 'external-secrets.io/v1beta1'] as const;
export const STORE_KINDS = ['ClusterSecretStore', 'SecretStore'] as const;
/** ESO's two providers for a Vault-API backend: they read `remoteRef.key` differently (see externalSecret.ts). */
export const ESO_PROVIDERS = ['vault', 'openbao'] as const;
export const CONFIG_TYPES = ['string', 'int', 'bool', 'enum'] as const;
export const DYNAMIC_ENGINES = ['database', 'none', 'other'] as const;
/** How the app deploys: plain manifests, a Kustomize base with overlays, or a Helm chart. */
export const LAYOUTS = ['plain', 'kustomize', 'helm'] as const;
/** Workload kinds that run containers (CronJob's live in its jobTemplate). */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export const MAX_WORKLOADS = 50;
export const MAX_ENVIRONMENTS = 20;
/** CI systems the `ci` answer can generate a policy-check step for (src/render/ci.ts). */
export const CI_SYSTEMS = ['github', 'woodpecker', 'gitlab', 'none'] as const;

export type Language = (typeof LANGUAGES)[number];
export type Mode = (typeof MODES)[number];
export type Layout = (typeof LAYOUTS)[number];
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Longest suffix we append to the app name (`-vault-auth`), so every derived name stays a 63-char label. */
const LONGEST_SUFFIX = '-vault-auth';
export const MAX_APP_LENGTH = 63 - LONGEST_SUFFIX.length;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_KEYS = 200;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const UPPER_SNAKE = /^[A-Z_][A-Z0-9_]*$/;
const LOWER_SNAKE = /^[a-z_][a-z0-9_]*$/;
// A segment starts with a letter or digit: no `.`/`..` (Vault would resolve them to another path) and no
// leading `-` (a CLI would read it as a flag).
const VAULT_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VAULT_PREFIX = /^([A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*)?$/;
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** One canonical spelling per int, so TS, Python and Go read the same number (no `0777`, `1e3`, `0x10`). */
export const INT_PATTERN = /^-?(0|[1-9][0-9]*)$/;
/** Go's strconv.ParseBool set; the generated validators accept exactly these in every language. */
export const BOOL_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'] as const;
export const BOOL_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'] as const;
export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
/** directVault.vaultAddr when none is given: a placeholder, warned about (isPlaceholderAddr). */
export const PLACEHOLDER_VAULT_ADDR = 'https://vault.example.com';

// Control characters (incl. newline/tab), lone surrogates and Unicode line separators cannot be
// carried safely through one-line comments and table cells in every target, so we refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Go rejects a byte-order mark anywhere but at the start of a file; YAML (kubectl) rejects U+FFFE and U+FFFF. */
const UNSAFE_CODE_POINT = /[\ufeff\ufffe\uffff]/;
/**
 * Bidirectional controls reorder how a line displays (Trojan Source, CVE-2021-42574): in a generated
 * comment they make code read differently from how it runs, in a terminal they disguise output.
 */
export const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The markers around our generated regions: a user's string containing one would make a re-run cut the file there. */
const REGION_MARKER = /mosaic-secrets:(begin|end)/;

// zod/mini: the same zod core with checks as functions, so the bundle carries only the checks we
// use. Classic zod's chainable classes cost a render ~25 ms to load (src/scripts/profile.mjs).
const min = (n: number, message?: string) => z.minLength(n, message);
const max = (n: number, message?: string) => z.maxLength(n, message);

const text = (limit: number) =>
  z.string().check(
    // Characters as a person counts them (code points), not UTF-16 units: 500 emoji are 500.
    z.refine((s) => s.length <= limit || [...s].length <= limit, `must be at most ${limit} characters`),
    z.refine((s) => !CONTROL.test(s), 'must be one line without control characters'),
    z.refine((s) => !BIDI_CONTROL.test(s), 'must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode'),
    z.refine((s) => !UNSAFE_CODE_POINT.test(s), 'must not contain U+FEFF (byte-order mark), U+FFFE or U+FFFF (Go and YAML tools reject them)'),
    z.refine((s) => !REGION_MARKER.test(s), 'must not contain "mosaic-secrets:begin" or "mosaic-secrets:end" (they mark generated regions)'),
  );

const label = (what: string, limit = 63) =>
  z.string().check(
    min(1, 'is required'),
    max(limit, `must be at most ${limit} characters`),
    z.regex(DNS1123_LABEL, `must be a DNS-1123 label (${what}: lowercase letters, digits and '-', starting and ending with a letter or digit)`),
  );

const envName = z.string().check(min(1, 'is required'), max(128, 'must be at most 128 characters'), z.regex(UPPER_SNAKE, 'must be UPPER_SNAKE (A-Z, 0-9, _; not starting with a digit)'));

const secretSchema = z.strictObject({
  env: envName,
  property: z.optional(z.string().check(max(128, 'must be at most 128 characters'), z.regex(LOWER_SNAKE, 'must be lower_snake (a-z, 0-9, _; not starting with a digit)'))),
  description: z._default(text(MAX_DESCRIPTION_LENGTH), ''),
  minLength: z._default(z.number().check(z.int('must be a whole number'), z.gte(1, 'must be at least 1'), z.lte(4096, 'must be at most 4096')), 1),
});

const configSchema = z.strictObject({
  env: envName,
  default: text(1024),
  type: z._default(z.enum(CONFIG_TYPES), 'string'),
  values: z.optional(z.array(z.pipe(text(256), z.string().check(min(1, 'must not be empty'))))),
  reason: z.pipe(text(MAX_DESCRIPTION_LENGTH), z.string().check(z.trim(), min(1, 'is required: say why a default is safe (becomes the # safe-default tag)'))),
  description: z._default(text(MAX_DESCRIPTION_LENGTH), ''),
});

const vaultSchema = z.strictObject({
  mount: z._default(z.string().check(min(1, 'is required'), z.regex(VAULT_SEGMENT, 'must be one path segment of letters, digits, _ . - starting with a letter or digit')), 'secret'),
  prefix: z._default(z.string().check(z.regex(VAULT_PREFIX, 'must be path segments of letters, digits, _ . - separated by /, each starting with a letter or digit')), 'k3s'),
});

const subdomain = () => z.string().check(min(1, 'is required'), max(253), z.regex(DNS1123_SUBDOMAIN, 'must be a DNS-1123 subdomain'));

const esoSchema = z.strictObject({
  apiVersion: z._default(z.enum(ESO_API_VERSIONS), 'external-secrets.io/v1'),
  storeName: z._default(subdomain(), 'vault-backend'),
  storeKind: z._default(z.enum(STORE_KINDS), 'ClusterSecretStore'),
  refreshInterval: z._default(z.string().check(z.regex(GO_DURATION, 'must be a Go duration like 1h, 30m or 1h30m')), '1h'),
  provider: z._default(z.enum(ESO_PROVIDERS), 'vault'),
});

const directVaultSchema = z.strictObject({
  engine: z._default(z.enum(DYNAMIC_ENGINES), 'database'),
  engineNote: z._default(text(MAX_DESCRIPTION_LENGTH), ''),
  // z.url alone would quietly trim spaces and drop tabs and newlines; refuse them so the value stays as typed.
  vaultAddr: z._default(
    z.pipe(
      z.string().check(
        z.regex(/^[^\s\u0000-\u001f\u007f-\u009f\\]+$/, 'must be an http(s) URL without spaces, control characters or backslashes'),
        z.refine((s) => !BIDI_CONTROL.test(s), 'must not contain bidirectional control characters'),
      ),
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    ),
    PLACEHOLDER_VAULT_ADDR,
  ),
  tokenTtl: z._default(z.string().check(z.regex(GO_DURATION, 'must be a Go duration like 1h')), '1h'),
  tokenMaxTtl: z._default(z.string().check(z.regex(GO_DURATION, 'must be a Go duration like 4h')), '4h'),
  secretIdTtl: z._default(z.string().check(z.regex(/^(0|([0-9]+(s|m|h))+)$/, "must be 0 (never expires) or a duration like 720h")), '0'),
});

/** A relative POSIX path inside the target: segments of letters, digits, _ . -, never `.` or `..`. */
const REL_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const relPath = (what: string) => z.string().check(z.regex(REL_PATH, `must be a relative path (${what}) of letters, digits, _ . - separated by /, without . or .. segments`));

const workloadSchema = z.strictObject({
  name: label('workload name', 52),
  kind: z.enum(WORKLOAD_KINDS),
  /** File holding it, relative to the manifests directory (plain), the base (kustomize) or templates/ (helm). */
  file: z.optional(relPath('ending in .yaml or .yml').check(z.regex(/\.ya?ml$/, 'must end in .yaml or .yml'))),
  containers: z.optional(z.array(label('container name')).check(min(1, 'must list at least one container (omit it for every container)'))),
  initContainers: z.optional(z.array(label('container name'))),
  keys: z.optional(z.array(envName)),
});

const environmentSchema = z.strictObject({
  // `all` is --environment's word for every environment: one named so could never be picked alone.
  name: label('environment name').check(z.refine((n: string) => n !== 'all', 'must not be all (--environment all names every environment)')),
  prefix: z.optional(z.string().check(z.regex(VAULT_PREFIX, 'must be path segments of letters, digits, _ . - separated by /, each starting with a letter or digit'))),
  namespace: z.optional(label('namespace')),
  storeName: z.optional(subdomain()),
});

/** The answers-file contract (`.mosaic-secrets.yaml` carries the same fields under `answers`). */
export const answersSchema = z.strictObject({
  // The Direct-Vault bootstrap credentials of app X live at <prefix>/X-bootstrap: an app named
  // X-bootstrap would read and write them as its own data path.
  app: label('app').check(z.refine((s) => !s.endsWith('-bootstrap'), "must not end in -bootstrap (<prefix>/<app>-bootstrap holds another app's AppRole credentials)")),
  namespace: label('namespace'),
  mode: z._default(z.enum(MODES), 'eso'),
  justification: z.optional(text(2000)),
  directVault: z.optional(directVaultSchema),
  languages: z._default(z.array(z.enum(LANGUAGES)), []),
  deployDir: z._default(z.enum(DEPLOY_DIRS), 'deploy'),
  pythonPackage: z._default(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a relative directory of Python identifiers, like src or src/billing')), 'src'),
  goModule: z.optional(
    z.string().check(
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*(\/[A-Za-z0-9._~-]+)*$/, 'must be a Go module path like example.com/billing-api'),
      z.refine((s) => !s.split('/').some((seg) => seg === '.' || seg === '..'), "must not contain '.' or '..' path segments (go refuses them)"),
    ),
  ),
  vault: z._default(vaultSchema, { mount: 'secret', prefix: 'k3s' }),
  eso: z._default(esoSchema, {
    apiVersion: 'external-secrets.io/v1',
    storeName: 'vault-backend',
    storeKind: 'ClusterSecretStore',
    refreshInterval: '1h',
    provider: 'vault',
  }),
  secrets: z._default(z.array(secretSchema).check(max(MAX_KEYS, `must list at most ${MAX_KEYS} keys`)), []),
  config: z._default(z.array(configSchema).check(max(MAX_KEYS, `must list at most ${MAX_KEYS} keys`)), []),
  layout: z._default(z.enum(LAYOUTS), 'plain'),
  /** Helm: the chart directory (default charts/<app>). */
  chartDir: z.optional(relPath('the chart directory')),
  workloads: z.optional(
    z.array(workloadSchema).check(min(1, 'must list at least one workload (omit it for the default Deployment)'), max(MAX_WORKLOADS, `must list at most ${MAX_WORKLOADS} workloads`)),
  ),
  environments: z.optional(z.array(environmentSchema).check(max(MAX_ENVIRONMENTS, `must list at most ${MAX_ENVIRONMENTS} environments`))),
  ci: z._default(z.enum(CI_SYSTEMS), 'none'),
  // A git URL or a local path (pre-commit accepts both); one line, no spaces.
  hooksRepo: z.optional(
    z.string().check(min(1, 'is required'), max(500), z.regex(/^[^\s\u0000-\u001f\u007f"'\\]+$/, 'must be a git URL or path without spaces, quotes or control characters')),
  ),
});

/** The schema of each field a prompt asks for, so prompts check an answer with the model's own rule. */
export const fieldSchemas = {
  answers: answersSchema.shape,
  secret: secretSchema.shape,
  config: configSchema.shape,
  vault: vaultSchema.shape,
  eso: esoSchema.shape,
  directVault: directVaultSchema.shape,
  environment: environmentSchema.shape,
};

export type Answers = z.input<typeof answersSchema>;
type Parsed = z.output<typeof answersSchema>;

export interface SecretKey {
  env: string;
  property: string;
  description: string;
  minLength: number;
}
export interface ConfigKey {
  env: string;
  default: string;
  type: (typeof CONFIG_TYPES)[number];
  values: string[];
  reason: string;
  description: string;
}
export interface DirectVault {
  justification: string;
  engine: (typeof DYNAMIC_ENGINES)[number];
  engineNote: string;
  vaultAddr: string;
  tokenTtl: string;
  tokenMaxTtl: string;
  secretIdTtl: string;
  /** Vault path of the AppRole credentials (mount included, as ESO wants it). */
  bootstrapPath: string;
  bootstrapPathNoMount: string;
  /** `remoteRef.key` of the bootstrap ExternalSecret (see Model.remoteKey). */
  bootstrapRemoteKey: string;
  authName: string;
  roleName: string;
  policyName: string;
}

/** One workload that gets our env, resolved to the file it lives in. */
export interface Workload {
  name: string;
  kind: WorkloadKind;
  /** POSIX path inside the target (several workloads may share one multi-document file). */
  path: string;
  /** Containers that get the env; null = every container (a fresh render has one, named like the workload). */
  containers: string[] | null;
  initContainers: string[];
  /** Env names it gets (secrets and config); null = all of them. */
  keys: string[] | null;
}

/** A Kustomize overlay (or Helm values file) that reads its own Vault path or store. */
export interface Environment {
  name: string;
  namespace: string;
  storeName: string;
  prefix: string;
  /** Vault path with the mount (what `vault kv` and the README say). */
  vaultPath: string;
  pathNoMount: string;
  /** `remoteRef.key` in the form the store's provider resolves (see remoteKeyOf). */
  remoteKey: string;
  /** The fields the answers set (the rest follow the top-level answers). */
  given: { prefix?: string; namespace?: string; storeName?: string };
}

/** Everything a renderer may read: answers with defaults applied plus every derived name. */
export interface Model {
  app: string;
  namespace: string;
  mode: Mode;
  languages: Language[];
  deployDir: string;
  pythonPackage: string;
  goModule: string;
  vault: { mount: string; prefix: string; path: string; pathNoMount: string };
  /** `remoteRef.key` of the app's ExternalSecret, in the form the store's provider (eso.provider) resolves. */
  remoteKey: string;
  eso: Parsed['eso'];
  secretName: string;
  secrets: SecretKey[];
  config: ConfigKey[];
  directVault: DirectVault | null;
  /** Non-fatal notes for the user (e.g. ESO's `data` path-segment quirk). */
  warnings: string[];
  layout: Layout;
  /** Where our manifests go: <deployDir> (plain), <deployDir>/base (kustomize), <chartDir>/templates (helm). */
  manifestDir: string;
  /** Helm chart directory (charts/<app> unless answered). */
  chartDir: string;
  /** Every workload that gets env; the answers' list, or the one Deployment named like the app. */
  workloads: Workload[];
  /** True when no `workloads` answer was given (plain layout then renders today's deployment.yaml). */
  defaultWorkloads: boolean;
  environments: Environment[];
  ci: (typeof CI_SYSTEMS)[number];
  /** A repository serving this tool's .pre-commit-hooks.yaml (a fork or mirror); null: a `repo: local` hook running the pinned npx. */
  hooksRepo: string | null;
}

/** Env names the Direct-Vault bootstrap owns; user keys may not reuse them. */
export const DIRECT_VAULT_ENV = ['VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_SECRET_ID'] as const;

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** zod issue → one line naming the field and the rule. */
function issueLine(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path) || '(answers)';
  if (issue.code === 'unrecognized_keys') {
    const where = field === '(answers)' ? '' : ` in ${field}`;
    return `unknown field${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')} (see README "Answers file")`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${field}: must be one of ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `${field}: is required`;
    const kinds: Record<string, string> = { array: 'a list', object: 'a mapping', int: 'a whole number', boolean: 'true or false' };
    return `${field}: must be ${kinds[issue.expected] ?? `a ${issue.expected}`}`;
  }
  return `${field}: ${issue.message}`;
}

function fail(field: string, rule: string): never {
  throw new UsageError(`${field}: ${rule}`);
}

/** Validate raw answers (from any source) into the Model, or throw a UsageError naming the field. */
export function buildModel(raw: unknown): Model {
  // reportInput: an invalid_type issue then says whether the field was missing or had the wrong type.
  const parsed = answersSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new UsageError(issueLine(parsed.error.issues[0]!));
  }
  const a = parsed.data;
  const appProblem = appNameProblem(a.app);
  if (appProblem) fail('app', appProblem);
  const languages = [...new Set(a.languages)];
  const mount = a.vault.mount;
  const prefix = a.vault.prefix;
  const pathNoMount = prefix ? `${prefix}/${a.app}` : a.app;

  const seen = new Map<string, string>();
  const claim = (env: string, field: string) => {
    const prev = seen.get(env);
    if (prev) fail(field, `duplicates ${prev} (${env}); every env name must be unique`);
    seen.set(env, field);
  };
  const props = new Map<string, string>();
  const secrets: SecretKey[] = a.secrets.map((s, i) => {
    claim(s.env, `secrets[${i}].env`);
    const property = s.property ?? s.env.toLowerCase();
    // A property nobody typed comes from the env name: name the field the user can change.
    const field = s.property === undefined ? `secrets[${i}].env` : `secrets[${i}].property`;
    const prev = props.get(property);
    if (prev) {
      const derived = s.property === undefined ? ' (the env name in lower case)' : '';
      fail(field, `its Vault property ${property}${derived} is already used by ${prev}; every Vault property must be unique`);
    }
    props.set(property, s.property === undefined ? `secrets[${i}] (from its env name)` : `secrets[${i}].property`);
    // Free text is trimmed once here, so every artifact (and the manifest) shows the same string.
    return { env: s.env, property, description: s.description.trim(), minLength: s.minLength };
  });
  const config: ConfigKey[] = a.config.map((c, i) => {
    claim(c.env, `config[${i}].env`);
    const values = c.values ?? [];
    const problem = configDefaultProblem({ type: c.type, default: c.default, values }, languages, `config[${i}].values`);
    if (problem) fail(`config[${i}].${problem.field}`, problem.rule);
    return { env: c.env, default: c.default, type: c.type, values, reason: c.reason.trim(), description: c.description.trim() };
  });

  let directVault: DirectVault | null = null;
  if (a.mode === 'direct-vault') {
    const justification = a.justification?.trim() ?? '';
    if (!justification) fail('justification', 'is required when mode is direct-vault (why ESO is not enough: DB rotation, STS, PKI, per-request audit)');
    DIRECT_VAULT_ENV.forEach((env) => {
      if (seen.has(env)) fail(seen.get(env)!, reservedEnvProblem(env, a.mode)!);
    });
    const dv = directVaultSchema.parse(a.directVault ?? {});
    if (dv.engine === 'other' && !dv.engineNote.trim()) {
      fail('directVault.engineNote', 'is required when directVault.engine is other (name the dynamic engine)');
    }
    const bootstrapPathNoMount = `${pathNoMount}-bootstrap`;
    directVault = {
      justification,
      ...dv,
      engineNote: dv.engineNote.trim(),
      bootstrapPathNoMount,
      bootstrapPath: `${mount}/${bootstrapPathNoMount}`,
      bootstrapRemoteKey: remoteKeyOf(a.eso.provider, mount, bootstrapPathNoMount),
      authName: `${a.app}-vault-auth`,
      roleName: a.app,
      policyName: `${a.app}-policy`,
    };
  } else if (a.justification !== undefined && a.justification.trim() === '') {
    fail('justification', 'must not be empty when given');
  }

  const warnings: string[] = [];
  if (prefix.split('/').includes('data')) {
    warnings.push(
      `vault.prefix: a path segment named "data" is misread by ESO when the store has no spec.provider.vault.path; prefer another name`,
    );
  }
  if (directVault && isPlaceholderAddr(directVault.vaultAddr)) {
    warnings.push(`directVault.vaultAddr: ${directVault.vaultAddr} is a placeholder; the Deployment's VAULT_ADDR must be the address the pod reaches Vault at (--vault-addr URL, or directVault.vaultAddr in the answers)`);
  }
  if (a.eso.apiVersion === 'external-secrets.io/v1beta1') {
    warnings.push('eso.apiVersion: v1beta1 is only served by ESO <= 0.16; ESO 0.17+ rejects it');
  }

  const layout = a.layout;
  const chartDir = a.chartDir ?? `charts/${a.app}`;
  const manifestDir = layout === 'helm' ? `${chartDir}/templates` : layout === 'kustomize' ? `${a.deployDir}/base` : a.deployDir;
  const workloads = resolveWorkloads(a.workloads, a.app, manifestDir, seen);
  if (layout === 'helm') {
    // A chart template is Go-templated text, edited by lines: one workload per template file.
    workloads.forEach((w, i) => {
      const j = workloads.findIndex((o) => o.path === w.path);
      if (j !== i) fail(`workloads[${i}].file`, `is also the file of workloads[${j}]; with layout helm each workload has its own template file`);
    });
  }
  if (a.environments && layout === 'plain') fail('environments', 'is only used with layout kustomize or helm (set layout, or drop environments)');
  const envNames = new Set<string>();
  const environments: Environment[] = (a.environments ?? []).map((e, i) => {
    if (envNames.has(e.name)) fail(`environments[${i}].name`, `duplicates another environment (${e.name})`);
    envNames.add(e.name);
    const p = e.prefix ?? prefix;
    return {
      name: e.name,
      namespace: e.namespace ?? a.namespace,
      storeName: e.storeName ?? a.eso.storeName,
      prefix: p,
      vaultPath: `${mount}/${p ? `${p}/${a.app}` : a.app}`,
      pathNoMount: p ? `${p}/${a.app}` : a.app,
      remoteKey: remoteKeyOf(a.eso.provider, mount, p ? `${p}/${a.app}` : a.app),
      given: {
        ...(e.prefix !== undefined ? { prefix: e.prefix } : {}),
        ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
        ...(e.storeName !== undefined ? { storeName: e.storeName } : {}),
      },
    };
  });

  if (directVault) {
    // The AppRole policy, provision-approle.sh (bootstrap credentials at <path>-bootstrap) and the
    // Vault client are generated for one path: an overlay reading another would never get its credentials.
    const i = environments.findIndex((e) => e.pathNoMount !== pathNoMount);
    if (i !== -1) {
      fail(
        `environments[${i}].prefix`,
        `with mode direct-vault every environment reads the app's own path ${mount}/${pathNoMount} (its AppRole policy, provision-approle.sh and Vault client are generated for that path and ${directVault.bootstrapPath}); drop the prefix, or use mode eso`,
      );
    }
    // The app logs in at the one directVault.vaultAddr: credentials synced from another store's
    // Vault would be presented to the wrong server.
    const j = environments.findIndex((e) => e.storeName !== a.eso.storeName);
    if (j !== -1) {
      fail(
        `environments[${j}].storeName`,
        `with mode direct-vault every environment's pods log in at directVault.vaultAddr, so their bootstrap credentials must come from that Vault's store ${a.eso.storeName}; drop the storeName, or use mode eso`,
      );
    }
  }

  return {
    layout,
    manifestDir,
    chartDir,
    workloads,
    defaultWorkloads: a.workloads === undefined,
    environments,
    app: a.app,
    namespace: a.namespace,
    mode: a.mode,
    languages,
    deployDir: a.deployDir,
    pythonPackage: a.pythonPackage,
    goModule: a.goModule ?? `example.com/${a.app}`,
    vault: { mount, prefix, path: `${mount}/${pathNoMount}`, pathNoMount },
    remoteKey: remoteKeyOf(a.eso.provider, mount, pathNoMount),
    eso: a.eso,
    secretName: `${a.app}-secrets`,
    secrets,
    config,
    directVault,
    warnings,
    ci: a.ci,
    hooksRepo: a.hooksRepo ?? null,
  };
}

/**
 * Kustomize: an environment without a namespace answer deploys where its existing overlay's
 * kustomization.yaml says (`declared`, read at the edge: src/answers/detect.ts): kustomize moves the
 * base's resources there, and the kustomization merge never touches a namespace it was not given. So
 * the README, Next steps and the Vault step name that namespace. The answers (and what the manifest
 * records) stay as they were; an overlay that declares none deploys to the app's namespace.
 */
export function withOverlayNamespaces(m: Model, declared: readonly { name: string; namespace?: string }[]): Model {
  if (m.layout !== 'kustomize') return m;
  const byName = new Map(declared.flatMap((o) => (o.namespace === undefined ? [] : [[o.name, o.namespace] as const])));
  const environments = m.environments.map((e) => (e.given.namespace === undefined && byName.has(e.name) ? { ...e, namespace: byName.get(e.name)! } : e));
  return { ...m, environments };
}

/**
 * `remoteRef.key` as the store's provider resolves it (shared/notes/eso-vault-facts.md):
 * - `vault` (spec.provider.vault): the key carries the mount (`secret/k3s/app`); ESO strips it when the
 *   store sets `path: secret` and inserts `data/` after it when the store has no path, so both read
 *   `secret/data/k3s/app`.
 * - `openbao` (spec.provider.openbao): the key is relative to the store's `path` (the KV mount), so
 *   `secret/k3s/app` would read `secret/data/secret/k3s/app`; the key is `k3s/app`.
 */
export function remoteKeyOf(provider: (typeof ESO_PROVIDERS)[number], mount: string, pathNoMount: string): string {
  return provider === 'openbao' ? pathNoMount : `${mount}/${pathNoMount}`;
}

/** The workloads answer resolved to files; `keys` must name secrets or config we know (`known`). */
function resolveWorkloads(given: Parsed['workloads'], app: string, dir: string, known: Map<string, string>): Workload[] {
  if (!given) return [{ name: app, kind: 'Deployment', path: `${dir}/deployment.yaml`, containers: null, initContainers: [], keys: null }];
  const ids = new Set<string>();
  return given.map((w, i) => {
    const id = `${w.kind}/${w.name}`;
    if (ids.has(id)) fail(`workloads[${i}].name`, `duplicates another ${w.kind} named ${w.name}`);
    ids.add(id);
    const unique = (list: string[] | undefined, field: string) =>
      list?.forEach((c, j) => {
        if (list.indexOf(c) !== j) fail(`workloads[${i}].${field}[${j}]`, `repeats ${c}`);
      });
    unique(w.containers, 'containers');
    unique(w.initContainers, 'initContainers');
    unique(w.keys, 'keys');
    w.keys?.forEach((k, j) => {
      if (!known.has(k)) fail(`workloads[${i}].keys[${j}]`, `${k} is not listed in secrets or config`);
    });
    const file = w.file ?? (w.kind === 'Deployment' && w.name === app ? 'deployment.yaml' : `${w.name}.yaml`);
    return { name: w.name, kind: w.kind, path: `${dir}/${file}`, containers: w.containers ?? null, initContainers: w.initContainers ?? [], keys: w.keys ?? null };
  });
}

/** A typed value inside a one-line message: JSON-quoted (so a newline or escape code stays inert) and cut short. */
function quoted(value: string): string {
  const points = [...value];
  return JSON.stringify(points.length > 40 ? `${points.slice(0, 40).join('')}…` : value);
}

/**
 * The rules a config default must follow beyond its text rule (type, enum values, targets): the first one
 * broken, naming the field it belongs to, or undefined. buildModel and the prompts both apply it.
 */
export function configDefaultProblem(
  c: { type: ConfigKey['type']; default: string; values: string[] },
  languages: readonly string[],
  valuesField = 'values',
): { field: 'default' | 'values'; rule: string } | undefined {
  const { type, default: value, values } = c;
  const bad = (rule: string) => ({ field: 'default' as const, rule });
  if (type !== 'enum' && values.length > 0) return { field: 'values', rule: 'is only allowed with type enum' };
  if (type === 'int') {
    if (!INT_PATTERN.test(value)) return bad(`must be a plain integer like 3000 for type int (got ${quoted(value)})`);
    const n = Number(value);
    if (n < INT_MIN || n > INT_MAX) return bad(`must fit in 32 bits for type int`);
  } else if (type === 'bool') {
    if (![...BOOL_TRUE, ...BOOL_FALSE].includes(value as never)) return bad(`must be true or false for type bool (got ${quoted(value)})`);
  } else if (type === 'enum') {
    if (values.length === 0) return { field: 'values', rule: 'is required for type enum (list the allowed values)' };
    if (new Set(values).size !== values.length) return { field: 'values', rule: 'must not repeat a value' };
    if (!values.includes(value)) return bad(`must be one of ${valuesField} for type enum`);
  }
  if (/^ | $/.test(value)) return bad('must not start or end with a space (a README table cell would drop it, and .env loaders trim it)');
  if (languages.includes('go') && value.includes('`')) return bad('must not contain a backquote (it is rendered into a Go struct tag)');
  return undefined;
}

/** Env names a key may not take in this mode (the Direct-Vault bootstrap owns three). */
export function reservedEnvProblem(env: string, mode: unknown): string | undefined {
  return mode === 'direct-vault' && (DIRECT_VAULT_ENV as readonly string[]).includes(env) ? `${env} is reserved for the Direct-Vault bootstrap` : undefined;
}

/** An address nobody's pod reaches: the documentation placeholder or another RFC 2606 name. */
export function isPlaceholderAddr(addr: string): boolean {
  try {
    const host = new URL(addr).hostname;
    return /(^|\.)example(\.(com|net|org))?$/.test(host) || host.endsWith('.invalid') || host.endsWith('.test');
  } catch {
    return false;
  }
}

/** The app name's rule beyond the DNS label: room for the longest suffix we append. */
export function appNameProblem(app: string): string | undefined {
  return app.length > MAX_APP_LENGTH
    ? `must be at most ${MAX_APP_LENGTH} characters so that "${app}${LONGEST_SUFFIX}" stays a 63-character DNS-1123 label`
    : undefined;
}

/** The answers as recorded in `.mosaic-secrets.yaml`: defaults applied, no derived names. */
export function answersOf(m: Model): Answers {
  const out: Answers = {
    app: m.app,
    namespace: m.namespace,
    mode: m.mode,
    languages: m.languages,
    deployDir: m.deployDir as Answers['deployDir'],
    vault: { mount: m.vault.mount, prefix: m.vault.prefix },
    // provider: vault is left out so files written before the answer existed stay unchanged on re-run.
    eso: (({ provider, ...rest }) => (provider === 'vault' ? rest : { ...rest, provider }))(m.eso),
    secrets: m.secrets.map((s) => ({ env: s.env, property: s.property, description: s.description, minLength: s.minLength })),
    config: m.config.map((c) => ({
      env: c.env,
      default: c.default,
      type: c.type,
      ...(c.type === 'enum' ? { values: c.values } : {}),
      reason: c.reason,
      description: c.description,
    })),
  };
  // Layout fields only when they differ from the defaults, so a plain repo's manifest reads as before.
  if (m.layout !== 'plain') out.layout = m.layout;
  if (m.layout === 'helm') out.chartDir = m.chartDir;
  if (!m.defaultWorkloads) {
    const base = `${m.manifestDir}/`;
    out.workloads = m.workloads.map((w) => ({
      name: w.name,
      kind: w.kind,
      file: w.path.slice(base.length),
      ...(w.containers ? { containers: w.containers } : {}),
      ...(w.initContainers.length ? { initContainers: w.initContainers } : {}),
      ...(w.keys ? { keys: w.keys } : {}),
    }));
  }
  if (m.environments.length) {
    out.environments = m.environments.map((e) => ({ name: e.name, ...e.given }));
  }
  // Recorded only when chosen, so manifests of apps without a CI step read as before.
  if (m.ci !== 'none') out.ci = m.ci;
  if (m.hooksRepo) out.hooksRepo = m.hooksRepo;
  if (m.languages.includes('python')) out.pythonPackage = m.pythonPackage;
  if (m.languages.includes('go')) out.goModule = m.goModule;
  if (m.directVault) {
    const dv = m.directVault;
    out.justification = dv.justification;
    out.directVault = {
      engine: dv.engine,
      engineNote: dv.engineNote,
      vaultAddr: dv.vaultAddr,
      tokenTtl: dv.tokenTtl,
      tokenMaxTtl: dv.tokenMaxTtl,
      secretIdTtl: dv.secretIdTtl,
    };
  }
  return out;
}

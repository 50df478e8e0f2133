// Where apps read their environment, as data: one row per way of reading an env var, in the
// spirit of gitleaks' rule table. The engine (engine.ts) runs every row whose file type and cheap
// keywords match; adding a framework is adding a row.
//
// Each pattern is global and names its groups: `name` (the env var), optionally `def` (a default
// literal in the language's syntax), `type` (a declared type) and `list` (a list of entries that
// `entry` splits further). A row with a `block` first finds the block (a brace-balanced or
// indentation-bounded region) and runs `pattern` inside it only.

export type SourceKind = 'code' | 'compose' | 'k8s' | 'helm' | 'env-example' | 'env-file';
export type FileType = 'js' | 'python' | 'go' | 'compose' | 'k8s' | 'helm' | 'env-example' | 'env-file';

export interface Block {
  /** Where a block starts; the match's end is where it opens (after `{` or the header line). */
  open: RegExp;
  /** `braces`: up to the `}` matching the one `open` ends on; `indent`: lines indented deeper than the opening line. */
  until: 'braces' | 'indent';
  /** The block counts only when its text (or, for `fileHas`, the file) contains one of these. */
  blockHas?: readonly string[];
  fileHas?: readonly string[];
  /** Regex run on the block text whose group 1 is a name prefix (pydantic's env_prefix). */
  prefix?: RegExp;
}

export interface Detector {
  id: string;
  files: readonly FileType[];
  /** The pattern runs only when one of these appears in the file (cheap prefilter). */
  keywords: readonly string[];
  pattern: RegExp;
  block?: Block;
  /** For `list` groups (destructuring): splits the list into entries with `name` and `def` groups. */
  entry?: RegExp;
  /** How the read treats absence: `required` fails without it, `optional` tolerates it. */
  presence?: 'required' | 'optional';
  /** Field name → env name (pydantic: upper-cased field, unless an alias group is present). */
  fieldToEnv?: boolean;
  /** What the row reads, for the evidence column. */
  what: string;
  /** Read a YAML file structurally: the map or `KEY=value` list at `path` ('*' = any key), only where `sibling` is set. */
  yaml?: { path: readonly string[]; sibling?: string };
  /** Finds a default inside the `type` group (zod's `.default(x)`). */
  defaultIn?: RegExp;
}

const ENV = String.raw`[A-Z_][A-Z0-9_]*`;
// A default literal: a quoted string (no interpolation), a number, a boolean.
const JS_LIT = String.raw`'[^'\n]*'|"[^"\n]*"|\x60[^\x60$\n]*\x60|-?\d+(?:\.\d+)?|true|false`;
const PY_LIT = String.raw`'[^'\n]*'|"[^"\n]*"|-?\d+(?:\.\d+)?|True|False|None`;
const GO_LIT = String.raw`"[^"\n]*"`;

export const DETECTORS: readonly Detector[] = [
  // --- TypeScript / JavaScript ------------------------------------------------------------------
  {
    id: 'js.process-env',
    what: 'process.env.X',
    files: ['js'],
    keywords: ['process.env.'],
    pattern: new RegExp(String.raw`\bprocess\.env\.(?<name>${ENV})\b(?:\s*!)?(?:\s*(?:\?\?|\|\|)\s*(?<def>${JS_LIT}))?`, 'g'),
  },
  {
    id: 'js.process-env-index',
    what: "process.env['X']",
    files: ['js'],
    keywords: ['process.env['],
    pattern: new RegExp(String.raw`\bprocess\.env\[\s*(['"\x60])(?<name>${ENV})\1\s*\](?:\s*!)?(?:\s*(?:\?\?|\|\|)\s*(?<def>${JS_LIT}))?`, 'g'),
  },
  {
    id: 'js.import-meta-env',
    what: 'import.meta.env.X',
    files: ['js'],
    keywords: ['import.meta.env.'],
    pattern: new RegExp(String.raw`\bimport\.meta\.env\.(?<name>${ENV})\b(?:\s*(?:\?\?|\|\|)\s*(?<def>${JS_LIT}))?`, 'g'),
  },
  {
    id: 'js.deno-env',
    what: "Deno.env.get('X')",
    files: ['js'],
    keywords: ['Deno.env.get'],
    pattern: new RegExp(String.raw`\bDeno\.env\.get\(\s*(['"])(?<name>${ENV})\1\s*\)(?:\s*(?:\?\?|\|\|)\s*(?<def>${JS_LIT}))?`, 'g'),
  },
  {
    id: 'js.destructure',
    what: 'const { X } = process.env',
    files: ['js'],
    keywords: ['process.env'],
    pattern: /\{(?<list>[^{}]*)\}\s*=\s*process\.env\b/g,
    entry: new RegExp(String.raw`(?:^|,)\s*(?<name>${ENV})\s*(?::\s*[A-Za-z_$][\w$]*\s*)?(?:=\s*(?<def>${JS_LIT})\s*)?(?=,|$)`, 'g'),
  },
  {
    // zod schemas parsed from process.env, and t3-env's createEnv({ server, client, shared }).
    id: 'js.zod-schema',
    what: 'zod env schema',
    files: ['js'],
    keywords: ['z.'],
    block: { open: /\b(?:z\.object|z\.strictObject|(?:server|client|shared)\s*:)\s*\(?\s*\{/g, until: 'braces', fileHas: ['process.env', 'createEnv', 'runtimeEnv'] },
    pattern: new RegExp(String.raw`^[ \t]*['"]?(?<name>${ENV})['"]?\s*:\s*(?<type>z\.[^\n]*)$`, 'gm'),
    defaultIn: new RegExp(String.raw`\.default\(\s*(${JS_LIT})\s*\)`),
  },

  // --- Python -------------------------------------------------------------------------------------
  {
    id: 'py.environ-index',
    what: "os.environ['X']",
    files: ['python'],
    keywords: ['environ['],
    presence: 'required',
    pattern: new RegExp(String.raw`\b(?:os\.)?environ\[\s*(['"])(?<name>${ENV})\1\s*\]`, 'g'),
  },
  {
    id: 'py.environ-get',
    what: "os.getenv('X') / environ.get('X')",
    files: ['python'],
    keywords: ['getenv', 'environ.get'],
    presence: 'optional',
    pattern: new RegExp(String.raw`\b(?:os\.)?(?:environ\.get|getenv)\(\s*(['"])(?<name>${ENV})\1\s*(?:,\s*(?:default\s*=\s*)?(?<def>${PY_LIT})\s*)?\)`, 'g'),
  },
  {
    // pydantic-settings: fields of a BaseSettings class; env_prefix applies unless a field has an alias.
    id: 'py.pydantic-settings',
    what: 'pydantic BaseSettings field',
    files: ['python'],
    keywords: ['BaseSettings'],
    block: { open: /^class\s+\w+\([^)\n]*\bBaseSettings\b[^)\n]*\)\s*:[^\n]*\n/gm, until: 'indent', prefix: /\benv_prefix\s*=\s*['"]([A-Za-z0-9_]*)['"]/ },
    fieldToEnv: true,
    pattern: new RegExp(
      String.raw`^[ \t]+(?<name>[a-z_][a-z0-9_]*)[ \t]*:[ \t]*(?<type>[^=\n]+?)[ \t]*(?:=[ \t]*(?:Field\((?<field>[^\n]*)\)|(?<def>${PY_LIT})))?[ \t]*(?:#[^\n]*)?$`,
      'gm',
    ),
  },

  // --- Go -----------------------------------------------------------------------------------------
  {
    id: 'go.getenv',
    what: 'os.Getenv("X")',
    files: ['go'],
    keywords: ['Getenv('],
    pattern: new RegExp(String.raw`\b(?:os|syscall)\.Getenv\(\s*"(?<name>${ENV})"\s*\)`, 'g'),
  },
  {
    id: 'go.lookupenv',
    what: 'os.LookupEnv("X")',
    files: ['go'],
    keywords: ['LookupEnv('],
    presence: 'optional',
    pattern: new RegExp(String.raw`\b(?:os|syscall)\.LookupEnv\(\s*"(?<name>${ENV})"\s*\)`, 'g'),
  },
  {
    // The usual helper: getenv("X", "fallback").
    id: 'go.getenv-helper',
    what: 'getenv("X", "default") helper',
    files: ['go'],
    keywords: ['nv("', 'nvOr', 'nvDefault'],
    pattern: new RegExp(String.raw`\b(?:getenv|getEnv|envOr|envOrDefault|getEnvOrDefault|getenvDefault|lookupEnvOr|envString)\(\s*"(?<name>${ENV})"\s*,\s*(?<def>${GO_LIT})\s*\)`, 'g'),
  },
  {
    // kelseyhightower/envconfig and caarlos0/env struct tags.
    id: 'go.struct-tag',
    what: 'envconfig / env struct tag',
    files: ['go'],
    keywords: ['envconfig:"', 'env:"'],
    pattern: new RegExp(String.raw`^[ \t]*\w+[ \t]+(?<type>[\w.*\[\]]+)[ \t]+\x60(?<tag>[^\x60\n]*\b(?:envconfig|env):"(?<name>${ENV})[^"]*"[^\x60\n]*)\x60`, 'gm'),
  },

  // --- Deployment files ---------------------------------------------------------------------------
  {
    // Compose is plain YAML: read structurally, and only services built from this repo (`build:`);
    // `image:`-only services (postgres, redis) are someone else's configuration.
    id: 'compose.environment',
    what: 'compose environment:',
    files: ['compose'],
    keywords: ['environment'],
    yaml: { path: ['services', '*', 'environment'], sibling: 'build' },
    pattern: /(?:)/g,
  },
  {
    id: 'k8s.env',
    what: 'container env',
    files: ['k8s', 'helm'],
    keywords: ['name:'],
    pattern: new RegExp(String.raw`^[ \t]*-[ \t]+name:[ \t]*['"]?(?<name>${ENV})['"]?[ \t]*\n[ \t]+(?:value:[ \t]*(?<value>[^\n]*)|valueFrom:)`, 'gm'),
  },
  {
    id: 'env.example',
    what: '.env.example entry',
    files: ['env-example'],
    keywords: ['='],
    pattern: new RegExp(String.raw`^[ \t]*(?:export[ \t]+)?(?<name>${ENV})[ \t]*=`, 'gm'),
  },
  {
    // A real .env: only the names are read, never the values.
    id: 'env.file',
    what: '.env entry',
    files: ['env-file'],
    keywords: ['='],
    pattern: new RegExp(String.raw`^[ \t]*(?:export[ \t]+)?(?<name>${ENV})[ \t]*=`, 'gm'),
  },
];

/** Process and platform variables every app may read: never the app's own configuration. */
export const AMBIENT_ENV: ReadonlySet<string> = new Set(
  (
    'HOME PATH PWD OLDPWD USER LOGNAME SHELL TERM TMPDIR TEMP TMP HOSTNAME LANG LC_ALL TZ CI DEBUG EDITOR ' +
    'NODE_OPTIONS NODE_DEBUG NODE_EXTRA_CA_CERTS NODE_TLS_REJECT_UNAUTHORIZED FORCE_COLOR NO_COLOR npm_package_version npm_lifecycle_event ' +
    'PYTHONPATH PYTHONUNBUFFERED VIRTUAL_ENV GOPATH GOROOT GOFLAGS GOOS GOARCH ' +
    'KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT POD_NAME POD_NAMESPACE POD_IP NODE_NAME ' +
    'GITHUB_ACTIONS GITHUB_TOKEN GITLAB_CI CI_COMMIT_SHA'
  ).split(' '),
);

/** Env vars of a Vault client's own bootstrap: the Direct-Vault generator owns them. */
export const VAULT_BOOTSTRAP_ENV: ReadonlySet<string> = new Set([
  'VAULT_ADDR',
  'VAULT_TOKEN',
  'VAULT_ROLE_ID',
  'VAULT_SECRET_ID',
  'VAULT_NAMESPACE',
  'VAULT_CACERT',
  'VAULT_SKIP_VERIFY',
  'BAO_ADDR',
  'BAO_TOKEN',
]);

export interface VaultClientDetector {
  id: string;
  files: readonly FileType[];
  pattern: RegExp;
  client: string;
}

/** Vault clients in app code (the import), and what they call that ESO cannot replace. */
export const VAULT_CLIENTS: readonly VaultClientDetector[] = [
  { id: 'py.hvac', files: ['python'], client: 'hvac', pattern: /^\s*(?:import hvac\b|from hvac\b)/m },
  { id: 'js.node-vault', files: ['js'], client: 'node-vault', pattern: /\b(?:require\(\s*|from\s+)['"](?:node-vault|hashi-vault-js|@litehex\/node-vault)['"]/ },
  { id: 'go.vault-api', files: ['go'], client: 'hashicorp/vault/api', pattern: /"github\.com\/(?:hashicorp\/vault\/api|openbao\/openbao\/api)[^"]*"/ },
];

export interface DynamicUseDetector {
  id: string;
  engine: 'database' | 'other';
  /** Fills "reads <what> through <client>". */
  what: string;
  pattern: RegExp;
}

/** Uses of Vault only a Direct-Vault app can make (dynamic engines); each is a justification. */
export const DYNAMIC_USES: readonly DynamicUseDetector[] = [
  { id: 'database', engine: 'database', what: 'short-lived database credentials (database engine)', pattern: /secrets\.database\.generate_credentials|\bdatabase\/creds\/|DatabaseCredentials|generate_credentials\(/ },
  { id: 'aws', engine: 'other', what: 'short-lived AWS credentials (aws engine)', pattern: /secrets\.aws\.generate_credentials|\baws\/creds\/|\baws\/sts\// },
  { id: 'pki', engine: 'other', what: 'X.509 certificates (pki engine)', pattern: /secrets\.pki\.generate_certificate|\bpki\/issue\// },
];

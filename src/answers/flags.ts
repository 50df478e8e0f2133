// argv → command, options and partial answers. One table maps flags to answer fields, so the
// help text, the parser and the prompts (which skip what a flag answered) cannot drift apart.
import mri from 'mri';
import { UsageError } from '../errors.js';

type Setter = (answers: Record<string, unknown>, value: string) => void;

const at =
  (...path: string[]): Setter =>
  (answers, value) => {
    let o = answers;
    for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[path[path.length - 1]!] = value;
  };

/** Answer flags: flag → [answers-file field, help]. */
export const ANSWER_FLAGS: Record<string, { field: string; help: string; set: Setter; repeat?: boolean }> = {
  app: { field: 'app', help: 'app name (DNS-1123 label)', set: at('app') },
  namespace: { field: 'namespace', help: 'Kubernetes namespace (DNS-1123 label)', set: at('namespace') },
  mode: { field: 'mode', help: 'eso (default) | direct-vault', set: at('mode') },
  justification: { field: 'justification', help: 'why Direct-Vault is needed (required with --mode direct-vault)', set: at('justification') },
  lang: {
    field: 'languages',
    help: 'typescript | python | go (repeat or comma-separate)',
    repeat: true,
    set: (a, v) => {
      const list = (a.languages ??= []) as string[];
      for (const l of v.split(',').map((s) => s.trim()).filter(Boolean)) list.push(LANG_ALIASES[l] ?? l);
    },
  },
  secret: {
    field: 'secrets',
    help: 'a required secret: ENV or ENV=description (repeatable)',
    repeat: true,
    set: (a, v) => {
      const eq = v.indexOf('=');
      const env = eq === -1 ? v : v.slice(0, eq);
      const list = (a.secrets ??= []) as Record<string, unknown>[];
      list.push(eq === -1 ? { env } : { env, description: v.slice(eq + 1) });
    },
  },
  'vault-addr': { field: 'directVault.vaultAddr', help: 'Direct-Vault: VAULT_ADDR as the pod reaches Vault (e.g. https://vault.vault.svc:8200)', set: at('directVault', 'vaultAddr') },
  'deploy-dir': { field: 'deployDir', help: 'deploy (default) | k8s', set: at('deployDir') },
  layout: { field: 'layout', help: 'plain (default) | kustomize | helm; detected from a kustomization.yaml or Chart.yaml', set: at('layout') },
  'chart-dir': { field: 'chartDir', help: 'Helm chart directory (default charts/<app>, or the one detected)', set: at('chartDir') },
  'vault-mount': { field: 'vault.mount', help: 'KV v2 mount (default secret)', set: at('vault', 'mount') },
  'vault-prefix': { field: 'vault.prefix', help: 'path prefix under the mount (default k3s)', set: at('vault', 'prefix') },
  'eso-api-version': { field: 'eso.apiVersion', help: 'external-secrets.io/v1 (default) | external-secrets.io/v1beta1', set: at('eso', 'apiVersion') },
  'store-name': { field: 'eso.storeName', help: 'SecretStore/ClusterSecretStore name (default vault-backend)', set: at('eso', 'storeName') },
  'store-kind': { field: 'eso.storeKind', help: 'ClusterSecretStore (default) | SecretStore', set: at('eso', 'storeKind') },
  'eso-provider': { field: 'eso.provider', help: "vault (default) | openbao: the store's spec.provider (decides the remoteRef.key form)", set: at('eso', 'provider') },
  'refresh-interval': { field: 'eso.refreshInterval', help: 'ESO refresh interval (default 1h)', set: at('eso', 'refreshInterval') },
  'python-package': { field: 'pythonPackage', help: 'directory for config.py (default src)', set: at('pythonPackage') },
  'go-module': { field: 'goModule', help: 'Go module path (default example.com/<app>)', set: at('goModule') },
  ci: { field: 'ci', help: 'github | woodpecker | gitlab | none (default): a CI step running check, and a pre-commit hook', set: at('ci') },
};

const LANG_ALIASES: Record<string, string> = { ts: 'typescript', py: 'python', golang: 'go' };

export const BOOLEAN_FLAGS = ['yes', 'dry-run', 'json', 'force', 'help', 'version', 'vault-write', 'vault-overwrite', 'from-env', 'print-vault-commands', 'color', 'config'] as const;
/** --environment's names; given but naming none (`--environment ,`) is bad input, not "not given". */
function environmentList(raw: unknown): string[] {
  const given = ([] as unknown[]).concat(raw ?? []);
  const names = given.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  if (given.length && !names.length) throw new UsageError('--environment: needs a value (an environment name, or all)');
  return names;
}

export const STRING_FLAGS = ['answers', 'vault-bin', 'values', 'generate', 'environment', 'dir', 'description', 'min-length', 'property', 'default', 'type', 'reason', 'values-list'] as const;
/** Flags that only mean something to add-key / remove-key / set-mode / update. */
export const EDIT_FLAGS = ['dir', 'description', 'min-length', 'property', 'default', 'type', 'reason', 'values-list', 'config'] as const;
/** Run flags (not answers) that may be given more than once. */
const REPEATABLE_FLAGS = new Set(['environment']);
const ALIASES: Record<string, string> = { y: 'yes', h: 'help', v: 'version', a: 'answers' };

export interface CliOptions {
  target: string | undefined;
  answersFile: string | undefined;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  help: boolean;
  version: boolean;
  /** --no-color: plain output even on a color terminal. */
  color: boolean;
  /** undefined = ask (interactive) / no (non-interactive). */
  vaultWrite: boolean | undefined;
  vaultBin: string | undefined;
  /** --vault-overwrite: replace existing Vault values (--force is for files only). */
  vaultOverwrite: boolean;
  fromEnv: boolean;
  valuesFile: string | undefined;
  generate: string[];
  printVaultCommands: boolean;
  /** --environment NAME (repeatable, comma-separated, or all): the environments whose Vault paths the Vault step writes. */
  environments: string[];
  /** Partial answers given by flags (highest precedence). */
  flagAnswers: Record<string, unknown>;
  /** Answer fields set by a flag (prompts skip them). */
  flagFields: Set<string>;
  /** All positionals (a subcommand's arguments). */
  positionals: string[];
  /** Values of EDIT_FLAGS given (subcommands only). */
  edit: Partial<Record<(typeof EDIT_FLAGS)[number], string | boolean>>;
}

export function parseFlags(argv: string[], opts: { subcommand?: string } = {}): CliOptions {
  const string = [...STRING_FLAGS, ...Object.keys(ANSWER_FLAGS)];
  const args = mri(argv, { boolean: [...BOOLEAN_FLAGS], string, alias: ALIASES });
  const known = new Set<string>(['_', ...BOOLEAN_FLAGS, ...string, ...Object.keys(ALIASES)]);
  for (const key of Object.keys(args)) {
    if (!known.has(key)) throw new UsageError(`${key.length === 1 ? '-' : '--'}${key}: unknown option (see --help)`);
  }
  for (const s of string) {
    const v = args[s];
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (values.some((x) => typeof x !== 'string' || x === '')) throw new UsageError(`--${s}: needs a value`);
    if (values.length > 1 && !ANSWER_FLAGS[s]?.repeat && !REPEATABLE_FLAGS.has(s)) throw new UsageError(`--${s}: given more than once`);
  }
  for (const b of BOOLEAN_FLAGS) {
    if (Array.isArray(args[b])) throw new UsageError(`--${b}: given more than once`);
  }
  const positionals = (args._ as unknown[]).map(String);
  const edit: CliOptions['edit'] = {};
  for (const f of EDIT_FLAGS) {
    const v = args[f] as string | boolean | undefined;
    if (v === undefined || v === false) continue;
    if (!opts.subcommand) throw new UsageError(`--${f}: only used with add-key, remove-key, set-mode or update`);
    edit[f] = v;
  }
  if (!opts.subcommand && positionals.length > 1) throw new UsageError(`${positionals[1]}: unexpected argument (only one target directory)`);

  const flagAnswers: Record<string, unknown> = {};
  const flagFields = new Set<string>();
  for (const [flag, spec] of Object.entries(ANSWER_FLAGS)) {
    const v = args[flag] as string | string[] | undefined;
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) spec.set(flagAnswers, one);
    flagFields.add(spec.field);
  }
  const str = (k: string) => args[k] as string | undefined;
  return {
    target: positionals[0],
    answersFile: str('answers'),
    yes: Boolean(args.yes),
    dryRun: Boolean(args['dry-run']),
    json: Boolean(args.json),
    force: Boolean(args.force),
    help: Boolean(args.help),
    version: Boolean(args.version),
    color: args.color !== false,
    vaultWrite: args['vault-write'] === undefined ? undefined : Boolean(args['vault-write']),
    vaultBin: str('vault-bin'),
    vaultOverwrite: Boolean(args['vault-overwrite']),
    fromEnv: Boolean(args['from-env']),
    valuesFile: str('values'),
    generate: (str('generate') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    printVaultCommands: Boolean(args['print-vault-commands']),
    environments: environmentList(args.environment),
    flagAnswers,
    flagFields,
    positionals,
    edit,
  };
}

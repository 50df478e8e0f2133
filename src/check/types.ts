// Shared shapes of the `check` command: what a rule is, what a finding is, what a scanned file is.

export type Severity = 'error' | 'warning';

export const RULE_IDS = [
  'fallback-default',
  'vault-client-in-eso-app',
  'hardcoded-secret',
  'committed-env-file',
  'secret-in-env-expansion',
  'checklist-external-secret',
  'checklist-eso-api-version',
  'checklist-secret-key-ref',
  'checklist-readme-section',
  'checklist-startup-validator',
  'checklist-direct-vault',
  'eso-remote-key-provider',
  'eso-admission',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What every rule declares; reporters (SARIF rules table, --help) read these. */
export interface RuleMeta {
  id: RuleId;
  severity: Severity;
  /** Short human name (SARIF `name`, text report heading). */
  title: string;
  /** One-line statement of what the rule forbids or requires. */
  message: string;
  /** One line: where the policy says so and how to fix. */
  doc: string;
  /** Forbidden Pattern number or checklist item in the seed policy. */
  policy: string;
}

export interface Snippet {
  /** The source line with secret values masked and tabs turned into spaces. */
  text: string;
  /** 1-based line number the snippet shows. */
  line: number;
  /** 0-based offset of the caret in `text` and how many carets to draw. */
  caretStart: number;
  caretLength: number;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** POSIX path relative to the working directory. */
  path: string;
  /** 1-based; column counts UTF-16 code units (SARIF's default columnKind). */
  line: number;
  column: number;
  endLine: number;
  /** Exclusive, like SARIF's endColumn. */
  endColumn: number;
  message: string;
  /** sha256 (hex, 16 chars) of the matched text less its secret value: the baseline key together with rule and path. */
  hash: string;
  snippet?: Snippet;
  /** File offsets [start, end) of the secret value: masked in the snippet, left out of `hash`. Not in any report. */
  valueSpan?: [number, number];
}

/** File categories decide which rules run and how strict they are. */
export type FileKind =
  | 'yaml'
  | 'env'
  | 'shell'
  | 'dockerfile'
  | 'js'
  | 'python'
  | 'go'
  | 'code'
  | 'json'
  | 'hcl'
  | 'toml'
  | 'ini'
  | 'doc'
  | 'text';

/**
 * Where a file sits, which changes how much evidence rule 3 wants: in docs, tests and example
 * files placeholder-looking values are expected, so only high-confidence secrets count there.
 */
export type FileContext = 'source' | 'example' | 'test' | 'doc';

export type Mode = 'eso' | 'direct-vault';

/** One app inside the scanned tree: a directory with `.mosaic-secrets.yaml` or a Secrets-architecture README. */
export interface AppInfo {
  /** POSIX path relative to the working directory ('' for the working directory itself). */
  dir: string;
  abs: string;
  mode: Mode | null;
  modeSource: '.mosaic-secrets.yaml' | 'README' | null;
  /** `answers` of `.mosaic-secrets.yaml` when it parsed, else null. */
  answers: Record<string, unknown> | null;
  /** POSIX path (relative to the working directory) of the README, when there is one. */
  readmePath: string | null;
  readme: string | null;
  /** The "Secrets architecture" section of the README. */
  section: { text: string; line: number } | null;
  /**
   * How much of the checklist to audit: `full` for apps with a `.mosaic-secrets.yaml` inside the
   * scanned tree, `if-k8s` for a scanned root without one (audited only when deploy/ or k8s/ holds
   * an ExternalSecret or a workload), `none` for an app found above the scanned paths (its tree was
   * not scanned).
   */
  audit: 'full' | 'if-k8s' | 'none';
}

export interface ScanFile {
  abs: string;
  /** POSIX path relative to the working directory. */
  path: string;
  /** POSIX path relative to the owning app's directory (or the scan root). */
  appPath: string;
  name: string;
  kind: FileKind;
  context: FileContext;
  /** Under a deploy/CI path segment (deploy/, k8s/, docker/, helm/, .github/ …). */
  deployPath: boolean;
  /** Matched by .gitignore / .mosaic-secretsignore (files named on the command line, and tracked env files). */
  ignored: boolean;
  /** Ignored, yet tracked by git (only looked up for env files). */
  tracked: boolean;
  text: string;
  app: AppInfo | null;
}

/** A raw hit from a rule, in offsets of the file's text; the engine turns it into a Finding. */
export interface Hit {
  rule: RuleId;
  start: number;
  end: number;
  message: string;
  /** Part of [start, end) that holds a secret value; masked in every snippet. */
  mask?: [number, number];
  /** Text the baseline hash is computed from (defaults to text[start, end)). */
  key?: string;
  severity?: Severity;
  /** The finding is about the file as a whole: point at line 1 and show no source line. */
  wholeFile?: boolean;
}

export type Emit = (hit: Hit) => void;

export interface FileRule extends RuleMeta {
  scope: 'file';
  /** Cheap test on the file's metadata. */
  applies(file: ScanFile): boolean;
  check(file: ScanFile, emit: Emit): void;
}

// `create-mosaic-secrets check [paths…]`: audit a repository against the Mosaic secrets policy.
// `check()` is the library entry (data in, findings out); `checkCommand()` is the CLI around it
// (argv → report on stdout → exit code 0 clean / 1 findings / 2 usage or runtime error).
import { dirname, join, relative, resolve } from 'node:path';
import mri from 'mri';
import { UsageError } from '../errors.js';
import { RULE_IDS, type Finding, type RuleId } from './types.js';
import { scan } from './scan.js';
import { manifestAbove } from './project.js';
import { applyBaseline, baselineOf, DEFAULT_BASELINE, readBaseline, type BaselineEntry } from './baseline.js';
import { FORMATS, formatReport, type Format } from './report/index.js';
import { RULES } from './rules/index.js';
import { lexists, writeFileSafe } from '../write/safeFile.js';
import { printable } from '../ui/printable.js';
import { MANIFEST_PATH } from '../write/manifestPath.js';
import { acquireLock, type TargetLock } from '../write/lock.js';
import { applyFixes, planFixes, sarifWithFixes } from './fix/index.js';

export type { Finding, RuleId, Severity, RuleMeta } from './types.js';
export type { BaselineEntry } from './baseline.js';
export { RULES } from './rules/index.js';
export { formatReport, FORMATS, type Format } from './report/index.js';
export { toSarif } from './report/sarif.js';

export interface CheckOptions {
  /** Base for relative paths and for reported paths (default: process.cwd()). */
  cwd?: string;
  /** Run only these rules. */
  rules?: readonly string[];
  /** Skip these rules. */
  disable?: readonly string[];
  /** gitignore-style patterns (relative to cwd) to skip, on top of .gitignore / .mosaic-secretsignore. */
  exclude?: readonly string[];
  /** Skip files larger than this (bytes). Default 2 MB. */
  maxFileSize?: number;
  /** Audit the bootstrap checklist (default true). */
  checklist?: boolean;
  /** Accepted findings: a baseline file path (relative to cwd) or its entries. */
  baseline?: string | readonly BaselineEntry[] | null;
}

export interface CheckResult {
  findings: Finding[];
  filesScanned: number;
  /** Hits silenced by `mosaic-secrets:allow <rule> <reason>`. */
  suppressed: number;
  /** Findings accepted by the baseline. */
  baselined: number;
  /** What the scan could not find out, e.g. git could not be asked about tracked .env files. */
  warnings: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

function ruleSet(list: readonly string[] | undefined, flag: string): Set<RuleId> {
  const out = new Set<RuleId>();
  for (const raw of list ?? []) {
    for (const id of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new UsageError(`${flag}: unknown rule "${id}" (rules: ${RULE_IDS.join(', ')})`);
      out.add(id as RuleId);
    }
  }
  return out;
}

export async function check(paths: readonly string[] = [], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const only = ruleSet(options.rules, '--rule');
  const disabled = ruleSet(options.disable, '--disable');
  const rules = new Set<RuleId>(only.size ? only : RULE_IDS);
  for (const id of disabled) rules.delete(id);
  if (rules.size === 0) throw new UsageError('--rule/--disable: no rule left to run');
  const result = scan(paths, {
    cwd,
    rules: rules.size === RULE_IDS.length ? new Set() : rules,
    exclude: [...(options.exclude ?? [])],
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    checklist: options.checklist ?? true,
  });
  let findings = result.findings;
  let baselined = 0;
  if (options.baseline) {
    const entries = typeof options.baseline === 'string' ? readBaseline(resolve(cwd, options.baseline)) : options.baseline;
    ({ kept: findings, baselined } = applyBaseline(findings, entries));
  }
  return { findings, filesScanned: result.filesScanned, suppressed: result.suppressed, baselined, warnings: result.warnings };
}

export interface CheckIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  /** Default: process.cwd(). */
  cwd?: string;
  /** Default: process.env (NO_COLOR / FORCE_COLOR). */
  env?: Record<string, string | undefined>;
}

export const CHECK_HELP = `Usage: create-mosaic-secrets check [paths…] [options]

Audit a repository against the Mosaic secrets policy: the Forbidden Patterns
(VAULT-SECRETS.md) and the bootstrap checklist (BOOTSTRAP-secrets.md).
Paths default to the current directory; .gitignore and .mosaic-secretsignore
are honoured; binaries, lockfiles, minified and vendored files are skipped.

Options:
  -f, --format <fmt>       text (default), json, sarif (2.1.0) or github (workflow annotations)
  -o, --output <file>      write the report to <file> instead of stdout
      --baseline <file>    accepted findings (default: ${DEFAULT_BASELINE} when present)
      --no-baseline        report every finding, ignoring the baseline file
      --update-baseline    write the current findings to the baseline file and exit 0
      --rule <id>          run only this rule (repeatable, or comma-separated)
      --disable <id>       skip this rule (repeatable, or comma-separated)
      --exclude <pattern>  skip paths matching a gitignore-style pattern (repeatable)
      --no-checklist       skip the bootstrap checklist audit (rules checklist-*)
      --fail-on <level>    error or warning (default): lowest severity that exits 1
      --max-file-size <n>  skip files larger than n bytes (default: ${DEFAULT_MAX_FILE_SIZE})
      --max-findings <n>   list at most n findings (the summary and the exit status count all)
      --no-color           plain text output
      --fix                apply the safe rewrites (src/check/fix/), print their diff, then report what is left
      --dry-run            with --fix: print the diff, write nothing
  -h, --help               show this help

Silence one finding with a reviewed reason on the line or the comment line above:
  # mosaic-secrets:allow <rule> <reason>
A convenience default is allowed with:  # safe-default: <reason>

Rules:
${RULES.map((r) => `  ${r.id.padEnd(28)} ${r.severity.padEnd(8)} ${r.title}`).join('\n')}

Exit status: 0 no findings, 1 findings, 2 usage or runtime error.
`;

/** mri mutates the option lists it is given, so every parse gets fresh ones. */
function mriOptions() {
  return {
    string: ['format', 'output', 'baseline', 'rule', 'disable', 'exclude', 'fail-on', 'max-file-size', 'max-findings'],
    boolean: ['help', 'update-baseline', 'checklist', 'color', 'fix', 'dry-run'],
    // In strict mode mri knows only the keys of `alias`, so every option is listed there.
    alias: { f: 'format', o: 'output', h: 'help', baseline: [], rule: [], disable: [], exclude: [], 'fail-on': [], 'max-file-size': [], 'max-findings': [], 'update-baseline': [], checklist: [], color: [], fix: [], 'dry-run': [] } as Record<string, string | string[]>,
  };
}

function list(v: unknown): string[] {
  if (v === undefined || v === false) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function single(v: unknown, flag: string): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UsageError(`--${flag}: given more than once`);
  const s = String(v);
  if (s === '' || v === true) throw new UsageError(`--${flag}: needs a value`);
  return s;
}

/**
 * The app directory a path belongs to: the nearest directory at or above it holding the manifest
 * (the generator's lock target), looked for up to the repository's root; null when there is none.
 */
function appDirOf(dir: string): string | null {
  return lexists(join(dir, MANIFEST_PATH)) ? dir : manifestAbove(dir);
}

/**
 * Take the lock on each of `dirs` not taken yet (sorted, all or none): the directory written, and
 * the app directory of each file a fix rewrites — a generator run there would otherwise merge over
 * the fix or the fix over it.
 */
function lockAll(dirs: Iterable<string | null>, locks: Map<string, TargetLock>, command: string, stderr: CheckIo['stderr']): void {
  const wanted = [...new Set(dirs)].filter((d): d is string => d !== null && !locks.has(d)).sort();
  const taken: [string, TargetLock][] = [];
  try {
    for (const d of wanted) taken.push([d, acquireLock(d, command, stderr)]);
  } catch (e) {
    for (const [, l] of taken.reverse()) l.release();
    throw e;
  }
  for (const [d, l] of taken) locks.set(d, l);
}

export async function checkCommand(argv: string[], io: CheckIo): Promise<number> {
  try {
    const args = mri(argv, {
      ...mriOptions(),
      unknown: (flag: string) => {
        throw new UsageError(`unknown option ${flag} (see create-mosaic-secrets check --help)`);
      },
    }) as Record<string, unknown> & { _: string[] };
    if (args['help']) {
      io.stdout.write(CHECK_HELP);
      return 0;
    }
    const cwd = io.cwd ?? process.cwd();
    const env = io.env ?? process.env;
    const format = (single(args['format'], 'format') ?? 'text') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format: must be one of ${FORMATS.join(', ')}`);
    const failOn = single(args['fail-on'], 'fail-on') ?? 'warning';
    if (failOn !== 'error' && failOn !== 'warning') throw new UsageError('--fail-on: must be error or warning');
    const maxRaw = single(args['max-file-size'], 'max-file-size');
    const maxFileSize = maxRaw === undefined ? undefined : Number(maxRaw);
    if (maxFileSize !== undefined && (!Number.isInteger(maxFileSize) || maxFileSize <= 0)) throw new UsageError('--max-file-size: must be a positive whole number of bytes');
    const maxFindingsRaw = single(args['max-findings'], 'max-findings');
    const maxFindings = maxFindingsRaw === undefined ? undefined : Number(maxFindingsRaw);
    if (maxFindings !== undefined && (!Number.isInteger(maxFindings) || maxFindings <= 0)) throw new UsageError('--max-findings: must be a positive whole number');

    const baselineArg = args['baseline'] === false ? false : single(args['baseline'], 'baseline');
    const baselinePath = resolve(cwd, typeof baselineArg === 'string' ? baselineArg : DEFAULT_BASELINE);
    const update = args['update-baseline'] === true;
    const useBaseline = !update && baselineArg !== false && (typeof baselineArg === 'string' || lexists(baselinePath));

    const checkOptions: CheckOptions = {
      cwd,
      rules: list(args['rule']),
      disable: list(args['disable']),
      exclude: list(args['exclude']),
      ...(maxFileSize !== undefined ? { maxFileSize } : {}),
      checklist: args['checklist'] !== false,
      baseline: useBaseline ? baselinePath : null,
    };
    const dryRun = args['dry-run'] === true;
    if (dryRun && args['fix'] !== true) throw new UsageError('--dry-run: only used with --fix');
    // Writing (fixes, the baseline) excludes a generator run on the same files: the generator's lock,
    // taken before the scan, on the directory written and the app directory it belongs to.
    const command = update ? 'check --update-baseline' : 'check --fix';
    const writesTo = update ? dirname(baselinePath) : args['fix'] === true && !dryRun ? cwd : null;
    const locks = new Map<string, TargetLock>();
    if (writesTo) lockAll([writesTo, appDirOf(writesTo)], locks, command, io.stderr);
    try {
      let result = await check(args._, checkOptions);

      // Both outputs may land in a clone that committed a symlink by that name: never written through.
      const shown = (abs: string) => (relative(cwd, abs).startsWith('..') ? abs : relative(cwd, abs));
      if (update) {
        writeFileSafe(baselinePath, JSON.stringify(baselineOf(result.findings), null, 2) + '\n', { root: cwd, display: shown(baselinePath) });
        io.stdout.write(`wrote ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} to ${printable(baselinePath)}\n`);
        return 0;
      }

      for (const w of result.warnings) io.stderr.write(`create-mosaic-secrets check: warning: ${printable(w)}\n`);
      const output = single(args['output'], 'output');
      const color = format === 'text' && !output && args['color'] !== false && !env['NO_COLOR'] && (Boolean(env['FORCE_COLOR']) || io.stdout.isTTY === true);
      const capped = (r: CheckResult) => (maxFindings === undefined ? r : { ...r, maxFindings });
      let report = formatReport(format, capped(result), color);
      const fix = args['fix'] === true;
      if (fix || format === 'sarif') {
        // check --fix (src/check/fix/): rewrites built on the findings; SARIF always carries them as fixes[].
        const plan = planFixes(result.findings, cwd);
        if (fix) {
          if (writesTo) lockAll(plan.patches.map((p) => appDirOf(dirname(join(cwd, p.path)))), locks, command, io.stderr);
          await applyFixes(plan, cwd, { stdout: format === 'text' && !output ? io.stdout : io.stderr, color }, dryRun);
          if (!dryRun) result = await check(args._, checkOptions);
          report = formatReport(format, capped(result), color);
        }
        if (format === 'sarif') report = sarifWithFixes(report, result.findings, fix ? planFixes(result.findings, cwd) : plan);
      }
      if (output) {
        const target = resolve(cwd, output);
        writeFileSafe(target, report, { root: cwd, display: shown(target) });
      } else {
        io.stdout.write(report);
      }
      const failing = result.findings.filter((f) => failOn === 'warning' || f.severity === 'error');
      return failing.length ? 1 : 0;
    } finally {
      for (const l of [...locks.values()].reverse()) l.release();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`create-mosaic-secrets check: ${printable(message)}\n`);
    return 2;
  }
}

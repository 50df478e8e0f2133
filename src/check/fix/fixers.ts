// `check --fix`: one safe rewrite per finding kind, as data. Each fixer gets a finding, the file
// text as it was scanned and what the app's answers say about the name, and returns the edit or
// says why it cannot prove one. No fixer guesses: a default without a known reason, an expansion
// the parser would read differently, a Helm action that is not the plain pipeline stay as they are.
import { helmDefaults } from '../helm.js';
import { includesInEnvOf, rawEntryAt, readsFromSecret } from './chartEnv.js';
import { parseInterpolations, isDefaulting } from '../interpolation.js';
import { isSecretName } from '../rules/names.js';
import type { Finding, RuleId } from '../types.js';

export interface AppKnowledge {
  /** Env names the app's .mosaic-secrets.yaml lists as secrets (required values). */
  secrets: ReadonlySet<string>;
  /** Config env name → the reason its default is safe (the answers' `reason`). */
  reasons: ReadonlyMap<string, string>;
}

/** Replace [start, end) of the file's text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface FixContext {
  finding: Finding;
  text: string;
  /** Offset of the finding's first character and of its end (from line/column). */
  start: number;
  end: number;
  app: AppKnowledge;
  helm: boolean;
  /** Helm: the named templates of the file's chart (`define` name → body), read from its .tpl files. */
  defines: ReadonlyMap<string, string>;
}

export type FixOutcome = { edit: TextEdit; description: string } | { git: 'untrack-and-ignore' | 'ignore' | 'untrack'; description: string } | { none: string };

export interface Fixer {
  rule: RuleId;
  /** What it rewrites (for --help and the README). */
  what: string;
  /** Its edits go first: an edit another fixer proposes inside one of them (text it removes) is moot. */
  first?: boolean;
  /**
   * Is the finding still what the text says? Default: its hash matches the span. A checklist
   * finding's hash is of its key (app-wide facts), so its fixer says what the span must read.
   */
  current?(text: string, start: number, end: number, finding: Finding): boolean;
  fix(ctx: FixContext): FixOutcome;
}

const lineStartOf = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEndOf = (text: string, at: number) => {
  const e = text.indexOf('\n', at);
  return e === -1 ? text.length : e;
};

/** The `# safe-default:` tag for a line: trailing when the line has no comment, else a comment line above. */
function tagEdit(text: string, at: number, reason: string, helm: boolean): TextEdit {
  const ls = lineStartOf(text, at);
  let le = lineEndOf(text, at);
  if (le > ls && text[le - 1] === '\r') le--;
  const line = text.slice(ls, le);
  const tag = helm ? `{{/* safe-default: ${reason} */}}` : `# safe-default: ${reason}`;
  if (!helm && !/(^|\s)#/.test(line)) return { start: le, end: le, text: `  ${tag}` };
  const indent = /^[ \t]*/.exec(line)![0];
  return { start: ls, end: ls, text: `${indent}${tag}\n` };
}

/** One-line reasons only: a reason that would break the comment (newline) or a YAML/Go-template one is not used. */
const usableReason = (r: string | undefined): r is string => Boolean(r && r.trim() && !/[\r\n]|\*\/|}}/.test(r));

const fallbackDefault: Fixer = {
  rule: 'fallback-default',
  what: '${SECRET:-x} → ${SECRET:?SECRET is required}; a non-secret default gets "# safe-default: <reason>" (the answers\' reason); Helm `| default` on a secret → required',
  fix(ctx) {
    const { text, start, app } = ctx;
    if (ctx.helm && /^default\b/.test(text.slice(start, ctx.end))) return helmRequired(ctx);
    const ls = lineStartOf(text, start);
    const le = lineEndOf(text, start);
    const line = text.slice(ls, le);
    const dialect = /^(?:Dockerfile|Containerfile)|\.(?:sh|bash)$/.test(ctx.finding.path.split('/').pop() ?? '') ? 'shell' : 'compose';
    const e = parseInterpolations(line, { dialect }).find((x) => ls + x.start === start && isDefaulting(x) && !x.special);
    if (!e) return { none: 'the expansion is not where the scan saw it' };
    if (/[${}`\\]/.test(e.word)) {
      // A default that is itself an expansion or holds quoting: rewriting it needs a reader, not a rule.
      if (app.secrets.has(e.name) || isSecretName(e.name)) return requiredEdit(ls, e.start, e.end, e.name);
      return { none: `the default of ${e.name} is not a plain word` };
    }
    if (app.secrets.has(e.name) || isSecretName(e.name)) return requiredEdit(ls, e.start, e.end, e.name);
    const reason = app.reasons.get(e.name);
    if (!usableReason(reason)) return { none: `${e.name} is not a secret, but no reason for its default is known (add it as config with a reason: adopt, or add-key --config --reason)` };
    return { edit: tagEdit(text, start, reason, false), description: `tag the default of ${e.name}: # safe-default: ${reason}` };
  },
};

function requiredEdit(ls: number, s: number, e: number, name: string): FixOutcome {
  return { edit: { start: ls + s, end: ls + e, text: `\${${name}:?${name} is required}` }, description: `${name} fails fast: \${${name}:?${name} is required}` };
}

/** `.Values.x | default "y"` → `required "x is required" .Values.x`; `default "y" .Values.x` likewise. */
function helmRequired(ctx: FixContext): FixOutcome {
  const { text, start } = ctx;
  const d = helmDefaults(text).find((h) => h.start === start);
  if (!d || d.required || !/^\$?\.Values\.[A-Za-z0-9_.]+$/.test(d.value)) return { none: 'not a plain .Values pipeline' };
  const path = d.value.replace(/^\$?\.Values\./, '');
  const required = `required "${path} is required" ${d.value}`;
  const own = text.slice(d.start, d.end);
  if (own.endsWith(d.value) && /^default\s+\S.*\s\$?\.Values\./.test(own)) {
    return { edit: { start: d.start, end: d.end, text: required }, description: `${path} fails fast: ${required}` };
  }
  const before = text.lastIndexOf(d.value, d.start);
  if (before === -1 || !/^\s*\|\s*$/.test(text.slice(before + d.value.length, d.start))) return { none: 'not a plain .Values pipeline' };
  return { edit: { start: before, end: d.end, text: required }, description: `${path} fails fast: ${required}` };
}

const committedEnvFile: Fixer = {
  rule: 'committed-env-file',
  what: 'a committed .env is removed from the index (the file stays for local use) and added to .gitignore',
  fix(ctx) {
    const m = ctx.finding.message;
    if (/not covered by \.gitignore/.test(m)) return { git: 'ignore', description: `add /${ctx.finding.path} to .gitignore` };
    if (/git still tracks it/.test(m)) return { git: 'untrack', description: `git rm --cached ${ctx.finding.path} (keep the file; rotate what it held)` };
    return { git: 'untrack-and-ignore', description: `git rm --cached ${ctx.finding.path} and add /${ctx.finding.path} to .gitignore (deploys read the k8s Secret; rotate what it held)` };
  },
};

/**
 * A chart workload's raw env entry for a synced secret (`- name: API_TOKEN` / `value: {{ .Values.apiToken }}`),
 * in a container whose env also includes the generated named template that reads the same name from
 * the Secret: the raw entry, listed later, would win over the Secret; it is removed. Only with every
 * fact proven: the name is a secret in the app's answers, the entry is exactly name + one-line value,
 * the include is unconditional in that env list, and its define sets the name from a secretKeyRef.
 */
const rawName = (f: Finding): string | undefined => / sets ([A-Za-z_][A-Za-z0-9_]*) with a raw value;/.exec(f.message)?.[1];

const rawSecretEnv: Fixer = {
  rule: 'checklist-secret-key-ref',
  what: "a Helm workload template's raw env entry for a synced secret is removed when the same container's env includes the generated named template that reads it from the Secret",
  first: true,
  current: (text, start, end, f) => text.slice(start, end) === `name: ${rawName(f) ?? ''}`,
  fix(ctx) {
    const name = rawName(ctx.finding);
    if (!name) return { none: 'only a raw env entry has a rewrite' };
    if (!ctx.helm) return { none: `set ${name} through valueFrom.secretKeyRef by hand (only chart templates with the generated include are rewritten)` };
    if (!ctx.app.secrets.has(name)) return { none: `${name} is not a secret in the app's answers` };
    const entry = rawEntryAt(ctx.text, ctx.start, name);
    if (!entry) return { none: `the ${name} entry is not a plain "- name:" / one-line "value:" pair` };
    const include = includesInEnvOf(ctx.text, entry).find((n) => {
      const body = ctx.defines.get(n);
      return body !== undefined && readsFromSecret(body, name);
    });
    if (!include) return { none: `no unconditional include in this env list reads ${name} from the Secret (re-run the generator for this chart)` };
    return { edit: { start: entry.start, end: entry.end, text: '' }, description: `remove the raw ${name} entry: {{ include "${include}" . }} above sets it from the Secret` };
  },
};

export const FIXERS: readonly Fixer[] = [fallbackDefault, committedEnvFile, rawSecretEnv];

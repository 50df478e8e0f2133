// Rule 1 (Forbidden Pattern 1): `${VAR:-default}` and friends in deployment configuration, and
// Helm's `| default` for secret values in chart templates. A missing required value must fail fast
// (`${VAR:?VAR is required}`, Helm's `required`); a true convenience default is allowed when the
// line, or a comment line right above it, says `# safe-default: <reason>`.
import type { Emit, FileRule, ScanFile } from '../types.js';
import { helmDefaults, isHelmTemplate } from '../helm.js';
import { parseInterpolations, isDefaulting, REQUIRED_OPERATORS, type Expansion } from '../interpolation.js';
import { hashCommentStart, lineBounds } from '../lines.js';
import { safeDefaultOn, tagNear } from '../suppress.js';
import { isSecretName } from './names.js';

const ID = 'fallback-default' as const;

/**
 * Shell scripts are deployment config when they sit in a deploy/CI path or are container
 * entrypoints; elsewhere `${1:-}` / `${TMPDIR:-/tmp}` idioms are ordinary shell, so only
 * defaults for secret-looking names count there.
 */
function strictness(file: ScanFile): 'all' | 'secrets' {
  if (file.kind !== 'shell') return 'all';
  if (file.deployPath || /entrypoint|^docker-|^start(up)?\.sh$/i.test(file.name)) return 'all';
  return 'secrets';
}

export const fallbackDefault: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'Untagged fallback default',
  message: 'A required value silently falls back to a default instead of failing fast.',
  doc: 'VAULT-SECRETS.md › Forbidden Patterns 1: use ${VAR:?VAR is required}, or tag a true convenience default with "# safe-default: <reason>".',
  policy: 'Forbidden Pattern 1',
  applies: (f) => f.kind === 'yaml' || f.kind === 'env' || f.kind === 'dockerfile' || f.kind === 'shell' || (f.kind === 'text' && /\.tpl$/.test(f.name)),
  check(file, emit) {
    const text = file.text;
    // helmDefaults only reports `default` words: a template without one has nothing to tokenize.
    if (text.includes('{{') && text.includes('default') && isHelmTemplate(file.abs)) helmFallbacks(file, emit);
    if (file.kind === 'text') return;
    let i = text.indexOf('${');
    if (i === -1) return;
    const dialect = file.kind === 'shell' || file.kind === 'dockerfile' ? 'shell' : 'compose';
    const mode = strictness(file);
    const secretEnv = appSecretEnv(file);
    while (i !== -1) {
      const [ls, le] = lineBounds(text, i);
      let line = text.slice(ls, le);
      // Comments are documentation, not configuration.
      const comment = hashCommentStart(line);
      if (comment !== -1) line = line.slice(0, comment);
      const expansions = parseInterpolations(line, { dialect });
      // Expansions come outer-first and nest properly, so a stack of the enclosing ones answers
      // "inside a reported one?" and "inside a required one?" in O(1) each (a one-line file can
      // hold 100,000 of them; asking every other expansion is quadratic).
      const enclosing: Array<{ e: Expansion; required: boolean; reported: boolean }> = [];
      for (const e of expansions) {
        while (enclosing.length && !(enclosing.at(-1)!.e.start < e.start && e.end <= enclosing.at(-1)!.e.end)) enclosing.pop();
        const parent = enclosing.at(-1);
        const self = { e, required: (parent?.required ?? false) || (e.op !== null && e.op !== 'other' && REQUIRED_OPERATORS.has(e.op)), reported: parent?.reported ?? false };
        enclosing.push(self);
        if (!isDefaulting(e) || e.special) continue;
        if (parent?.reported) continue;
        if (parent?.required) continue;
        if (presenceTest(line, e) || toolPlaceholder(file, e)) continue;
        const secret = isSecretName(e.name) || secretEnv.has(e.name);
        if (mode === 'secrets' && !secret) continue;
        const tag = tagNear(text, ls, safeDefaultOn);
        if (tag === 'ok') continue;
        self.reported = true;
        const op = e.op as string;
        const why = tag === 'no-reason' ? ' (the safe-default tag here gives no reason)' : '';
        emit({
          rule: ID,
          start: ls + e.start,
          end: ls + e.end,
          message: `${e.name} falls back to a default ("${op}")${why}; fail fast with \${${e.name}:?${e.name} is required} or tag a convenience default "# safe-default: <reason>"`,
          // The default of a secret-looking name may be the weak secret itself.
          mask: secret && e.word ? [ls + e.wordStart, ls + e.wordStart + e.word.length] : undefined,
        });
      }
      const next = text.indexOf('\n', le);
      if (next === -1) break;
      i = text.indexOf('${', next);
    }
  },
};

/**
 * `[ -n "${VAR:-}" ]`, `test -z "${VAR-}"`: an empty default that only keeps `set -u` quiet while the
 * script tests whether the variable is set. That is the fail-fast check itself, not a fallback.
 */
function presenceTest(line: string, e: Expansion): boolean {
  if (e.word !== '' || e.depth > 0) return false;
  return /(?:\[\[?|\btest)\s+(?:!\s+)?-[nz]\s+"?$/.test(line.slice(0, e.start));
}

/**
 * `${config-path}`, `${base-path}` in a linter's or CI tool's YAML: that tool's own placeholder
 * syntax, not shell interpolation of a variable `config` defaulting to `path` (env names are not
 * lower-case words joined by a hyphen).
 */
function toolPlaceholder(file: ScanFile, e: Expansion): boolean {
  return file.kind === 'yaml' && e.op === '-' && /^[a-z][a-z0-9]*$/.test(e.name) && /^[a-z][a-z0-9-]*$/.test(e.word);
}

/** Env names the app's `.mosaic-secrets.yaml` lists as secrets: required by definition. */
function appSecretEnv(file: ScanFile): Set<string> {
  const out = new Set<string>();
  const secrets = file.app?.answers?.['secrets'];
  if (Array.isArray(secrets)) {
    for (const s of secrets) {
      if (s && typeof s === 'object' && typeof (s as { env?: unknown }).env === 'string') out.add((s as { env: string }).env);
    }
  }
  return out;
}

/**
 * Helm: `.Values.x | default "y"` (or `default "y" .Values.x`) where the value is a secret — by its
 * `.Values` path, the YAML key it fills, or the env entry it is the value of — and the fallback is a
 * weak value: a literal (even "") or a generated one (`randAlphaNum 16`). Fallbacks that are flags,
 * numbers, empty dict/list, another value or a release/chart name are chart plumbing, not secrets,
 * and a default under `required` can never leave the value missing.
 */
function helmFallbacks(file: ScanFile, emit: Emit): void {
  const text = file.text;
  const secretEnv = appSecretEnv(file);
  for (const d of helmDefaults(text)) {
    if (d.required || !weakFallback(text.slice(d.fallbackStart, d.fallbackEnd))) continue;
    const target = helmTarget(text, d.action);
    // `key: {{ .Values.auth.secretKey | default "DB_PASSWORD" }}`: the default names a key (or a
    // Secret) for a secretKeyRef; a pointer is not a secret value, whatever the value's path says.
    if (target !== null && HELM_POINTER_FIELDS.has(target)) continue;
    if (/^"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+"$/.test(text.slice(d.fallbackStart, d.fallbackEnd))) continue;
    const path = d.value.replace(/^\$?\w*\.Values\./, '');
    const secret = (d.value !== '' && helmSecretName(path)) || (target !== null && (helmSecretName(target) || secretEnv.has(target)));
    if (!secret) continue;
    // The tag may sit by the `default` or by the action's `{{` (a long action spans lines).
    const tag = tagNear(text, d.start, safeDefaultOn);
    if (tag === 'ok' || tagNear(text, d.action, safeDefaultOn) === 'ok') continue;
    const what = d.value || 'a value';
    const label = d.value !== '' && path !== d.value ? path : (target ?? 'value');
    const why = tag === 'no-reason' ? ' (the safe-default tag here gives no reason)' : '';
    const required = d.value ? `{{ required "${label} is required" ${d.value} }}` : `required "${label} is required" in place of default`;
    emit({
      rule: ID,
      start: d.start,
      end: d.end,
      message: `${what}${target ? ` (${target})` : ''} falls back to a Helm default${why}; fail fast with ${required}, or tag a convenience default {{/* safe-default: <reason> */}}`,
      mask: [d.fallbackStart, d.fallbackEnd],
    });
  }
}

/** YAML keys whose value names a Secret or a key in it, never the secret itself. */
const HELM_POINTER_FIELDS: ReadonlySet<string> = new Set(['key', 'name', 'secretName', 'secretKey', 'existingSecret']);

/** Literals and generators are weak fallbacks; flags, numbers, dict/list and references are plumbing. */
function weakFallback(f: string): boolean {
  if (/^(true|false|nil|-?\d+(\.\d+)?|dict|list)$/.test(f)) return false;
  if (/^\$|^\.(Values|Release|Chart|Capabilities|Files|Template)\b/.test(f)) return false; // another value, a variable, release data
  if (f.startsWith('(')) return /^\(\s*(randAlphaNum|randAlpha|randNumeric|randAscii|randBytes|uuidv4|derivePassword|genPrivateKey)\b/.test(f);
  return true; // "changeme", "", `raw`, a bare word
}

/**
 * isSecretName over a whole `.Values` path (`auth.password.length` is about a password), less the chart
 * idiom of naming the *key* inside a Secret (`passwordKey: admin-password`, `secretKeys.*`).
 */
function helmSecretName(path: string): boolean {
  if (/(^|\.)secretKeys\./.test(path) || /(password|passwd|token|user|username)Keys?$/i.test(path)) return false;
  return isSecretName(path);
}

/** The name a template value fills: the YAML key on its line, or for `value:` the env entry's `name:`. */
function helmTarget(text: string, at: number): string | null {
  const [ls] = lineBounds(text, at);
  const before = text.slice(ls, at);
  const key = /^\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:\s*["']?$/.exec(before)?.[1] ?? null;
  if (key !== 'value') return key;
  // `- name: DB_PASSWORD` on the line above `value: {{ … }}` (the usual env entry layout).
  const prevEnd = ls - 1;
  if (prevEnd <= 0) return key;
  const prev = text.slice(text.lastIndexOf('\n', prevEnd - 1) + 1, prevEnd).replace(/\r$/, '');
  return /^\s*-\s+name\s*:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/.exec(prev)?.[1] ?? key;
}

// Rule 1 (Forbidden Pattern 1): `${VAR:-default}` and friends in deployment configuration.
// A missing required value must fail fast (`${VAR:?VAR is required}`); a true convenience default
// is allowed when the line, or a comment line right above it, says `# safe-default: <reason>`.
import type { FileRule, ScanFile } from '../types.js';
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

function insideRequired(e: Expansion, all: Expansion[]): boolean {
  return all.some((o) => o !== e && o.start < e.start && e.end <= o.end && o.op !== null && o.op !== 'other' && REQUIRED_OPERATORS.has(o.op));
}

export const fallbackDefault: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'Untagged fallback default',
  message: 'A required value silently falls back to a default instead of failing fast.',
  doc: 'VAULT-SECRETS.md › Forbidden Patterns 1: use ${VAR:?VAR is required}, or tag a true convenience default with "# safe-default: <reason>".',
  policy: 'Forbidden Pattern 1',
  applies: (f) => f.kind === 'yaml' || f.kind === 'env' || f.kind === 'dockerfile' || f.kind === 'shell',
  check(file, emit) {
    const text = file.text;
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
      const reported: Expansion[] = [];
      for (const e of expansions) {
        if (!isDefaulting(e) || e.special) continue;
        if (reported.some((r) => r.start <= e.start && e.end <= r.end)) continue;
        if (insideRequired(e, expansions)) continue;
        const secret = isSecretName(e.name) || secretEnv.has(e.name);
        if (mode === 'secrets' && !secret) continue;
        const tag = tagNear(text, ls, safeDefaultOn);
        if (tag === 'ok') continue;
        reported.push(e);
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

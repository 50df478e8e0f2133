// The two in-file annotations a reviewer can read: `# safe-default: <reason>` (rule 1's own
// allowance, from the policy) and `# mosaic-secrets:allow <rule> <reason>` (any rule). Both
// count on the flagged line itself or on a comment-only line right above it, and both need a
// reason: an unexplained exception is what the policy is trying to prevent.
import { isCommentLine, lineBounds, previousLineBounds } from './lines.js';

const ALLOW = /mosaic-secrets:allow(?:\s+([A-Za-z0-9_,-]+))?(?:\s+(.*))?/;
// `# safe-default: …`, or in a Helm template the comment action `{{/* safe-default: … */}}`.
const SAFE_DEFAULT = /(?:#|\{\{-?\s*\/\*)\s*safe-default\s*:(.*)$/;

function cleanReason(raw: string | undefined): string {
  return (raw ?? '').replace(/\s*(-->|\*\/\s*-?\}\}|\*\/)\s*$/, '').trim();
}

export type TagState = 'ok' | 'no-reason' | 'absent';

/** `# safe-default: <reason>` on this line. */
export function safeDefaultOn(line: string): TagState {
  const m = SAFE_DEFAULT.exec(line);
  if (!m) return 'absent';
  return cleanReason(m[1]) ? 'ok' : 'no-reason';
}

/** `mosaic-secrets:allow <rule>[,<rule>] <reason>` naming `rule` on this line (no catch-all: name what you allow). */
export function allowOn(line: string, rule: string): TagState {
  const m = ALLOW.exec(line);
  if (!m) return 'absent';
  if (!(m[1] ?? '').split(',').includes(rule)) return 'absent';
  return cleanReason(m[2]) ? 'ok' : 'no-reason';
}

/**
 * Looks for a tag on the line holding `offset` and on the comment-only line above it.
 * `ok` wins; `no-reason` is reported so the finding can say why the tag did not count.
 */
export function tagNear(text: string, offset: number, test: (line: string) => TagState): TagState {
  const [s, e] = lineBounds(text, offset);
  const own = test(text.slice(s, e));
  if (own === 'ok') return own;
  const prev = previousLineBounds(text, s);
  if (prev) {
    const line = text.slice(prev[0], prev[1]);
    if (isCommentLine(line)) {
      const above = test(line);
      if (above !== 'absent') return above;
    }
  }
  return own;
}

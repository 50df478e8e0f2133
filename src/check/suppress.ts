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

// Answers per (test, line) for the file being scanned: a one-line file can hold 100,000 hits,
// and testing its 2 MB line once per hit is quadratic. Tests are pure functions of the line.
let memoText: string | null = null;
let memo = new WeakMap<(line: string) => TagState, Map<number, TagState>>();

function testLine(text: string, s: number, e: number, test: (line: string) => TagState): TagState {
  if (memoText !== text) {
    memoText = text;
    memo = new WeakMap();
  }
  let m = memo.get(test);
  if (!m) memo.set(test, (m = new Map()));
  let r = m.get(s);
  if (r === undefined) m.set(s, (r = test(text.slice(s, e))));
  return r;
}

/**
 * Looks for a tag on the line holding `offset` and on the comment-only line above it.
 * `ok` wins; `no-reason` is reported so the finding can say why the tag did not count.
 * Pass the same `test` function for a whole file (not a fresh closure per call) to get the memo.
 */
export function tagNear(text: string, offset: number, test: (line: string) => TagState): TagState {
  const [s, e] = lineBounds(text, offset);
  const own = testLine(text, s, e, test);
  if (own === 'ok') return own;
  const prev = previousLineBounds(text, s);
  if (prev) {
    const line = text.slice(prev[0], prev[1]);
    if (isCommentLine(line)) {
      const above = testLine(text, prev[0], prev[1], test);
      if (above !== 'absent') return above;
    }
  }
  return own;
}

const allowTests = new Map<string, (line: string) => TagState>();
/** The `mosaic-secrets:allow` test for one rule, the same function every time (see tagNear). */
export function allowTest(rule: string): (line: string) => TagState {
  let t = allowTests.get(rule);
  if (!t) allowTests.set(rule, (t = (line) => allowOn(line, rule)));
  return t;
}

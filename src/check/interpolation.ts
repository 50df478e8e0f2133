// A parser for `${VAR…}` parameter expansion as docker compose and POSIX shells read it.
// Rule 1 needs to know *which* operator an expansion uses (`:-` default vs `:?` required) and
// where it starts, through nesting (`${A:-${B:-x}}`) and escapes (`$$`, `\$`, shell '…'), which
// a regex over the text cannot tell apart reliably.

export type Operator = ':-' | '-' | ':=' | '=' | ':?' | '?' | ':+' | '+';

/** Operators that substitute a fallback value when the variable is unset (or empty, with `:`). */
export const DEFAULT_OPERATORS: ReadonlySet<string> = new Set([':-', '-', ':=', '=']);
/** Operators that abort when the variable is missing: the policy's fast-fail form. */
export const REQUIRED_OPERATORS: ReadonlySet<string> = new Set([':?', '?']);

export interface Expansion {
  /** Offset of the `$`. */
  start: number;
  /** Offset just past the closing `}`. */
  end: number;
  /** Variable name (`DB_PASSWORD`, `1`, `@`); '' when the form has no plain name. */
  name: string;
  /**
   * The operator after the name; `null` for a plain `${NAME}`; `'other'` for forms that never
   * substitute a fallback (`${#V}`, `${!V}`, `${V:1:2}`, `${V#pat}`, `${V/a/b}`, `${var.attr}` …).
   */
  op: Operator | 'other' | null;
  /** Raw text of the word after the operator (the default value, the error message …). */
  word: string;
  wordStart: number;
  /** 0 for a top-level expansion, 1 inside another's word, and so on. */
  depth: number;
  /** Name is a positional or special shell parameter (`${1:-x}`, `${@}`), never configuration. */
  special: boolean;
}

export interface ParseOptions {
  /**
   * `compose`: docker compose / env-file rules (`$$` is a literal `$`, quotes are data).
   * `shell`: POSIX sh (`\$` escapes, single quotes are literal, double quotes are not).
   */
  dialect: 'compose' | 'shell';
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const SPECIAL = '@*#?$!-';

const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;
const BACKSLASH = 92;
const SQUOTE = 39;
const DQUOTE = 34;

/** An expansion whose word is being read: the word's own quote and brace state lives here. */
interface Frame {
  start: number;
  name: string;
  op: Operator | 'other';
  wordStart: number;
  special: boolean;
  /** Order of opening, to tell after the fact which unclosed frames enclosed a closed expansion. */
  seq: number;
  inSingle: boolean;
  inDouble: boolean;
  braces: number;
}

type Header = { kind: 'closed'; end: number; name: string; special: boolean } | { kind: 'open'; name: string; op: Operator | 'other'; wordStart: number; special: boolean } | null;

/** The `${NAME` + operator part at `start` (the `$`), or null when it is not a parameter expansion. */
function readHeader(text: string, start: number): Header {
  let k = start + 2;
  const first = text[k];
  // `${{ … }}` is a GitHub Actions expression, not parameter expansion.
  if (first === undefined || first === '{') return null;
  let special = false;
  let prefixed = false;
  if ((first === '#' || first === '!') && text[k + 1] !== undefined && (NAME_START.test(text[k + 1]!) || DIGIT.test(text[k + 1]!))) {
    // ${#VAR} (length) / ${!VAR} (indirection): never a fallback.
    prefixed = true;
    k++;
  }
  const c = text[k]!;
  let name: string;
  if (NAME_START.test(c)) {
    const s = k;
    while (k < text.length && NAME_CHAR.test(text[k]!)) k++;
    name = text.slice(s, k);
  } else if (DIGIT.test(c)) {
    const s = k;
    while (k < text.length && DIGIT.test(text[k]!)) k++;
    name = text.slice(s, k);
    special = true;
  } else if (SPECIAL.includes(c)) {
    name = c;
    special = true;
    k++;
  } else {
    return null;
  }
  const at = text[k];
  if (at === '}' && !prefixed) return { kind: 'closed', end: k + 1, name, special };
  if (!prefixed && at === ':' && text[k + 1] !== undefined && '-=?+'.includes(text[k + 1]!)) return { kind: 'open', name, op: (':' + text[k + 1]) as Operator, wordStart: k + 2, special };
  if (!prefixed && at !== undefined && '-=?+'.includes(at)) return { kind: 'open', name, op: at as Operator, wordStart: k + 1, special };
  return { kind: 'open', name, op: 'other', wordStart: k, special };
}

/**
 * Every `${…}` expansion in `text`, outer ones before the ones nested in their words.
 *
 * One pass with an explicit stack (no recursion: a committed `${A:-${A:-…}}` 2,000 deep must not
 * exhaust the call stack) and linear time. An expansion never closed is literal text, so its word
 * is read as if it were not there (`${A:-${B}` yields `${B}` at depth 0); a malformed `${` inside
 * a word (`${ B}`) is literal text of that word.
 */
export function parseInterpolations(text: string, options: ParseOptions = { dialect: 'compose' }): Expansion[] {
  const shell = options.dialect === 'shell';
  const out: Array<Expansion & { seq: number }> = [];
  const stack: Frame[] = [];
  const n = text.length;
  let seq = 0;
  let topDouble = false;
  let i = 0;
  /** At a `${`: record or open it; returns where to read on. */
  const open = (at: number): number => {
    const h = readHeader(text, at);
    if (!h) return at + 2;
    if (h.kind === 'closed') {
      out.push({ start: at, end: h.end, name: h.name, op: null, word: '', wordStart: h.end - 1, depth: stack.length, special: h.special, seq: seq++ });
      return h.end;
    }
    stack.push({ start: at, name: h.name, op: h.op, wordStart: h.wordStart, special: h.special, seq: seq++, inSingle: false, inDouble: false, braces: 0 });
    return h.wordStart;
  };
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = text.charCodeAt(i);
    if (!top) {
      if (!shell) {
        // Quotes are data in compose: jump from `$` to `$`.
        const j = c === DOLLAR ? i : text.indexOf('$', i);
        if (j === -1) break;
        i = j;
      } else if (c === BACKSLASH) {
        i += 2;
        continue;
      } else if (c === SQUOTE && !topDouble) {
        const close = text.indexOf("'", i + 1);
        i = close === -1 ? n : close + 1;
        continue;
      } else if (c === DQUOTE) {
        topDouble = !topDouble;
        i++;
        continue;
      } else if (c !== DOLLAR) {
        i++;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      i = next === DOLLAR ? i + 2 : next === LBRACE ? open(i) : i + 1;
      continue;
    }
    if (shell) {
      if (top.inSingle) {
        if (c === SQUOTE) top.inSingle = false;
        i++;
        continue;
      }
      if (c === BACKSLASH) {
        i += 2;
        continue;
      }
      if (c === SQUOTE && !top.inDouble) {
        top.inSingle = true;
        i++;
        continue;
      }
      if (c === DQUOTE) {
        top.inDouble = !top.inDouble;
        i++;
        continue;
      }
    }
    if (c === DOLLAR) {
      const next = text.charCodeAt(i + 1);
      if (next === DOLLAR) {
        i += 2;
        continue;
      }
      if (next === LBRACE) {
        i = open(i);
        continue;
      }
    }
    if (c === LBRACE && shell && !top.inDouble) top.braces++;
    if (c === RBRACE) {
      if (top.braces === 0 && !top.inDouble) {
        stack.pop();
        out.push({ start: top.start, end: i + 1, name: top.name, op: top.op, word: text.slice(top.wordStart, i), wordStart: top.wordStart, depth: stack.length, special: top.special, seq: top.seq });
        i++;
        continue;
      }
      if (top.braces > 0) top.braces--;
    }
    i++;
  }
  // Frames still open at the end never closed: they are not expansions, so an expansion they
  // enclosed is that many levels shallower. An open frame encloses every expansion opened after it.
  if (stack.length) {
    const openSeqs = stack.map((f) => f.seq);
    for (const e of out) {
      let lo = 0;
      let hi = openSeqs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (openSeqs[mid]! < e.seq) lo = mid + 1;
        else hi = mid;
      }
      e.depth -= lo;
    }
  }
  // Opening order is pre-order: outer before inner, left to right.
  out.sort((a, b) => a.seq - b.seq);
  return out.map(({ seq: _seq, ...e }) => e);
}

/** True when the expansion substitutes a fallback value for a missing variable. */
export function isDefaulting(e: Expansion): boolean {
  return e.op !== null && e.op !== 'other' && DEFAULT_OPERATORS.has(e.op);
}

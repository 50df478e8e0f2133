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

/** Every `${…}` expansion in `text`, outer ones before the ones nested in their words. */
export function parseInterpolations(text: string, options: ParseOptions = { dialect: 'compose' }): Expansion[] {
  const out: Expansion[] = [];
  scanTop(text, options.dialect, out);
  return out;
}

function scanTop(text: string, dialect: ParseOptions['dialect'], out: Expansion[]): void {
  const n = text.length;
  let i = text.indexOf('$');
  let inDouble = false;
  // Quote tracking matters only for shell; for compose we can jump from `$` to `$`.
  if (dialect === 'compose') {
    while (i !== -1 && i < n) {
      const next = text.charCodeAt(i + 1);
      if (next === 36 /* $ */) {
        i = text.indexOf('$', i + 2);
        continue;
      }
      if (next === 123 /* { */) {
        const end = parseBraced(text, i, 0, dialect, out);
        i = text.indexOf('$', end > 0 ? end : i + 2);
        continue;
      }
      i = text.indexOf('$', i + 1);
    }
    return;
  }
  i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close === -1 ? n : close + 1;
      continue;
    }
    if (c === '"') {
      inDouble = !inDouble;
      i++;
      continue;
    }
    if (c === '$') {
      const next = text[i + 1];
      if (next === '$') {
        i += 2;
        continue;
      }
      if (next === '{') {
        const end = parseBraced(text, i, 0, dialect, out);
        i = end > 0 ? end : i + 2;
        continue;
      }
    }
    i++;
  }
}

/**
 * Parses `${…}` starting at `start` (the `$`). Pushes the expansion (then its nested ones) to `out`
 * and returns the offset after `}`, or -1 when it is not a well-formed expansion (nothing pushed).
 */
function parseBraced(text: string, start: number, depth: number, dialect: ParseOptions['dialect'], out: Expansion[]): number {
  let k = start + 2;
  const first = text[k];
  // `${{ … }}` is a GitHub Actions expression, not parameter expansion.
  if (first === undefined || first === '{') return -1;
  let name = '';
  let special = false;
  let prefixed = false;
  if ((first === '#' || first === '!') && text[k + 1] !== undefined && (NAME_START.test(text[k + 1]!) || DIGIT.test(text[k + 1]!))) {
    // ${#VAR} (length) / ${!VAR} (indirection): never a fallback.
    prefixed = true;
    k++;
  }
  const c = text[k]!;
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
    return -1;
  }

  let op: Expansion['op'] = null;
  let wordStart = k;
  const nested: Expansion[] = [];
  const at = text[k];
  if (at === '}' && !prefixed) {
    out.push({ start, end: k + 1, name, op: null, word: '', wordStart: k, depth, special });
    return k + 1;
  }
  if (!prefixed && at === ':' && text[k + 1] !== undefined && '-=?+'.includes(text[k + 1]!)) {
    op = (':' + text[k + 1]) as Operator;
    wordStart = k + 2;
  } else if (!prefixed && at !== undefined && '-=?+'.includes(at)) {
    op = at as Operator;
    wordStart = k + 1;
  } else {
    op = 'other';
    wordStart = k;
  }
  const close = scanWord(text, wordStart, depth + 1, dialect, nested);
  if (close === -1) return -1;
  out.push({ start, end: close + 1, name, op, word: text.slice(wordStart, close), wordStart, depth, special });
  for (const e of nested) out.push(e);
  return close + 1;
}

/** Finds the `}` that closes a word starting at `i`; nested expansions go to `nested`. -1 if none. */
function scanWord(text: string, i: number, depth: number, dialect: ParseOptions['dialect'], nested: Expansion[]): number {
  const n = text.length;
  let inSingle = false;
  let inDouble = false;
  let braces = 0;
  while (i < n) {
    const c = text[i]!;
    if (dialect === 'shell') {
      if (inSingle) {
        if (c === "'") inSingle = false;
        i++;
        continue;
      }
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === "'" && !inDouble) {
        inSingle = true;
        i++;
        continue;
      }
      if (c === '"') {
        inDouble = !inDouble;
        i++;
        continue;
      }
    }
    if (c === '$') {
      const next = text[i + 1];
      if (next === '$') {
        i += 2;
        continue;
      }
      if (next === '{') {
        const end = parseBraced(text, i, depth, dialect, nested);
        if (end === -1) return -1;
        i = end;
        continue;
      }
    }
    if (c === '{' && dialect === 'shell' && !inDouble) braces++;
    if (c === '}') {
      if (braces === 0 && !inDouble) return i;
      if (braces > 0) braces--;
    }
    i++;
  }
  return -1;
}

/** True when the expansion substitutes a fallback value for a missing variable. */
export function isDefaulting(e: Expansion): boolean {
  return e.op !== null && e.op !== 'other' && DEFAULT_OPERATORS.has(e.op);
}

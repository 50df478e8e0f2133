// Helm templates: where a value falls back to a default. Helm's `default` is Forbidden Pattern 1
// in template form (`{{ .Values.db.password | default "changeme" }}` is `${DB_PASSWORD:-changeme}`),
// and `required "…" .Values.x` is its fast-fail form. Go template actions nest (parentheses, pipes)
// and hold strings that may contain `}}` or `|`, so this reads them with a small tokenizer rather
// than a regex.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface HelmDefault {
  /** Offset of the action's `{{`. */
  action: number;
  /** Offsets of the default itself: the `default` word to the end of its arguments. */
  start: number;
  end: number;
  /** Source text of the expression that gets defaulted (`.Values.db.password`); '' if none. */
  value: string;
  /** The fallback's offsets in the text. */
  fallbackStart: number;
  fallbackEnd: number;
  /** Inside (or piped after) `required`: the value cannot end up missing. */
  required: boolean;
}

type Term = { kind: 'word' | 'string'; start: number; end: number } | { kind: 'group'; start: number; end: number; stages: Term[][] };
type Read = { stages: Term[][]; end: number } | { failAt: number; eof: boolean };

/** Deeper nesting is not a chart anyone writes; refusing it keeps the reader from exhausting the stack. */
const MAX_DEPTH = 64;

/** Answers per directory: every template of a chart asks, and each question is a walk up with a stat per level. */
const helmDirs = new Map<string, boolean>();

/** A file in a chart's templates/ directory (some directory above it named templates/ has a Chart.yaml beside it). */
export function isHelmTemplate(abs: string): boolean {
  const start = dirname(abs);
  let known = helmDirs.get(start);
  if (known === undefined) {
    known = false;
    let dir = start;
    for (let i = 0; i < 8 && dir !== dirname(dir); i++, dir = dirname(dir)) {
      if (basename(dir) === 'templates' && existsSync(join(dirname(dir), 'Chart.yaml'))) {
        known = true;
        break;
      }
    }
    if (helmDirs.size > 10_000) helmDirs.clear();
    helmDirs.set(start, known);
  }
  return known;
}

/** What `\s` matches, by char code (the tokenizer asks once per character). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** A string, raw-string or rune quote in [from, to). */
function hasQuote(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 34 || c === 39 || c === 96) return true;
  }
  return false;
}

/** Ends a bare word: whitespace, `|`, parentheses, a quote. */
function endsWord(c: number): boolean {
  return isSpace(c) || c === 124 || c === 40 || c === 41 || c === 34 || c === 39 || c === 96;
}

/**
 * Every use of `default` in the template's actions (comments excluded). Linear in the text's length.
 * `readEvery` tokenizes every action, skipping none: the reference the shortcut is tested against.
 */
export function helmDefaults(text: string, readEvery = false): HelmDefault[] {
  const out: HelmDefault[] = [];
  let i = text.indexOf('{{');
  // Next `default` and next `}}` at or after the action being read (-1: none left), moved forward
  // with the actions (which only move forward), so each is found in one pass over the text.
  let nextDefault = text.indexOf('default');
  let nextClose = text.indexOf('}}');
  while (i !== -1) {
    let p = i + 2;
    if (text[p] === '-' && isSpace(text.charCodeAt(p + 1))) p++;
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.startsWith('/*', p)) {
      const close = text.indexOf('*/', p + 2);
      if (close === -1) break;
      const end = text.indexOf('}}', close + 2);
      if (end === -1) break;
      i = text.indexOf('{{', end + 2);
      continue;
    }
    // Most actions hold no `default` and no string (which is all that could move their end past
    // the first `}}`): they end at that `}}` and report nothing, so they are not tokenized.
    if (nextDefault !== -1 && nextDefault < p) nextDefault = text.indexOf('default', p);
    if (nextClose !== -1 && nextClose < p) nextClose = text.indexOf('}}', p);
    if (!readEvery && nextClose !== -1 && (nextDefault === -1 || nextDefault >= nextClose) && !hasQuote(text, p, nextClose)) {
      i = text.indexOf('{{', nextClose + 2);
      continue;
    }
    const body = readStages(text, p, '}}', 0);
    if ('failAt' in body) {
      if (body.eof) break; // nothing after this can close an action either
      // Malformed (Helm would refuse the chart): read on from where it went wrong.
      i = text.indexOf('{{', Math.max(body.failAt, i + 2));
      continue;
    }
    const actionEnd = body.end + 2;
    visit(body.stages, text, i, false, out);
    i = text.indexOf('{{', actionEnd);
  }
  return out;
}

const word = (text: string, t: Term | undefined, w: string) => t?.kind === 'word' && t.end - t.start === w.length && text.startsWith(w, t.start);

function visit(stages: Term[][], text: string, action: number, inRequired: boolean, out: HelmDefault[]): void {
  const first = stages[0] ?? [];
  // `required "…" x | default …` can never be missing either.
  const pipedAfterRequired = word(text, first[0], 'required');
  stages.forEach((stage, s) => {
    stage.forEach((t, j) => {
      if (!word(text, t, 'default') || j + 1 >= stage.length) return;
      const fallback = stage[j + 1]!;
      let value: Term | undefined;
      let end = fallback.end;
      if (j + 2 < stage.length) {
        value = stage[stage.length - 1]; // called: `default "x" .Values.a` (also after `$v :=`, `if`, …)
        end = value!.end;
      } else if (s > 0) {
        value = first[first.length - 1]; // piped: the start of the pipeline (`.Values.a | toString | default "x"`)
      }
      out.push({
        action,
        start: t.start,
        end,
        value: value ? text.slice(value.start, value.end) : '',
        fallbackStart: fallback.start,
        fallbackEnd: fallback.end,
        required: inRequired || (s > 0 && pipedAfterRequired),
      });
    });
    const required = inRequired || word(text, stage[0], 'required');
    for (const t of stage) if (t.kind === 'group') visit(t.stages, text, action, required, out);
  });
}

/** Stages (split on `|`) of terms from `from` up to the closing `close` (`}}` or `)`). */
function readStages(text: string, from: number, close: '}}' | ')', depth: number): Read {
  const stages: Term[][] = [[]];
  let p = from;
  const n = text.length;
  while (p < n) {
    const c = text[p]!;
    if (close === '}}' && (text.startsWith('}}', p) || (c === '-' && isSpace(text.charCodeAt(p - 1)) && text.startsWith('}}', p + 1)))) {
      return { stages, end: text.startsWith('}}', p) ? p : p + 1 };
    }
    if (close === ')' && c === ')') return { stages, end: p };
    if (close === ')' && text.startsWith('}}', p)) return { failAt: p, eof: false }; // the action ends inside a group
    if (isSpace(text.charCodeAt(p))) {
      p++;
    } else if (c === '|') {
      stages.push([]);
      p++;
    } else if (c === '(') {
      if (depth >= MAX_DEPTH) return { failAt: p + 1, eof: false };
      const inner = readStages(text, p + 1, ')', depth + 1);
      if ('failAt' in inner) return inner;
      stages[stages.length - 1]!.push({ kind: 'group', start: p, end: inner.end + 1, stages: inner.stages });
      p = inner.end + 1;
    } else if (c === '"' || c === '`' || c === "'") {
      const end = stringEnd(text, p);
      if (end < 0) return { failAt: -end, eof: -end >= n };
      stages[stages.length - 1]!.push({ kind: 'string', start: p, end });
      p = end;
    } else {
      const s = p;
      while (p < n && !endsWord(text.charCodeAt(p)) && !(text.charCodeAt(p) === 125 && text.charCodeAt(p + 1) === 125)) p++;
      if (p === s) p++; // a stray `)` outside any group: not valid Go template, skip it
      else stages[stages.length - 1]!.push({ kind: 'word', start: s, end: p });
    }
  }
  return { failAt: n, eof: true };
}

/** Offset just past a Go string / raw string / rune literal starting at `p`, or minus where it broke off. */
function stringEnd(text: string, p: number): number {
  const q = text[p]!;
  for (let i = p + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && q !== '`') i++;
    else if (c === q) return i + 1;
    else if (c === '\n' && q !== '`') return -i;
  }
  return -text.length;
}
